"""Tri-fold brochures: six panels of one landscape sheet, laid out in reading order.

A letter-folded (tri-fold) sheet, printed on both sides:

    outside:  | 5 fold-in | 6 back | 1 front cover |
    inside:   | 2         | 3      | 4             |

Turned over about its vertical axis (duplex, flip on the short edge), panel 2
is behind the cover and panel 4 behind the fold-in panel 5. Panels 4 and 5 are
one leaf, the one that folds in first, so it is narrower by
`imposition.fold_in_narrower` and tucks in without buckling. The sheet width W
and that difference d give the other panels (W + d) / 3 and the fold-in leaf
(W + d) / 3 - d.

Here the panels are laid out as six pages of their own sizes, in reading
order: the cover opens panel 1 and the text flows through panels 1 to 4 and
on to the back panel (6), which ends with the references and the closing
lines. The fold-in panel (5), the first seen beside panel 2 when the cover
opens, is self-contained: it holds the contact panel alone, so help is the
first thing inside and no section is broken onto the flap. impose.py then
puts the six pages onto the two sides of the sheet.
Every panel has the layout's page margins on all four sides, so nothing is
printed on or across a fold.

Text that does not fit panels 1 to 5 is an error that names the layout and
says how much is too long: never cut, never a seventh panel.
"""
from __future__ import annotations

import io
from dataclasses import replace

from reportlab.platypus import Paragraph
from reportlab.platypus.doctemplate import ActionFlowable

from leaflets.typeset import flowables as F
from leaflets.typeset import private
from leaflets.typeset.notespage import NotesPage
from leaflets.typeset.rtl import BidiParagraph
from leaflets.typeset.document import (LeafletDoc, LeafletPage, back_story, build_story, check_panel_fits, finish,
                                       new_doc, page_box, page_notes)
from leaflets.diagnostics import ERROR, Diagnostic, LeafletError, SourceLocation
from leaflets.layout.geometry import BACK, FLAP, TEXT_PANELS, padded, trifold_panels
from leaflets.layout.settings import Layout
from leaflets.model.nodes import Leaflet


class _ToBack(ActionFlowable):
    """Ends the flowing text: moves on, one panel at a time, to the back panel."""

    def __init__(self):
        super().__init__(("toBack",))


class _ToPanel(ActionFlowable):
    """Moves on to the start of page `number`, one page per marker."""

    def __init__(self, number: int):
        super().__init__(("toPanel", number))


class _Overflow:
    """Where and by how much text ran past the panels meant for it."""

    def __init__(self):
        self.first = None        # (page, flowable) of the first flowable past the panels
        self.end = None          # (page, used height of that page's frame)


class BackPageDoc:
    """Mixed into document.LeafletDoc (BackPageLeafletDoc): the text flows, then the back page.

    The back page (a tri-fold's back panel, a booklet's back cover) carries the contact panel and the
    closing lines. Set by the caller: `text_pages` (the text must end by this page; None: no limit),
    `back_page_for(page)` (the back page's number, given the page the text ends on) and `filler` (the
    template of the pages left between them, or None to follow the templates' own chain).
    """

    def start_flow(self, text_pages, back_page_for, filler):
        self.text_pages, self.back_page_for, self.filler = text_pages, back_page_for, filler
        self.in_back, self.back_page = False, None
        self.body, self.back = _Overflow(), _Overflow()
        self.references_page = None

    def _used(self) -> float:
        frame = self.frame
        return frame.y1 + frame.height - frame.topPadding - private.frame_cursor(frame)

    def afterFlowable(self, flowable):
        super().afterFlowable(flowable)
        if isinstance(flowable, ActionFlowable):
            return
        if getattr(flowable, "outline_key", None) == F.REFERENCES_KEY:
            self.references_page = self.page
        watch, last = (self.back, self.back_page) if self.in_back else (self.body, self.text_pages)
        if last is not None and self.page > last and watch.first is None:
            watch.first = (self.page, flowable)
        watch.end = (self.page, self._used())
        if not self.in_back and last is not None and self.page > last + MEASURED_PAST:
            raise _FarTooLong()     # the answer is known: the rest of a long story need not be laid out

    def handle_toPanel(self, number: int):
        if self.page < number:
            self.handle_pageBreak()

    def handle_toBack(self):
        """Called once per _ToBack marker; each moves at most one page on."""
        if not self.in_back:
            self.in_back = True
            self.body.end = (self.page, self._used())
            self.back_page = self.back_page_for(self.page)
        if self.page < self.back_page - 1:
            if self.filler:
                self.handle_nextPageTemplate(self.filler)
            self.handle_pageBreak()
        elif self.page == self.back_page - 1:
            self.handle_nextPageTemplate("back")
            self.handle_pageBreak()


MEASURED_PAST = 2   # pages past the last text page laid out to say how much is too long; beyond, "more than"


class _FarTooLong(Exception):
    """Raised inside the layout when the text runs more than MEASURED_PAST pages past its last page."""


class BackPageLeafletDoc(BackPageDoc, LeafletDoc):
    """A leaflet's document whose text flows, then ends on a back page."""


class TrifoldDoc(BackPageLeafletDoc):
    """A tri-fold's document: the text steps over the fold-in panel, which its template fills (FlapPage)."""

    text_panels = TEXT_PANELS

    def handle_flowable(self, flowables):
        """No paragraph shorter than a panel is broken from panel 4 over the flap to the back: the reader turns
        the leaflet over between them (one that keeps with the next is in a group, which moves on whole)."""
        first, box = flowables[0] if flowables else None, self.pageTemplate.box
        self.allowSplitting = int(not (self.page == FLAP - 1 and isinstance(first, (Paragraph, BidiParagraph))
                                       and not first.getKeepWithNext() and first.wrap(box.w, box.h)[1] <= box.h))
        try:
            super().handle_flowable(flowables)
        finally:
            self.allowSplitting = 1

    def handle_pageBegin(self):
        super().handle_pageBegin()
        if self.pageTemplate.id == "flap":
            self.handle_pageEnd()


def flap_page(box, layout: Layout, notes, flowables: list) -> LeafletPage:
    """The fold-in panel's page: the contact panel and the closing lines from its top, drawn with the page
    (tagged, the panel in the outline)."""
    page = LeafletPage("flap", box, layout, notes, autoNextPageTemplate=f"panel-{BACK}")
    begin = page.onPage

    def draw(canv, doc):
        begin(canv, doc)
        y, after = box.y + box.h, 0.0
        for i, flowable in enumerate(flowables):
            width, height = flowable.wrapOn(canv, box.w, box.h)
            y -= max(after, flowable.getSpaceBefore()) if i else 0.0
            if getattr(flowable, "outline_key", None):
                canv.bookmarkHorizontal(flowable.outline_key, box.x + getattr(flowable, "outline_indent", 0), y)
                canv.addOutlineEntry(flowable.outline_title, flowable.outline_key, level=0)
            y -= height
            # the panel is narrowed by its border (document.contact_panel): centred, its stroke stays inside
            inset = (box.w - width) / 2 if getattr(flowable, "contact_panel", False) else 0.0
            flowable.drawOn(canv, box.x + inset, y)
            after = flowable.getSpaceAfter()
    page.onPage = draw
    return page


def flap_height(flowables: list, width: float, height: float) -> float:
    total, after = 0.0, 0.0
    for i, flowable in enumerate(flowables):
        _, h = flowable.wrap(width, height)
        total += h + (max(after, flowable.getSpaceBefore()) if i else 0.0)
        after = flowable.getSpaceAfter()
    return total


MOVES = 5   # _ToBack markers: enough to get from the cover panel to the back one, or over 3 blank pages


def back_flow(story: list, back: list) -> list:
    return story + [_ToBack() for _ in range(MOVES)] + back


class PanelOverflow(LeafletError):
    """The text is too long for the panels (at the size tried); `text`: the text, not the flap's contents;
    `far`: by more than MEASURED_PAST panels."""

    far = text = False


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
    except _FarTooLong:
        doc.body.end = doc.body.end[0], None
    _raise_if_overflowing(doc, leaflet, layout, boxes[BACK - 1].h, "back panel")
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
            f"(variant {leaflet.variant}): {_amount(over, box.h, layout)} too long",
            "shorten the contact panel's text", code="back-page-too-long")])
    return flowables


def render_with_back_cover(leaflet: Leaflet, layout: Layout, styles: F.Styles) -> bytes:
    """A booklet whose back cover carries the contact panel: the text, blank pages, the back cover.

    The booklet has a multiple of 4 pages; the pages left over (if any) come just before the back cover,
    as pages for the reader's notes (notespage.py).
    """
    box = page_box(layout)
    notes = page_notes(leaflet, layout, styles, box.w)
    buffer = io.BytesIO()
    doc = new_doc(buffer, leaflet, layout, styles, notes, doc_class=BackPageLeafletDoc)
    doc.start_flow(None, lambda page: padded(page + 1), "blank")
    covers = layout.footer_on_covers
    doc.addPageTemplates([LeafletPage("page", box, layout, notes, first=True, autoNextPageTemplate="next",
                                      footer=covers),
                          LeafletPage("next", box, layout, notes),
                          NotesPage("blank", box, layout, notes, leaflet.labels.notes, styles),
                          LeafletPage("back", box, layout, notes, autoNextPageTemplate="next", footer=covers)])
    doc.build(back_flow(build_story(leaflet, layout, styles, box.w), back_story(leaflet, layout, styles, box.w)))
    _raise_if_overflowing(doc, leaflet, layout, box.h, "back cover")
    return finish(doc)


def _mm(points: float) -> str:
    return f"{points * 25.4 / 72:.0f}mm"


def _raise_if_overflowing(doc, leaflet: Leaflet, layout: Layout, height: float, back_name: str) -> None:
    problems = []
    body_page, body_used = doc.body.end or (1, 0.0)
    if doc.text_pages is not None and body_page > doc.text_pages:
        if body_used is None:       # the layout stopped there (_FarTooLong)
            amount = f"more than {MEASURED_PAST} panels"
        else:
            amount = _amount((body_page - doc.text_pages - 1) * height + body_used, height, layout)
        where = _location(doc.body.first[1] if doc.body.first else None, leaflet)
        problems.append(Diagnostic(
            ERROR, where, "",
            f"the text does not fit the {NUMBERS.get(getattr(doc, 'text_panels', doc.text_pages), doc.text_pages)} text panels of layout "
            f"{layout.name!r} (variant {leaflet.variant}): {amount} too long"
            f"{_from(doc.body.first, doc.text_pages)}",
            "shorten the text, or leave the tri-folds out: list the layouts this leaflet is built in under "
            "'layouts:' in its content file, e.g. layouts: [a4, a5-booklet]", code="trifold-text-too-long"))
    else:
        back_page, back_used = doc.back.end or (doc.back_page, 0.0)
        if doc.back_page is not None and back_page > doc.back_page:
            over = (back_page - doc.back_page - 1) * height + back_used
            problems.append(Diagnostic(
                ERROR, leaflet.contact.source, "contact",
                f"the contact panel and the closing lines do not fit the {back_name} of layout {layout.name!r} "
                f"(variant {leaflet.variant}): {_amount(over, height, layout)} too long",
                "shorten the contact panel's text", code="back-page-too-long"))
    if problems:
        exc = PanelOverflow(problems)
        exc.text = doc.text_pages is not None and body_page > doc.text_pages
        exc.far = exc.text and body_used is None
        raise exc


NUMBERS = {4: "four", 5: "five"}


def _amount(over: float, height: float, layout: Layout) -> str:
    share = over / height
    if share >= 0.95:
        rough = f"about {share:.1f} panels"
    else:
        lines = max(1, round(over / (layout.text_size * layout.leading)))
        rough = f"about {lines} line{'s' if lines != 1 else ''} of {layout.text_size:g}pt text"
    return f"{over:.0f}pt ({_mm(over)}, {rough})"


def _from(first, last: int) -> str:
    if not first:
        return ""
    text = getattr(first[1], "getPlainText", lambda: "")().strip()
    if not text:
        return ""
    snippet = text if len(text) <= 40 else text[:39].rstrip() + "\u2026"
    return f"; panel {last} ends before \"{snippet}\""


def _location(flowable, leaflet: Leaflet) -> SourceLocation:
    """The text the first panel too many starts with; the whole content file if that is not the author's
    text (the reference list): then the text as a whole is too long."""
    source = getattr(flowable, "source", None)
    if source:
        return source
    key = getattr(flowable, "outline_key", "")
    for section in leaflet.sections:
        if key == f"s-{section.id}":
            return section.source
    return SourceLocation(leaflet.contact.source.path)
