"""Tagged PDF while drawing: which structure role each flowable plays, and the marked content around it.

The mapping from what is drawn to its structure role is ROLES, and only ROLES. A flowable carries a
Tag whose kind is a key of ROLES: a paragraph's is its style's name unless its builder gives another
(Styles.paragraph(..., tag=Tag("reference"))). A new kind of block needs one line here, e.g.
`"sidebar": Role("Sidebar", ("Div",), standard="Div")` (a non-standard role goes to the RoleMap as its
`standard` one); a new flowable sets `self.tag = Tag("its-kind")` and draws through draw_tagged (its
text is its content) or draw_as_content (all it draws is, e.g. a figure with `Tag("figure", alt=...)`).

Everything a page draws is an Artifact (page furniture: bands, rules, boxes, crop marks, footers,
write-in lines, underlines) except the content of tagged flowables: each text object is in a
marked-content sequence with an MCID (the runs of a line drawn one after another share one); a
paragraph's links start sequences of their own inside its text object, so none is nested in another.
The Tagger records which structure element each MCID and each link annotation belongs to;
structure.py writes the tree, textlayer.py what the glyphs read as.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from leaflets.typeset import private
from leaflets.typeset import textlayer


@dataclass(frozen=True)
class Role:
    """A structure type, the containers it sits in (created once per group), and whether the
    flowable's bullet is its label (Lbl) or part of its own content."""

    name: str
    containers: tuple = ()
    label: bool = False
    standard: str = ""          # the standard type a non-standard `name` maps to (RoleMap)
    attributes: str = ""        # the element's attribute object (/A), e.g. a header cell's scope
    once: bool = False          # drawn again on a later page (a table's header row): an Artifact there


ITEM = Role("LBody", ("L", "LI"), label=True)
PANEL = ("Div",)

ROLES = {
    # paragraph styles (typeset.flowables.make_styles)
    "title": Role("H1"),
    "subtitle": Role("P"),
    "variant": Role("P"),
    "heading": Role("H2"),
    "body": Role("P"),
    "small": Role("P"),
    "bullet": ITEM,
    "bullet-last": ITEM,
    "note": Role("Note"),
    "panel-heading": Role("H2", PANEL),
    "panel-name": Role("P", PANEL),
    "panel-phone": Role("P", PANEL),
    "panel-text": Role("P", PANEL),
    "panel-note": Role("P", PANEL),
    "panel-figure": Role("Figure", PANEL),  # a clinic's QR code (typeset.blocks.website_qr)
    # the paragraph styles of the section blocks (typeset.blocks)
    "subheading": Role("H3"),
    "callout-title": Role("P"),
    "callout-last": Role("P"),
    "step": ITEM,                       # a numbered step: its number is the Lbl
    "step-last": ITEM,
    "table-title": Role("Caption"),     # inside its Table (Tag.parent), as are the rows and cells
    "table-head": Role("TH", attributes="/A << /O /Table /Scope /Column >>", once=True),
    "cell": Role("TD"),
    "caption": Role("Caption"),         # a figure's caption, inside its Figure
    "qr-caption": Role("P"),
    "qr-url": Role("P"),
    # kinds a builder gives explicitly
    "reference": ITEM,                  # an entry of the reference list (endnotes)
    "figure": Role("Figure"),           # a picture, with its Tag's alt text (draw_as_content)
    "callout": Role("Div"),             # a callout box: its title, text and bullets inside (Tag.parent)
    "figure-group": Role("Div"),        # a figure with a caption: the Figure, then its Caption
    "table": Role("Table"),
    "table-row": Role("TR"),
    "link": Role("Link"),               # a link inside a paragraph
}


_LINK, _FIGURE = ROLES["link"].name, ROLES["figure"].name


def role_of(kind: str) -> Role:
    return ROLES.get(kind, ROLES["body"])


class Tag:
    """What a flowable is in the structure: its kind (a key of ROLES), the group its containers
    belong to (one list, the contact panel), its language when not the document's, the ID of a
    note, and the Tag of the element it sits in (a cell's row, a row's table, a callout's text).
    The parts of a split paragraph share their Tag, so they are one element."""

    __slots__ = ("kind", "group", "lang", "note_id", "alt", "parent", "order", "markers", "link", "link_text",
                 "frags", "_words")

    def __init__(self, kind: str, group="", lang: str = "", note_id: str = "", alt: str = "", parent=None,
                 order: int | None = None):
        self.kind, self.group, self.lang, self.note_id, self.alt = kind, group, lang, note_id, alt
        self.parent, self.order = parent, order     # order: its place among its parent's kids (a cell's column)
        self.markers: list[str] = []     # the labels of its citation markers, in order (taken as drawn)
        self.link, self.link_text = "", ""   # a paragraph that is one link as a whole: its target and text
        self.frags = None                    # a shaped paragraph's fragments as written (before shaping)
        self._words = None

    def shaped_words(self) -> dict:
        """(font, glyphs) -> the word as written, for every shaped word of the paragraph (textlayer)."""
        if self._words is None:
            self._words = textlayer.shaped_words(self.frags or ())
        return self._words


class Element:
    """A structure element as recorded while drawing; structure.py writes it."""

    __slots__ = ("role", "kids", "lang", "note_id", "alt", "actual", "contents", "attributes", "order")

    def __init__(self, role: str, lang: str = "", note_id: str = "", alt: str = "", attributes: str = ""):
        self.role, self.lang, self.note_id, self.alt, self.attributes = role, lang, note_id, alt, attributes
        self.kids: list = []            # Element, or (page index, mcid), or ("annot", page index, annot index)
        self.actual = ""
        self.contents = ""
        self.order = None


START, END = "\x00S", "\x00E"     # tokens left in a paragraph's text object where a link starts and ends


class Tagger:
    """The structure of one PDF, recorded as it is drawn. `latin`: the language of words in Latin letters
    in a document in another script (the English terms and names inside Arabic, Hindi or Chinese)."""
    latin_letters, latin_font = 0, ""       # of this page's Latin words, and their font (textlayer.ballast)

    def __init__(self, latin: str = ""):
        self.latin = latin
        self.root = Element("Document")
        self._elements: dict = {}
        self.roles: dict = {}                # non-standard role -> standard one
        self.pages: list[list] = []          # page -> the element of each MCID
        self.annots: list[list] = []         # page -> the link element of each annotation
        self._links: list = []               # this page's link elements: [element, target, annotated]
        self.current = None                  # the element the next text object belongs to
        self.content = None                  # the element whose one sequence holds all drawn now (a figure)
        self.label = None                    # the element the next text object alone belongs to (a bullet)
        self._artifact = False
        self._pending: list = []             # link elements started in the text object being drawn
        self._last = None                    # the element whose sequence ends the text object drawn
        self._run = None                     # the owner of the last sequence drawn, and the length of
        self._run_end = 0                    # the page's code after it
        self.markers: list[str] = []         # the labels of the citation markers still to draw in `current`
        self.words: dict = {}                # the shaped words of `current` (Tag.shaped_words)
        self.glyphs: dict = {}               # font's PostScript name -> {private-use code: the letters it draws}
        self.actual = ""                     # the ActualText of the next text object drawn (draw_text)
        self.lang = ""                       # the language of the next text object drawn, if not the document's
        self.right_to_left = False           # right-to-left shaped text was drawn (its ToUnicode is rewritten)

    # --- elements ----------------------------------------------------------------------

    def element_for(self, tag: Tag) -> Element:
        if tag in self._elements:
            return self._elements[tag]
        role = role_of(tag.kind)
        parent = self.root if tag.parent is None else self.element_for(tag.parent)
        for depth, name in enumerate(role.containers):
            key = (tag.group or tag, name) if depth == 0 else (tag, name)
            parent = self._child(key, name, parent)
        element = Element(role.name, tag.lang, tag.note_id, tag.alt, role.attributes)
        if role.standard:
            self.roles[role.name] = role.standard
        element.order = tag.order
        later = None if tag.order is None else next(     # a right-to-left row is drawn from its end
            (i for i, k in enumerate(parent.kids) if isinstance(k, Element) and k.order is not None
             and k.order > tag.order), None)
        parent.kids.insert(len(parent.kids) if later is None else later, element)
        self._elements[tag] = element
        return element

    def _child(self, key, role: str, parent: Element) -> Element:
        if key not in self._elements:
            self._elements[key] = Element(role)
            parent.kids.append(self._elements[key])
        return self._elements[key]

    def label_for(self, tag: Tag) -> Element | None:
        """The Lbl beside an item's body (in the same LI), or None when the role has no label."""
        if not role_of(tag.kind).label:
            return None
        body = self.element_for(tag)
        li = self._elements[(tag, role_of(tag.kind).containers[-1])]
        key = (tag, "Lbl")
        if key not in self._elements:
            self._elements[key] = Element("Lbl")
            li.kids.insert(li.kids.index(body), self._elements[key])
        return self._elements[key]

    def link(self, target: str, actual: str = "", contents: str = "") -> Element:
        """A new Link element for an annotation to `target`; its parent takes it when its content is drawn."""
        link = Element(ROLES["link"].name)
        link.actual, link.contents = actual, contents or actual.strip() or target
        self._links.append([link, target, False])
        return link

    def link_in(self, parent: Element, key, target: str, contents: str = "") -> Element:
        """The Link element `key` inside `parent` (made and added on first use)."""
        if key not in self._elements:
            self._elements[key] = self.link(target, contents=contents)
            parent.kids.append(self._elements[key])
        else:
            self._links.append([self._elements[key], target, False])
        return self._elements[key]

    # --- pages and marked content -----------------------------------------------------------

    def start_page(self, canv) -> None:
        self._run = None
        self.pages.append([])
        self.annots.append([])
        self._links = []
        self.open_artifact(canv)

    def end_page(self, canv) -> None:
        self.close_artifact(canv)

    def open_artifact(self, canv) -> None:
        if self.pages and not self._artifact:
            canv.addLiteral("/Artifact BMC")
            self._artifact = True

    def close_artifact(self, canv) -> None:
        if self._artifact:
            canv.addLiteral("EMC")
            self._artifact = False

    def mcid(self, element: Element) -> int:
        page = self.pages[-1]
        number = len(page)
        page.append(element)
        element.kids.append((len(self.pages) - 1, number))
        return number

    def bdc(self, element: Element) -> str:
        """The start of a marked-content sequence of the element; its text replaced, for text extraction,
        by the element's `actual` text (poppler reads ActualText from a Span only, hence one inside)."""
        extra = f" /Span <</ActualText {textlayer.pdf_text(element.actual)}>> BDC" if element.actual else ""
        return f"/{element.role} <</MCID {self.mcid(element)}>> BDC{extra}"

    @staticmethod
    def emc(element: Element) -> str:
        return "EMC EMC" if element.actual else "EMC"

    def annotation(self, target: str) -> None:
        """A link annotation was added to the page: it belongs to the first link element to `target` on
        this page without one, else to the last one that has one (a link broken over two lines)."""
        candidates = [entry for entry in self._links if entry[1] == target]
        entry = next((e for e in candidates if not e[2]), candidates[-1] if candidates else None)
        if entry is None:
            self.annots[-1].append(None)
            return
        entry[2] = True
        page = len(self.pages) - 1
        index = len(self.annots[-1])
        self.annots[-1].append(entry[0])
        entry[0].kids.append(("annot", page, index))


class TaggedCanvas(Canvas):
    """A canvas that marks each text object drawn while a flowable is being tagged (see Tagger)."""

    tagger: Tagger | None = None

    def drawText(self, aTextObject):
        tagger = self.tagger
        if tagger is None or tagger.current is None:
            return super().drawText(aTextObject)
        owner = tagger.label or tagger.current
        tagger.label = None
        code = private.text_code(aTextObject)
        assert code.startswith("BT ") and code.endswith(" ET"), code[:20]
        if tagger.actual or tagger.lang:
            code = f"BT {textlayer.span(tagger.actual, tagger.lang)} {code[3:-3]} EMC ET"
            tagger.actual = tagger.lang = ""
        if tagger.content is not None:      # a figure's label: in the figure's sequence, which is open
            self._code.append(code.replace(START, "").replace(END, "") if START in code else code)
            tagger._pending = []
            return
        if START in code:
            self._with_links(tagger, owner, code[3:-3])
            tagger._pending = []
        else:
            self._in_sequence(tagger, owner, code)
        tagger.open_artifact(self)

    def _with_links(self, tagger: Tagger, owner: Element, inner: str) -> None:
        """A paragraph's text object with links in it: its sequences start and end inside it."""
        tagger._last = owner
        parts = [tagger.bdc(owner)] + _switches(tagger, owner, inner)
        tagger.close_artifact(self)
        self._code.append("BT " + " ".join(parts) + " " + tagger.emc(tagger._last) + " ET")
        tagger._run = None

    def _in_sequence(self, tagger: Tagger, owner: Element, text: str) -> None:
        """A text object (`text`: BT ... ET) in a marked sequence of its owner, outside it; the next one of
        the same owner, with nothing drawn between (the runs of a right-to-left line), continues the
        sequence: a heading drawn in several runs is one MCID."""
        code = self._code
        if tagger._run is owner and tagger._run_end == len(code) and code[-2:] == ["EMC", "/Artifact BMC"] \
                and not owner.actual:
            del code[-2:]
            tagger._artifact = False
        else:
            tagger.close_artifact(self)
            code.append(tagger.bdc(owner))
        code.append(text)
        code.append("EMC EMC" if owner.actual else "EMC")      # Tagger.emc
        tagger._run, tagger._run_end = owner, len(code) + 1      # + the Artifact opened next

    def beginText(self, x=0, y=0, direction=None):
        tagger = self.tagger
        if tagger is None or tagger.current is None:
            return super().beginText(x, y, direction)
        # a web address broken over lines is one word: no space at its line ends
        ends = textlayer.line_end if tagger.current.role != _LINK else None
        format_text = None
        if tagger.words or tagger.latin:
            words, latin = tagger.words, tagger.latin
            format_text = lambda text, original, string: textlayer.with_actual_text(
                text, words, latin, original, string, tagger)
        # the labels drawn on a figure are words apart in the Figure: their last lines end too
        text = private.text_object(self, x, y, direction, ends, tagger.current.role == _FIGURE, format_text)
        private.set_link_hook(text, self.link_hook)
        private.set_text_owner(self, text)
        return text

    def showPage(self):
        if self.tagger is not None:
            self.tagger.end_page(self)
        super().showPage()

    def linkURL(self, url, rect, *args, **kw):
        super().linkURL(url, rect, *args, **kw)
        if self.tagger is not None and self.tagger.pages:
            self.tagger.annotation(url)

    def linkRect(self, contents, destinationname, *args, **kw):
        super().linkRect(contents, destinationname, *args, **kw)
        if self.tagger is not None and self.tagger.pages:
            self.tagger.annotation("#" + destinationname)


def _switches(tagger: Tagger, owner: Element, inner: str) -> list[str]:
    """The operators of a text object with links in it, each link's text a marked sequence of its own
    between two of the owner's (never one inside another)."""
    parts, links, current = [], iter(tagger._pending), owner
    for i, piece in enumerate(inner.split("\x00")):
        if i and piece[:1] in "SE":
            following = next(links) if piece[:1] == "S" else owner
            if following is not owner:
                owner.kids.append(following)
            parts.append(tagger.emc(current) + " " + tagger.bdc(following))
            current, piece = following, piece[1:]
        if piece.strip():
            parts.append(piece)
    tagger._last = current
    return parts


def _link_hook(canv):
    """What reportlab's paragraph calls as a link starts ('start', just after the text of its first
    fragment) and ends ('end', before the next fragment's text) on a line: tokens in the text object,
    which TaggedCanvas.drawText turns into the end of one marked sequence and the start of the next.
    A citation marker's text is given as ' 2' (ActualText), so that it reads apart from its word."""
    def record(link, kind):
        tagger = canv.tagger
        if tagger is None or tagger.current is None:
            return
        if kind == "start":
            target = link[1]
            shown = ""
            if target.startswith("#fn") and tagger.markers:
                shown = " " + tagger.markers.pop(0)
                textlayer.space_after_word(private.text_object_code(canv))
            tagger._pending.append(tagger.link(target, shown))
            private.text_object_insert_before_last(canv, START)
        else:
            private.text_object_append(canv, END)
    return record


def tagged_canvas(tagger: Tagger | None):
    """A canvasmaker for BaseDocTemplate.build: a TaggedCanvas that records into `tagger`."""
    def make(*args, **kwargs):
        canv = TaggedCanvas(*args, **kwargs)
        canv.tagger = tagger
        canv.link_hook = _link_hook(canv)
        return canv
    return make


def draw_tagged(flowable, draw) -> None:
    """Draw a flowable (call `draw()`) with its text objects marked as its structure element."""
    canv = flowable.canv
    tagger = getattr(canv, "tagger", None)
    tag = getattr(flowable, "tag", None)
    if tagger is None or tag is None or not tagger.pages:
        draw()
        return
    if role_of(tag.kind).once and tag in tagger._elements and _drawn_before(tagger, tagger._elements[tag]):
        draw()          # repeated on this page (a table's header row after a break): an Artifact
        return
    if tagger.content is not None:
        _draw_in_content(tagger, tag, draw)
        return
    outer = tagger.current, tagger.label, tagger.markers, tagger.words
    tagger.current = tagger.element_for(tag)
    tagger.markers = tag.markers
    tagger.words = tag.shaped_words() if tag.frags else {}
    if tag.link:
        tagger.current = tagger.link_in(tagger.current, (tag, "link"), tag.link, tag.link_text)
    tagger.label = tagger.label_for(tag) if getattr(flowable, "bulletText", None) or getattr(
        flowable, "bullet", None) else None
    try:
        draw()
    finally:
        tagger.current, tagger.label, tagger.markers, tagger.words = outer


def _draw_in_content(tagger: Tagger, tag: Tag, draw) -> None:
    """A flowable drawn inside a figure (its labels): its text is part of the figure's content, in the
    figure's marked sequence (a Figure's Alt stands for all inside it), with its text layer (line ends,
    the letters of shaped words) as anywhere else."""
    outer = tagger.current, tagger.label, tagger.words
    tagger.current, tagger.label = tagger.content, None
    tagger.words = tag.shaped_words() if tag.frags else {}
    try:
        draw()
    finally:
        tagger.current, tagger.label, tagger.words = outer


def _drawn_before(tagger: Tagger, element: Element) -> bool:
    """Whether the element has content on an earlier page than this one."""
    return any(isinstance(k, tuple) and k[0] != "annot" and k[0] < len(tagger.pages) - 1 for k in element.kids)


def draw_as_content(flowable, draw) -> None:
    """Draw a flowable whose drawing is its content (a figure, a QR code): one marked sequence of its
    structure element around everything `draw()` draws, the text of the tagged flowables it draws (a
    figure's labels) included."""
    canv = flowable.canv
    tagger, tag = getattr(canv, "tagger", None), getattr(flowable, "tag", None)
    if tagger is None or tag is None or not tagger.pages:
        draw()
        return
    element = tagger.element_for(tag)
    tagger.close_artifact(canv)
    canv.addLiteral(tagger.bdc(element))
    outer = tagger.current, tagger.content
    tagger.current, tagger.content, tagger._run = None, element, None    # its text is in this sequence already
    try:
        draw()
    finally:
        tagger.current, tagger.content = outer
        canv.addLiteral(tagger.emc(element))
        tagger.open_artifact(canv)


def draw_link(flowable, piece, draw) -> None:
    """Draw a piece of a link (`draw()`) as the content of its own Link element inside the flowable's."""
    tagger = getattr(flowable.canv, "tagger", None)
    if tagger is None or tagger.current is None or flowable.tag.link == piece.link:
        draw()      # untagged, or a paragraph that is one link as a whole (draw_tagged made its Link)
        return
    outer = tagger.current
    tagger.current = tagger.link_in(outer, (flowable.tag, id(piece)), piece.link)
    if piece.rise > 0 and not tagger.current.actual:
        tagger.current.actual = " " + piece.text       # a citation marker: read apart from its word
    try:
        draw()
    finally:
        tagger.current = outer


def draw_text(canv, text, actual: str = "", written: str = "") -> None:
    """Draw a text object; with `actual`, its glyphs read as that text (a shaped run's letters). Its
    text as `written` in Latin letters in a document in another script gets the language of those.
    Inside a tagged flowable the Span goes inside the text object's marked sequence
    (TaggedCanvas.drawText), elsewhere (a footer) around it."""
    tagger = getattr(canv, "tagger", None)
    lang = tagger.latin if tagger is not None and tagger.latin and textlayer.latin_words(written) else ""
    if not actual and not lang:
        canv.drawText(text)
    elif tagger is not None and tagger.current is not None:
        tagger.actual, tagger.lang = actual, lang
        canv.drawText(text)
    else:
        canv.addLiteral(textlayer.span(actual, lang))
        canv.drawText(text)
        canv.addLiteral("EMC")
