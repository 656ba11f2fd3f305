"""Tagged PDF while drawing: which structure role each flowable plays, and the marked content around it.

The mapping from what is drawn to its structure role is ROLES, and only ROLES: a paragraph's role
comes from its style's name, any other flowable's from its `tag_kind` attribute. A new kind of block
needs one line here, e.g. `"callout": Role("Callout", ("Div",), standard="Div")` (a non-standard
role is written to the RoleMap as its `standard` one).

Everything a page draws is an Artifact (page furniture: bands, rules, boxes, crop marks, footers,
write-in lines, underlines) except the text objects of tagged flowables: each of those is one
marked-content sequence with its own MCID, inside the text object (a link inside a paragraph
starts a sequence of its own there, so none is nested in another). The Tagger records which
structure element each MCID and each link annotation belongs to; structure.py writes the tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from leaflets.typeset import private


@dataclass(frozen=True)
class Role:
    """A structure type, the containers it sits in (created once per group), and whether the
    flowable's bullet is its label (Lbl) or part of its own content."""

    name: str
    containers: tuple = ()
    label: bool = False
    standard: str = ""          # the standard type a non-standard `name` maps to (RoleMap)


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
    # kinds a builder gives explicitly
    "reference": ITEM,                  # an entry of the reference list (endnotes)
    "link": Role("Link"),               # a link inside a paragraph
}


def role_of(kind: str) -> Role:
    return ROLES.get(kind, ROLES["body"])


class Tag:
    """What a flowable is in the structure: its kind (a key of ROLES), the group its containers
    belong to (one list, the contact panel), its language when not the document's, and the ID of a
    note. The parts of a split paragraph share their Tag, so they are one element."""

    __slots__ = ("kind", "group", "lang", "note_id", "alt", "markers", "link", "link_text", "frags", "_words")

    def __init__(self, kind: str, group="", lang: str = "", note_id: str = "", alt: str = ""):
        self.kind, self.group, self.lang, self.note_id, self.alt = kind, group, lang, note_id, alt
        self.markers: list[str] = []     # the labels of its citation markers, in order (taken as drawn)
        self.link, self.link_text = "", ""   # a paragraph that is one link as a whole: its target and text
        self.frags = None                    # a shaped paragraph's fragments as written (before shaping)
        self._words = None

    def shaped_words(self) -> dict:
        """(font, glyphs) -> the word as written, for every word of a shaped paragraph: the ActualText
        that gives a word whose glyphs have no character of their own (a conjunct) or stand in another
        order than its letters (a vowel sign before its consonant) its letters back."""
        if self._words is None:
            from reportlab.pdfbase.pdfmetrics import getFont

            self._words = {}
            for frag in self.frags or ():
                font = getFont(frag.fontName)
                for word in getattr(frag, "text", "").split():
                    glyphs = _glyphs(font, word, frag.fontSize)
                    if glyphs is not None and glyphs != word:
                        self._words[(frag.fontName, glyphs)] = word
        return self._words


def _glyphs(font, word: str, size: float) -> str | None:
    """The characters reportlab draws a word with once shaped (shaped glyphs as the private-use codes
    this PDF gave them), or None when a glyph has none. HarfBuzz runs once per font and word in a
    process, as reportlab runs it (ttfonts.shapeFragWord) but without giving out codes, so the PDF's
    bytes do not depend on what the process drew before; the glyphs are kept by name."""
    memo = font.__dict__.setdefault("leaflets_shaped_words", {})
    if word not in memo:
        import uharfbuzz

        hb = font.hbFont(size)
        buf = uharfbuzz.Buffer()
        buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(word)
        buf.guess_segment_properties()
        uharfbuzz.shape(hb, buf, {"kern": True, "liga": True, "dlig": True})
        chars = private.glyph_chars(font)
        memo[word] = tuple(_glyph(chars.get(g.codepoint), hb, g.codepoint) for g in buf.glyph_infos)
    codes = private.shaping_codes(font) or {}
    try:
        return "".join(g if isinstance(g, str) else chr(codes[g[0]]) for g in memo[word])
    except KeyError:            # a glyph this PDF never drew: neither did it draw the word
        return None


def _glyph(chars, hb, gid):
    """A glyph's own character, or its name when it has none (its private-use code changes with every PDF)."""
    if chars and not 0xE000 <= chars[0] <= 0xF8FF:
        return chr(chars[0])
    return (hb.glyph_to_string(gid),)


class Element:
    """A structure element as recorded while drawing; structure.py writes it."""

    __slots__ = ("role", "kids", "lang", "note_id", "alt", "actual", "contents")

    def __init__(self, role: str, lang: str = "", note_id: str = "", alt: str = ""):
        self.role, self.lang, self.note_id, self.alt = role, lang, note_id, alt
        self.kids: list = []            # Element, or (page index, mcid), or ("annot", page index, annot index)
        self.actual = ""
        self.contents = ""


START, END = "\x00S", "\x00E"     # tokens left in a paragraph's text object where a link starts and ends


class Tagger:
    """The structure of one PDF, recorded as it is drawn. `latin`: the language of words in Latin letters
    in a document in another script (the English terms and names inside Arabic, Hindi or Chinese)."""

    def __init__(self, latin: str = ""):
        self.latin = latin
        self.root = Element("Document")
        self._elements: dict = {}
        self.roles: dict = {}                # non-standard role -> standard one
        self.pages: list[list] = []          # page -> the element of each MCID
        self.annots: list[list] = []         # page -> the link element of each annotation
        self._links: list = []               # this page's link elements: [element, target, annotated]
        self.current = None                  # the element the next text object belongs to
        self.label = None                    # the element the next text object alone belongs to (a bullet)
        self._artifact = False
        self._pending: list = []             # link elements started in the text object being drawn
        self._last = None                    # the element whose sequence ends the text object drawn
        self._run = None                     # (owner, length of the page's code) after its last sequence
        self.markers: list[str] = []         # the labels of the citation markers still to draw in `current`
        self.words: dict = {}                # the shaped words of `current` (Tag.shaped_words)
        self.spaced = False                  # `current` is written with spaces between words (not Chinese)
        self.glyphs: dict = {}               # font's PostScript name -> {private-use code: the letters it draws}
        self.actual = ""                     # the ActualText of the next text object drawn (draw_text)
        self.lang = ""                       # the language of the next text object drawn, if not the document's
        self.right_to_left = False           # right-to-left shaped text was drawn (its ToUnicode is rewritten)

    # --- elements ----------------------------------------------------------------------

    def element_for(self, tag: Tag) -> Element:
        if tag in self._elements:
            return self._elements[tag]
        role = role_of(tag.kind)
        parent = self.root
        for depth, name in enumerate(role.containers):
            key = (tag.group or tag, name) if depth == 0 else (tag, name)
            parent = self._child(key, name, parent)
        element = Element(role.name, tag.lang, tag.note_id, tag.alt)
        if role.standard:
            self.roles[role.name] = role.standard
        parent.kids.append(element)
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
        page.append(element)
        element.kids.append((len(self.pages) - 1, len(page) - 1))
        return len(page) - 1

    def bdc(self, element: Element) -> str:
        """The start of a marked-content sequence of the element; its text replaced, for text extraction,
        by the element's `actual` text (poppler reads ActualText from a Span only, hence one inside)."""
        extra = f" /Span <</ActualText {pdf_text(element.actual)}>> BDC" if element.actual else ""
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


def pdf_text(text: str) -> str:
    """A PDF text string in UTF-16BE, as a hex string (safe for any character)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class TaggedCanvas(Canvas):
    """A canvas that marks each text object drawn while a flowable is being tagged (see Tagger)."""

    tagger: Tagger | None = None

    def drawText(self, aTextObject):
        tagger = self.tagger
        if tagger is None or tagger.current is None:
            return super().drawText(aTextObject)
        owner = tagger.label or tagger.current
        tagger.label = None
        code = aTextObject.getCode()
        assert code.startswith("BT ") and code.endswith(" ET"), code[:20]
        inner = code[3:-3]
        actual, tagger.actual, lang, tagger.lang = tagger.actual, "", tagger.lang, ""
        span = _span(actual, lang)
        if span:
            inner = f"{span} {inner} EMC"
        if START in inner:
            self._with_links(tagger, owner, inner)
        else:
            self._in_sequence(tagger, owner, inner)
        tagger._pending = []
        tagger.open_artifact(self)

    def _with_links(self, tagger: Tagger, owner: Element, inner: str) -> None:
        """A paragraph's text object with links in it: its sequences start and end inside it."""
        tagger._last = owner
        parts = [tagger.bdc(owner)] + _switches(tagger, owner, inner)
        tagger.close_artifact(self)
        self._code.append("BT " + " ".join(parts) + " " + tagger.emc(tagger._last) + " ET")
        tagger._run = None

    def _in_sequence(self, tagger: Tagger, owner: Element, inner: str) -> None:
        """A text object in a marked sequence of its owner, outside it; the next one of the same owner,
        with nothing drawn between (the runs of a right-to-left line), continues the sequence: a
        heading drawn in several runs is one MCID."""
        code = self._code
        if tagger._run == (id(owner), len(code)) and code[-2:] == ["EMC", "/Artifact BMC"] and not owner.actual:
            del code[-2:]
            tagger._artifact = False
        else:
            tagger.close_artifact(self)
            code.append(tagger.bdc(owner))
        code += [f"BT {inner} ET", tagger.emc(owner)]
        tagger._run = (id(owner), len(code) + 1)      # + the Artifact opened next

    def beginText(self, x=0, y=0, direction=None):
        text = super().beginText(x, y, direction)
        if self.tagger is not None and self.tagger.current is not None:
            private.set_link_hook(text, self.link_hook)
            private.set_text_owner(self, text)
            if self.tagger.spaced:
                private.wrap_text_out(text, _line_end_space)
            if self.tagger.words or self.tagger.latin:
                words, latin = self.tagger.words, self.tagger.latin
                private.wrap_format_text(text, lambda original, string: _with_actual_text(
                    text, words, latin, original, string))
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


def _line_end_space(original, string, line_end) -> None:
    """A line's last run ends with a space (drawn as nothing): the last word of a line and the first of
    the next read as two words, in the structure tree as in extracted text."""
    if line_end and string and not str(string).endswith(" "):
        string = string + " "
    original(string, line_end)


def _span(actual: str = "", lang: str = "") -> str:
    """The start of a Span that gives its glyphs another text to read (ActualText) or another language."""
    if not actual and not lang:
        return ""
    keys = (f" /ActualText {pdf_text(actual)}" if actual else "") + (f" /Lang ({lang})" if lang else "")
    return f"/Span <<{keys.strip()}>> BDC"


def latin_words(text: str) -> bool:
    """Words in Latin letters only (a name or term inside another script)."""
    return bool(_LATIN.search(text)) and not _OTHER_SCRIPT.search(text)


_LATIN = re.compile(r"[A-Za-z]{2}")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_OTHER_SCRIPT = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20a0-\u20cf]")


def _with_actual_text(text, words: dict, latin: str, original, string) -> str:
    """The operators of a line's string, each shaped word whose glyphs do not read as its letters in a
    Span with the word as ActualText; a string of Latin words in a document in another script in a
    Span with their language."""
    if latin and latin_words(str(string)):
        return f"{_span(lang=latin)} {original(string)} EMC"
    data = getattr(string, "__shapeData__", None)
    if data is None or not words:     # not shaped, or not a paragraph of shaped words (right-to-left runs)
        return original(string)
    out, start, font = [], 0, text._fontname
    for m in re.finditer(r"([^ ]+) *", string):       # a word and the spaces after it (pdfium drops a space
        word = m.group(1)                             # that follows a Span: it goes inside the Span)
        shaped = any(d.cluster != private.SIMPLE_CLUSTER for d in private.shape_data(string)[m.start():m.end()])
        # a shaped word whose glyphs are its letters still gets them as ActualText: its glyphs are placed
        # by HarfBuzz (marks moved), and poppler reads a moved mark as the start of another word
        written = words.get((font, word), word if not _PRIVATE.search(word) else None) if shaped else None
        if written is None:
            continue
        if m.start() > start:
            out.append(original(string[start:m.start()]))
        spaces = m.group(0)[len(word):]
        out.append(f"/Span <</ActualText {pdf_text(written + spaces)}>> BDC {original(string[m.start():m.end()])} EMC")
        start = m.end()
    if not out:
        return original(string)
    if start < len(string):
        out.append(original(string[start:]))
    return " ".join(out)


def _space_after_word(code: list) -> None:
    """The word a marker follows, when it is a Span of its own (a shaped word), ends its ActualText with a
    space: pdfium drops the space the marker's own ActualText starts with after another Span."""
    for i in range(len(code) - 2, -1, -1):      # the last entry is the marker's own text
        entry = code[i]
        if "/ActualText <FEFF" in entry and entry.rstrip().endswith("EMC"):
            at = entry.index(">", entry.rindex("/ActualText <FEFF"))
            if not entry[:at].endswith("0020"):
                code[i] = entry[:at] + "0020" + entry[at:]
            return
        if re.search(r"(\)\s*Tj|\]\s*TJ)\s*$", entry):
            return                               # text before the marker that is no Span: nothing to do


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
                _space_after_word(private.text_object_code(canv))
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
    outer = tagger.current, tagger.label, tagger.markers, tagger.words, tagger.spaced
    tagger.current = tagger.element_for(tag)
    tagger.markers = tag.markers
    tagger.words = tag.shaped_words() if tag.frags else {}
    tagger.spaced = getattr(getattr(flowable, "style", None), "wordWrap", None) != "CJK"
    if tag.link:
        tagger.current = tagger.link_in(tagger.current, (tag, "link"), tag.link, tag.link_text)
    tagger.label = tagger.label_for(tag) if getattr(flowable, "bulletText", None) or getattr(
        flowable, "bullet", None) else None
    try:
        draw()
    finally:
        tagger.current, tagger.label, tagger.markers, tagger.words, tagger.spaced = outer


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


def record_glyphs(canv, face: str, drawn, text: str) -> None:
    """Note which letters each glyph with no character of its own (a private-use code) draws in a
    shaped right-to-left run, from HarfBuzz's clusters: structure.py writes them into the font's
    ToUnicode, so that text extraction reads the letters (pdfium and poppler order them themselves)."""
    tagger = getattr(canv, "tagger", None)
    data = getattr(drawn, "__shapeData__", None)
    if tagger is None or data is None:
        return
    tagger.right_to_left = True
    glyphs = None
    clusters = sorted({d.cluster for d in private.shape_data(drawn)} | {len(text)})
    for ch, d in zip(str(drawn), private.shape_data(drawn)):
        if 0xE000 <= ord(ch) <= 0xF8FF and d.cluster < len(text):
            if glyphs is None:
                from reportlab.pdfbase.pdfmetrics import getFont

                glyphs = tagger.glyphs.setdefault(private.postscript_name(getFont(face)), {})
            end = clusters[clusters.index(d.cluster) + 1]
            glyphs.setdefault(ord(ch), text[d.cluster:end])


def draw_text(canv, text, actual: str = "", written: str = "") -> None:
    """Draw a text object; with `actual`, its glyphs read as that text (a shaped run's letters). Its
    text as `written` in Latin letters in a document in another script gets the language of those.
    Inside a tagged flowable the Span goes inside the text object's marked sequence
    (TaggedCanvas.drawText), elsewhere (a footer) around it."""
    tagger = getattr(canv, "tagger", None)
    lang = tagger.latin if tagger is not None and tagger.latin and latin_words(written) else ""
    if not actual and not lang:
        canv.drawText(text)
    elif tagger is not None and tagger.current is not None:
        tagger.actual, tagger.lang = actual, lang
        canv.drawText(text)
    else:
        canv.addLiteral(_span(actual, lang))
        canv.drawText(text)
        canv.addLiteral("EMC")
