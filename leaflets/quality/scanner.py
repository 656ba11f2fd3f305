"""Read a built PDF back: what every page shows, where, how large and in what colour.

The text of each page is read by a small content-stream interpreter (on
pypdf's parser) rather than by pypdf's extract_text: it keeps, for every
string shown, its position on the page, its size as printed, its rise
(superscript citation markers), its fill colour and the colour of the
rectangle it sits on. pypdf's own extraction merges markers into the word
before them and loses the position of text drawn from form XObjects.
Each PDF operator the checks need has a small handler (see _HANDLERS).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ContentStream

from leaflets.quality.lint import WHITE, to_rgb
from leaflets.quality.matrices import IDENTITY, apply as _apply, multiply as _mul


@dataclass
class Run:
    """One string shown on a page, in page space (points, origin bottom left)."""

    page: int                 # 0-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    baseline: float
    size: float               # as printed: font size times the scale of text and graphics matrices
    rise: float
    font: str
    colour: tuple             # sRGB 0..1
    background: tuple = WHITE
    seq: int = 0              # drawing order, shared with the fills
    x: float = 0.0            # where the string starts on its baseline
    show: int = 0             # the text-showing operator of the page it came from (a TJ shows several strings)
    ink: tuple = ()           # the fill colour as the PDF gives it: (gray,), (r, g, b) or (c, m, y, k)

    @property
    def superscript(self) -> bool:
        return self.rise > 0.5


@dataclass
class Fill:
    x0: float
    y0: float
    x1: float
    y1: float
    colour: tuple
    seq: int
    ink: tuple = ()

    def contains(self, x, y) -> bool:
        return self.x0 - 0.01 <= x <= self.x1 + 0.01 and self.y0 - 0.01 <= y <= self.y1 + 0.01


@dataclass
class Drawing:
    """The extent of one painted path (stroked lines include half their width)."""

    x0: float
    y0: float
    x1: float
    y1: float
    kind: str                 # 'stroke', 'fill' or 'fill and stroke'


@dataclass
class Page:
    index: int
    mediabox: tuple
    trimbox: tuple | None
    bleedbox: tuple | None
    runs: list = field(default_factory=list)      # the strings a reader sees: not blank, not invisible
    strings: list = field(default_factory=list)   # every string shown, in drawing order
    fills: list = field(default_factory=list)
    drawings: list = field(default_factory=list)


@dataclass
class FontInfo:
    resource: str
    basefont: str
    subtype: str
    embedded: bool
    where: str                # "page 1" or "page 1, form X"


@dataclass
class Scan:
    pages: list
    title: str
    lang: str
    fonts: list               # FontInfo of every font a page or form refers to
    size: int


# The most a page may make the scanner do. Built leaflets play under 2,000 operators a page and draw no
# forms; a form drawing itself (or others) many times multiplies the work at every level of nesting.
MAX_OPERATORS = 100_000
MAX_FORMS = 1_000
READ_AS = "/ReadAs"     # what pdfium and poppler get for a right-to-left run (typeset.textlayer): read its glyphs


class TooComplex(ValueError):
    """A page would make the scanner (or a renderer) do more work than any leaflet needs."""

    def __init__(self, page: int, what: str):
        super().__init__(f"page {page + 1} {what}")
        self.page = page


class _Font:
    """What the interpreter needs of a font: codes -> text, widths, ascent and descent."""

    def __init__(self, font):
        self.basefont = str(font.get("/BaseFont", ""))[1:] if font.get("/BaseFont") else "?"
        self.two_byte = font.get("/Subtype") == "/Type0"
        self.unicode = self._cmap(font.get("/ToUnicode"))
        self.first = int(font.get("/FirstChar", 0))
        self.widths = [float(w) for w in font.get("/Widths", [])]
        desc = font.get("/FontDescriptor")
        if self.two_byte:
            try:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            except (KeyError, IndexError):
                desc = None
        desc = desc.get_object() if desc is not None else {}
        self.missing = float(desc.get("/MissingWidth", 500)) if desc else 500.0
        self.ascent = float(desc.get("/Ascent", 800)) if desc else 800.0
        self.descent = float(desc.get("/Descent", -200)) if desc else -200.0

    @staticmethod
    def _cmap(obj) -> dict:
        if obj is None:
            return {}
        try:
            data = obj.get_object().get_data().decode("latin-1")
        except Exception:  # noqa: BLE001 - a broken cmap only costs the text, not the check
            return {}
        out: dict = {}

        def utf16(h):
            try:
                return bytes.fromhex(h).decode("utf-16-be")
            except (ValueError, UnicodeDecodeError):
                return ""
        for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                out[int(src, 16)] = utf16(dst)
        for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
            for lo, hi, rest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
                lo, hi = int(lo, 16), int(hi, 16)
                if rest.startswith("["):
                    for i, dst in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", rest)):
                        out[lo + i] = utf16(dst)
                else:
                    base = int(rest[1:-1], 16)
                    width = len(rest) - 2
                    for i, code in enumerate(range(lo, hi + 1)):
                        out[code] = utf16(f"{base + i:0{width}X}")
        return out

    def decode(self, raw: bytes):
        """-> (text, [(code, width in 1/1000 em)])."""
        codes = ([raw[i] << 8 | raw[i + 1] for i in range(0, len(raw) - 1, 2)] if self.two_byte else list(raw))
        text = []
        glyphs = []
        for code in codes:
            ch = self.unicode.get(code)
            if ch is None:
                ch = chr(code) if not self.two_byte and 32 <= code < 127 else ""
            text.append(ch.replace("\x00", ""))
            i = code - self.first
            w = self.widths[i] if 0 <= i < len(self.widths) else (self.missing if not self.two_byte else 500.0)
            glyphs.append((code, w))
        return "".join(text), glyphs


def _colour(operands, space: str | None = None) -> tuple | None:
    try:
        values = [float(v) for v in operands]
    except (TypeError, ValueError):
        return None
    if len(values) == 1:
        return (values[0],) * 3
    if len(values) == 3:
        return tuple(values)
    if len(values) == 4:
        return to_rgb(("cmyk", *values))
    return None


class _Interpreter:
    """Plays the content streams of one PDF; fonts and the order of what is drawn are shared by its pages."""

    def __init__(self, reader, depth: int = 8):
        self.reader = reader
        self.depth = depth             # how deep forms drawn by forms are entered (0: not at all)
        self.fonts: dict = {}
        self.font_infos: list = []
        self.seq = 0
        self.shows = 0                 # text-showing operators so far
        self.parsed: dict = {}         # each form's operators, parsed once however often it is drawn
        self.operators = self.forms = 0    # played and drawn on the current page

    def new_page(self):
        self.operators = self.forms = 0

    def operations(self, content, key) -> list:
        if isinstance(content, ContentStream):
            return content.operations
        if key not in self.parsed:
            self.parsed[key] = ContentStream(content, self.reader).operations
        return self.parsed[key]

    def count(self, page: Page, operators: int, forms: int = 0):
        self.operators += operators
        self.forms += forms
        if self.forms > MAX_FORMS:
            raise TooComplex(page.index, f"draws too many nested forms (more than {MAX_FORMS:,})")
        if self.operators > MAX_OPERATORS:
            raise TooComplex(page.index, f"has too many drawing operators (more than {MAX_OPERATORS:,}, "
                                         "counting those of the forms it draws)")

    def font(self, ref) -> _Font:
        key = id(ref) if not hasattr(ref, "idnum") else ref.idnum
        if key not in self.fonts:
            self.fonts[key] = _Font(ref.get_object())
        return self.fonts[key]

    def note_fonts(self, resources, where: str):
        fonts = resources.get("/Font") if resources else None
        if fonts is None:
            return
        for name, ref in fonts.get_object().items():
            font = ref.get_object()
            subtype = str(font.get("/Subtype", ""))
            desc = font.get("/FontDescriptor")
            if subtype == "/Type0":
                try:
                    desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                except (KeyError, IndexError):
                    desc = None
            desc = desc.get_object() if desc is not None else None
            embedded = subtype == "/Type3" or bool(desc is not None and any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")))
            base = str(font.get("/BaseFont", ""))[1:]
            info = FontInfo(str(name), base, subtype[1:], embedded, where)
            if not any(i.basefont == info.basefont and i.resource == info.resource for i in self.font_infos):
                self.font_infos.append(info)

    def run(self, page: Page, content, resources, ctm, where: str, depth: int = 0, key=None):
        if content is None or depth > self.depth:
            return
        self.note_fonts(resources, where)
        ops = self.operations(content, key)
        self.count(page, len(ops))
        _Stream(self, page, resources, ctm, where, depth).play(ops)


class _Stream:
    """The state of one content stream as it is played: graphics state, text matrices, current path."""

    def __init__(self, interp: _Interpreter, page: Page, resources, ctm, where: str, depth: int):
        self.interp, self.page, self.resources, self.where, self.depth = interp, page, resources, where, depth
        self.gs = {"ctm": ctm, "fill": (0.0, 0.0, 0.0), "ink": (0.0,), "font": None, "size": 0.0, "tc": 0.0, "tw": 0.0,
                   "tz": 100.0, "tl": 0.0, "rise": 0.0, "mode": 0, "lw": 1.0}
        self.stack: list = []
        self.tm = self.tlm = IDENTITY
        self.rects: list = []          # the rectangles of the current path, in page space
        self.points: list = []         # every point of the current path, in page space
        self.fonts = resources.get("/Font").get_object() if resources and resources.get("/Font") else {}
        self.spans: list = []          # marked-content sequences: the ActualText of each, None or READ_AS
        self.xobjects = resources.get("/XObject").get_object() if resources and resources.get("/XObject") else {}

    def play(self, ops):
        for operands, op in ops:
            handler = _HANDLERS.get(op.decode("latin-1") if isinstance(op, bytes) else op)
            if handler is not None:
                handler(self, operands)

    # --- graphics state

    def save(self, operands):
        self.stack.append(dict(self.gs))

    def restore(self, operands):
        self.gs = self.stack.pop() if self.stack else self.gs

    def concat(self, operands):
        self.gs["ctm"] = _mul(tuple(float(v) for v in operands), self.gs["ctm"])

    def fill_colour(self, operands):
        self.gs["fill"] = _colour(operands) or self.gs["fill"]
        self.gs["ink"] = tuple(float(v) for v in operands) if _colour(operands) else self.gs["ink"]

    def line_width(self, operands):
        self.gs["lw"] = float(operands[0])

    # --- text position

    def begin_text(self, operands):
        self.tm = self.tlm = IDENTITY

    def text_matrix(self, operands):
        self.tm = self.tlm = tuple(float(v) for v in operands)

    def move(self, operands):
        self.tm = self.tlm = _mul((1, 0, 0, 1, float(operands[0]), float(operands[1])), self.tlm)

    def move_leading(self, operands):
        self.gs["tl"] = -float(operands[1])
        self.move(operands)

    def next_line(self, operands=()):
        self.tm = self.tlm = _mul((1, 0, 0, 1, 0, -self.gs["tl"]), self.tlm)

    def set_font(self, operands):
        ref = self.fonts.get(operands[0]) if self.fonts else None
        self.gs["font"] = self.interp.font(ref) if ref is not None else None
        self.gs["size"] = float(operands[1])

    # --- text shown (a Span's ActualText stands for the glyphs inside it: the first string shows it)

    def begin_marked(self, operands):
        props = operands[1].get_object() if len(operands) > 1 and hasattr(operands[1], "get_object") else {}
        actual = str(props["/ActualText"]) if hasattr(props, "get") and "/ActualText" in props else None
        self.spans.append(READ_AS if str(operands[0]) == READ_AS else actual)

    def end_marked(self, operands):
        del self.spans[-1:]

    def show_text(self, operands):
        self.interp.shows += 1
        self.show(operands[0])

    def next_line_show(self, operands):
        self.next_line()
        self.show_text(operands)

    def spaced_next_line_show(self, operands):
        self.gs["tw"], self.gs["tc"] = float(operands[0]), float(operands[1])
        self.next_line()
        self.show_text(operands[2:])

    def show_array(self, operands):
        self.interp.shows += 1
        gs = self.gs
        for item in operands[0]:
            if isinstance(item, (bytes, str)):
                self.show(item)
            else:
                self.tm = _mul((1, 0, 0, 1, -float(item) / 1000 * gs["size"] * gs["tz"] / 100, 0), self.tm)

    def show(self, raw):
        gs = self.gs
        font = gs["font"]
        if font is None or not isinstance(raw, (bytes, str)):
            return
        if isinstance(raw, str):
            # pypdf decodes string operands as PDFDocEncoding; the font needs the original codes
            original = getattr(raw, "original_bytes", None)
            raw = original if original is not None else raw.encode("latin-1", "replace")
        text, glyphs = font.decode(bytes(raw))
        actual = next((i for i in range(len(self.spans) - 1, -1, -1) if self.spans[i] is not None), None)
        if actual is not None and READ_AS not in self.spans:
            text, self.spans[actual] = self.spans[actual], ""
        size, scale = gs["size"], gs["tz"] / 100
        width = 0.0
        for code, w in glyphs:
            width += (w / 1000 * size + gs["tc"] + (gs["tw"] if code == 32 and not font.two_byte else 0)) * scale
        m = _mul(self.tm, gs["ctm"])
        rise = gs["rise"]
        corners = [_apply(m, x, y) for x in (0, width)
                   for y in (rise + font.descent / 1000 * size, rise + font.ascent / 1000 * size)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        c, d = m[2], m[3]
        scaled = (c * c + d * d) ** 0.5           # size and rise as printed: scaled by the matrices
        base_x, base_y = _apply(m, 0, rise)
        self.interp.seq += 1
        run = Run(self.page.index, text, min(xs), min(ys), max(xs), max(ys), base_y, size * scaled, rise * scaled,
                  font.basefont, gs["fill"], WHITE, self.interp.seq, base_x, self.interp.shows, gs["ink"])
        self.page.strings.append(run)
        if text.strip() and gs["mode"] not in (3, 7):
            self.page.runs.append(run)
        self.tm = _mul((1, 0, 0, 1, width, 0), self.tm)

    # --- paths

    def rectangle(self, operands):
        x, y, w, h = (float(v) for v in operands)
        pts = [_apply(self.gs["ctm"], px, py) for px in (x, x + w) for py in (y, y + h)]
        self.points.extend(pts)
        self.rects.append((min(p[0] for p in pts), min(p[1] for p in pts),
                           max(p[0] for p in pts), max(p[1] for p in pts)))

    def point(self, operands):
        self.points.append(_apply(self.gs["ctm"], float(operands[0]), float(operands[1])))

    def curve(self, operands):
        values = [float(v) for v in operands]
        self.points.extend(_apply(self.gs["ctm"], values[i], values[i + 1]) for i in range(0, len(values), 2))

    def painted(self, kind: str):
        if not self.points:
            return
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        half = 0.0
        if "stroke" in kind:
            a, b, c, d = self.gs["ctm"][:4]
            half = self.gs["lw"] * max((a * a + b * b) ** 0.5, (c * c + d * d) ** 0.5) / 2
        self.page.drawings.append(Drawing(min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half, kind))

    # --- forms

    def draw_form(self, operands):
        ref = self.xobjects.get(operands[0]) if self.xobjects else None
        xobj = ref.get_object() if ref is not None else None
        if xobj is not None and xobj.get("/Subtype") == "/Form":
            self.interp.count(self.page, 0, 1)
            key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(xobj)
            matrix = tuple(float(v) for v in xobj.get("/Matrix", IDENTITY))
            self.interp.run(self.page, xobj, xobj.get("/Resources") or self.resources,
                            _mul(matrix, self.gs["ctm"]), f"{self.where}, form {operands[0]}", self.depth + 1, key)


def _setter(name: str, kind=float):
    def set_(stream: _Stream, operands):
        stream.gs[name] = kind(operands[0])
    return set_


def _painter(kind: str):
    """The handler of a path-painting operator: fills (of its rectangles), the drawing, a new path."""
    def paint(stream: _Stream, operands):
        if "fill" in kind:
            for x0, y0, x1, y1 in stream.rects:
                stream.interp.seq += 1
                stream.page.fills.append(Fill(x0, y0, x1, y1, stream.gs["fill"], stream.interp.seq, stream.gs["ink"]))
        if kind:
            stream.painted(kind)
        stream.rects, stream.points = [], []
    return paint


_S = _Stream
_FILL, _FILL_STROKE, _STROKE, _DISCARD = (_painter(k) for k in ("fill", "fill and stroke", "stroke", ""))
_HANDLERS = {
    "q": _S.save, "Q": _S.restore, "cm": _S.concat, "w": _S.line_width,
    "rg": _S.fill_colour, "g": _S.fill_colour, "k": _S.fill_colour, "sc": _S.fill_colour, "scn": _S.fill_colour,
    "BT": _S.begin_text, "Tm": _S.text_matrix, "Td": _S.move, "TD": _S.move_leading, "T*": _S.next_line,
    "TL": _setter("tl"), "Tc": _setter("tc"), "Tw": _setter("tw"), "Tz": _setter("tz"),
    "Ts": _setter("rise"), "Tr": _setter("mode", int), "Tf": _S.set_font,
    "Tj": _S.show_text, "'": _S.next_line_show, '"': _S.spaced_next_line_show, "TJ": _S.show_array,
    "re": _S.rectangle, "m": _S.point, "l": _S.point, "c": _S.curve, "v": _S.curve, "y": _S.curve,
    "f": _FILL, "F": _FILL, "f*": _FILL, "B": _FILL_STROKE, "B*": _FILL_STROKE, "b": _FILL_STROKE,
    "b*": _FILL_STROKE, "S": _STROKE, "s": _STROKE, "n": _DISCARD,
    "Do": _S.draw_form, "BDC": _S.begin_marked, "BMC": _S.begin_marked, "EMC": _S.end_marked,
}

def _box(page, name):
    box = page.get(name)
    if box is None:
        return None
    return tuple(float(v) for v in box)


def read_page(reader: PdfReader, pg, index: int = 0, interp: _Interpreter | None = None, forms: bool = True) -> Page:
    """One page of a PDF as scan() reads it (`interp`: the one a whole scan shares; forms=False: only
    the page's own content stream)."""
    interp = interp or _Interpreter(reader, 8 if forms else 0)
    interp.new_page()
    page = Page(index, tuple(float(v) for v in pg.mediabox), _box(pg, "/TrimBox"), _box(pg, "/BleedBox"))
    resources = pg.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    interp.run(page, pg.get_contents(), resources, IDENTITY, f"page {index + 1}")
    # the background of each run: the last filled rectangle under it, drawn before it
    for run in page.runs:
        cx, cy = (run.x0 + run.x1) / 2, run.baseline + run.size * 0.3
        under = [f for f in page.fills if f.seq < run.seq and f.contains(cx, cy)]
        run.background = under[-1].colour if under else WHITE
    return page


def scan(data: bytes) -> Scan:
    """Everything the checks need from a PDF, read once."""
    reader = PdfReader(io.BytesIO(data))
    interp = _Interpreter(reader)
    pages = [read_page(reader, pg, i, interp) for i, pg in enumerate(reader.pages)]
    meta = reader.metadata or {}
    root = reader.trailer["/Root"]
    return Scan(pages, str(meta.get("/Title") or ""), str(root.get("/Lang") or ""), interp.font_infos, len(data))
