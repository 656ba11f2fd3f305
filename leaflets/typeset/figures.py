"""Figures: an image (SVG drawn as vectors, or PNG/JPEG) with its labels drawn on it in the leaflet's
fonts and an optional caption; made smaller to fit the rest of a page when it is a little too tall."""
from __future__ import annotations

import copy
import functools
import io

from reportlab.lib.colors import CMYKColor, Color
from reportlab.platypus import Flowable

from leaflets.model.nodes import Figure
from leaflets.typeset import tagging
from leaflets.typeset.flowables import note_numbers


class FigureBlock(Flowable):
    """An image (SVG drawn as vectors, or PNG/JPEG) at a share of the column, at the start side, with its
    labels drawn on it in the leaflet's fonts and an optional caption under it. Never split."""

    what = "this figure"

    def __init__(self, figure: Figure, labels: list, caption, space: float, mirrored: bool, cmyk: bool,
                 max_height: float, font: str):
        super().__init__()
        self.max_height, self.font = max_height, font
        self.figure, self.labels, self.caption, self.mirrored, self.cmyk = figure, labels, caption, mirrored, cmyk
        self.spaceBefore = self.spaceAfter = space
        self.alt = figure.alt
        # with a caption, the Figure and its Caption side by side in a Div (a Figure's Alt stands for all inside it)
        group = tagging.Tag("figure-group") if caption is not None else None
        self.tag = tagging.Tag("figure", alt=figure.alt, parent=group)
        if caption is not None:
            caption.tag = tagging.Tag("caption", parent=group)

    def wrap(self, aW, aH):
        image = self.figure.image
        self.width = aW
        self.image_w = aW * self.figure.width
        self.image_h = self.image_w * image.height / image.width
        if self.image_h > self.max_height:
            self.image_w, self.image_h = self.image_w * self.max_height / self.image_h, self.max_height
        self.x = self.image_x()
        self.caption_h = self.caption.wrap(aW, aH)[1] + 4 if self.caption else 0.0
        self.height = self.image_h + self.caption_h
        return self.width, self.height

    def image_x(self) -> float:
        """Where the image starts: at the start side, moved in as far as a label on that side reaches out."""
        w = self.image_w
        if self.mirrored:
            reach = max([label.x * w + natural - w for label, (_, natural) in zip(self.figure.labels, self.labels)
                         if label.x >= 0.5] + [0.0])
            return max(0.0, self.width - w - reach)
        reach = max([natural - (label.x + LABEL_WIDTH) * w for label, (_, natural) in zip(self.figure.labels,
                     self.labels) if label.x < 0.5] + [0.0])
        return min(reach, self.width - w)

    def split(self, aW, aH):
        """Not split: made smaller, down to SMALLEST of its height, when that fits what is left of the page
        (else it goes to the next page and leaves a gap the height of the page's rest)."""
        self.wrap(aW, aH)
        room = aH - self.caption_h
        if room >= self.image_h or room < self.image_h * SMALLEST:
            return []
        smaller = copy.copy(self)
        smaller.max_height = room
        return [smaller]

    def note_numbers(self) -> set[int]:
        return note_numbers(self.caption) if self.caption else set()

    def label_box(self, label, natural: float) -> tuple[float, float]:
        """(start, width) of a label. On the image's left half it ends by its line (LABEL_WIDTH of the image
        from its point); on the right half it starts at its point. Either may reach past the image into
        the column beside it, and wraps only where the column ends."""
        if label.x < 0.5:
            end = self.x + (label.x + LABEL_WIDTH) * self.image_w
            width = min(natural + 1, end)
            return end - width, width
        start = self.x + label.x * self.image_w
        return start, min(natural + 1, self.width - start)

    def draw(self):
        tagging.draw_as_content(self, self._draw_figure)      # the labels inside the Figure, which its Alt covers
        if self.caption:
            self.caption.drawOn(self.canv, 0, 0)

    def _draw_figure(self):
        self._draw_image()
        c, y = self.canv, self.caption_h
        for label, (para, natural) in zip(self.figure.labels, self.labels):
            start, width = self.label_box(label, natural)
            _, h = para.wrap(width, self.image_h)
            para.drawOn(c, start, y + (1 - label.y) * self.image_h - h / 2)

    def _draw_image(self):
        c = self.canv
        x, y = self.x, self.caption_h
        image = self.figure.image
        if image.format == "svg":
            drawing = svg_drawing(image.data, self.cmyk)
            drawing.initialFontName = self.font    # else the renderer names reportlab's default font, Helvetica
            c.saveState()
            clip = c.beginPath()
            clip.rect(x, y, self.image_w, self.image_h)
            c.clipPath(clip, stroke=0, fill=0)      # nothing outside the SVG's viewBox
            c.translate(x, y)
            c.scale(self.image_w / drawing.width, self.image_h / drawing.height)
            drawing.drawOn(c, 0, 0)
            c.restoreState()
        else:
            from reportlab.lib.utils import ImageReader  # reason: only for raster figures

            c.drawImage(ImageReader(io.BytesIO(image.data)), x, y, self.image_w, self.image_h)


SMALLEST = 0.7        # a figure is made at most this much smaller to fit the rest of a page
LABEL_WIDTH = 0.28     # a label on the image's left half ends this share of its width after its point


@functools.lru_cache(maxsize=32)
def svg_drawing(data: bytes, cmyk: bool):
    """The SVG as a reportlab Drawing (svglib), its colours made CMYK for a print shop. Kept by its bytes
    (a few per process): parsing it was a quarter of a warm render, and drawing does not change it."""
    from svglib.svglib import svg2rlg  # reason: svglib and lxml, only for SVG figures

    drawing = svg2rlg(io.BytesIO(data))
    if cmyk:
        _to_cmyk(drawing)
    return drawing


def _to_cmyk(node) -> None:
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if isinstance(value, Color) and not isinstance(value, CMYKColor):
            r, g, b = value.rgb()
            k = 1 - max(r, g, b)
            cmy = (0, 0, 0) if k >= 1 else tuple((1 - v - k) / (1 - k) for v in (r, g, b))
            setattr(node, attr, CMYKColor(*cmy, k, alpha=value.alpha))
    for child in getattr(node, "contents", None) or ():
        _to_cmyk(child)
