"""Lay out a Leaflet on pages with reportlab and return the PDF bytes.

One layout pass: footnote room is reserved by the frame as it places
citation markers, and "of Y" is a form XObject filled in once the page
count is known.
"""
from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

from reportlab.platypus import Frame, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError

from . import flowables as F
from . import rtl
from .errors import Diagnostic, ERROR, LeafletError
from .fonts import FontChain, forget_shaping
from .layout import Layout
from .model import Leaflet

FOOTER_FORM = "leaflets-footer-{page}"
_ATOMIC = frozenset((int, float, str, bool, type(None)))


@dataclass
class PageNotes:
    """Footnotes: which are printed already, which belong to the page being laid out."""

    notes: dict                   # number -> reportlab Paragraph
    width: float
    gap: float                    # space between text and the rule, and rule and notes
    placed: set = field(default_factory=set)
    page: list = field(default_factory=list)
    _heights: dict = field(default_factory=dict)

    def new_numbers(self, flowable) -> list[int]:
        found = F.note_numbers(flowable)
        return sorted(n for n in found if n in self.notes and n not in self.placed and n not in self.page)

    def note_height(self, number: int) -> float:
        if number not in self._heights:
            para = self.notes[number]
            _, h = para.wrap(self.width, 10_000)
            self._heights[number] = h + para.getSpaceAfter()
        return self._heights[number]

    def height(self, numbers) -> float:
        if not numbers:
            return 0.0
        return 2 * self.gap + sum(self.note_height(n) for n in numbers)


class NotesFrame(Frame):
    """A frame that keeps room at its foot for the footnotes of what it holds."""

    def __init__(self, *args, notes: PageNotes | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes = notes

    def _reset(self):
        super()._reset()
        self._geom()

    def __deepcopy__(self, memo):
        """reportlab copies the current frame to wrap each keep-together group: the copy
        shares the footnotes (read-only there) instead of deep-copying every note paragraph."""
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for key, value in self.__dict__.items():
            if key != "notes" and type(value) not in _ATOMIC:
                value = copy.deepcopy(value, memo)
            clone.__dict__[key] = value
        return clone

    def _reserve(self, numbers) -> float:
        return self.notes.height(self.notes.page + numbers) - self.notes.height(self.notes.page)

    def add(self, flowable, canv, trySplit=0):
        new = self.notes.new_numbers(flowable) if self.notes else []
        if not new:
            return Frame._add(self, flowable, canv, trySplit)
        bottom = self._y1p
        self._y1p = bottom + self._reserve(new)
        try:
            placed = Frame._add(self, flowable, canv, trySplit)
        finally:
            if not placed:
                self._y1p = bottom
        if placed:
            self.notes.page.extend(new)
        return placed

    def split(self, flowable, canv):
        if not self.notes:
            return Frame.split(self, flowable, canv)
        bottom = self._y1p
        # a keep-together group must leave room for the notes of everything in it
        reserve = self._reserve(self.notes.new_numbers(flowable)) if hasattr(flowable, "_content") else 0.0
        for _ in range(6):
            self._y1p = bottom + reserve
            try:
                parts = Frame.split(self, flowable, canv)
            finally:
                self._y1p = bottom
            if not parts or hasattr(flowable, "_content"):
                return parts
            need = self._reserve(self.notes.new_numbers(parts[0]))
            if need <= reserve + 0.01:
                return parts
            reserve = need
        return []


class LeafletDoc(BaseDocTemplate):
    def __init__(self, buffer, leaflet: Leaflet, layout: Layout, styles: F.Styles, notes: PageNotes | None, **kw):
        self.leaflet, self.layout, self.styles, self.notes = leaflet, layout, styles, notes
        super().__init__(buffer, **kw)

    def handle_flowable(self, flowables):
        first = flowables[0] if flowables else None
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            raise self._too_tall(first) from None

    def _too_tall(self, flowable) -> LeafletError:
        """An author's block that, with its footnotes, cannot fit on an empty page."""
        parts = [flowable] + list(getattr(flowable, "_content", None) or [])
        source = next((p.source for p in parts if getattr(p, "source", None)), None)
        source = source or (self.leaflet.sections[0].source if self.leaflet.sections else self.leaflet.contact.source)
        notes = len(F.note_numbers(flowable))
        _, _, _, room = _frame_box(self.layout)
        what = f"this text and its {notes} footnote{'s' if notes != 1 else ''}" if notes else "this text"
        return LeafletError(Diagnostic(
            ERROR, source, "", f"{what} cannot fit on one page of layout {self.layout.name!r} "
            f"({room:.0f}pt of room) in variant {self.leaflet.variant}",
            "split the paragraph, cite fewer references in one place, or use a layout with endnotes"))

    def afterFlowable(self, flowable):
        if getattr(flowable, "outline_key", None):
            self.canv.bookmarkHorizontal(flowable.outline_key, 0, 0)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.outline_key, level=0)


def _frame_box(layout: Layout):
    footer_room = layout.footer_size * 2.6
    x = layout.margin_left
    y = layout.margin_bottom + footer_room
    w = layout.page_width - layout.margin_left - layout.margin_right
    h = layout.page_height - layout.margin_top - y
    return x, y, w, h


def _draw_footer(canv, doc: LeafletDoc):
    """The rule, and a form for the footer's words: drawn once the page count is known."""
    layout = doc.layout
    y = layout.margin_bottom
    canv.saveState()
    canv.setStrokeColor(F.colour(layout.colours["rule"]))
    canv.setLineWidth(0.5)
    canv.line(layout.margin_left, y + layout.footer_size * 1.5, layout.page_width - layout.margin_right,
              y + layout.footer_size * 1.5)
    canv.restoreState()
    canv.doForm(FOOTER_FORM.format(page=canv.getPageNumber()))
    doc._pages = canv.getPageNumber()


def _fill_footers(canv, doc: LeafletDoc, pages: int):
    """Page X of Y at the start side of each page, the leaflet's title and code at the end side."""
    layout, leaflet, styles = doc.layout, doc.leaflet, doc.styles
    size, muted = layout.footer_size, F.colour(layout.colours["muted"])
    y = layout.margin_bottom
    left, right = layout.margin_left, layout.page_width - layout.margin_right
    title = rtl.plain_pieces(f"{leaflet.title} \u00b7 {leaflet.code}", styles.body_chain, size, muted)
    for page in range(1, pages + 1):
        label = leaflet.labels.page.replace("{page}", str(page)).replace("{total}", str(pages))
        words = rtl.plain_pieces(label, styles.body_chain, size, muted)
        canv.beginForm(FOOTER_FORM.format(page=page))
        if styles.rtl:
            rtl.draw_line(canv, words, right, y, "right", "rtl")
            rtl.draw_line(canv, title, left, y, "left", "rtl")
        else:
            rtl.draw_line(canv, words, left, y, "left", "ltr")
            rtl.draw_line(canv, title, right, y, "right", "ltr")
        canv.endForm()


def _draw_notes(canv, doc: LeafletDoc):
    notes = doc.notes
    if not notes or not notes.page:
        return
    frame = doc.frame
    x = frame._x1 + frame._leftPadding
    top = frame._y1 + frame._bottomPadding + notes.height(notes.page)
    canv.saveState()
    canv.setStrokeColor(F.colour(doc.layout.colours["rule"]))
    canv.setLineWidth(0.6)
    y = top - notes.gap * 0.5
    if doc.styles.rtl:
        canv.line(x + notes.width - doc.layout.rule_length, y, x + notes.width, y)
    else:
        canv.line(x, y, x + doc.layout.rule_length, y)
    y = top - notes.gap
    for number in notes.page:
        para = notes.notes[number]
        notes.note_height(number)       # wrapped at the notes' width once, when its room was reserved
        h = para.height
        para.drawOn(canv, x, y - h)
        y -= h + para.getSpaceAfter()
    canv.restoreState()
    notes.placed.update(notes.page)
    notes.page.clear()


def build_story(leaflet: Leaflet, layout: Layout, styles: F.Styles, width: float, panel=None) -> list:
    story = F.title_block(leaflet, styles, layout)
    panel = panel or F.contact_panel(leaflet, styles, layout, width)
    if layout.contact_position == "start":
        story.append(panel)
    for section in leaflet.sections:
        story += F.section_flowables(section, styles)
        if layout.contact_position == f"after:{section.id}":
            story.append(panel)
    if layout.contact_position == "end" or (layout.contact_position.startswith("after:") and panel not in story):
        story.append(panel)
    if layout.references == "endnotes":
        story += F.endnotes(leaflet, styles)
    story += F.closing(leaflet, styles, layout)
    return story


def check_panel_fits(leaflet: Leaflet, layout: Layout, styles: F.Styles):
    """The contact panel, if it fits on an empty page; else a LeafletError saying by how much it does not."""
    _, _, w, h = _frame_box(layout)
    panel = F.contact_panel(leaflet, styles, layout, w)
    _, ph = panel.wrap(w, h)
    if ph > h:
        over = ph - h
        raise LeafletError(Diagnostic(
            ERROR, leaflet.contact.source, "contact",
            f"the contact panel is {ph:.0f}pt tall and cannot fit on a page of layout {layout.name!r} "
            f"({h:.0f}pt of room): {over:.0f}pt ({over / 72 * 25.4:.1f}mm) too tall",
            "shorten the panel's text or use a layout with more room"))
    return panel


def render(leaflet: Leaflet, layout: Layout, body: FontChain, headings: FontChain) -> bytes:
    """The PDF of a leaflet: the same bytes whatever this process made before (see forget_shaping)."""
    forget_shaping()
    try:
        return _render(leaflet, layout, body, headings)
    finally:
        forget_shaping()


def _render(leaflet: Leaflet, layout: Layout, body: FontChain, headings: FontChain) -> bytes:
    styles = F.make_styles(layout, body, headings, leaflet.locale)
    panel = check_panel_fits(leaflet, layout, styles)
    x, y, w, h = _frame_box(layout)
    notes = None
    if layout.references == "footnotes":
        notes = PageNotes({r.number: F.note_paragraph(r.number, r.text, styles) for r in leaflet.references},
                          width=w, gap=layout.note_size * 1.2)
    buffer = io.BytesIO()
    doc = LeafletDoc(
        buffer, leaflet, layout, styles, notes,
        pagesize=(layout.page_width, layout.page_height),
        leftMargin=layout.margin_left, rightMargin=layout.margin_right,
        topMargin=layout.margin_top, bottomMargin=layout.margin_bottom,
        title=leaflet.title, author=leaflet.organisation,
        subject=f"{leaflet.subtitle} \u2013 {leaflet.variant_label}" if leaflet.subtitle else leaflet.variant_label,
        keywords=", ".join(leaflet.keywords), creator="leaflets", producer="leaflets (reportlab)",
        lang=leaflet.locale, invariant=1, initialFontName=styles.faces[(False, False)],
        initialFontSize=layout.text_size, showBoundary=0,
    )
    frame = NotesFrame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                       id="body", notes=notes)
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_draw_footer, onPageEnd=_draw_notes)])
    doc._doSave = 0
    doc.build(build_story(leaflet, layout, styles, w, panel))
    canv = doc.canv
    _fill_footers(canv, doc, doc._pages)
    canv.showOutline()
    canv.setViewerPreference("DisplayDocTitle", "true")
    canv.save()
    return buffer.getvalue()
