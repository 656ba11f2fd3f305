"""A page for the reader's own notes and questions: what a booklet's spare pages become.

A saddle-stitched booklet has a multiple of four pages; the pages the text leaves over before the
back cover carry the heading `labels.notes` ("Notes and questions for your care team") and lines
to write on, instead of being left blank.
"""
from __future__ import annotations

from leaflets.layout.settings import Layout
from leaflets.typeset import flowables as F
from leaflets.typeset.document import LeafletPage, PageBox

LINE_GAP = 2.4      # the space between two write-in lines, in body text sizes (about 10mm at 12pt)


class NotesPage(LeafletPage):
    """A page template that draws the notes heading and write-in lines on each page it makes."""

    def __init__(self, id, box: PageBox, layout: Layout, notes, heading: str, styles: F.Styles, **kw):
        super().__init__(id, box, layout, notes, **kw)
        self.heading, self.styles, self.layout = heading, styles, layout
        begin = self.onPage
        self.onPage = lambda canv, doc: (begin(canv, doc), self.draw_notes(canv))

    def draw_notes(self, canv) -> None:
        box, styles = self.box, self.styles
        top = box.y + box.h
        if self.heading:
            para = styles.paragraph(self.heading, styles.heading)
            _, h = para.wrap(box.w, box.h)
            para.drawOn(canv, box.x, top - h)
            top -= h + styles.heading.spaceAfter
        gap = self.layout.text_size * LINE_GAP
        canv.saveState()
        canv.setStrokeColor(F.colour(self.layout.colours["rule"]))
        canv.setLineWidth(0.6)
        y = top - gap
        while y >= box.y:
            canv.line(box.x, y, box.x + box.w, y)
            y -= gap
        canv.restoreState()
