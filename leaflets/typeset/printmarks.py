"""What a page carries for the printer besides the leaflet: the top band, bleed, crop marks, page boxes.

Office layouts: the page is the paper, and nothing is drawn within 6.35mm of
its edge (office printers leave that strip unprinted). Print-shop layouts: the
page as designed is the *trim* box; the PDF page around it is larger by the
bleed (where backgrounds that touch the trim edge run on, so a slightly
off cut leaves no white line) and by the crop marks outside the bleed.

reportlab's own `bleedWidth` scales the page content, so the bleed is drawn
here: the page template's canvas is moved by the slug (bleed plus marks) and
everything is drawn in trim coordinates. Everything here is drawn in the
layout's own colour spaces; print-shop layouts are all CMYK (layout.check_rules)
and their canvas refuses any RGB colour (enforceColorSpace='cmyk').
"""
from __future__ import annotations

from reportlab.lib.colors import CMYKColor

from leaflets.layout.settings import OFFICE_SAFE_EDGE, Layout
from leaflets.inputs.units import PT_PER
from leaflets.typeset import rtl

MM = PT_PER["mm"]
MARK_OFFSET = 2 * MM      # the crop marks start this far outside the bleed
MARK_LENGTH = 5 * MM
MARK_WIDTH = 0.25         # points: a hairline, as print shops expect
REGISTRATION = CMYKColor(1, 1, 1, 1)   # "registration" black: shows on every printing plate


def slug(layout: Layout) -> float:
    """How far the PDF page reaches past the trim edge on each side."""
    if not layout.print_shop:
        return 0.0
    marks = MARK_OFFSET + MARK_LENGTH + 1 * MM if layout.crop_marks else 0.0
    return layout.bleed + marks


def media_size(layout: Layout, width: float, height: float) -> tuple[float, float]:
    s = slug(layout)
    return width + 2 * s, height + 2 * s


def boxes(layout: Layout, width: float, height: float) -> dict:
    """reportlab PageTemplate keyword arguments for the TrimBox and BleedBox of a print-shop page."""
    if not layout.print_shop:
        return {}
    s, b = slug(layout), layout.bleed
    return {"trimBox": (s, s, s + width, s + height),
            "bleedBox": (s - b, s - b, s + width + b, s + height + b)}


def begin_page(canv, layout: Layout, width: float, height: float, first: bool, colour) -> None:
    """Move the origin to the trim corner, then draw the crop marks and the band (under everything else)."""
    s = slug(layout)
    if s:
        canv.translate(s, s)
    if layout.print_shop and layout.crop_marks:
        crop_marks(canv, width, height, layout.bleed)
    if has_band(layout, first):
        band(canv, layout, width, height, colour)


def has_band(layout: Layout, first: bool) -> bool:
    return bool(layout.band_height) and (first or layout.band_pages == "all")


def paper(layout: Layout) -> tuple:
    """Paper white, in the layout's colour space: no ink at all (text knocked out of the band)."""
    return ("cmyk", 0, 0, 0, 0) if layout.print_shop else ("rgb", 1, 1, 1)


def band_label_size(layout: Layout) -> float:
    """The band's words: 2pt larger than the footer's, if they fit between the band's foot and the
    safe line 6.35mm inside the edge (where every string stays)."""
    room = layout.band_height - OFFICE_SAFE_EDGE
    return max(0.0, min(layout.footer_size + 2, room / LABEL_BOX))


LABEL_BOX = 1.45     # ems from the lowest descent to the highest ascent of the faces (Noto Sans: 1.069 + 0.293)


def band_label(canv, layout: Layout, width: float, height: float, pieces: list, right_to_left: bool) -> None:
    """The band's words on one line at the start side of the text column, centred between the band's foot
    and the safe line."""
    size = band_label_size(layout)
    foot, safe = height - layout.band_height, height - OFFICE_SAFE_EDGE
    baseline = (foot + safe) / 2 - size * (1.069 - 0.293) / 2
    x, align = (width - layout.margin_right, "right") if right_to_left else (layout.margin_left, "left")
    rtl.draw_line(canv, pieces, x, baseline, align, "rtl" if right_to_left else "ltr")


def band(canv, layout: Layout, width: float, height: float, colour) -> None:
    """The coloured band along the top edge: into the bleed for a print shop, inside the safe edge otherwise."""
    top = layout.band_height
    if layout.print_shop:
        b = layout.bleed
        x0, y0, x1, y1 = -b, height - top, width + b, height + b
    else:
        e = OFFICE_SAFE_EDGE
        x0, y0, x1, y1 = e, height - top, width - e, height - e
    canv.saveState()
    canv.setFillColor(colour)
    canv.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
    canv.restoreState()


def crop_marks(canv, width: float, height: float, bleed: float) -> None:
    """Eight short lines on the trim lines, starting outside the bleed, one pair at each corner."""
    start, end = bleed + MARK_OFFSET, bleed + MARK_OFFSET + MARK_LENGTH
    canv.saveState()
    canv.setStrokeColor(REGISTRATION)
    canv.setLineWidth(MARK_WIDTH)
    for x in (0.0, width):
        for y, sign in ((0.0, -1), (height, 1)):
            canv.line(x, y + sign * start, x, y + sign * end)          # vertical mark, above or below
    for y in (0.0, height):
        for x, sign in ((0.0, -1), (width, 1)):
            canv.line(x + sign * start, y, x + sign * end, y)          # horizontal mark, left or right
    canv.restoreState()
