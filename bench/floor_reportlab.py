#!/usr/bin/env python3
"""The floor: a minimal hand-written reportlab platypus script of the English A4
cancer-pain leaflet (content/drug-pump/en.yaml, variant cancer, layouts/a4.yaml).

Same words, same Noto Sans files from fonts/, footnotes at the foot of the page of
their first citation, "Page X of Y", PDF outline, tel: links. No YAML, no
validation, no project: the text is written here as reportlab markup. It does
what a hand-written platypus script usually does, two layout passes: the first
finds the page count and the page of each first citation, the second reserves
room for those footnotes and prints the total (and repeats while the pages move).

    python bench/floor_reportlab.py out.pdf     # one cold render (bench/run.py times it)
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle)

FONTS = Path(__file__).resolve().parents[1] / "fonts" / "noto"
TEXT, HEAD, MUTED, RULE, PANEL = (HexColor(c) for c in ("#1a1a1a", "#0b4f6c", "#4a4a4a", "#8a9ba5", "#eaf3f7"))
LINK = "#0b4f6c"
TITLE = "Your implanted drug pump"

REFERENCES = {
    1: "Smith TJ, Staats PS, Deer T, et al. Randomized clinical trial of an implantable drug delivery system "
       "compared with comprehensive medical management for refractory cancer pain: impact on pain, drug-related "
       "toxicity, and survival. J Clin Oncol. 2002;20:4040-4049.",
    2: "Brogan SE. Intrathecal therapy for the management of cancer pain. Curr Pain Headache Rep. 2006;10:254\u2013259.",
    3: "Smith TJ, Swainey C, Coyne PJ. Pain management, including intrathecal pumps. Curr Pain Headache Rep. "
       "2005;9:243\u2013248.",
    4: "Ruan X. Drug-related side effects of long-term intrathecal morphine therapy. Pain Physician. "
       "2007;10:357\u2013366.",
    5: "Nance P, Meythaler J. Intrathecal drug therapy. Phys Med Rehabil Clin N Am. 1999;10:385\u2013401, viii\u2013ix.",
}

# (kind, text, footnote numbers cited); kind: h = heading, p = paragraph, b = bullet
SECTIONS = [
    ("What is an implanted drug pump?", [
        ("p", "A drug pump is a device that gives you pain medicine. It is used with a thin tube called a catheter."),
        ("p", "The pump and the catheter are placed under your skin. This is done in an operation."),
        ("p", "The pump sends medicine through the catheter. The medicine goes into the fluid around your spinal "
              "cord. Doctors call this <i>intrathecal</i> drug delivery. You may also hear it called drug delivery "
              "therapy."),
        ("p", "This therapy may help people who have severe pain caused by cancer."),
        ("p", "Your doctor can talk with you about whether it is right for you."),
    ]),
    ("How it may help you", [
        ("p", "For many people, this therapy has brought more comfort and relief from severe pain. It has helped "
              "them get back to their lives."),
        ("p", "Possible benefits include:"),
        ("b", "Being better able to function and take part in daily activities{1|1}."),
        ("b", "A lower dose of medicine than you would take by mouth. This may mean fewer side effects{2\u20135|2,3,4,5}."),
        ("b", "Less pain medicine by mouth. Some people can even stop it."),
    ]),
    ("Trying it first", [
        ("p", "Before you get a permanent implant, you can try the therapy for a short time. This is called a trial."),
        ("p", "Ask your doctor how the trial works."),
    ]),
    ("Possible risks", [
        ("p", "A drug pump has some risks. Talk about them with your doctor before you decide."),
        ("p", "<b>Risks of the operation.</b> The pump and catheter are put in during an operation. Problems from "
              "the operation can include:"),
        ("b", "infection"),
        ("b", "a leak of spinal fluid"),
        ("b", "headache"),
        ("p", "<b>You should not have the operation if you have an active infection at the time it is planned.</b>"),
        ("p", "<b>Risks of the device.</b> Once the pump is in place, problems with the device can happen. Some of "
              "these may need another operation to fix them. For example:"),
        ("b", "The catheter or the pump may move inside your body."),
        ("b", "The catheter or the pump may wear through your skin."),
        ("b", "The catheter may leak, tear, kink, or come apart (disconnect)."),
        ("b", "The pump may stop because its battery has run out. It may also stop because another part of the "
              "system fails."),
        ("p", "<b>These problems can give you too much medicine (an overdose) or too little (an underdose). This "
              "can be serious and even life-threatening.</b>"),
        ("p", "Lumps called inflammatory masses have also been reported at the tip of the catheter. They may lead "
              "to other problems. These include paralysis (being unable to move part of your body)."),
        ("p", "Ask your doctor for the full safety information about your pump."),
    ]),
    ("The first 6 to 8 weeks after surgery", [
        ("p", "For the first 6 to 8 weeks after your operation, your doctor may give you special instructions. Ask "
              "your care team what these are for you."),
        ("p", "First, the place where the pump was put in needs to heal. Then you and your doctor will make a pain "
              "management program together."),
        ("p", "This program may include other treatments as well as your pump. Examples are physical therapy and "
              "exercise. The goal is to help improve your quality of life."),
    ]),
    ("Daily living with a drug pump", [
        ("p", "Studies show that most people who did well with this therapy could do more. They were better able "
              "to function and take part in daily activities{1|1}."),
        ("p", "But not everyone who gets a drug pump has the same results."),
        ("p", "The therapy may not take away all of your pain. But it may let you do things you have not done for "
              "a long time. For example:"),
        ("b", "watching a movie from start to finish"),
        ("b", "keeping pace with a friend on a walk"),
        ("b", "spending more relaxed time away from home"),
        ("p", "The pump can be adjusted. It can give medicine to suit how active you are and what you need."),
        ("p", "The therapy can also be reversed. Your doctor can turn the pump off. If you want, the pump can be "
              "taken out in an operation."),
    ]),
    ("Help with your pump", [
        ("p", "Do you have questions about your pump or your pain treatment plan? Your doctor can help. So can "
              "Medtronic, the company that makes the pump."),
        ("p", "You will find contact details at the end of this leaflet."),
    ]),
    ("Replacing your pump", [
        ("p", "Drug pumps are designed to last for several years before they need to be replaced. Ask your doctor "
              "how long your pump is likely to last."),
    ]),
    ("When to talk to your doctor", [
        ("p", "Talk to your doctor or care team:"),
        ("b", "if you have questions about the benefits and risks of this therapy"),
        ("b", "if you have an active infection when your operation is planned"),
        ("b", "if you think something is wrong with your pump or catheter"),
        ("b", "if your pain changes"),
        ("b", "if anything about your pump or your treatment worries you"),
        ("p", "Problems with the device can lead to an overdose or underdose. This can be serious. <b>If you think "
              "something is wrong, contact your care team right away.</b>"),
    ]),
]

MARGIN_L = MARGIN_R = MARGIN_T = 20 * mm
MARGIN_B = 16 * mm
FOOTER = 9
NOTE = 8.5
W, H = A4
FRAME = (MARGIN_L, MARGIN_B + FOOTER * 2.6, W - MARGIN_L - MARGIN_R, H - MARGIN_T - MARGIN_B - FOOTER * 2.6)


def register_fonts() -> None:
    if "NotoSans" in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in (("NotoSans", "Regular"), ("NotoSans-Bold", "Bold"), ("NotoSans-Italic", "Italic"),
                       ("NotoSans-BoldItalic", "BoldItalic")):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"NotoSans-{file}.ttf")))
    pdfmetrics.registerFontFamily("NotoSans", normal="NotoSans", bold="NotoSans-Bold", italic="NotoSans-Italic",
                                  boldItalic="NotoSans-BoldItalic")


def styles() -> dict:
    body = ParagraphStyle("body", fontName="NotoSans", fontSize=12, leading=12 * 1.36, textColor=TEXT,
                          spaceAfter=6, allowWidows=0, allowOrphans=0)
    return {
        "body": body,
        "bullet": ParagraphStyle("bullet", body, leftIndent=16.2, bulletIndent=2.4, spaceAfter=3),
        "heading": ParagraphStyle("heading", body, fontName="NotoSans-Bold", fontSize=16, leading=20, textColor=HEAD,
                                  spaceBefore=13, spaceAfter=5, keepWithNext=1),
        "title": ParagraphStyle("title", body, fontName="NotoSans-Bold", fontSize=25, leading=28.75,
                                textColor=HEAD, spaceAfter=6.25),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=15, leading=19.5, spaceAfter=7.5),
        "variant": ParagraphStyle("variant", body, fontName="NotoSans-Bold", textColor=HEAD, spaceAfter=0),
        "small": ParagraphStyle("small", body, fontSize=10.2, leading=13.77, textColor=MUTED),
        "name": ParagraphStyle("name", body, fontName="NotoSans-Bold", spaceAfter=0),
        "phone": ParagraphStyle("phone", body, fontName="NotoSans-Bold", fontSize=14.4, leading=18.72,
                                textColor=HEAD, spaceAfter=0),
        "note": ParagraphStyle("note", body, fontSize=NOTE, leading=NOTE * 1.3, leftIndent=NOTE * 2.2,
                               bulletFontSize=NOTE, spaceAfter=NOTE * 0.25),
    }


class Cited(Paragraph):
    """A paragraph that knows which footnotes it cites."""

    def __init__(self, text, style, **kw):
        notes: list[int] = []
        while "{" in text:
            head, rest = text.split("{", 1)
            label, rest = rest.split("}", 1)
            shown, numbers = label.split("|")
            numbers = [int(n) for n in numbers.split(",")]
            notes += numbers
            text = f'{head}<super><a href="#fn{numbers[0]}" color="{LINK}">{shown}</a></super>{rest}'
        super().__init__(text, style, **kw)
        self.notes = notes


class Band(Flowable):
    def __init__(self, para):
        super().__init__()
        self.para = para

    def wrap(self, aW, aH):
        _, h = self.para.wrap(aW - 22, aH)
        self.width, self.height = aW, h + 12
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(PANEL)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        c.setFillColor(HEAD)
        c.rect(0, 0, 4, self.height, stroke=0, fill=1)
        self.para.drawOn(c, 16, 6)


class WriteIn(Flowable):
    def __init__(self, label, style):
        super().__init__()
        self.para = Paragraph(label, style)
        self.label_width = pdfmetrics.stringWidth(label, style.fontName, style.fontSize) + 8
        self.spaceBefore = style.leading * 0.6

    def wrap(self, aW, aH):
        self.para.wrap(self.label_width, aH)
        self.width, self.height = aW, self.para.style.leading * 1.6
        return self.width, self.height

    def draw(self):
        self.para.drawOn(self.canv, 0, 0)
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.8)
        self.canv.line(self.label_width, 0.4, self.width, 0.4)


class Heading(Paragraph):
    pass


def story(s: dict) -> list:
    out = [Paragraph("Pain Management Service", s["small"]), Spacer(1, 7.2),
           Paragraph(TITLE, s["title"]), Paragraph("Pain relief with an intrathecal drug pump", s["subtitle"]),
           Band(Paragraph("For people with cancer pain", s["variant"])), Spacer(1, 5.2)]
    for heading, blocks in SECTIONS:
        out.append(Heading(heading, s["heading"]))
        for i, (kind, text) in enumerate(blocks):
            if kind == "p":
                para = Cited(text, s["body"])
                if i + 1 < len(blocks) and blocks[i + 1][0] == "b":
                    para.keepWithNext = 1
            else:
                last = i + 1 == len(blocks) or blocks[i + 1][0] != "b"
                para = Cited(text, s["bullet"] if not last else ParagraphStyle("b-last", s["bullet"], spaceAfter=6),
                             bulletText="\u2022")
            out.append(para)
    out.append(contact_panel(s))
    out.append(KeepTogether([
        Spacer(1, 6),
        Paragraph("This leaflet does not replace talking with your doctor. Always talk with your doctor about your "
                  "diagnosis and your treatment.", s["body"]),
        Paragraph("Last updated: November 1, 2026 \u00b7 Next review: November 1, 2027 \u00b7 Leaflet code: DP-01 "
                  "\u00b7 Version: 1.0", s["small"])]))
    return out


def contact_panel(s: dict) -> Table:
    text = ParagraphStyle("panel-text", s["body"], spaceAfter=6)
    cells = [Paragraph("Who to contact", ParagraphStyle("ph", s["heading"], spaceBefore=0, spaceAfter=6)),
             Paragraph("If you have questions about your pump or your pain treatment, these services can help.", text)]
    for name, phone, dial, purpose in (
            ("Medtronic Patient Services", "(800) 510-6735", "+18005106735", "Questions about your pump."),
            ("Tame the Pain Information Line", "(888) 430-PAIN (7246)", "+18884307246",
             "Information about pain therapy.")):
        cells += [Paragraph(name, s["name"]),
                  Paragraph(f'<a href="tel:{dial}" color="{LINK}">{phone}</a>', s["phone"]),
                  Paragraph(purpose, text)]
    cells.append(Paragraph("For medical questions, or if you feel unwell, call your own care team first. In an "
                           "emergency, get medical help right away.", ParagraphStyle("pn", text, spaceAfter=0)))
    cells += [WriteIn("Your care team:", s["name"]), WriteIn("Phone:", s["name"])]
    table = Table([[cells]], colWidths=[FRAME[2]])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), PANEL), ("BOX", (0, 0), (-1, -1), 1.5, HEAD),
                               ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                               ("TOPPADDING", (0, 0), (-1, -1), 9.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7.2)]))
    table.spaceBefore, table.spaceAfter = 13, 6
    return table


class Doc(BaseDocTemplate):
    def __init__(self, buffer, s, note_pages: dict, total: int):
        super().__init__(buffer, pagesize=A4, title=TITLE, author="Pain Management Service", lang="en",
                         subject="Pain relief with an intrathecal drug pump \u2013 For people with cancer pain",
                         creator="bench/floor_reportlab.py", invariant=1)
        self.s, self.note_pages, self.total = s, note_pages, total
        self.seen: dict[int, int] = {}
        self.headings = 0
        self.notes = {n: Paragraph(f'<a name="fn{n}"/>{t}', s["note"], bulletText=f"{n}.") for n, t in REFERENCES.items()}
        frame = Frame(*FRAME, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self.on_page)])

    def page_notes(self, page: int) -> list[int]:
        return sorted(n for n, p in self.note_pages.items() if p == page)

    def notes_height(self, numbers) -> float:
        if not numbers:
            return 0.0
        return 2 * NOTE * 1.2 + sum(self.notes[n].wrap(FRAME[2], H)[1] + NOTE * 0.25 for n in numbers)

    def on_page(self, canv, doc):
        page = canv.getPageNumber()
        numbers = self.page_notes(page)
        reserve = self.notes_height(numbers)
        frame = self.pageTemplate.frames[0]
        frame._y1, frame._height = FRAME[1] + reserve, FRAME[3] - reserve
        frame._geom()
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_L, MARGIN_B + FOOTER * 1.5, W - MARGIN_R, MARGIN_B + FOOTER * 1.5)
        canv.setFillColor(MUTED)
        canv.setFont("NotoSans", FOOTER)
        canv.drawString(MARGIN_L, MARGIN_B, f"Page {page} of {self.total or '?'}")
        canv.drawRightString(W - MARGIN_R, MARGIN_B, f"{TITLE} \u00b7 DP-01")
        if numbers:
            top = FRAME[1] + reserve
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.6)
            canv.line(MARGIN_L, top - NOTE * 0.6, MARGIN_L + 45 * mm, top - NOTE * 0.6)
            y = top - NOTE * 1.2
            for n in numbers:
                _, h = self.notes[n].wrap(FRAME[2], H)
                self.notes[n].drawOn(canv, MARGIN_L, y - h)
                y -= h + NOTE * 0.25
        canv.restoreState()

    def afterFlowable(self, flowable):
        page = self.canv.getPageNumber()
        for n in getattr(flowable, "notes", ()):
            self.seen.setdefault(n, page)
        if isinstance(flowable, Heading):
            self.headings += 1
            key = f"s{self.headings}"
            self.canv.bookmarkHorizontal(key, 0, 0)
            self.canv.addOutlineEntry(flowable.text, key, level=0)


def render() -> bytes:
    register_fonts()
    s = styles()
    note_pages: dict[int, int] = {}
    total = 0
    for _ in range(4):  # two passes as a rule; more only if the footnotes moved a citation to another page
        buffer = io.BytesIO()
        doc = Doc(buffer, s, note_pages, total)
        doc._doSave = bool(note_pages)  # the first pass only lays out (its markers link nowhere yet)
        doc.build(story(s))
        pages = doc.page
        if doc.seen == note_pages and pages == total:
            return buffer.getvalue()
        note_pages, total = doc.seen, pages
    return buffer.getvalue()


if __name__ == "__main__":
    Path(sys.argv[1] if len(sys.argv) > 1 else "floor.pdf").write_bytes(render())
