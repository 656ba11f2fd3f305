"""The cover: what the first page (a tri-fold's front panel) says before the text begins.

Top to bottom, which is also its reading order in the structure tree:

- the identity band: the organisation (a clinic edition's logo on a white tile beside its name, address
  and contacts; the generic edition's name as a text mark) in white on the layout's heading colour;
- the "Patient information" label (labels.patient_information), then the title (H1) and the subtitle,
  each broken into lines of even length (Balanced), then the variant band;
- where the layout shows one (cover.figure), the content's cover figure (content cover.figure), tagged as
  the Figure it is in the text, with its alt text; on a tri-fold's front panel it fills the room left;
- where the contact panel comes after the text (Layout.cover_help: the handouts), the help strip: an urgent callout with the contact panel's
  note and the numbers to call, the patient's own care team first (a clinic's numbers, or lines to write
  them in), then the services of the content's contact panel.

The band, the tile and the strip's box are drawn as page furniture (Artifact); their text is tagged.
"""
from __future__ import annotations

from dataclasses import replace

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from leaflets.layout.settings import Layout
from leaflets.model.nodes import Leaflet
from leaflets.typeset import flowables as F
from leaflets.typeset import tagging
from leaflets.typeset.blocks import CalloutBox, FigureBlock, figure_block
from leaflets.typeset.contact import write_in
from leaflets.typeset.logo import logo_flowable

BALANCE_STEPS = 12     # halvings of the search for the narrowest width that keeps a title's line count


class Balanced(Flowable):
    """A paragraph set at the narrowest width that breaks it into as many lines as the full width does:
    lines of even length, never a lone last word (a title of two lines, two halves).

    `make(scale, tie)` gives the paragraph at `scale` times its size, its last two words tied or not;
    `widest` and `pair` are the widths of its widest word and of its last two words at full size. On a
    line narrower than the pair, the words are not tied; on one narrower than the widest word, the type
    is made smaller: reportlab would cut the word anywhere, without a hyphen ("Medikamen" | "tenpumpe")."""

    def __init__(self, make, mirrored: bool, widest: float, pair: float):
        super().__init__()
        self._make, self.mirrored, self.widest, self.pair = make, mirrored, widest, pair
        self.made: dict = {}
        self.para = self.make(1.0, True)
        self.keepWithNext = 1

    def make(self, scale: float, tie: bool) -> Flowable:
        if (scale, tie) not in self.made:
            self.made[scale, tie] = self._make(scale, tie)
        return self.made[scale, tie]

    def _lines(self, width: float, avail: float) -> int:
        _, h = self.para.wrap(width, avail)
        return round(h / self.para.style.leading)

    def wrap(self, aW, aH):
        scale = min(1.0, aW / self.widest) if self.widest else 1.0
        tie = self.pair * scale <= aW
        self.para = self.make(scale, tie)
        narrowest = max(self.widest, self.pair if tie else 0.0) * scale
        lines = self._lines(aW, aH)
        low, high = min(aW, max(aW * 0.4, narrowest)), aW
        if lines > 1:
            for _ in range(BALANCE_STEPS):
                middle = (low + high) / 2
                low, high = (low, middle) if self._lines(middle, aH) == lines else (middle, high)
        self.inner = high
        _, self.height = self.para.wrap(high, aH)
        self.width = aW
        return aW, self.height

    def getSpaceBefore(self):
        return self.para.getSpaceBefore()

    def getSpaceAfter(self):
        return self.para.getSpaceAfter()

    def split(self, aW, aH):
        return []

    def note_numbers(self) -> set[int]:
        return set()

    def draw(self):
        self.para.drawOn(self.canv, self.width - self.inner if self.mirrored else 0, 0)


class IdentityBand(Flowable):
    """The organisation in white on a coloured band, with the clinic's logo on a white tile at its start."""

    def __init__(self, texts, logo: Flowable | None, fill: Color, paper: Color, pad: float, mirrored: bool,
                 widest: float = 0.0):
        super().__init__()
        self.widest = widest        # the widest word of the organisation's name
        self.make_texts, self.logo, self.fill, self.paper = texts, logo, fill, paper   # texts(width) -> paragraphs
        self.pad, self.mirrored = pad, mirrored

    def _tile(self, aW, aH) -> float:
        if self.logo is None:
            return 0.0
        w, self.logo_height = self.logo.wrap(aW * 0.35, aH)     # an svglib drawing or a reportlab Image
        return w + self.pad * 1.2

    def wrap(self, aW, aH):
        tile = self._tile(aW, aH)
        inner = aW - 2 * self.pad - (tile + self.pad if tile else 0.0)
        # a narrow column (a tri-fold's panel): the logo on a row of its own, the words under it at full width
        self.stacked = bool(tile) and (inner < aW * STACK_BELOW or self.widest > inner)
        if self.stacked:
            inner = aW - 2 * self.pad
        if getattr(self, "_texts_at", None) != inner:
            self.texts, self._texts_at = self.make_texts(inner), inner
        self.text_height = sum(t.wrap(inner, aH)[1] for t in self.texts)
        side = self.logo_height + self.pad * 1.2 if self.logo is not None else 0.0
        if self.stacked:
            self.height = side + self.pad * 0.8 + self.text_height + 2 * self.pad
        else:
            self.height = max(self.text_height, side) + 2 * self.pad
        self.width, self.tile = aW, tile
        return self.width, self.height

    def split(self, aW, aH):
        return []

    def note_numbers(self) -> set[int]:
        return set()

    def draw(self):
        c, pad = self.canv, self.pad
        side = self.logo_height + pad * 1.2 if self.logo is not None else 0.0
        tile_y = self.height - pad - side if self.stacked else (self.height - side) / 2
        c.saveState()
        c.setFillColor(self.fill)
        c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.logo is not None:
            x = self.width - pad - self.tile if self.mirrored else pad
            c.setFillColor(self.paper)
            c.roundRect(x, tile_y, self.tile, side, pad * 0.3, stroke=0, fill=1)
        c.restoreState()
        if self.logo is not None:
            x = self.width - pad - self.tile + pad * 0.6 if self.mirrored else pad * 1.6
            self.logo.drawOn(c, x, tile_y + pad * 0.6)
        x = pad + (0.0 if self.mirrored or not self.tile or self.stacked else self.tile + pad)
        y = tile_y - pad * 0.8 if self.stacked else (self.height + self.text_height) / 2
        for text in self.texts:
            y -= text.height
            text.drawOn(c, x, y)


# the words beside the logo would get less than this share of the band, or a word of the name would not fit
# beside it (a tri-fold's panel): stacked instead
STACK_BELOW = 0.45


class CoverFigure(Flowable):
    """The cover figure at the column's width, drawn smaller where the cover has less room left (never past
    it); `fill`: it takes the rest of the panel, the figure in the middle of it (a tri-fold's front panel)."""

    def __init__(self, figure: FigureBlock, fill: bool):
        super().__init__()
        self.figure, self.fill = figure, fill
        self.spaceBefore = self.spaceAfter = figure.spaceBefore

    def wrap(self, aW, aH):
        space = self.figure.spaceBefore
        wanted = self.figure.max_height
        self.figure.max_height = max(MIN_FIGURE, min(wanted, aH - 2 * space))
        _, h = self.figure.wrap(aW, aH)
        self.figure.max_height = wanted
        self.width, self.height = aW, max(h, aH - 2 * space) if self.fill else h
        return self.width, self.height

    def split(self, aW, aH):
        return []

    def note_numbers(self) -> set[int]:
        return self.figure.note_numbers()

    def draw(self):
        figure = self.figure
        right = max([figure.x + figure.image_w] + [figure.label_box(label, natural)[0] + natural
                                                    for label, (_, natural) in zip(figure.figure.labels,
                                                                                   figure.labels)])
        x = max(0.0, (self.width - right) / 2)
        figure.drawOn(self.canv, x, (self.height - figure.height) / 2)


MIN_FIGURE = 36.0   # pt: the cover figure is never drawn smaller than this (then it goes, like any block, on)


def paper_colour(layout: Layout) -> Color:
    """White in the layout's colour space (CMYK in a print-shop layout)."""
    return CMYKColor(0, 0, 0, 0) if layout.colours["headings"][0] == "cmyk" else Color(1, 1, 1)


def identity_band(leaflet: Leaflet, styles: F.Styles, layout: Layout) -> IdentityBand:
    paper = paper_colour(layout)
    size = layout.text_size
    name = ParagraphStyle("cover-organisation", styles.body, fontName=styles.faces[(True, False)],
                          fontSize=size * 1.25, leading=size * 1.25 * 1.25, textColor=paper, spaceAfter=0)
    lines = ParagraphStyle("cover-organisation-lines", styles.small, textColor=paper, spaceAfter=0)

    def texts(inner: float) -> list:
        """The name and the clinic's lines (the band is `inner` wide): the email and the website each left
        to right, broken inside the address only when it is longer than the line."""
        out = [styles.paragraph(leaflet.organisation, name, tag=tagging.Tag("small"))]
        for line in leaflet.clinic_lines:
            if "@" in line or "://" in line:
                out.append(styles.address(line, lines, link=False, tag=tagging.Tag("small")))
            else:
                out.append(styles.paragraph(line, lines, tag=tagging.Tag("small")))
        return out

    logo = None
    if leaflet.logo and not layout.print_shop:      # an RGB picture has no place in a CMYK file
        logo = logo_flowable(leaflet.logo, layout, styles, height=size * 3.2)
        if logo is not None:
            logo.spaceAfter = 0
    widest = max(styles.text_width(word, name) for word in leaflet.organisation.split()) * 1.02 + 1
    return IdentityBand(texts, logo, F.colour(layout.colours["headings"]), paper, size * 0.8, styles.rtl, widest)


def cover(leaflet: Leaflet, styles: F.Styles, layout: Layout) -> list[Flowable]:
    """The flowables of the cover, in reading order."""
    out: list[Flowable] = [identity_band(leaflet, styles, layout)]
    if leaflet.labels.patient_information:
        label = ParagraphStyle("cover-label", styles.body, fontName=styles.faces[(True, False)],
                               textColor=F.colour(layout.colours["headings"]), spaceBefore=layout.text_size * 1.1,
                               spaceAfter=layout.text_size * 0.2, keepWithNext=1)
        out.append(styles.paragraph(leaflet.labels.patient_information, label, tag=tagging.Tag("small")))
    else:
        out.append(Spacer(1, layout.text_size))
    out.append(_balanced(leaflet.title, styles.title, styles))
    if leaflet.subtitle:
        out.append(_balanced(leaflet.subtitle, styles.subtitle, styles))
    out.append(F.variant_band(leaflet, styles, layout))
    if layout.cover_figure and leaflet.cover_figure:
        out.append(CoverFigure(figure_block(replace(leaflet.cover_figure, width=1.0), styles, layout,
                                            layout.cover_figure_height), fill=layout.imposition == "trifold"))
    if layout.cover_help:
        out.append(help_strip(leaflet, styles, layout))
    out.append(Spacer(1, layout.heading_space_before * 0.4))
    return out


def _balanced(text: str, style: ParagraphStyle, styles: F.Styles) -> Balanced:
    words = text.split()
    widest = max(styles.text_width(word, style) for word in words) * 1.02 + 1
    # the last two words are tied (ties.py): they need a line of their own width, when a line holds them
    pair = styles.text_width(" ".join(words[-2:]), style) * 1.02 + 1 if len(words) > 2 else 0.0

    def make(scale: float, tie: bool):
        sized = style if scale == 1.0 else ParagraphStyle(style.name, style, fontSize=style.fontSize * scale,
                                                          leading=style.leading * scale)
        return styles.paragraph(text, sized, tie=tie)
    return Balanced(make, styles.rtl, widest, pair)


def help_strip(leaflet: Leaflet, styles: F.Styles, layout: Layout) -> CalloutBox:
    """The help lines on the first page: the panel's note, the care team (written in, or the clinic's
    numbers) and the services, in an urgent callout."""
    panel = leaflet.contact
    accent = F.colour(layout.colours["urgent_accent"])
    lead = ParagraphStyle("callout-title", styles.body, fontName=styles.faces[(True, False)], textColor=accent,
                          spaceAfter=layout.paragraph_space * 0.5)
    contents: list[Flowable] = [styles.paragraph(panel.note, lead)] if panel.note else []
    for label in panel.write_in:
        contents.append(write_in(label, styles, layout))
    rows = []
    name = ParagraphStyle("help-name", styles.panel_name, spaceAfter=0)
    phone = ParagraphStyle("help-phone", styles.panel_name, textColor=F.colour(layout.colours["headings"]),
                           spaceAfter=0)
    for entry in panel.entries:
        cells = [styles.paragraph(entry.name, name, tag=tagging.Tag("panel-name", group="help")),
                 styles.paragraph(entry.phone, phone, direction="ltr", link=f"tel:{entry.dial}",
                                  tag=tagging.Tag("panel-phone", group="help"))]
        rows.append(list(reversed(cells)) if styles.rtl else cells)
    if rows:
        contents.append(_rows_table(rows, styles, layout))
    for para in [getattr(c, "para", c) for c in contents[:-1]] + [cell for row in rows for cell in row]:
        para.tag.group = "help"         # one Div: the note, the lines to write in and the numbers
    look = layout.blocks
    box = CalloutBox("urgent", contents, F.colour(layout.colours["urgent_background"]), accent,
                     look.callout_border, look.callout_padding, styles.rtl, layout.paragraph_space)
    box.spaceBefore = layout.paragraph_space * 1.5
    return box


class _Rows(Table):
    """A table that, like the other contents of a callout, says its height once wrapped."""

    def wrap(self, aW, aH):
        self.width, self.height = super().wrap(aW, aH)
        return self.width, self.height


def _rows_table(rows: list, styles: F.Styles, layout: Layout) -> Table:
    """Name and number, one entry a row; the numbers in a column of their own at the end side."""
    table = _Rows(rows, colWidths=["38%", "62%"] if styles.rtl else ["62%", "38%"], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles.faces[(False, False)]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), layout.text_size * 0.5),
        ("TOPPADDING", (0, 0), (-1, -1), layout.paragraph_space * 0.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    table.spaceBefore = layout.paragraph_space * 0.5
    return table
