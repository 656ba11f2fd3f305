"""The section blocks beyond paragraphs and bullets, one Flowable class each.

CalloutBox, StepList, Subheading, FigureBlock (figures.py), TableTitle + DataTable and QRCodeBlock: each
says what it is, so later stages (PDF tagging) can give it its structure role. Their look
comes from the layout (colours and `blocks:`); their text from Styles, in the locale's fonts
and direction. A right-to-left page mirrors where they sit: a callout's accent bar, a figure
and a QR code go to the right, a table's columns run from right to left.
"""
from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Table, TableStyle

from leaflets.layout.settings import Layout
from leaflets.model.nodes import (BulletList, Callout, Figure, Paragraph as ParagraphNode, QRCode, Steps,
                                  Subheading as SubheadingNode, TableBlock, plain_text)
from leaflets.typeset import memo
from leaflets.typeset import private
from leaflets.typeset import tagging
from leaflets.typeset.figures import FigureBlock
from leaflets.typeset.flowables import Styles, colour, note_numbers


def _stack_height(flowables, width: float, avail: float) -> float:
    height, last_after = 0.0, 0.0
    for i, f in enumerate(flowables):
        _, h = f.wrap(width, avail)
        before = f.getSpaceBefore() if i else 0.0
        height += max(before, last_after) + h if i else h
        last_after = f.getSpaceAfter()
    return height


def _draw_stack(canv, flowables, x: float, top: float) -> None:
    y, last_after = top, 0.0
    for i, f in enumerate(flowables):
        if i:
            y -= max(f.getSpaceBefore(), last_after)
        y -= f.height
        f.drawOn(canv, x, y)
        last_after = f.getSpaceAfter()


class CalloutBox(Flowable):
    """A box that stands out (info, warning, urgent): tinted, with a border and a wide bar on its start side,
    its title in the accent colour. Never split: it moves whole to the next page or panel."""

    what = "this callout"       # named in the error when it is taller than a page

    def __init__(self, kind: str, contents: list, fill: Color, accent: Color, border: float, pad: float,
                 mirrored: bool, space: float):
        super().__init__()
        self.kind, self.contents, self.fill, self.accent = kind, contents, fill, accent
        self.border, self.pad, self.mirrored = border, pad, mirrored
        self.bar = border * 3
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, aW, aH):
        self.width = aW
        inner = aW - 2 * self.pad - self.bar - self.border
        self.height = _stack_height(self.contents, inner, aH) + 2 * self.pad
        return self.width, self.height

    def split(self, aW, aH):
        return []       # never split

    def note_numbers(self) -> set[int]:
        return set().union(*(note_numbers(f) for f in self.contents))

    def draw(self):
        c, half = self.canv, self.border / 2
        c.saveState()
        c.setFillColor(self.fill)
        c.setStrokeColor(self.accent)
        c.setLineWidth(self.border)
        c.rect(half, half, self.width - self.border, self.height - self.border, stroke=1, fill=1)
        c.setFillColor(self.accent)
        c.rect(self.width - self.bar if self.mirrored else 0, 0, self.bar, self.height, stroke=0, fill=1)
        c.restoreState()
        x = self.pad + (self.border if self.mirrored else self.bar)
        _draw_stack(c, self.contents, x, self.height - self.pad)


class StepList(Flowable):
    """Numbered steps. Splits between steps (or inside a long one), so the numbers run on across pages;
    each part after the first says it `continues` the list."""

    def __init__(self, items: list, continues: bool = False):
        super().__init__()
        self.items, self.continues = items, continues

    def getSpaceBefore(self):
        return self.items[0].getSpaceBefore() if self.items else 0

    def getSpaceAfter(self):
        return self.items[-1].getSpaceAfter() if self.items else 0

    def wrap(self, aW, aH):
        self.width = aW
        self.height = _stack_height(self.items, aW, aH)
        return self.width, self.height

    def split(self, aW, aH):
        used, last_after = 0.0, 0.0
        for i, item in enumerate(self.items):
            _, h = item.wrap(aW, aH)
            gap = max(item.getSpaceBefore(), last_after) if i else 0.0
            if used + gap + h > aH:
                parts = item.split(aW, aH - used - gap) if aH - used - gap > 0 else []
                if len(parts) == 2:
                    return [StepList(self.items[:i] + [parts[0]], self.continues),
                            StepList([parts[1]] + self.items[i + 1:], True)]
                if i == 0:
                    return []
                return [StepList(self.items[:i], self.continues), StepList(self.items[i:], True)]
            used += gap + h
            last_after = item.getSpaceAfter()
        return [self]

    def note_numbers(self) -> set[int]:
        return set().union(*(note_numbers(f) for f in self.items))

    def draw(self):
        _draw_stack(self.canv, self.items, 0, self.height)


class _One(Flowable):
    """A flowable that is one paragraph, under its own name."""

    def __init__(self, para):
        super().__init__()
        self.para = para
        self.keepWithNext = 1

    def wrap(self, aW, aH):
        self.width, self.height = self.para.wrap(aW, aH)
        self.width = aW
        return self.width, self.height

    def getSpaceBefore(self):
        return self.para.getSpaceBefore()

    def getSpaceAfter(self):
        return self.para.getSpaceAfter()

    def note_numbers(self) -> set[int]:
        return note_numbers(self.para)

    def split(self, aW, aH):
        return []

    def draw(self):
        self.para.drawOn(self.canv, 0, 0)


class Subheading(_One):
    """A heading inside a section: kept with what follows it."""


class TableTitle(_One):
    """The title printed above a table, kept with it."""


class DataTable(Table):
    """A table of text: a header row (repeated after a page break) and rows, columns mirrored on a
    right-to-left page."""

    def note_numbers(self) -> set[int]:
        # a cell holds a flowable, or (once the table is laid out) a list of them
        cells = [cell for row in private.table_cells(self) for cell in row]
        flat = [f for cell in cells for f in (cell if isinstance(cell, (list, tuple)) else [cell])]
        return set().union(*(note_numbers(f) for f in flat if isinstance(f, Flowable)))


class QRCodeBlock(Flowable):
    """A QR code drawn as vector squares (its quiet zone of 4 modules kept clear), with the address printed
    beside it on the end side."""

    QUIET = 4

    def __init__(self, url: str, texts: list, size: float, dark: Color, mirrored: bool, space: float):
        super().__init__()
        import segno  # reason: only for leaflets with a QR code

        self.url, self.texts, self.size, self.dark, self.mirrored = url, texts, size, dark, mirrored
        self.tag = tagging.Tag("figure", alt=f"QR code: {url}")     # the address is also printed beside it
        self.matrix = [list(row) for row in memo.qr_matrix(url, lambda: segno.make(url, error="m", micro=False).matrix)]
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, aW, aH):
        self.width = aW
        self.text_w = max(aW - self.size - 6, aW * 0.3)
        self.text_h = _stack_height(self.texts, self.text_w, aH)
        self.height = max(self.size, self.text_h)
        return self.width, self.height

    def split(self, aW, aH):
        return []

    def module(self) -> float:
        return self.size / (len(self.matrix) + 2 * self.QUIET)

    def draw(self):
        tagging.draw_as_content(self, self._draw_code)
        tx = 0.0 if self.mirrored else self.size + 6
        top = self.height
        _draw_stack(self.canv, self.texts, tx, top - (self.size - self.text_h) / 2 if self.text_h < self.size else top)

    def _draw_code(self):
        c, m = self.canv, self.module()
        qx = self.width - self.size if self.mirrored else 0.0
        top = self.height
        c.saveState()
        c.setFillColor(self.dark)
        path = c.beginPath()
        for r, row in enumerate(self.matrix):
            for col, dark in enumerate(row):
                if dark:
                    path.rect(qx + (col + self.QUIET) * m, top - (r + self.QUIET + 1) * m, m, m)
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()


# --------------------------------------------------------------------------- model blocks -> flowables

def block_flowables(block, styles: Styles, layout: Layout) -> list[Flowable]:
    """The flowables of one block of a kind section_flowables does not draw itself."""
    look = layout.blocks
    if isinstance(block, Callout):
        return [_callout(block, styles, layout)]
    if isinstance(block, Steps):
        return _steps(block, styles)
    if isinstance(block, SubheadingNode):
        return [Subheading(styles.paragraph(block.text, _style(styles, "subheading"), source=block.source))]
    if isinstance(block, Figure):
        return [figure_block(block, styles, layout)]
    if isinstance(block, TableBlock):
        return _table(block, styles, layout)
    if isinstance(block, QRCode):
        texts = [styles.paragraph(block.caption, _style(styles, "qr-caption"))] if block.caption else []
        texts.append(styles.address(block.url, _style(styles, "qr-url")))
        return [QRCodeBlock(block.url, texts, look.qr_size, colour(layout.colours["text"]), styles.rtl,
                            look.figure_space)]
    raise TypeError(f"not a block: {block!r}")


def website_qr(url: str, styles: Styles, layout: Layout) -> QRCodeBlock:
    """A clinic's web page as a QR code with its address beside it (in the contact panel)."""
    return QRCodeBlock(url, [styles.address(url, _style(styles, "qr-url"))], layout.blocks.qr_size,
                       colour(layout.colours["text"]), styles.rtl, layout.paragraph_space * 0.5)


def _style(styles: Styles, name: str) -> ParagraphStyle:
    body = styles.body
    size = body.fontSize
    if name == "subheading":
        return ParagraphStyle("subheading", body, fontName=styles.heading.fontName, fontSize=size * 1.12,
                              leading=size * 1.12 * 1.3, textColor=styles.heading.textColor,
                              spaceBefore=body.spaceAfter * 1.5, spaceAfter=body.spaceAfter * 0.6, keepWithNext=1)
    if name in ("callout-title", "table-title", "qr-caption", "table-head"):
        return ParagraphStyle(name, body, fontName=styles.faces[(True, False)], spaceAfter=body.spaceAfter * 0.6,
                              keepWithNext=1)
    if name == "figure-label":
        return ParagraphStyle(name, body, fontName=styles.faces[(True, False)], leading=size * 1.15, spaceAfter=0,
                              alignment=TA_LEFT, splitLongWords=0)
    if name == "caption":
        return ParagraphStyle(name, body, spaceAfter=0)
    if name == "qr-url":
        return ParagraphStyle(name, body, spaceAfter=0)
    if name == "cell":
        return ParagraphStyle(name, body, spaceAfter=0)
    raise KeyError(name)


def _callout(block: Callout, styles: Styles, layout: Layout) -> CalloutBox:
    title_style = ParagraphStyle("callout-title", _style(styles, "callout-title"),
                                 textColor=colour(layout.colours[f"{block.kind}_accent"]))
    box = tagging.Tag("callout")        # one Div: its title, text and bullets inside, in reading order
    contents = [styles.paragraph(block.title, title_style, source=block.source,
                                 tag=tagging.Tag("callout-title", parent=box))] if block.title else []
    for inner in block.blocks:
        if isinstance(inner, ParagraphNode):
            contents.append(styles.paragraph(inner.content, styles.body, source=inner.source,
                                             tag=tagging.Tag("body", parent=box)))
        elif isinstance(inner, BulletList):
            contents += [styles.paragraph(item, styles.bullet, bullet="\u2022",
                                          tag=tagging.Tag("bullet", group=("list", id(inner)), parent=box))
                         for item in inner.items]
    last = contents[-1]
    last_style = ParagraphStyle("callout-last", getattr(last, "style"), spaceAfter=0)
    last.style = last_style
    look = layout.blocks
    box = CalloutBox(block.kind, contents, colour(layout.colours[f"{block.kind}_background"]),
                     colour(layout.colours[f"{block.kind}_accent"]), look.callout_border, look.callout_padding,
                     styles.rtl, layout.paragraph_space)
    box.source = block.source      # a box too tall for any page is reported here
    return box


def _steps(block: Steps, styles: Styles) -> list[StepList]:
    size = styles.body.fontSize
    style = ParagraphStyle("step", styles.bullet, leftIndent=size * 1.8, bulletIndent=0)
    last = ParagraphStyle("step-last", style, spaceAfter=styles.body.spaceAfter)
    group = ("steps", id(block))        # one L for the list, also across a page break
    items = [styles.paragraph(item, last if i == len(block.items) - 1 else style, bullet=number,
                              source=block.sources[i] if i < len(block.sources) else None,
                              tag=tagging.Tag("step-last" if i == len(block.items) - 1 else "step", group=group))
             for i, (item, number) in enumerate(zip(block.items, block.numbers))]
    # the first step on its own: what is kept with it (a heading, "Follow these steps:") is then kept
    # with one step, not with the whole list, which reportlab would move whole to the next page
    return [StepList(items[:1])] + ([StepList(items[1:], continues=True)] if len(items) > 1 else [])


def figure_block(block: Figure, styles: Styles, layout: Layout, max_height: float = 0.0) -> FigureBlock:
    label_style = _style(styles, "figure-label")
    labels = [(styles.paragraph(label.text, label_style), styles.text_width(label.text, label_style) * 1.02 + 2)
              for label in block.labels]
    caption = styles.paragraph(block.caption, _style(styles, "caption"), source=block.source) if block.caption else None
    figure = FigureBlock(block, labels, caption, layout.blocks.figure_space, styles.rtl, layout.print_shop,
                         max_height or layout.blocks.figure_max_height, styles.faces[(False, False)])
    figure.source = block.source
    return figure


def _table(block: TableBlock, styles: Styles, layout: Layout) -> list[Flowable]:
    look = layout.blocks
    head, cell = _style(styles, "table-head"), _style(styles, "cell")
    head = ParagraphStyle("table-head", head, spaceAfter=0)
    table = tagging.Tag("table")        # Table > TR > TH (header, scope Column) / TD, in reading order
    tags = [tagging.Tag("table-row", parent=table) for _ in range(len(block.rows) + 1)]
    rows = [[styles.paragraph(c, head, tag=tagging.Tag("table-head", parent=tags[0], order=k))
             for k, c in enumerate(block.header)]]
    rows += [[styles.paragraph(c, cell, tag=tagging.Tag("cell", parent=tags[i], order=k)) for k, c in enumerate(row)]
             for i, row in enumerate(block.rows, 1)]
    shares = _column_shares(block)
    if styles.rtl:
        rows = [list(reversed(r)) for r in rows]
        shares = list(reversed(shares))
    tagged = table
    table = DataTable(rows, colWidths=[f"{s * 100:.3f}%" for s in shares], repeatRows=1, hAlign="LEFT")
    rule, width, pad = colour(layout.colours["table_rule"]), look.table_rule_width, look.table_padding
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colour(layout.colours["table_header"])),
        ("LINEABOVE", (0, 0), (-1, 0), width, rule),
        ("LINEBELOW", (0, 0), (-1, 0), width * 2, rule),
        ("LINEBELOW", (0, 1), (-1, -1), width, rule),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), styles.faces[(False, False)]),     # else its cells' text objects name Helvetica
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.2),
    ]))
    table.spaceAfter = layout.paragraph_space * 1.5
    title = TableTitle(styles.paragraph(block.title, _style(styles, "table-title"), source=block.source,
                                        tag=tagging.Tag("table-title", parent=tagged)))
    title.keepWithNext = 0    # a long table kept with its title would be moved whole to the next page
    row = styles.body.leading + 2.2 * pad
    return [CondPageBreak(title.para.style.leading + 3 * row), title, table]   # title, header and two rows


def _column_shares(block: TableBlock) -> list[float]:
    """Each column's share of the width, after its longest text (a short column stays narrow)."""
    longest = [max(len(plain_text(row[c])) for row in (block.header,) + block.rows) for c in range(len(block.header))]
    raw = [min(max(n, 8), 60) ** 0.75 for n in longest]
    return [r / sum(raw) for r in raw]


__all__ = ["CalloutBox", "DataTable", "FigureBlock", "QRCodeBlock", "StepList", "Subheading", "TableTitle",
           "block_flowables", "figure_block"]
