"""Model nodes -> reportlab flowables, styled by a layout."""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .fonts import Family
from .layout import Layout
from .model import BulletList, Inline, Leaflet, Paragraph as ParagraphNode, Section
from .text import expand_numbers, to_markup


def colour(spec) -> Color:
    if spec[0] == "cmyk":
        return CMYKColor(*spec[1:])
    return Color(*spec[1:])


def hex_colour(spec) -> str:
    if spec[0] == "cmyk":
        c, m, y, k = spec[1:]
        spec = ("rgb", (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return "#" + "".join(f"{round(v * 255):02x}" for v in spec[1:])


def markup_colour(spec) -> str:
    """A colour for paragraph markup, in its own colour space: CMYK stays CMYK (print-shop layouts)."""
    if spec[0] == "cmyk":
        return "cmyk(" + ",".join(f"{v:g}" for v in spec[1:]) + ")"
    return hex_colour(spec)


class LeafletParagraph(Paragraph):
    """A paragraph that can say which footnote numbers its markers carry (also after a split)."""

    source = None  # the SourceLocation of the text, where there is one

    def note_numbers(self) -> set[int]:
        numbers: set[int] = set()
        for item in self.frags:
            pieces = item[1:] if isinstance(item, list) else [(item, getattr(item, "text", ""))]
            for frag, text in pieces:
                if getattr(frag, "rise", 0) > 0:
                    numbers |= expand_numbers(text)
        return numbers


def note_numbers(flowable) -> set[int]:
    if isinstance(flowable, LeafletParagraph):
        return flowable.note_numbers()
    numbers: set[int] = set()
    for child in getattr(flowable, "_content", None) or []:
        numbers |= note_numbers(child)
    return numbers


class SectionHeading(LeafletParagraph):
    """A heading that also becomes an entry in the PDF outline."""

    def __init__(self, text, style, key: str, title: str):
        super().__init__(text, style)
        self.outline_key = key
        self.outline_title = title


@dataclass
class Styles:
    body: ParagraphStyle
    bullet: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    variant: ParagraphStyle
    panel_heading: ParagraphStyle
    panel_name: ParagraphStyle
    panel_phone: ParagraphStyle
    panel_text: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    faces: dict          # (bold, italic) -> font name, for inline markup
    link: str


def make_styles(layout: Layout, body: Family, headings: Family) -> Styles:
    text = colour(layout.colours["text"])
    head = colour(layout.colours["headings"])
    muted = colour(layout.colours["muted"])
    size, lead = layout.text_size, layout.text_size * layout.leading
    regular, bold = body.face(False, False), body.face(True, False)
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=size, leading=lead, textColor=text, alignment=TA_LEFT,
        spaceAfter=layout.paragraph_space, allowWidows=0, allowOrphans=0,
        bulletFontName=regular, bulletFontSize=size, embeddedHyphenation=0, hyphenationLang=None)
    indent = size * 1.35
    return Styles(
        body=base,
        bullet=ParagraphStyle("bullet", base, leftIndent=indent, bulletIndent=size * 0.2,
                              spaceAfter=layout.paragraph_space * 0.5),
        heading=ParagraphStyle("heading", base, fontName=headings.face(True, False), fontSize=layout.heading_size,
                               leading=layout.heading_size * 1.25, textColor=head,
                               spaceBefore=layout.heading_space_before, spaceAfter=layout.heading_space_after,
                               keepWithNext=1),
        title=ParagraphStyle("title", base, fontName=headings.face(True, False), fontSize=layout.title_size,
                             leading=layout.title_size * 1.15, textColor=head, spaceAfter=layout.title_size * 0.25),
        subtitle=ParagraphStyle("subtitle", base, fontSize=layout.subtitle_size, leading=layout.subtitle_size * 1.3,
                                textColor=text, spaceAfter=layout.subtitle_size * 0.5),
        variant=ParagraphStyle("variant", base, fontName=bold, textColor=head, spaceAfter=0),
        panel_heading=ParagraphStyle("panel-heading", base, fontName=headings.face(True, False),
                                     fontSize=layout.heading_size, leading=layout.heading_size * 1.25,
                                     textColor=head, spaceAfter=layout.paragraph_space),
        panel_name=ParagraphStyle("panel-name", base, fontName=bold, spaceAfter=0),
        panel_phone=ParagraphStyle("panel-phone", base, fontName=bold, fontSize=size * 1.2,
                                   leading=size * 1.2 * 1.3, textColor=head, spaceAfter=0),
        panel_text=ParagraphStyle("panel-text", base, spaceAfter=layout.paragraph_space),
        small=ParagraphStyle("small", base, fontSize=max(layout.footer_size, size * 0.85),
                             leading=max(layout.footer_size, size * 0.85) * 1.35, textColor=muted),
        note=ParagraphStyle("note", base, fontSize=layout.note_size, leading=layout.note_size * 1.3,
                            textColor=text, leftIndent=layout.note_size * 2.2, bulletIndent=0,
                            bulletFontSize=layout.note_size,
                            spaceAfter=layout.note_size * 0.25, allowWidows=1),
        faces={(b, i): body.face(b, i) for b in (False, True) for i in (False, True)},
        link=markup_colour(layout.colours["link"]),
    )


def inline(styles: Styles, nodes: Inline) -> str:
    return to_markup(nodes, styles.faces, styles.link)


def plain(text: str) -> str:
    return escape(text)


def title_block(leaflet: Leaflet, styles: Styles, layout: Layout) -> list[Flowable]:
    out: list[Flowable] = [LeafletParagraph(plain(leaflet.organisation), styles.small),
                           Spacer(1, layout.text_size * 0.6),
                           LeafletParagraph(plain(leaflet.title), styles.title)]
    if leaflet.subtitle:
        out.append(LeafletParagraph(plain(leaflet.subtitle), styles.subtitle))
    out.append(_Band(LeafletParagraph(plain(leaflet.variant_label), styles.variant), colour(layout.colours["panel_background"]),
                     colour(layout.colours["panel_border"])))
    out.append(Spacer(1, layout.heading_space_before * 0.4))
    return out


class _Band(Flowable):
    """A paragraph on a tinted band with an accent bar at its start."""

    def __init__(self, para: Paragraph, fill: Color, bar: Color, pad: float = 6):
        super().__init__()
        self.para, self.fill, self.bar, self.pad = para, fill, bar, pad

    def wrap(self, aW, aH):
        w, h = self.para.wrap(aW - 3 * self.pad - 4, aH)
        self.width, self.height = aW, h + 2 * self.pad
        return self.width, self.height

    def note_numbers(self):
        return set()

    def draw(self):
        c = self.canv
        c.saveState()
        c.setFillColor(self.fill)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        c.setFillColor(self.bar)
        c.rect(0, 0, 4, self.height, stroke=0, fill=1)
        c.restoreState()
        self.para.drawOn(c, 4 + 2 * self.pad, self.pad)


def section_flowables(section: Section, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [SectionHeading(plain(section.heading), styles.heading, f"s-{section.id}", section.heading)]
    for i, block in enumerate(section.blocks):
        if isinstance(block, ParagraphNode):
            leads_into_list = i + 1 < len(section.blocks) and isinstance(section.blocks[i + 1], BulletList)
            para = LeafletParagraph(inline(styles, block.content), styles.body)
            para.source = block.source
            if leads_into_list:
                para.keepWithNext = 1  # "Possible benefits include:" stays with its first item
            out.append(para)
        elif isinstance(block, BulletList):
            last = len(block.items) - 1
            for i, item in enumerate(block.items):
                style = styles.bullet if i < last else ParagraphStyle("bullet-last", styles.bullet,
                                                                       spaceAfter=styles.body.spaceAfter)
                para = LeafletParagraph(inline(styles, item), style, bulletText="\u2022")
                para.source = block.sources[i] if i < len(block.sources) else None
                if i == last - 1 and last >= 2:
                    para.keepWithNext = 1  # no lone last item at the top of a page
                out.append(para)
    return out


def contact_panel(leaflet: Leaflet, styles: Styles, layout: Layout, width: float) -> Table:
    panel = leaflet.contact
    cells: list[Flowable] = [LeafletParagraph(plain(panel.heading), styles.panel_heading)]
    if panel.intro:
        cells.append(LeafletParagraph(inline(styles, panel.intro), styles.panel_text))
    for entry in panel.entries:
        cells.append(LeafletParagraph(plain(entry.name), styles.panel_name))
        cells.append(LeafletParagraph(
            f'<a href="tel:{escape(entry.dial)}" color="{markup_colour(layout.colours["headings"])}">{plain(entry.phone)}</a>',
            styles.panel_phone))
        cells.append(LeafletParagraph(inline(styles, entry.purpose), styles.panel_text))
    if panel.note:
        cells.append(LeafletParagraph(inline(styles, panel.note), ParagraphStyle("panel-note", styles.panel_text, spaceAfter=0)))
    pad = layout.text_size
    for label in panel.write_in:
        cells.append(_WriteIn(plain(label), styles.panel_name, colour(layout.colours["rule"])))
    table = Table([[cells]], colWidths=[width])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.faces[(False, False)]),
        ("BACKGROUND", (0, 0), (-1, -1), colour(layout.colours["panel_background"])),
        ("BOX", (0, 0), (-1, -1), 1.5, colour(layout.colours["panel_border"])),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
    ]))
    table.spaceBefore = layout.heading_space_before
    table.spaceAfter = layout.paragraph_space
    table.contact_panel = True
    return table


class _WriteIn(Flowable):
    """A label followed by a line to write on (e.g. the patient's own care team)."""

    def __init__(self, label: str, style: ParagraphStyle, rule: Color):
        super().__init__()
        self.para = Paragraph(label, style)
        self.label_width = stringWidth(label, style.fontName, style.fontSize)
        self.rule = rule
        self.spaceBefore = style.leading * 0.6

    def wrap(self, aW, aH):
        self.label_w = min(aW * 0.6, self.label_width + 8)
        _, h = self.para.wrap(self.label_w, aH)
        self.width, self.height = aW, max(h, self.para.style.leading * 1.6)
        return self.width, self.height

    def draw(self):
        self.para.drawOn(self.canv, 0, 0)
        self.canv.saveState()
        self.canv.setStrokeColor(self.rule)
        self.canv.setLineWidth(0.8)
        y = self.para.style.fontSize * 0.2 - 2
        self.canv.line(self.label_w, y, self.width, y)
        self.canv.restoreState()


def closing(leaflet: Leaflet, styles: Styles, layout: Layout) -> list[Flowable]:
    labels = leaflet.labels
    meta = " \u00b7 ".join([
        f"{plain(labels.last_updated)}: {plain(leaflet.last_updated_text)}",
        f"{plain(labels.next_review)}: {plain(leaflet.next_review_text)}",
        f"{plain(labels.code)}: {plain(leaflet.code)}",
        f"{plain(labels.version)}: {plain(leaflet.version)}",
    ])
    return [KeepTogether([
        Spacer(1, layout.paragraph_space),
        LeafletParagraph(inline(styles, leaflet.disclaimer), styles.body),
        LeafletParagraph(meta, styles.small),
    ])]


def endnotes(leaflet: Leaflet, styles: Styles) -> list[Flowable]:
    if not leaflet.references:
        return []
    out: list[Flowable] = [SectionHeading(plain(leaflet.labels.references), styles.heading, "s-references",
                                          leaflet.labels.references)]
    out += [note_paragraph(ref.number, ref.text, styles) for ref in leaflet.references]
    return out


def note_paragraph(number: int, text: str, styles: Styles) -> Paragraph:
    return Paragraph(f'<a name="fn{number}"/>{plain(text)}', styles.note, bulletText=f"{number}.")
