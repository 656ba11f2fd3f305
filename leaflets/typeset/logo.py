"""A clinic's logo on the cover: PNG and JPEG through reportlab's Image, SVG through svglib.

The file was checked when the clinic was loaded (inputs.logos): its type, size and, for an
SVG, that it refers to nothing outside itself.
"""
from __future__ import annotations

import io

from reportlab.platypus import Flowable, Image

from leaflets.layout.settings import Layout
from leaflets.typeset import memo

LOGO_HEIGHT = 2.2   # times the title size: about 20 mm on an A4 handout


class _Drawing(Flowable):
    """An svglib drawing scaled to a height."""

    def __init__(self, drawing, height: float, align: str):
        super().__init__()
        self.drawing, self.hAlign = drawing, align
        self.scale = height / drawing.height if drawing.height else 1.0
        self.width, self.height = drawing.width * self.scale, height

    def wrap(self, aW, aH):
        if self.width > aW:     # a wide logo: narrowed to the frame, in proportion
            factor = aW / self.width
            self.scale, self.width, self.height = self.scale * factor, aW, self.height * factor
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.drawing.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


def logo_flowable(logo, layout: Layout, styles, height: float = 0.0) -> Flowable | None:
    height = height or layout.title_size * LOGO_HEIGHT
    align = "RIGHT" if styles.rtl else "LEFT"
    if logo.kind == "svg":
        from svglib.svglib import svg2rlg  # reason: svglib (and lxml) only for a clinic with an SVG logo

        drawing = memo.remembered(memo.DRAWINGS, logo.data, lambda: svg2rlg(io.BytesIO(logo.data)))
        if drawing is not None:     # (set on every render: the drawing is shared by the renders of this process)
            drawing.initialFontName = styles.body.fontName    # else the renderer names Helvetica, not embedded
        return _Drawing(drawing, height, align) if drawing is not None and drawing.height else None
    width = height * logo.width / logo.height
    image = Image(io.BytesIO(logo.data), width=width, height=height)
    image.hAlign = align
    image.spaceAfter = layout.text_size * 0.4
    return image
