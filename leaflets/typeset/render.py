"""Lay out a Leaflet on pages and return the PDF bytes: the one entry point of the typesetting stage.

Pages flow through typeset.document; tri-folds and layouts with a back cover through typeset.panels.
"""
from __future__ import annotations

import io

from leaflets.layout.settings import Layout, for_locale
from leaflets.model.nodes import Leaflet
from leaflets.typeset import flowables as F
from leaflets.typeset.document import (LeafletPage, build_story, check_panel_fits, finish, new_doc, page_box,
                                       page_notes)
from leaflets.typeset.fonts import FontChain, forget_shaping
from leaflets.typeset.panels import render_with_back_cover
from leaflets.typeset.trifold import render_trifold


def render(leaflet: Leaflet, layout: Layout, body: FontChain, headings: FontChain, tagged: bool = True) -> bytes:
    """The leaflet's pages in reading order (a tri-fold: its six panels), as PDF bytes: the same bytes
    whatever this process made before (see forget_shaping). Tagged (PDF/UA-1, typeset.tagging); with
    tagged=False, drawn as before tagging (the tests compare the pixels of both).

    Imposition onto sheets (tri-fold, booklet) is a later step: impose.py.
    """
    forget_shaping()
    try:
        return _render(leaflet, for_locale(layout, leaflet.locale), body, headings, tagged)
    finally:
        forget_shaping()


def _render(leaflet: Leaflet, layout: Layout, body: FontChain, headings: FontChain, tagged: bool) -> bytes:
    if layout.imposition == "trifold":
        return render_trifold(leaflet, layout, body, headings, tagged)
    styles = F.make_styles(layout, body, headings, leaflet.locale, tagged)
    panel = check_panel_fits(leaflet, layout, styles)
    if layout.contact_position.kind == "back":
        return render_with_back_cover(leaflet, layout, styles)
    box = page_box(layout)
    notes = page_notes(leaflet, layout, styles, box.w)
    buffer = io.BytesIO()
    doc = new_doc(buffer, leaflet, layout, styles, notes)
    doc.addPageTemplates([LeafletPage("page", box, layout, notes, first=True, autoNextPageTemplate="next"),
                          LeafletPage("next", box, layout, notes)])
    doc.build(build_story(leaflet, layout, styles, box.w, panel))
    return finish(doc)
