"""Model nodes -> reportlab flowables, styled by a layout."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from leaflets.typeset import cjk
from leaflets.typeset import memo
from leaflets.typeset import private
from leaflets.typeset import rtl
from leaflets.typeset import tagging
from leaflets.typeset import ties
from leaflets.typeset.fonts import FontChain
from leaflets.inputs.locales import is_cjk, is_rtl, needs_shaping
from leaflets.layout.settings import MARKER_RISE, MARKER_SIZE, MIN_MARKER, SHORT_LIST, Layout
from leaflets.model.nodes import (BulletList, CitationMark, Leaflet, Paragraph as ParagraphNode, Section, Span,
                                  Steps)
from leaflets.typeset.markup import escape, to_markup
from leaflets.model.inline import collapse_numbers, expand_numbers

private.shape_words_by_font()     # a word in two fonts (Hindi with a Latin code) shaped run by run


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


def _markup_of(colour: Color) -> str:
    if isinstance(colour, CMYKColor):
        return markup_colour(("cmyk", colour.cyan, colour.magenta, colour.yellow, colour.black))
    return hex_colour(("rgb",) + tuple(colour.rgb()))


class LeafletParagraph(Paragraph):
    """A paragraph that can say which footnote numbers its markers carry (also after a split)."""

    source = None  # the SourceLocation of the text, where there is one
    anchor = ""    # a named destination at the top of the paragraph (footnotes link to it)

    tag = None     # what it is in the structure tree (tagging.Tag)

    def draw(self):
        if self.anchor:
            self.canv.bookmarkHorizontal(self.anchor, 0, self.height)
        tagging.draw_tagged(self, super().draw)

    def wrap(self, availWidth, availHeight):
        # reportlab wraps about half the paragraphs twice at the same width (a keep-together
        # group, then the frame). The lines depend on the width, the fragments, the style and
        # the bullet (breakLines and CJKParagraph's breakLinesCJK read nothing else, and the
        # height never), so the first wrap is reused while all of them are the same objects.
        # (split() may drop the lines, hence the check that they are still there)
        last = self.__dict__.get("_wrap_memo")
        key = (self.frags, self.__dict__.get("blPara"), self.style, self.bulletText)
        if last is not None and last[0] == availWidth and all(a is b for a, b in zip(last[1], key)):
            return last[2]
        size = memo.wrap(self, availWidth, availHeight, super().wrap)   # or as an equal paragraph was wrapped
        self._wrap_memo = (availWidth, (self.frags, self.__dict__.get("blPara"), self.style, self.bulletText), size)
        return size

    def split(self, availWidth, availHeight):
        # reportlab makes the parts with the text and style only: the destination a footnote
        # links to goes with the first part (else the PDF cannot be written), the source with both
        memo.unshare(self)
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            parts[0].anchor = self.anchor
            for part in parts:
                part.source, part.tag = self.source, self.tag
        return parts

    def note_numbers(self) -> set[int]:
        numbers: set[int] = set()
        for item in self.frags:
            pieces = item[1:] if isinstance(item, list) else [(item, getattr(item, "text", ""))]
            for frag, text in pieces:
                if getattr(frag, "rise", 0) > 0:
                    numbers |= expand_numbers(text)
        return numbers


class CJKParagraph(LeafletParagraph):
    """Chinese text, broken into lines by CJK rules, with its spacing (see cjk.py)."""

    breakLinesCJK = cjk.breakLinesCJK

    def draw(self):
        self.canv.setNamedCB(cjk.GAP, cjk.move_on)
        super().draw()


def note_numbers(flowable) -> set[int]:
    if hasattr(flowable, "note_numbers") and not private.is_group(flowable):
        return flowable.note_numbers()
    numbers: set[int] = set()
    for child in private.group_contents(flowable):
        numbers |= note_numbers(child)
    return numbers


def as_heading(flowable, key: str, title: str):
    """Mark a paragraph as a section heading: it also becomes an entry in the PDF outline."""
    flowable.outline_key = key
    flowable.outline_title = title
    return flowable


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
    faces: dict          # (bold, italic) -> the body font, where one font name is needed
    link: str
    body_chain: FontChain
    heading_chain: FontChain
    rtl: bool = False
    cjk: bool = False
    link_colour: object = None
    locale: str = "en"
    tagged: bool = True      # a tagged PDF (typeset.tagging); False: without structure, as before tagging
    marker: tuple = (MARKER_SIZE, MARKER_RISE)   # citation markers' size and rise, as shares of the text size
    whole_short_lists: bool = True      # a list of two or three items never broken over a page
    _style_keys: dict = field(default_factory=dict, repr=False)

    def style_key(self, style: ParagraphStyle) -> tuple:
        """memo.style_key, once per style of this render (a style is not changed once paragraphs use it)."""
        kept = self._style_keys.get(id(style))
        if kept is None or kept[0] is not style:
            self._style_keys[id(style)] = kept = (style, memo.style_key(style))
        return kept[1]

    def chain(self, style: ParagraphStyle) -> FontChain:
        return self.heading_chain if style.name in _HEADING_STYLES else self.body_chain

    def paragraph(self, content, style: ParagraphStyle, bullet: str | None = None, source=None,
                  direction: str = "auto", anchor: str = "", link: str = "", tag: tagging.Tag | None = None,
                  tie: bool = True):
        """A paragraph of inline nodes (or plain text) in this locale's fonts and direction; `tag` says what
        it is in the structure tree (else its style's name does, see tagging.ROLES); `tie`: its last two
        words share a line (ties.py)."""
        nodes = (Span(content),) if isinstance(content, str) else content
        nodes = ties.tie_last_words(nodes) if tie else nodes
        chain, bold = self.chain(style), style.name in _BOLD_STYLES
        marker = (max(self.marker[0], MIN_MARKER / style.fontSize), self.marker[1])
        if self.rtl:
            pieces = rtl.pieces_for(nodes, chain, style.fontSize, style.textColor, self.link_colour, bold,
                                    marker=marker)
            if link:
                pieces = [rtl.Piece(p.text, p.face, p.size, p.colour, p.rise, link) for p in pieces]
            marker = rtl.plain_pieces(bullet, self.body_chain, style.bulletFontSize, style.textColor) if bullet else None
            para = rtl.BidiParagraph(pieces, style, direction, marker, anchor)
        else:
            markup = memo.markup((nodes, chain, self.link, bold, style.fontSize, marker, link, repr(style.textColor)),
                                 lambda: self._markup(nodes, chain, style, bold, marker, link))
            cls = CJKParagraph if self.cjk else LeafletParagraph
            para = memo.paragraph(cls, markup, style, bullet, self.style_key(style))
            para.anchor = anchor
            if style.shaping and self.tagged:
                (tag := tag or tagging.Tag(style.name)).frags = para.frags
        para.source = source
        para.tag = tag or tagging.Tag(style.name)
        para.tag.markers = [collapse_numbers(n.numbers) for n in nodes if isinstance(n, CitationMark)]
        if link:
            para.tag.link, para.tag.link_text = link, "".join(n.text for n in nodes if not isinstance(n, CitationMark))
        return para

    def _markup(self, nodes, chain: FontChain, style: ParagraphStyle, bold: bool, marker: tuple, link: str) -> str:
        markup = to_markup(nodes, chain, self.link, bold=bold,
                           marker=(style.fontSize * marker[0], style.fontSize * marker[1]))
        if link:
            markup = f'<a href="{escape(link, {chr(34): "&quot;"})}" color="{_markup_of(style.textColor)}">{markup}</a>'
        return markup

    def address(self, url: str, style: ParagraphStyle, link: bool = True, tag: tagging.Tag | None = None):
        """A web address (`link`: a link to itself), or a line of them: left to right on every page, broken
        anywhere when it is longer than the line (reportlab's own paragraph does that; a right-to-left
        paragraph breaks at spaces)."""
        markup = to_markup((Span(url),), self.body_chain, self.link)
        style = ParagraphStyle(style.name, style, alignment=TA_RIGHT if self.rtl else TA_LEFT, splitLongWords=1,
                               wordWrap=None, shaping=0)
        if link:
            markup = f'<a href="{escape(url, {chr(34): "&quot;"})}" color="{_markup_of(style.textColor)}">{markup}</a>'
        para = LeafletParagraph(markup, style)
        para.tag = tag or tagging.Tag(style.name)
        if link:
            para.tag.link, para.tag.link_text = url, url
        return para

    def text_width(self, text: str, style: ParagraphStyle) -> float:
        chain, bold = self.chain(style), style.name in _BOLD_STYLES
        return sum(rtl.run_width(run, face, style.fontSize) for face, run in chain.runs(text, bold, False))


_HEADING_STYLES = {"heading", "title", "panel-heading", "subheading"}
_BOLD_STYLES = {"heading", "title", "panel-heading", "variant", "cover-organisation", "cover-label", "panel-name", "panel-phone", "subheading",
                "callout-title", "table-title", "table-head", "qr-caption", "figure-label"}


def make_styles(layout: Layout, body: FontChain, headings: FontChain, locale: str = "en", tagged: bool = True) -> Styles:
    body.register()
    headings.register()
    text = colour(layout.colours["text"])
    head = colour(layout.colours["headings"])
    muted = colour(layout.colours["muted"])
    size, lead = layout.text_size, layout.text_size * layout.leading
    regular, bold = body.face(False, False), body.face(True, False)
    right_to_left, chinese = is_rtl(locale), is_cjk(locale)
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=size, leading=lead, textColor=text,
        alignment=TA_RIGHT if right_to_left else TA_LEFT,
        spaceAfter=layout.paragraph_space, allowWidows=0, allowOrphans=0,
        bulletFontName=body.families[-1].face(False, False), bulletFontSize=size, embeddedHyphenation=0,
        hyphenationLang=None, shaping=int(needs_shaping(locale)), wordWrap="CJK" if chinese else None)
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
                             leading=_leading(max(layout.footer_size, size * 0.85), 1.35, layout), textColor=muted),
        note=ParagraphStyle("note", base, fontSize=layout.note_size, leading=_leading(layout.note_size, 1.3, layout),
                            textColor=text, leftIndent=layout.note_size * 2.2, bulletIndent=0,
                            bulletFontSize=layout.note_size,
                            spaceAfter=layout.note_size * 0.25, allowWidows=1),
        faces={(b, i): body.face(b, i) for b in (False, True) for i in (False, True)},
        link=markup_colour(layout.colours["link"]),
        body_chain=body, heading_chain=headings, rtl=right_to_left, cjk=chinese,
        link_colour=colour(layout.colours["link"]), tagged=tagged, locale=locale,
        marker=(layout.marker_size, MARKER_RISE),
    )


def _leading(size: float, own: float, layout: Layout) -> float:
    """Small print's leading: its own, or the body's where it is set as large as the body (large print)."""
    return size * (layout.leading if abs(size - layout.text_size) < 0.01 else own)


def variant_band(leaflet: Leaflet, styles: Styles, layout: Layout) -> Flowable:
    """The variant's label ("For people with cancer pain") on a tinted band under the title."""
    return _Band(styles.paragraph(leaflet.variant_label, styles.variant), colour(layout.colours["panel_background"]),
                 colour(layout.colours["panel_border"]), mirrored=styles.rtl)


class _Band(Flowable):
    """A paragraph on a tinted band with an accent bar at its start (the right, on a right-to-left page)."""

    def __init__(self, para: Flowable, fill: Color, bar: Color, pad: float = 6, mirrored: bool = False):
        super().__init__()
        self.para, self.fill, self.bar, self.pad, self.mirrored = para, fill, bar, pad, mirrored

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
        c.rect(self.width - 4 if self.mirrored else 0, 0, 4, self.height, stroke=0, fill=1)
        c.restoreState()
        self.para.drawOn(c, self.pad if self.mirrored else 4 + 2 * self.pad, self.pad)


def section_flowables(section: Section, styles: Styles, other=None, width: float = 0.0) -> list[Flowable]:
    """The heading and blocks of a section; `other(block)` gives the flowables of the blocks that are not
    paragraphs or bullets (typeset.blocks, which builds on this module). `width`: the column's; a heading's
    last two words are tied only when they fit it together (else reportlab cuts the last word anywhere)."""
    pair = " ".join(section.heading.split()[-2:])
    tie = not width or styles.text_width(pair, styles.heading) <= width
    heading = as_heading(styles.paragraph(section.heading, styles.heading, source=section.source, tie=tie),
                         f"s-{section.id}", section.heading)
    out: list[Flowable] = [heading]
    for i, block in enumerate(section.blocks):
        if not isinstance(block, (ParagraphNode, BulletList)):
            out += other(block)
        elif isinstance(block, ParagraphNode):
            leads_into_list = i + 1 < len(section.blocks) and isinstance(section.blocks[i + 1], (BulletList, Steps))
            para = styles.paragraph(block.content, styles.body, source=block.source)
            if leads_into_list:
                para.keepWithNext = 1  # "Possible benefits include:" stays with its first item
            out.append(para)
        elif isinstance(block, BulletList):
            last = len(block.items) - 1
            for i, item in enumerate(block.items):
                style = styles.bullet if i < last else ParagraphStyle("bullet-last", styles.bullet,
                                                                       spaceAfter=styles.body.spaceAfter)
                source = block.sources[i] if i < len(block.sources) else None
                para = styles.paragraph(item, style, bullet="\u2022", source=source,
                                        tag=tagging.Tag("bullet", group=("list", id(block))))
                if i == last - 1 and last >= 2 or i < last <= 2 and styles.whole_short_lists:
                    para.keepWithNext = 1  # no lone last item at the top of a page; a list of 3 kept whole
                if i == last and closes_list(section.blocks, block):
                    para.keepWithNext = 1  # a short list stays with the line that closes it
                out.append(para)
    return out


def closes_list(blocks: tuple, block: BulletList) -> bool:
    """Is the block after a short list a paragraph that closes it (kept on the list's page)?"""
    after = blocks.index(block) + 1
    return len(block.items) <= SHORT_LIST and after < len(blocks) and isinstance(blocks[after], ParagraphNode)


def closing(leaflet: Leaflet, styles: Styles, layout: Layout) -> list[Flowable]:
    labels = leaflet.labels
    # Chinese: a full-width semicolon, which may end a line ("·" may neither end nor start one, cjk.py)
    meta = ("\uff1b " if styles.cjk else f"{ties.NBSP}\u00b7 ").join(ties.labelled(label, value, styles.cjk) for label, value in (
        (labels.last_updated, leaflet.last_updated_text), (labels.next_review, leaflet.next_review_text),
        (labels.code, leaflet.code), (labels.version, leaflet.version)))
    parts: list[Flowable] = [Spacer(1, layout.paragraph_space),
                             styles.paragraph(leaflet.disclaimer, styles.body),
                             styles.paragraph(meta, styles.small)]
    if leaflet.draft_notice:
        parts.append(styles.paragraph(leaflet.draft_notice, styles.small))
    for part in parts[:-1]:
        part.keepWithNext = 1   # kept together, and with what comes before them if that keeps with them
    return parts


REFERENCES_KEY = "s-references"    # the outline key of the reference list's heading


def endnotes(leaflet: Leaflet, styles: Styles, whole: bool = True, closing: list = ()) -> list[Flowable]:
    """The reference list: each reference whole, and (`whole`) the list on one page when it fits one, so
    that no page holds a lone reference (a tri-fold's panels are too small to leave one part empty).
    `closing`: what follows the list, kept with its last reference so that it never stands alone."""
    if not leaflet.references:
        return list(closing)
    heading = as_heading(styles.paragraph(leaflet.labels.references, styles.heading), REFERENCES_KEY,
                         leaflet.labels.references)
    last = 2 if closing else 1      # the last two references go with the closing lines: never a stub page
    parts = [[note_paragraph(ref.number, ref.text, styles, in_list=True)] for ref in leaflet.references[:-last]]
    parts.append([note_paragraph(ref.number, ref.text, styles, in_list=True) for ref in leaflet.references[-last:]]
                 + list(closing))
    if whole:
        return [WholeOrParts([[heading] + parts[0]] + parts[1:])]
    return [heading] + [KeepTogether(part) for part in parts]


def reference_list(leaflet: Leaflet, styles: Styles) -> list[Flowable]:
    """The reference list as plain flowables, for a panel drawn whole (a tri-fold's fold-in panel): hung
    by the width of "10." rather than of a wider column of numbers, the lines 1.15 apart (small print, as in a journal)."""
    size = styles.body.fontSize * 1.1      # under the contact panel's heading, a smaller one
    style = ParagraphStyle("heading", styles.heading, fontSize=size, leading=size * 1.25,
                           spaceBefore=styles.heading.spaceBefore * 0.5, spaceAfter=styles.heading.spaceAfter * 0.5)
    heading = as_heading(styles.paragraph(leaflet.labels.references, style), REFERENCES_KEY, leaflet.labels.references)
    note = styles.note.fontSize
    narrow = replace(styles, note=ParagraphStyle("note", styles.note, leftIndent=note * 1.7, leading=note * 1.15))
    return [heading] + [note_paragraph(ref.number, ref.text, narrow, in_list=True) for ref in leaflet.references]


class WholeOrParts(KeepTogether):
    """Parts kept on one page when they fit one, else each part kept whole.

    Not a KeepTogether of KeepTogethers: reportlab's says it is 0xffffff tall to be split, so one inside
    another never fits and always starts a new page (a booklet's reference list stood alone on page 7)."""

    def __init__(self, parts: list[list]):
        self.parts = parts
        super().__init__([f for part in parts for f in part])

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        frame = getattr(self, "_frame", None) or self._doctemplateAttr("frame")
        if frame is None or self._H <= frame._height:
            return super().split(aW, aH)
        # taller than a page: from the top of a page (so that its end is not left alone on the last one),
        # each part whole (the first as its flowables: reportlab places the first of what split gives at once)
        start = [] if getattr(frame, "_atTop", False) else [self.FrameBreak()]
        return start + list(self.parts[0]) + [KeepTogether(part) for part in self.parts[1:]]


def note_paragraph(number: int, text: str, styles: Styles, in_list: bool = False) -> Flowable:
    """A footnote (a Note with its ID) or, in_list, an entry of the reference list. References are
    written in English whatever the leaflet's language."""
    lang = "" if styles.locale.split("-")[0] == "en" else "en"
    tag = (tagging.Tag("reference", group="references", lang=lang) if in_list
           else tagging.Tag("note", lang=lang, note_id=f"fn{number}"))
    style = ParagraphStyle("note", styles.note, alignment=TA_LEFT) if styles.rtl else styles.note
    return styles.paragraph(text, style, bullet=f"{number}.", anchor=f"fn{number}", tag=tag,
                            direction="ltr")   # English, read and set from the left edge on a right-to-left page too
