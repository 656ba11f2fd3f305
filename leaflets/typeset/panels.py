"""Tri-fold brochures and booklets with a back cover: the documents whose text flows, then ends on a
back page.

A letter-folded (tri-fold) sheet, printed on both sides:

    outside:  | 5 fold-in | 6 back | 1 front cover |
    inside:   | 2         | 3      | 4             |

Turned over about its vertical axis (duplex, flip on the short edge), panel 2
is behind the cover and panel 4 behind the fold-in panel 5. Panels 4 and 5 are
one leaf, the one that folds in first, so it is narrower by
`imposition.fold_in_narrower` and tucks in without buckling. The sheet width W
and that difference d give the other panels (W + d) / 3 and the fold-in leaf
(W + d) / 3 - d.

The panels are laid out as six pages of their own sizes, in reading order (trifold.py fits the text to
them): the front panel (1) is the cover alone, the text flows through panels 2 to 4 and on to the back
panel (6). The fold-in panel (5), the first seen beside panel 2 when the cover opens, is self-contained:
its template draws the contact panel at its top (and what else fits under it), so help is the first
thing inside and no section is broken onto the flap. impose.py then puts the six pages onto the two
sides of the sheet. Every panel has the layout's page margins on all four sides, so nothing is printed
on or across a fold.
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
from leaflets.typeset.document import (LeafletDoc, LeafletPage, back_story, build_story, finish, new_doc, page_box,
                                       page_notes)
from leaflets.diagnostics import ERROR, Diagnostic, LeafletError, SourceLocation
from leaflets.layout.geometry import BACK, FLAP, TEXT_PANELS, padded
from leaflets.layout.settings import Layout
from leaflets.model.nodes import Leaflet


class _ToBack(ActionFlowable):
    """Ends the flowing text: moves on, one panel at a time, to the back panel."""

    def __init__(self):
        super().__init__(("toBack",))


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
            raise FarTooLong()     # the answer is known: the rest of a long story need not be laid out

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


class FarTooLong(Exception):
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


def render_with_back_cover(leaflet: Leaflet, layout: Layout, styles: F.Styles) -> bytes:
    """A booklet whose back cover carries the contact panel: the text, blank pages, the back cover.

    The booklet has a multiple of 4 pages; the pages left over (if any) come just before the back cover,
    as pages for the reader's notes (notespage.py). A back cover without a footer has the footer's room for
    its text too. When the contact panel and the closing lines together
    are too tall for the back cover (a clinic's own numbers and hours make the panel taller), the closing
    lines end the text inside instead, after the references: the help stays on the back cover.
    A booklet that keeping every short list whole leaves with a sheet's worth of notes pages is laid out
    again with its short lists broken where they fall, and printed on a sheet fewer when it then can be.
    """
    data, doc = _fitted_booklet(leaflet, layout, styles)
    if styles.whole_short_lists and doc.back_page - doc.body.end[0] > SPARE_SHEET:
        looser, tried = _fitted_booklet(leaflet, layout, replace(styles, whole_short_lists=False))
        if tried.back_page < doc.back_page:
            return looser
    return data


SPARE_SHEET = 3     # notes pages before the back cover (at least): with a page of text less, a sheet less


def _fitted_booklet(leaflet: Leaflet, layout: Layout, styles: F.Styles):
    try:
        return _booklet(leaflet, layout, styles, closing_inside=False)
    except PanelOverflow as overflow:
        if any(d.code != "back-page-too-long" for d in overflow.diagnostics):
            raise
        return _booklet(leaflet, layout, styles, closing_inside=True)


def _booklet(leaflet: Leaflet, layout: Layout, styles: F.Styles, closing_inside: bool):
    box = page_box(layout)
    covers = layout.footer_on_covers
    back_box = box if covers else replace(box, y=layout.margin_bottom, h=box.h + box.y - layout.margin_bottom)
    notes = page_notes(leaflet, layout, styles, box.w)
    buffer = io.BytesIO()
    doc = new_doc(buffer, leaflet, layout, styles, notes, doc_class=BackPageLeafletDoc)
    doc.start_flow(None, lambda page: padded(page + 1), "blank")
    doc.addPageTemplates([LeafletPage("page", box, layout, notes, first=True, autoNextPageTemplate="next",
                                      footer=covers),
                          LeafletPage("next", box, layout, notes),
                          NotesPage("blank", box, layout, notes, leaflet.labels.notes, styles),
                          LeafletPage("back", back_box, layout, notes, autoNextPageTemplate="next", footer=covers)])
    story, back = build_story(leaflet, layout, styles, box.w), back_story(leaflet, layout, styles, box.w)
    if closing_inside:
        story, back = story + back[1:], back[:1]
    doc.build(back_flow(story, back))
    raise_if_overflowing(doc, leaflet, layout, back_box.h, "back cover")
    return finish(doc), doc


def _mm(points: float) -> str:
    return f"{points * 25.4 / 72:.0f}mm"


def raise_if_overflowing(doc, leaflet: Leaflet, layout: Layout, height: float, back_name: str) -> None:
    problems = []
    body_page, body_used = doc.body.end or (1, 0.0)
    if doc.text_pages is not None and body_page > doc.text_pages:
        if body_used is None:       # the layout stopped there (FarTooLong)
            amount = f"more than {MEASURED_PAST} panels"
        else:
            amount = how_much((body_page - doc.text_pages - 1) * height + body_used, height, layout)
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
                f"(variant {leaflet.variant}): {how_much(over, height, layout)} too long",
                "shorten the contact panel's text", code="back-page-too-long"))
    if problems:
        exc = PanelOverflow(problems)
        exc.text = doc.text_pages is not None and body_page > doc.text_pages
        exc.far = exc.text and body_used is None
        raise exc


NUMBERS = {4: "four", 5: "five"}


def how_much(over: float, height: float, layout: Layout) -> str:
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
