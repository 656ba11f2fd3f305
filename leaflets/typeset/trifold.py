"""Tri-fold brochures: the six panels laid out at the largest type size that fits, the fold-in panel
holding what fits under the help box (see panels.py for the sheet and its panels).

The front panel (1) is the cover alone; the text runs through panels 2 to 4 and on to the back (6). The
fold-in panel (5) holds the contact panel, then (flap_plans, in order of preference) the reference list
and the closing lines, or the list alone (the closing lines then end the text on the back), or the
closing lines (the list ends the text), or nothing more (a short text: the list and the closing lines
end it together on the back). A plan that leaves the back panel under half full gives way to larger
type, then to the next plan.

Text that does not fit is an error that names the layout and says how much is too long: never cut,
never a seventh panel.
"""
from __future__ import annotations

import io
from dataclasses import replace

from reportlab.platypus.doctemplate import ActionFlowable

from leaflets.typeset import flowables as F
from leaflets.typeset.document import (LeafletPage, back_story, build_story, check_panel_fits, finish, new_doc,
                                       page_box, page_notes)
from leaflets.typeset.panels import (FarTooLong, PanelOverflow, TrifoldDoc, flap_height, flap_page,
                                     how_much, raise_if_overflowing)
from leaflets.diagnostics import ERROR, Diagnostic, LeafletError
from leaflets.layout.geometry import BACK, FLAP, trifold_panels
from leaflets.layout.settings import Layout
from leaflets.model.nodes import Leaflet


class _ToPanel(ActionFlowable):
    """Moves on to the start of page `number`, one page per marker."""

    def __init__(self, number: int):
        super().__init__(("toPanel", number))


STEP = 0.5   # pt: how much smaller each try is when a layout lets the text shrink to fit


def sizes_to_try(layout: Layout) -> list[float]:
    sizes = [layout.text_size]
    while layout.min_text_size and sizes[-1] - STEP >= layout.min_text_size - 1e-6:
        sizes.append(round(sizes[-1] - STEP, 2))
    return sizes


def scaled(layout: Layout, size: float) -> Layout:
    """The layout with its type set at `size` instead of text.size; every other size and space in proportion."""
    if size == layout.text_size:
        return layout
    f = size / layout.text_size
    return replace(layout, text_size=size, paragraph_space=layout.paragraph_space * f,
                   title_size=layout.title_size * f, subtitle_size=layout.subtitle_size * f,
                   heading_size=layout.heading_size * f, heading_space_before=layout.heading_space_before * f,
                   heading_space_after=layout.heading_space_after * f,
                   note_size=max(MIN_NOTE, layout.note_size * f), footer_size=max(MIN_NOTE, layout.footer_size * f))


MIN_NOTE = 7.0   # pt: notes and footer never shrink below the smallest size the schema allows for them


def render_trifold(leaflet: Leaflet, layout: Layout, body, headings, tagged: bool = True) -> bytes:
    """Six pages, one per panel in reading order, at the largest size that fits (see text.min_size and
    text.max_size).

    Raises LeafletError when the text does not fit even at the smallest size allowed.
    """
    at, data, doc = _largest_fitting(leaflet, layout, sizes_to_try(layout), body, headings, tagged)
    references_on = None
    if doc.references_page is not None and doc.references_page < BACK:
        # the references start before the back panel: they move there whole, when they fit, rather
        # than leave that panel with the closing lines alone or hold a stray reference or two
        try:
            at, data, doc = _fit(leaflet, at, at.text_size, body, headings, tagged, BACK)
            references_on = BACK
        except PanelOverflow:
            pass
    if at is layout and (references_on or _ends_early(doc) or _thin_back(doc)):
        # room to spare: set the text larger while it still fits
        for size in sizes_to_grow(layout):
            try:
                at_size = _fit(leaflet, layout, size, body, headings, tagged, references_on)
            except LeafletError:
                break
            at, data, doc = at_size
            if not references_on and not _ends_early(doc) and not _thin_back(doc):
                break
    return data


def _largest_fitting(leaflet: Leaflet, layout: Layout, sizes: list[float], body, headings, tagged: bool):
    """The first of `sizes` (largest first) at which the text fits: (layout at that size, bytes, doc).

    When the first size does not fit, the smallest is tried next: if the text does not fit even
    there, that is the answer, without laying it out at every size between."""
    try:
        return _fit(leaflet, layout, sizes[0], body, headings, tagged)
    except PanelOverflow:
        if len(sizes) == 1:
            raise
    try:
        smallest = _fit(leaflet, layout, sizes[-1], body, headings, tagged)
    except PanelOverflow as exc:
        raise PanelOverflow([replace(d, message=d.message.replace("too long", f"too long even at {sizes[-1]:g}pt", 1))
                             for d in exc.diagnostics]) from None
    for size in sizes[1:-1]:
        try:
            return _fit(leaflet, layout, size, body, headings, tagged)
        except PanelOverflow:
            pass
    return smallest


def sizes_to_grow(layout: Layout) -> list[float]:
    sizes = []
    size = layout.text_size
    while layout.max_text_size and size + STEP <= layout.max_text_size + 1e-6:
        size = round(size + STEP, 2)
        sizes.append(size)
    return sizes


def _ends_early(doc) -> bool:
    """The text, references included, ends before the last text panel (the back one)."""
    return (doc.body.end or (BACK, 0))[0] < BACK


# What the fold-in panel holds besides the contact panel, in order of preference; what it does not hold
# ends the text on the back panel. The reference list is end matter: on the flap, the panels the text
# needs are all its own; the closing lines (disclaimer, dates, code) then end the text if need be.
# ALONE, for a short text whose reference list would be left alone on the back (small print only): the
# list and the closing lines both end the text there.
REFERENCES_AND_CLOSING, REFERENCES, CLOSING, ALONE = "references+closing", "references", "closing", "alone"


def flap_plans(leaflet: Leaflet, layout: Layout) -> tuple[str, ...]:
    listed = leaflet.references and layout.references == "endnotes"
    return (REFERENCES_AND_CLOSING, REFERENCES, CLOSING) if listed else (CLOSING,)


def _fit(leaflet: Leaflet, layout: Layout, size: float, body, headings, tagged: bool = True,
         references_on: int | None = None):
    """(layout at `size`, bytes, doc) with the first of flap_plans that fits; else the last one's PanelOverflow."""
    at = scaled(layout, size)
    styles = F.make_styles(at, body, headings, leaflet.locale, tagged)
    check_panel_fits(leaflet, at, styles)
    plans = list(flap_plans(leaflet, layout) if references_on is None else (ALONE,))
    flap_box = page_box(at, *_flap_size(at))
    fitting = shortest = None       # shortest: the text's overflow with the most kept off its panels
    for plan in plans:      # (ALONE may be added on the way)
        try:
            flap = _flap_story(leaflet, at, styles, flap_box, plan)     # before laying out the text: cheap
            data, doc = _render_panels(leaflet, at, styles, flap, plan, references_on)
        except PanelOverflow as exc:
            shortest = shortest or (exc if exc.text else None)
            # far too long, or too long with the list off the panels: the plans after keep more on them
            hopeless = exc.far or (plan == REFERENCES and exc.text and _list_taller(leaflet, at, styles, flap_box))
            if (plan == plans[-1] or hopeless) and fitting is None:
                raise (shortest or exc) from None
            if hopeless:
                break
            continue
        if plan == CLOSING and doc.references_page is not None and doc.references_page < BACK:
            plans.append(ALONE)     # the list starts before the back: it moves there, with the closing lines
            fitting = fitting or (data, doc)
            continue
        if not _thin_back(doc):
            return at, data, doc
        # a back panel under half full: a later plan may put more on it (the closing lines, or the list
        # with them; never the list alone, which would leave it small print only)
        fitting = fitting or (data, doc)
    return (at, *fitting)


def _list_taller(leaflet: Leaflet, layout: Layout, styles: F.Styles, box) -> bool:
    """Is the reference list taller than the closing lines (so the text with it is longer)?"""
    closing = back_story(leaflet, layout, styles, box.w)[1:]
    return flap_height(F.reference_list(leaflet, styles), box.w, box.h) > flap_height(closing, box.w, box.h)


def _thin_back(doc) -> bool:
    """The back panel holds less than half a panel (a short text's end and nothing else)."""
    page, used = doc.body.end or (BACK, 0.0)
    return page < BACK or (page == BACK and used is not None and used < doc.back_height * 0.5)


def _flap_size(layout: Layout) -> tuple[float, float]:
    flap = trifold_panels(layout)[FLAP - 1]
    return flap.width, flap.height


def _render_panels(leaflet: Leaflet, layout: Layout, styles: F.Styles, flap: list, plan: str = CLOSING,
                   references_on: int | None = None):
    """The PDF bytes and the laid-out document (for where the text and references ended), the fold-in panel
    holding what `plan` says."""

    panels = trifold_panels(layout)
    boxes = [page_box(layout, p.width, p.height) for p in panels]
    notes = page_notes(leaflet, layout, styles, min(b.w for b in boxes))
    buffer = io.BytesIO()
    doc = new_doc(buffer, leaflet, layout, styles, notes, doc_class=TrifoldDoc)
    doc.start_flow(BACK, lambda page: BACK, None)
    doc.back_height = boxes[BACK - 1].h
    templates = []
    for panel, box in zip(panels, boxes):
        if panel.number == FLAP:
            templates.append(flap_page(box, layout, notes, flap))
            continue
        following = {FLAP - 1: "flap", BACK: "overflow"}.get(panel.number, f"panel-{panel.number + 1}")
        templates.append(LeafletPage(f"panel-{panel.number}", box, layout, notes, first=panel.number == 1,
                                     autoNextPageTemplate=following))
    # pages past the back panel exist only to measure how much is too long
    templates.append(LeafletPage("overflow", boxes[BACK - 1], layout, notes))
    doc.addPageTemplates(templates)
    story = build_story(leaflet, layout, styles, boxes[0].w, after_cover=(_ToPanel(2),))
    if plan in (REFERENCES_AND_CLOSING, REFERENCES):   # on to the back, which the text may not reach (it then grows)
        story = story[:_references_at(story)] + ([] if plan == REFERENCES_AND_CLOSING else
                                                 F.closing(leaflet, styles, layout))
        story += [_ToPanel(BACK) for _ in range(BACK - 1)]
    elif plan == ALONE:
        story += F.closing(leaflet, styles, layout)
    if references_on and plan in (CLOSING, ALONE):
        at = _references_at(story)
        story[at:at] = [_ToPanel(references_on) for _ in range(references_on - 1)]
    try:
        doc.build(story)
    except FarTooLong:
        doc.body.end = doc.body.end[0], None
    raise_if_overflowing(doc, leaflet, layout, boxes[BACK - 1].h, "back panel")
    return finish(doc), doc


def _references_at(story: list) -> int:
    return next(i for i, f in enumerate(story) if getattr(f, "outline_key", None) == F.REFERENCES_KEY)


def _flap_story(leaflet: Leaflet, layout: Layout, styles: F.Styles, box, plan: str) -> list:
    """The fold-in panel's flowables: the contact panel, then the reference list and the closing lines as
    `plan` says (flap_plans); a PanelOverflow if they do not fit."""
    panel, *closing = back_story(leaflet, layout, styles, box.w)
    flowables = [panel] + (F.reference_list(leaflet, styles) if plan in (REFERENCES_AND_CLOSING, REFERENCES) else
                           []) + (closing if plan in (REFERENCES_AND_CLOSING, CLOSING) else [])
    over = flap_height(flowables, box.w, box.h) - box.h
    if over > 0:
        what = {CLOSING: "the closing lines", REFERENCES: "the references"}.get(plan, "the references and the "
                                                                                    "closing lines")
        raise PanelOverflow([Diagnostic(
            ERROR, leaflet.contact.source, "contact",
            f"the contact panel and {what} do not fit the fold-in panel of layout {layout.name!r} "
            f"(variant {leaflet.variant}): {how_much(over, box.h, layout)} too long",
            "shorten the contact panel's text", code="back-page-too-long")])
    return flowables
