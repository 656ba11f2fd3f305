"""The contact panel ("Who to contact"): the care team first, with lines to write in, then the services,
in a box; a heading in the PDF outline."""
from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from leaflets.layout.settings import Layout
from leaflets.model.nodes import Leaflet
from leaflets.typeset.flowables import Styles, as_heading, colour

CONTACT_KEY = "s-contact"          # the outline key of the contact panel


def contact_panel(leaflet: Leaflet, styles: Styles, layout: Layout, width: float, extra: list = ()) -> Table:
    """extra: flowables after the entries (a clinic's QR code)."""
    cells = _panel_cells(leaflet, styles, layout, list(extra))
    for flowable in extra:          # the QR code and its address are in the panel's Div too
        flowable.tag.kind = "panel-figure"
        for text in getattr(flowable, "texts", ()):
            text.tag.kind = "panel-text"
    for cell in cells:
        for para in (cell, getattr(cell, "para", None), *getattr(cell, "texts", ())):
            if getattr(para, "tag", None):
                para.tag.group = "contact"     # one Div: the panel's heading and its entries
    # "Who to contact" is in the outline too: help is one click away in a PDF viewer's bookmarks
    table = as_heading(_panel_table(cells, styles, layout, width), CONTACT_KEY, leaflet.contact.heading)
    table.outline_indent = layout.text_size      # the bookmark opens at the heading, inside the padding
    return table


def _panel_cells(leaflet: Leaflet, styles: Styles, layout: Layout, extra: list) -> list[Flowable]:
    panel = leaflet.contact
    cells: list[Flowable] = [styles.paragraph(panel.heading, styles.panel_heading)]
    # the patient's own care team first (a clinic's numbers come first among the entries), then the services
    if panel.note:
        cells.append(styles.paragraph(panel.note, styles.panel_text))
    cells += [write_in(label, styles, layout) for label in panel.write_in]
    if panel.write_in:
        cells.append(Spacer(1, styles.panel_text.spaceAfter))
    if panel.intro:
        cells.append(styles.paragraph(panel.intro, styles.panel_text))
    phone_style = ParagraphStyle("panel-phone", styles.panel_phone, textColor=colour(layout.colours["headings"]))
    for entry in panel.entries:
        cells.append(styles.paragraph(entry.name, styles.panel_name))
        cells.append(styles.paragraph(entry.phone, phone_style, direction="ltr", link=f"tel:{entry.dial}"))
        if entry.purpose:
            cells.append(styles.paragraph(entry.purpose, styles.panel_text))
        else:       # a clinic number without hours: the usual space after it
            cells.append(Spacer(1, styles.panel_text.spaceAfter))
    cells += extra
    return cells


def _panel_table(cells: list[Flowable], styles: Styles, layout: Layout, width: float) -> Table:
    pad = layout.text_size
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


def write_in(label: str, styles: Styles, layout: Layout) -> Flowable:
    """A label and a line to write on beside it ("Your care team: ____")."""
    return _WriteIn(styles.paragraph(label, styles.panel_name), styles.text_width(label, styles.panel_name),
                    styles.panel_name, colour(layout.colours["rule"]), styles.rtl)


class _WriteIn(Flowable):
    """A label followed by a line to write on (e.g. the patient's own care team)."""

    def __init__(self, para: Flowable, label_width: float, style: ParagraphStyle, rule: Color, mirrored: bool):
        super().__init__()
        self.para, self.label_width, self.style = para, label_width, style
        self.rule, self.mirrored = rule, mirrored
        self.spaceBefore = style.leading * 0.6

    def wrap(self, aW, aH):
        self.label_w = min(aW * 0.6, self.label_width + 8)
        _, h = self.para.wrap(self.label_w, aH)
        self.width, self.height = aW, max(h, self.style.leading * 1.6)
        return self.width, self.height

    def draw(self):
        x = self.width - self.label_w if self.mirrored else 0
        self.para.drawOn(self.canv, x, 0)
        self.canv.saveState()
        self.canv.setStrokeColor(self.rule)
        self.canv.setLineWidth(0.8)
        y = self.style.fontSize * 0.2 - 2
        if self.mirrored:
            self.canv.line(0, y, self.width - self.label_w, y)
        else:
            self.canv.line(self.label_w, y, self.width, y)
        self.canv.restoreState()
