"""Lay out a Leaflet on pages with reportlab and return the PDF bytes.

One layout pass: footnote room is reserved by the frame as it places
citation markers, and "of Y" is a form XObject filled in once the page
count is known.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from reportlab.platypus import Frame, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError

from leaflets.typeset import blocks as B
from leaflets.typeset import contact
from leaflets.typeset import cover as C
from leaflets.typeset import flowables as F
from leaflets.typeset import printmarks
from leaflets.typeset import private
from leaflets.typeset import rtl
from leaflets.typeset import tagging
from leaflets.typeset import textlayer
from leaflets.typeset.structure import write_structure
from leaflets.diagnostics import Diagnostic, ERROR, LeafletError
from leaflets.inputs.locales import is_cjk, needs_shaping
from leaflets.layout.geometry import contact_page_size
from leaflets.layout.settings import Layout
from leaflets.model.nodes import Leaflet

FOOTER_FORM = "leaflets-footer-{page}"
_ATOMIC = frozenset((int, float, str, bool, type(None)))


@dataclass(frozen=True)
class PageBox:
    """One page as designed (the trim size for a print shop) and the frame the text flows in."""

    width: float
    height: float
    x: float
    y: float
    w: float
    h: float


def page_box(layout: Layout, width: float | None = None, height: float | None = None) -> PageBox:
    """The text frame of a page of the layout (or of a tri-fold panel of the given width)."""
    width = layout.page_width if width is None else width
    height = layout.page_height if height is None else height
    footer_room = layout.footer_size * 2.6 if layout.show_footer else 0.0
    x = layout.margin_left
    y = layout.margin_bottom + footer_room
    return PageBox(width, height, x, y, width - layout.margin_left - layout.margin_right, height - layout.margin_top - y)


class LeafletPage(PageTemplate):
    """A page template that knows its page box, and draws band, marks, footer and notes."""

    def __init__(self, id, box: PageBox, layout: Layout, notes, first: bool = False, footer: bool = True, **kw):
        self.box, self.first, self.footer = box, first, footer
        frame = NotesFrame(box.x, box.y, box.w, box.h, leftPadding=0, rightPadding=0, topPadding=0,
                           bottomPadding=0, id=f"{id}-body", notes=notes)
        super().__init__(id, [frame], onPage=_begin_page, onPageEnd=_end_page,
                         pagesize=printmarks.media_size(layout, box.width, box.height),
                         **printmarks.boxes(layout, box.width, box.height), **kw)


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
        """A new page (private.FRAME_RESET): the floor the last page's footnotes raised comes down."""
        super()._reset()
        private.recompute_geometry(self)

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
            return Frame.add(self, flowable, canv, trySplit)
        bottom = private.frame_floor(self)
        private.set_frame_floor(self, bottom + self._reserve(new))
        placed = False
        try:
            placed = Frame.add(self, flowable, canv, trySplit)
        finally:
            if not placed:
                private.set_frame_floor(self, bottom)
        if placed:
            self.notes.page.extend(new)
        return placed

    def split(self, flowable, canv):
        if not self.notes:
            return Frame.split(self, flowable, canv)
        bottom = private.frame_floor(self)
        # a keep-together group must leave room for the notes of everything in it
        group = private.is_group(flowable)
        reserve = self._reserve(self.notes.new_numbers(flowable)) if group else 0.0
        for _ in range(6):
            private.set_frame_floor(self, bottom + reserve)
            try:
                parts = Frame.split(self, flowable, canv)
            finally:
                private.set_frame_floor(self, bottom)
            if group and not parts and private.frame_at_top(self):
                group, reserve = False, 0.0     # too tall for a page with all its notes: split as text is
                continue
            if not parts or group:
                return parts
            need = self._reserve(self.notes.new_numbers(parts[0]))
            if need <= reserve + 0.01:
                return parts
            reserve = need
        return []


class LeafletDoc(BaseDocTemplate):
    def __init__(self, buffer, leaflet: Leaflet, layout: Layout, styles: F.Styles, notes: PageNotes | None, **kw):
        self.leaflet, self.layout, self.styles, self.notes = leaflet, layout, styles, notes
        self.buffer = buffer
        latin = "" if not (needs_shaping(leaflet.locale) or is_cjk(leaflet.locale)) else "en"
        self.tagger = tagging.Tagger(latin) if styles.tagged else None
        super().__init__(buffer, **kw)

    def build(self, flowables):
        super().build(flowables, canvasmaker=tagging.tagged_canvas(self.tagger))

    def _setPageTemplate(self):
        """Each page's template, chosen once (private.CHOOSE_PAGE_TEMPLATE).

        reportlab's own version leaves the index an autoNextPageTemplate sets behind, so the next page
        gets the same template again: a chain of panel templates would advance every other page.
        """
        index = private.take_next_template_index(self)
        if index is not None:
            self.pageTemplate = self.pageTemplates[index]
        elif self.pageTemplate.autoNextPageTemplate:
            wanted = self.pageTemplate.autoNextPageTemplate
            self.pageTemplate = next(t for t in self.pageTemplates if t.id == wanted)

    def handle_flowable(self, flowables):
        first = flowables[0] if flowables else None
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            raise self._too_tall(first) from None

    def _too_tall(self, flowable) -> LeafletError:
        """An author's block that, with its footnotes, cannot fit on an empty page."""
        parts = [flowable] + list(private.group_contents(flowable))
        source = next((p.source for p in parts if getattr(p, "source", None)), None)
        source = source or (self.leaflet.sections[0].source if self.leaflet.sections else self.leaflet.contact.source)
        notes = len(F.note_numbers(flowable))
        room = self.pageTemplate.box.h
        block = next((p.what for p in parts if getattr(p, "what", "")), "")     # a block that is never split
        what = block or (f"this text and its {notes} footnote{'s' if notes != 1 else ''}" if notes else "this text")
        return LeafletError(Diagnostic(
            ERROR, source, "", f"{what} cannot fit on one page of layout {self.layout.name!r} "
            f"({room:.0f}pt of room) in variant {self.leaflet.variant}",
            f"{block} is never split: shorten it, or make it two" if block else
            "split the paragraph, cite fewer references in one place, or use a layout with endnotes",
            code="block-too-tall"))

    def afterFlowable(self, flowable):
        key = getattr(flowable, "outline_key", None)
        if key:
            # at the heading itself (the frame has moved past it and its space after)
            top = private.frame_cursor(self.frame) + flowable.getSpaceAfter() + private.wrapped_height(flowable)
            self.canv.bookmarkHorizontal(key, self.frame.x1 + getattr(flowable, "outline_indent", 0), top)
            self.canv.addOutlineEntry(flowable.outline_title, flowable.outline_key, level=0)


def _frame_box(layout: Layout):
    """x, y, width and height of the text frame of the page that holds the contact panel."""
    box = page_box(layout, *contact_page_size(layout))
    return box.x, box.y, box.w, box.h


def _begin_page(canv, doc: LeafletDoc):
    if doc.tagger is not None:
        doc.tagger.start_page(canv)      # page furniture is an Artifact (tagging.py)
    box = doc.pageTemplate.box
    printmarks.begin_page(canv, doc.layout, box.width, box.height, doc.pageTemplate.first,
                          F.colour(doc.layout.colours[doc.layout.band_colour]))
    if doc.layout.band_text == "organisation" and printmarks.has_band(doc.layout, doc.pageTemplate.first):
        size = printmarks.band_label_size(doc.layout)
        pieces = rtl.plain_pieces(doc.leaflet.organisation, doc.styles.body_chain, size,
                                  F.colour(printmarks.paper(doc.layout)), bold=True)
        printmarks.band_label(canv, doc.layout, box.width, box.height, pieces, doc.styles.rtl)
    if doc.layout.show_footer and doc.pageTemplate.footer:
        _draw_footer(canv, doc, box)


def _draw_footer(canv, doc: LeafletDoc, box: PageBox):
    """The rule, and a form for the footer's words: drawn once the page count is known."""
    layout = doc.layout
    y = layout.margin_bottom
    canv.saveState()
    canv.setStrokeColor(F.colour(layout.colours["rule"]))
    canv.setLineWidth(0.5)
    canv.line(layout.margin_left, y + layout.footer_size * 1.5, box.width - layout.margin_right,
              y + layout.footer_size * 1.5)
    canv.restoreState()
    canv.doForm(FOOTER_FORM.format(page=canv.getPageNumber()))
    doc._pages = canv.getPageNumber()


def number_on_right(layout: Layout, page: int, right_to_left: bool) -> bool:
    """Is the page number at the right of the footer? At the start side of the line, or (page_number:
    outside) on the outer edge: a left-to-right booklet's odd pages are right-hand pages, a right-to-left
    one's (bound on the right) left-hand ones."""
    if layout.page_number_side == "outside":
        return (page % 2 == 1) != right_to_left
    return right_to_left


def _fill_footers(canv, doc: LeafletDoc, pages: int):
    """Page X of Y at the start side (or the outer edge) of each page, the leaflet's title and code at the
    other side."""
    layout, leaflet, styles = doc.layout, doc.leaflet, doc.styles
    size, muted = layout.footer_size, F.colour(layout.colours["muted"])
    y = layout.margin_bottom
    left, right = layout.margin_left, layout.page_width - layout.margin_right
    direction = "rtl" if styles.rtl else "ltr"
    labels = [rtl.plain_pieces(leaflet.labels.page.replace("{page}", str(page)).replace("{total}", str(pages)),
                               styles.body_chain, size, muted) for page in range(1, pages + 1)]
    room = right - left - max(rtl.line_width(words, direction) for words in labels) - FOOTER_GAP * size
    title = _footer_title(leaflet, styles.body_chain, size, muted, room, direction)
    for page, words in enumerate(labels, start=1):
        canv.beginForm(FOOTER_FORM.format(page=page))
        if number_on_right(layout, page, styles.rtl):
            rtl.draw_line(canv, words, right, y, "right", direction)
            rtl.draw_line(canv, title, left, y, "left", direction)
        else:
            rtl.draw_line(canv, words, left, y, "left", direction)
            rtl.draw_line(canv, title, right, y, "right", direction)
        canv.endForm()


FOOTER_GAP = 2.0    # ems between the page number and the title in the footer, at least


def _footer_title(leaflet: Leaflet, chain, size: float, colour, room: float, direction: str) -> list:
    """'Title · code' for the footer, the title cut at a word (a character, in a script written without
    spaces) and ended with an ellipsis where the whole would not fit in `room`; the code stays whole."""
    title = leaflet.title
    units, joiner = (title.split(" "), " ") if " " in title.strip() else (list(title), "")
    for count in range(len(units), 0, -1):
        shown = joiner.join(units[:count])
        if count < len(units):
            shown = shown.rstrip(" ,.;:\u00b7\u2013\u2014-") + "\u2026"
        edition = f" \u00b7 {leaflet.edition}" if leaflet.edition else ""
        pieces = rtl.plain_pieces(f"{shown}{edition} \u00b7 {leaflet.code}", chain, size, colour)
        if rtl.line_width(pieces, direction) <= room:
            return pieces
    return rtl.plain_pieces(leaflet.code, chain, size, colour)


def _end_page(canv, doc: LeafletDoc):
    _draw_notes(canv, doc)
    if doc.tagger is not None and doc.styles.rtl:     # below the footer, where nothing else is
        doc.tagger.open_artifact(canv)
        canv.saveState()
        canv.setFillColor(doc.styles.body.textColor)
        textlayer.ballast(canv, doc.tagger, doc.pageTemplate.box.width / 2, doc.layout.margin_bottom / 2,
                          doc.layout.text_size)
        canv.restoreState()


def _draw_notes(canv, doc: LeafletDoc):
    doc._pages = canv.getPageNumber()
    notes = doc.notes
    if not notes or not notes.page:
        return
    frame = doc.frame
    x = frame.x1 + frame.leftPadding
    top = frame.y1 + frame.bottomPadding + notes.height(notes.page)
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


def contact_panel(leaflet: Leaflet, styles: F.Styles, layout: Layout, width: float):
    """The contact panel, narrowed by its border so the border's stroke stays inside the text frame; a
    clinic's web page as a QR code in it, except in folded layouts (their panels have no room)."""
    extra = [B.website_qr(leaflet.website, styles, layout)] if leaflet.website and not layout.imposed else []
    return contact.contact_panel(leaflet, styles, layout, width - PANEL_BORDER, extra)


PANEL_BORDER = 1.5   # the width of the contact panel's box line (contact.contact_panel)


def build_story(leaflet: Leaflet, layout: Layout, styles: F.Styles, width: float, panel=None,
                after_cover: tuple = ()) -> list:
    """The cover, `after_cover` (a tri-fold's move to its next panel) and the text."""
    story = C.cover(leaflet, styles, layout) + list(after_cover)
    moved = leaflet.cover_figure if layout.cover_figure else None     # drawn on the cover instead

    def blocks(block):
        return [] if block is moved else B.block_flowables(block, styles, layout)
    if layout.contact_position.kind == "back":    # the back panel or back cover is laid out on its own
        for section in leaflet.sections:
            story += F.section_flowables(section, styles, blocks, width)
        if layout.references == "endnotes":
            story += F.endnotes(leaflet, styles, whole=layout.imposition != "trifold")
        return story
    panel = panel or contact_panel(leaflet, styles, layout, width)
    if layout.contact_position.kind == "start":
        story.append(panel)
    for section in leaflet.sections:
        story += F.section_flowables(section, styles, blocks, width)
        if layout.contact_position.follows(section.id):
            story.append(panel)
    if layout.contact_position.kind == "end" or (layout.contact_position.kind == "after" and panel not in story):
        story.append(panel)
    closing = F.closing(leaflet, styles, layout)
    if layout.references == "endnotes":    # the closing lines keep with the last reference
        return story + F.endnotes(leaflet, styles, whole=layout.imposition != "trifold", closing=closing)
    if story[-1] is panel:
        panel.keepWithNext = 1             # the closing lines keep with the contact panel
    return story + closing


def back_story(leaflet: Leaflet, layout: Layout, styles: F.Styles, width: float) -> list:
    """What the back panel of a tri-fold carries: the contact panel and the closing lines."""
    panel = contact_panel(leaflet, styles, layout, width)
    panel.spaceBefore = 0
    return [panel] + F.closing(leaflet, styles, layout)


def check_panel_fits(leaflet: Leaflet, layout: Layout, styles: F.Styles):
    """The contact panel, if it fits on an empty page; else a LeafletError saying by how much it does not."""
    _, _, w, h = _frame_box(layout)
    panel = contact_panel(leaflet, styles, layout, w)
    _, ph = panel.wrap(w, h)
    if ph > h:
        over = ph - h
        raise LeafletError(Diagnostic(
            ERROR, leaflet.contact.source, "contact",
            f"the contact panel is {ph:.0f}pt tall and cannot fit on a page of layout {layout.name!r} "
            f"({h:.0f}pt of room): {over:.0f}pt ({over / 72 * 25.4:.1f}mm) too tall",
            "shorten the panel's text or use a layout with more room", code="contact-panel-too-tall"))
    return panel


def page_notes(leaflet: Leaflet, layout: Layout, styles: F.Styles, width: float) -> PageNotes | None:
    if layout.references != "footnotes":
        return None
    return PageNotes({r.number: F.note_paragraph(r.number, r.text, styles) for r in leaflet.references},
                     width=width, gap=layout.note_size * 1.2)


def new_doc(buffer, leaflet: Leaflet, layout: Layout, styles: F.Styles, notes, doc_class=None) -> LeafletDoc:
    """A document template with the leaflet's metadata; the caller adds page templates and builds it."""
    doc = (doc_class or LeafletDoc)(
        buffer, leaflet, layout, styles, notes,
        pagesize=printmarks.media_size(layout, layout.page_width, layout.page_height),
        leftMargin=layout.margin_left, rightMargin=layout.margin_right,
        topMargin=layout.margin_top, bottomMargin=layout.margin_bottom,
        title=leaflet.title, author=leaflet.organisation,
        subject=f"{leaflet.subtitle} \u2013 {leaflet.variant_label}" if leaflet.subtitle else leaflet.variant_label,
        keywords=", ".join(leaflet.keywords), creator="leaflets", producer="leaflets (reportlab)",
        lang=leaflet.locale, invariant=1, initialFontName=styles.faces[(False, False)],
        initialFontSize=layout.text_size, showBoundary=0,
        enforceColorSpace="cmyk" if layout.print_shop else None,
    )
    private.keep_unsaved(doc)
    doc._pages = 0
    return doc


def finish(doc: LeafletDoc) -> bytes:
    """Fill in the page total, write the outline, save; the PDF's bytes, with its structure tree when tagged."""
    canv = doc.canv
    if doc.layout.show_footer:
        _fill_footers(canv, doc, doc._pages)
    canv.showOutline()
    canv.setViewerPreference("DisplayDocTitle", "true")
    canv.save()
    data = doc.buffer.getvalue()
    if doc.tagger is None:
        return data
    # the document and its canvas are a reference cycle: the structure, held by neither once written, is
    # freed as this returns, not left to the garbage collector (its extra collections were much of the cost
    # of tagging)
    tagger, doc.tagger, canv.tagger = doc.tagger, None, None
    return write_structure(data, tagger, doc.leaflet.title, doc.leaflet.locale, doc.layout.output_intent)


