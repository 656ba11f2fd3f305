"""Read a built PDF back and check it against its layout and its model.

Pure: every function takes PDF bytes (or a scan of them), the model and the
layout, and returns CheckResults. The CLI reads the files.

The text of each page is read by a small content-stream interpreter (on
pypdf's parser) rather than by pypdf's extract_text: it keeps, for every
string shown, its position on the page, its size as printed, its rise
(superscript citation markers), its fill colour and the colour of the
rectangle it sits on. pypdf's own extraction merges markers into the word
before them and loses the position of text drawn from form XObjects.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from leaflets.diagnostics import ERROR, WARNING, SourceLocation
from leaflets.layout.settings import END, OFFICE_SAFE_EDGE, Layout
from leaflets.quality.lint import WHITE, Quality, contrast_ratio, hex_of, kb, to_rgb
from leaflets.model.nodes import BulletList, CitationMark, Leaflet, Paragraph, plain_text
from leaflets.quality.reports import CheckResult, Finding
from leaflets.model.inline import expand_numbers
from leaflets.inputs.units import PT_PER

BASE14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
    # names Acrobat also treats as standard
    "Arial", "Arial,Bold", "Arial,Italic", "Arial,BoldItalic", "TimesNewRoman", "CourierNew",
}

_NOWHERE = SourceLocation("")


# --- reading the PDF ----------------------------------------------------------------

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
    seq: int = 0

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
    runs: list = field(default_factory=list)
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


def _mul(m, n):
    """Matrix product m x n of PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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
    def __init__(self, reader):
        self.reader = reader
        self.fonts: dict = {}
        self.font_infos: list = []
        self.seq = 0

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

    def run(self, page: Page, content, resources, ctm, where: str, depth: int = 0):
        from pypdf.generic import ContentStream

        if content is None or depth > 8:
            return
        self.note_fonts(resources, where)
        ops = content.operations if isinstance(content, ContentStream) else ContentStream(content, self.reader).operations
        gs = {"ctm": ctm, "fill": (0.0, 0.0, 0.0), "font": None, "size": 0.0, "tc": 0.0, "tw": 0.0, "tz": 100.0,
              "tl": 0.0, "rise": 0.0, "mode": 0, "lw": 1.0}
        stack = []
        tm = tlm = IDENTITY
        path_rects: list = []
        path_points: list = []        # every point of the current path, in page space

        def painted(kind: str):
            if not path_points:
                return
            xs, ys = [p[0] for p in path_points], [p[1] for p in path_points]
            half = 0.0
            if "stroke" in kind:
                a, b, c, d = gs["ctm"][:4]
                half = gs["lw"] * max((a * a + b * b) ** 0.5, (c * c + d * d) ** 0.5) / 2
            page.drawings.append(Drawing(min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half, kind))
        fonts = resources.get("/Font").get_object() if resources and resources.get("/Font") else {}
        xobjects = resources.get("/XObject").get_object() if resources and resources.get("/XObject") else {}

        def show(raw):
            nonlocal tm
            font = gs["font"]
            if font is None or not isinstance(raw, (bytes, str)):
                return
            if isinstance(raw, str):
                # pypdf decodes string operands as PDFDocEncoding; the font needs the original codes
                original = getattr(raw, "original_bytes", None)
                raw = original if original is not None else raw.encode("latin-1", "replace")
            text, glyphs = font.decode(bytes(raw))
            size, scale = gs["size"], gs["tz"] / 100
            width = 0.0
            for code, w in glyphs:
                width += (w / 1000 * size + gs["tc"] + (gs["tw"] if code == 32 and not font.two_byte else 0)) * scale
            m = _mul(tm, gs["ctm"])
            rise = gs["rise"]
            corners = [_apply(m, x, y) for x in (0, width)
                       for y in (rise + font.descent / 1000 * size, rise + font.ascent / 1000 * size)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            c, d = m[2], m[3]
            printed = size * (c * c + d * d) ** 0.5
            _, base_y = _apply(m, 0, rise)
            # the rise as printed (scaled the same way as the size)
            printed_rise = rise * (c * c + d * d) ** 0.5
            if text.strip() and gs["mode"] not in (3, 7):
                self.seq += 1
                page.runs.append(Run(page.index, text, min(xs), min(ys), max(xs), max(ys), base_y, printed,
                                     printed_rise, font.basefont, gs["fill"], WHITE, self.seq))
            tm = _mul((1, 0, 0, 1, width, 0), tm)

        for operands, op in ops:
            op = op.decode("latin-1") if isinstance(op, bytes) else op
            if op == "q":
                stack.append(dict(gs))
            elif op == "Q":
                if stack:
                    gs = stack.pop()
            elif op == "cm":
                gs["ctm"] = _mul(tuple(float(v) for v in operands), gs["ctm"])
            elif op in ("rg", "g", "k"):
                gs["fill"] = _colour(operands) or gs["fill"]
            elif op in ("sc", "scn"):
                gs["fill"] = _colour(operands) or gs["fill"]
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tm":
                tm = tlm = tuple(float(v) for v in operands)
            elif op in ("Td", "TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if op == "TD":
                    gs["tl"] = -ty
                tm = tlm = _mul((1, 0, 0, 1, tx, ty), tlm)
            elif op == "T*":
                tm = tlm = _mul((1, 0, 0, 1, 0, -gs["tl"]), tlm)
            elif op == "TL":
                gs["tl"] = float(operands[0])
            elif op == "Tc":
                gs["tc"] = float(operands[0])
            elif op == "Tw":
                gs["tw"] = float(operands[0])
            elif op == "Tz":
                gs["tz"] = float(operands[0])
            elif op == "Ts":
                gs["rise"] = float(operands[0])
            elif op == "Tr":
                gs["mode"] = int(operands[0])
            elif op == "Tf":
                ref = fonts.get(operands[0]) if fonts else None
                gs["font"] = self.font(ref) if ref is not None else None
                gs["size"] = float(operands[1])
            elif op == "Tj":
                show(operands[0])
            elif op == "'":
                tm = tlm = _mul((1, 0, 0, 1, 0, -gs["tl"]), tlm)
                show(operands[0])
            elif op == '"':
                gs["tw"], gs["tc"] = float(operands[0]), float(operands[1])
                tm = tlm = _mul((1, 0, 0, 1, 0, -gs["tl"]), tlm)
                show(operands[2])
            elif op == "TJ":
                for item in operands[0]:
                    if isinstance(item, (bytes, str)):
                        show(item)
                    else:
                        tm = _mul((1, 0, 0, 1, -float(item) / 1000 * gs["size"] * gs["tz"] / 100, 0), tm)
            elif op == "re":
                x, y, w, h = (float(v) for v in operands)
                pts = [_apply(gs["ctm"], px, py) for px in (x, x + w) for py in (y, y + h)]
                path_points.extend(pts)
                path_rects.append((min(p[0] for p in pts), min(p[1] for p in pts),
                                   max(p[0] for p in pts), max(p[1] for p in pts)))
            elif op in ("m", "l"):
                path_points.append(_apply(gs["ctm"], float(operands[0]), float(operands[1])))
            elif op in ("c", "v", "y"):
                values = [float(v) for v in operands]
                path_points.extend(_apply(gs["ctm"], values[i], values[i + 1]) for i in range(0, len(values), 2))
            elif op == "w":
                gs["lw"] = float(operands[0])
            elif op in ("f", "F", "f*", "B", "B*", "b", "b*"):
                for x0, y0, x1, y1 in path_rects:
                    self.seq += 1
                    page.fills.append(Fill(x0, y0, x1, y1, gs["fill"], self.seq))
                painted("fill" if op in ("f", "F", "f*") else "fill and stroke")
                path_rects, path_points = [], []
            elif op in ("S", "s"):
                painted("stroke")
                path_rects, path_points = [], []
            elif op == "n":
                path_rects, path_points = [], []
            elif op == "Do" and xobjects:
                ref = xobjects.get(operands[0])
                xobj = ref.get_object() if ref is not None else None
                if xobj is not None and xobj.get("/Subtype") == "/Form":
                    matrix = tuple(float(v) for v in xobj.get("/Matrix", IDENTITY))
                    saved = dict(gs)
                    self.run(page, xobj, xobj.get("/Resources") or resources, _mul(matrix, gs["ctm"]),
                             f"{where}, form {operands[0]}", depth + 1)
                    gs = saved


def _box(page, name):
    box = page.get(name)
    if box is None:
        return None
    return tuple(float(v) for v in box)


def scan(data: bytes) -> Scan:
    """Everything the checks need from a PDF, read once."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    interp = _Interpreter(reader)
    pages = []
    for i, pg in enumerate(reader.pages):
        page = Page(i, tuple(float(v) for v in pg.mediabox), _box(pg, "/TrimBox"), _box(pg, "/BleedBox"))
        resources = pg.get("/Resources")
        resources = resources.get_object() if resources is not None else None
        interp.run(page, pg.get_contents(), resources, IDENTITY, f"page {i + 1}")
        # the background of each run: the last filled rectangle under it, drawn before it
        for run in page.runs:
            cx, cy = (run.x0 + run.x1) / 2, run.baseline + run.size * 0.3
            under = [f for f in page.fills if f.seq < run.seq and f.contains(cx, cy)]
            run.background = under[-1].colour if under else WHITE
        pages.append(page)
    meta = reader.metadata or {}
    root = reader.trailer["/Root"]
    return Scan(pages, str(meta.get("/Title") or ""), str(root.get("/Lang") or ""), interp.font_infos, len(data))


# --- what the model says the PDF should contain -----------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Expected:
    body: str            # every text a reader reads as body text, joined by newlines
    small: str           # organisation line, review and code line
    notes: str           # reference texts
    footer: str          # page numbers and running title
    parts: dict          # required part -> (text that must be printed, where it is written)


def expected(leaflet: Leaflet, places: dict | None = None, pages: int = 1) -> Expected:
    places = places or {}
    body = [leaflet.title, leaflet.subtitle, leaflet.variant_label]
    for section in leaflet.sections:
        body.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                body.append(plain_text(block.content))
            elif isinstance(block, BulletList):
                body.extend(plain_text(item) for item in block.items)
    contact = leaflet.contact
    body += [contact.heading, plain_text(contact.intro), plain_text(contact.note), *contact.write_in]
    for entry in contact.entries:
        body += [entry.name, entry.phone, plain_text(entry.purpose)]
    body.append(plain_text(leaflet.disclaimer))
    labels = leaflet.labels
    small = [leaflet.organisation,
             f"{labels.last_updated}: {leaflet.last_updated_text} \u00b7 {labels.next_review}: "
             f"{leaflet.next_review_text} \u00b7 {labels.code}: {leaflet.code} \u00b7 {labels.version}: {leaflet.version}"]
    if leaflet.draft_notice:
        small.append(leaflet.draft_notice)
    notes = [f"{r.number}. {r.text}" for r in leaflet.references]
    footer = [labels.page.replace("{page}", str(n)).replace("{total}", str(pages)) for n in range(1, pages + 1)]
    footer.append(f"{leaflet.title} \u00b7 {leaflet.code}")
    parts = {
        "last-updated date": (f"{labels.last_updated}: {leaflet.last_updated_text}", places.get("last_updated")),
        "next-review date": (f"{labels.next_review}: {leaflet.next_review_text}", places.get("next_review")),
        "contact panel heading": (contact.heading, places.get("contact.heading", contact.source)),
        "disclaimer": (plain_text(leaflet.disclaimer), places.get("disclaimer")),
    }
    if leaflet.draft_notice:
        parts["draft-translation notice"] = (leaflet.draft_notice, places.get("labels"))
    for i, entry in enumerate(contact.entries):
        parts[f"contact phone number {entry.phone}"] = (entry.phone, contact.source)
    return Expected("\n".join(_norm(t) for t in body if t), "\n".join(small), "\n".join(notes),
                    "\n".join(footer), parts)


def classify(run: Run, exp: Expected) -> str:
    """'marker', 'body', 'small', 'note', 'footer' or 'other' for one string on the page."""
    if run.superscript:
        return "marker"
    t = _norm(run.text)
    if len(t.replace(" ", "")) < 3 or not re.search(r"[^\W_]", t):
        return "other"  # bullets, note numbers, punctuation: too short to tell
    in_body = t in exp.body
    for kind, corpus in (("footer", exp.footer), ("small", exp.small), ("note", exp.notes)):
        if t in corpus and not in_body:
            return kind
    if in_body and not any(t in c for c in (exp.footer, exp.small, exp.notes)):
        return "body"
    return "other"


def _page_text(page: Page) -> str:
    return "".join(r.text for r in page.runs if not r.superscript)


def _snippet(text: str, n: int = 50) -> str:
    text = _norm(text)
    return text if len(text) <= n else text[: n - 1] + "\u2026"


# --- the checks ---------------------------------------------------------------------

def _close(a, b, tol=0.5):
    return abs(a - b) <= tol


def _mm(pt):
    return f"{round(pt / PT_PER['mm'], 2):g}mm"


def check_page_size(s: Scan, layout: Layout, places: dict, sizes: list | None = None) -> CheckResult:
    """Every page (its trim box, if it has one) as the layout says; `sizes` per page for tri-fold panels."""
    r = CheckResult("page-size", "page (and trim) size as the layout says")
    where = places.get("layout:page.size") or places.get("layout")
    want = (layout.page_width, layout.page_height)
    for page in s.pages:
        if sizes:
            want = sizes[min(page.index, len(sizes) - 1)]
        x0, y0, x1, y1 = page.mediabox
        media = (x1 - x0, y1 - y0)
        if page.trimbox:
            tx0, ty0, tx1, ty1 = page.trimbox
            trim = (tx1 - tx0, ty1 - ty0)
            if not (_close(trim[0], want[0]) and _close(trim[1], want[1])):
                r.findings.append(Finding(ERROR, f"page {page.index + 1}: trim size {_mm(trim[0])} x {_mm(trim[1])}, "
                                                 f"layout {layout.name!r} says {_mm(want[0])} x {_mm(want[1])}", where))
            if tx0 < x0 - 0.01 or ty0 < y0 - 0.01 or tx1 > x1 + 0.01 or ty1 > y1 + 0.01:
                r.findings.append(Finding(ERROR, f"page {page.index + 1}: the trim box is larger than the page", where))
            if page.bleedbox:
                bx0, by0, bx1, by1 = page.bleedbox
                if bx0 > tx0 + 0.01 or by0 > ty0 + 0.01 or bx1 < tx1 - 0.01 or by1 < ty1 - 0.01:
                    r.findings.append(Finding(ERROR, f"page {page.index + 1}: the bleed box does not contain the "
                                                     "trim box", where))
        elif not (_close(media[0], want[0]) and _close(media[1], want[1])):
            r.findings.append(Finding(ERROR, f"page {page.index + 1} is {_mm(media[0])} x {_mm(media[1])}; "
                                             f"layout {layout.name!r} says {_mm(want[0])} x {_mm(want[1])}", where))
    r.summary = f"{_mm(want[0])} x {_mm(want[1])}" + (" (trim)" if s.pages and s.pages[0].trimbox else "")
    return r


def check_fonts(s: Scan) -> CheckResult:
    r = CheckResult("fonts", "every font embedded and subset, no base-14 font reference")
    for f in s.fonts:
        name = f.basefont
        plain_name = name.split("+", 1)[-1]
        if not f.embedded:
            if plain_name in BASE14:
                r.findings.append(Finding(ERROR, f"{f.where}: font {plain_name} is a base-14 font reference, not "
                                                 "embedded; printers and readers swap in their own font",
                                          hint="a flowable or the page template used reportlab's default font; "
                                               "name a font from fonts/fonts.yaml"))
            else:
                r.findings.append(Finding(ERROR, f"{f.where}: font {name} is not embedded"))
        elif f.subtype != "Type3" and not re.match(r"^[A-Z]{6}\+", name):
            r.findings.append(Finding(ERROR, f"{f.where}: font {name} is embedded whole, not subset",
                                      hint="subsetting keeps the file small and the font licence happy"))
    names = sorted({f.basefont.split("+", 1)[-1] for f in s.fonts})
    r.summary = f"{len(names)} font{'s' if len(names) != 1 else ''}: {', '.join(names)}"
    r.figures["fonts"] = names
    return r


def check_metadata(s: Scan, leaflet: Leaflet, places: dict) -> CheckResult:
    r = CheckResult("metadata", "document title and language set")
    if not s.title.strip():
        r.findings.append(Finding(ERROR, "the PDF has no title (screen readers and tabs show the file name)",
                                  places.get("title")))
    elif s.title != leaflet.title:
        r.findings.append(Finding(WARNING, f"the PDF's title is {s.title!r}, the leaflet's is {leaflet.title!r}",
                                  places.get("title")))
    if not s.lang.strip():
        r.findings.append(Finding(ERROR, "the PDF does not say its language (/Lang); screen readers cannot pick "
                                         "a voice", places.get("content")))
    elif s.lang.lower() != leaflet.locale.lower():
        r.findings.append(Finding(ERROR, f"the PDF says its language is {s.lang!r} but the leaflet is "
                                         f"{leaflet.locale!r}", places.get("content")))
    r.summary = f"title {s.title!r}, language {s.lang!r}"
    return r


def citations_in_order(leaflet: Leaflet, layout: Layout | None = None, places: dict | None = None) -> list:
    """(number, key, SourceLocation) of every citation, in the order the PDF prints them."""
    places = places or {}
    panel: list = []
    contact = leaflet.contact
    for inline, where in ((contact.intro, places.get("contact.intro", contact.source)),
                          *((e.purpose, contact.source) for e in contact.entries),
                          (contact.note, places.get("contact.note", contact.source))):
        panel += _marks(inline, where)
    position = layout.contact_position if layout else END
    out: list = panel if position.kind == "start" else []
    placed = position.kind == "start"
    for section in leaflet.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out += _marks(block.content, block.source)
            elif isinstance(block, BulletList):
                for i, item in enumerate(block.items):
                    out += _marks(item, block.sources[i] if i < len(block.sources) else section.source)
        if position.follows(section.id):
            out += panel
            placed = True
    if not placed:
        out += panel
    return out + _marks(leaflet.disclaimer, places.get("disclaimer", _NOWHERE))


def _marks(inline, where) -> list:
    return [(n, k, where) for node in inline if isinstance(node, CitationMark)
            for n, k in zip(node.numbers, node.keys)]


def _cited(leaflet: Leaflet) -> dict:
    """number -> key, for every citation the model makes."""
    out: dict = {}
    for n, k, _ in citations_in_order(leaflet):
        out.setdefault(n, k)
    return out


def check_citations(s: Scan, leaflet: Leaflet, layout: Layout, places: dict) -> CheckResult:
    placement = layout.references
    r = CheckResult("citations", "every citation marker has its note on the same page" if placement == "footnotes"
                    else "every citation marker has its note in the reference list")
    order = citations_in_order(leaflet, layout, places)
    cited = {n: k for n, k, _ in reversed(order)}
    sources: dict[int, list] = {}
    for n, _, loc in order:
        sources.setdefault(n, []).append(loc)
    refs = leaflet.references_by_number
    markers: dict[int, list[int]] = {}        # number -> pages (1-based) it is marked on, in order
    for page in s.pages:
        for run in page.runs:
            if run.superscript:
                for n in sorted(expand_numbers(run.text.strip())):
                    markers.setdefault(n, []).append(page.index + 1)
    texts = [_squash(_page_text(p)) for p in s.pages]
    where = places.get("content")
    for n in sorted(set(cited) - set(markers)):
        r.findings.append(Finding(ERROR, f"citation {n} ({cited[n]}) has no marker in the PDF", where))
    for n in sorted(set(markers) - set(refs)):
        r.findings.append(Finding(ERROR, f"marker {n} on page {markers[n][0]} has no reference", where))
    if placement == "footnotes":
        for n in sorted(markers):
            if n not in refs:
                continue
            ref = refs[n]
            note = _squash(ref.text)
            on = [i + 1 for i, t in enumerate(texts) if note in t]
            first = markers[n][0]
            cited_at = sources.get(n, [where])[0]
            if not on:
                r.findings.append(Finding(
                    ERROR, f"footnote {n} ({ref.key}) is missing: its marker is on page {first} but the note "
                           f"\"{_snippet(ref.text)}\" is on no page", cited_at,
                    "a note was lost in layout; report it with the leaflet, layout and page"))
            elif first not in on:
                r.findings.append(Finding(
                    ERROR, f"footnote {n} ({ref.key}) is on page {on[0]} but its marker is on page {first}",
                    cited_at))
            # A later citation reuses the number; its note stays on the page of the first (by design).
    else:
        heading = _squash(leaflet.labels.references)
        full = "".join(texts)
        at = full.rfind(heading) if heading else -1
        if cited and at < 0:
            r.findings.append(Finding(ERROR, f"the reference list (heading {leaflet.labels.references!r}) is "
                                             "missing", places.get("labels")))
        tail = full[at:] if at >= 0 else ""
        for n in sorted(markers):
            if n in refs and _squash(refs[n].text) not in tail:
                r.findings.append(Finding(ERROR, f"reference {n} ({refs[n].key}) is missing from the reference "
                                                 f"list: \"{_snippet(refs[n].text)}\"", where))
    total = sum(len(v) for v in markers.values())
    r.summary = f"{total} marker{'s' if total != 1 else ''}, {len(refs)} note{'s' if len(refs) != 1 else ''} ({placement})"
    r.figures["markers"] = total
    return r



def check_pages(s: Scan, q: Quality, places: dict) -> CheckResult:
    n = len(s.pages)
    r = CheckResult("page-count", f"at most {q.max_pages} pages")
    r.figures["pages"] = n
    r.summary = f"{n} page{'s' if n != 1 else ''} (at most {q.max_pages})"
    if n == 0:
        r.findings.append(Finding(ERROR, "the PDF has no pages"))
    elif n > q.max_pages:
        r.findings.append(Finding(ERROR, f"{n} pages, more than the limit of {q.max_pages}",
                                  q.at("max_pages", places.get("layout")),
                                  "shorten the text, or raise quality.max_pages if the leaflet really needs them"))
    return r


def check_file_size(s: Scan, q: Quality, places: dict) -> CheckResult:
    r = CheckResult("file-size", f"file at most {kb(q.max_file_size)}")
    r.figures["bytes"] = s.size
    r.summary = f"{kb(s.size)} (at most {kb(q.max_file_size)})"
    if s.size > q.max_file_size:
        r.findings.append(Finding(ERROR, f"the PDF is {kb(s.size)}, over the budget of {kb(q.max_file_size)}",
                                  q.at("max_file_size", places.get("layout")),
                                  "look for large images or fonts embedded whole"))
    return r


def too_close(s: Scan, edge: float, drawings: bool = True) -> list:
    """(page, what, box) of every string and (if asked) drawing closer than `edge` to the paper's edge."""
    out = []
    for page in s.pages:
        px0, py0, px1, py1 = page.mediabox
        items = [(f"\"{_snippet(run.text, 40)}\"", (run.x0, run.y0, run.x1, run.y1)) for run in page.runs]
        if drawings:
            items += [(f"a drawing ({d.kind})", (d.x0, d.y0, d.x1, d.y1)) for d in page.drawings]
        for what, (x0, y0, x1, y1) in items:
            if x0 < px0 + edge - 0.01 or y0 < py0 + edge - 0.01 or x1 > px1 - edge + 0.01 or y1 > py1 - edge + 0.01:
                out.append((page.index, what, (x0 - px0, y0 - py0, x1 - px0, y1 - py0)))
    return out


def check_safe_area(s: Scan, layout: Layout, q: Quality, places: dict) -> CheckResult:
    edge = q.safe_edge
    r = CheckResult("safe-area", f"all text at least {_mm(edge)} inside the page edge"
                    + ("" if layout.print_shop else "; nothing drawn within it"))
    if not layout.print_shop:
        # office printers leave the strip along the paper edge unprinted: no lines or boxes there either
        close = [c for c in too_close(s, OFFICE_SAFE_EDGE) if not c[1].startswith('"')]
        for page, what, (x0, y0, x1, y1) in close[:5]:
            r.findings.append(Finding(
                ERROR, f"page {page + 1}: {what} reaches within {_mm(OFFICE_SAFE_EDGE)} of the paper edge "
                       f"(x {_mm(x0)}\u2013{_mm(x1)}, y {_mm(y0)}\u2013{_mm(y1)} from the bottom left)",
                places.get("layout:page.margins") or places.get("layout"),
                "office printers leave that strip unprinted"))
    outside, margins = [], []
    for page in s.pages:
        bx0, by0, bx1, by1 = page.trimbox or page.mediabox
        for run in page.runs:
            if run.x0 < bx0 + edge - 0.5 or run.x1 > bx1 - edge + 0.5 or \
                    run.y0 < by0 + edge - 0.5 or run.y1 > by1 - edge + 0.5:
                outside.append(run)
            elif run.x0 < bx0 + layout.margin_left - 1 or run.x1 > bx1 - layout.margin_right + 1 or \
                    run.baseline > by1 - layout.margin_top + 1:
                margins.append(run)
    for run in outside[:5]:
        r.findings.append(Finding(
            ERROR, f"page {run.page + 1}: \"{_snippet(run.text, 40)}\" reaches outside the safe area "
                   f"(x {_mm(run.x0)}\u2013{_mm(run.x1)}, y {_mm(run.y0)}\u2013{_mm(run.y1)} from the bottom left)",
            places.get("layout:page.margins") or places.get("layout"),
            "printers may cut it off; keep text away from the page edge"))
    if len(outside) > 5:
        r.findings.append(Finding(ERROR, f"and {len(outside) - 5} more strings outside the safe area"))
    for run in margins[:3]:
        r.findings.append(Finding(
            WARNING, f"page {run.page + 1}: \"{_snippet(run.text, 40)}\" runs into the page margin",
            places.get("layout:page.margins") or places.get("layout"),
            "a word or address too long for the line; shorten it or let it break"))
    r.summary = f"{sum(len(p.runs) for p in s.pages)} strings checked, {len(outside)} outside"
    return r


def check_reproducible(data: bytes, rebuild) -> CheckResult:
    """`rebuild` is a function returning fresh PDF bytes for the same inputs (or None to skip)."""
    r = CheckResult("reproducible", "building again gives the same bytes")
    if rebuild is None:
        r.skipped = "not checked"
        return r
    fresh = rebuild()
    if fresh == data:
        r.summary = "identical to a fresh build"
        return r
    again = rebuild()
    if again != fresh:
        r.findings.append(Finding(ERROR, "two builds of the same inputs differ: the build is not deterministic",
                                  hint="something in the render depends on the clock or on ordering"))
    else:
        r.findings.append(Finding(ERROR, "the PDF differs from a fresh build of the current inputs",
                                  hint="the PDF is out of date: run `python generate.py build`"))
    return r


def check_body_size(s: Scan, leaflet: Leaflet, exp: Expected, q: Quality, places: dict) -> CheckResult:
    want = q.body_size
    r = CheckResult("body-size", f"body text at least {want:g}pt" + (" (large print)" if q.large_print else ""))
    sizes: dict[str, float] = {}
    smallest = None
    for page in s.pages:
        for run in page.runs:
            kind = classify(run, exp)
            sizes[kind] = min(sizes.get(kind, 1e9), run.size)
            if kind == "body" and (smallest is None or run.size < smallest.size):
                smallest = run
    if smallest is None:
        r.skipped = "no body text could be read back from the PDF"
        r.summary = r.skipped
        return r
    r.figures["smallest_body_pt"] = round(smallest.size, 2)
    r.figures["sizes"] = {k: round(v, 2) for k, v in sorted(sizes.items()) if k != "other"}
    others = ", ".join(f"{k} {v:.1f}pt" for k, v in sorted(sizes.items()) if k not in ("body", "other"))
    r.summary = f"smallest body text {smallest.size:.1f}pt (at least {want:g}pt)" + (f"; {others}" if others else "")
    if smallest.size < want - 0.05:
        r.findings.append(Finding(
            ERROR, f"body text is {smallest.size:.1f}pt on page {smallest.page + 1} "
                   f"(\"{_snippet(smallest.text, 40)}\"); patient leaflets need at least {want:g}pt"
                   + (" in large print" if q.large_print else ""),
            places.get("layout:text.size") or q.at("min_body_size", places.get("layout")),
            "raise text.size in the layout"))
    return r


def _colour_names(layout: Layout) -> dict:
    return {hex_of(to_rgb(v)): k for k, v in layout.colours.items()}


def check_contrast(s: Scan, layout: Layout, q: Quality, places: dict) -> CheckResult:
    r = CheckResult("contrast", f"printed text at least {q.min_contrast:g}:1 against its background (WCAG 2.1)")
    pairs: dict[tuple, tuple] = {}
    for page in s.pages:
        for run in page.runs:
            key = (hex_of(run.colour), hex_of(run.background))
            ratio = contrast_ratio(run.colour, run.background)
            if key not in pairs:
                pairs[key] = (ratio, run)
    if not pairs:
        r.skipped = "no text found"
        return r
    names = _colour_names(layout)
    lowest = min(v[0] for v in pairs.values())
    r.figures["lowest_contrast"] = round(lowest, 2)
    r.figures["pairs"] = {f"{fg} on {bg}": round(v[0], 2) for (fg, bg), v in sorted(pairs.items())}
    r.summary = f"{len(pairs)} colour pair{'s' if len(pairs) != 1 else ''}, lowest {lowest:.2f}:1 " \
                f"(at least {q.min_contrast:g}:1)"
    for (fg, bg), (ratio, run) in sorted(pairs.items(), key=lambda kv: kv[1][0]):
        if ratio >= q.min_contrast - 1e-9:
            continue
        fg_name = f" (colours.{names[fg]})" if fg in names else ""
        bg_name = "white paper" if bg == "#ffffff" else f"{bg}" + (f" (colours.{names[bg]})" if bg in names else "")
        r.findings.append(Finding(
            ERROR, f"text colour {fg}{fg_name} on {bg_name} has a contrast of {ratio:.2f}:1, below "
                   f"{q.min_contrast:g}:1; e.g. page {run.page + 1}: \"{_snippet(run.text, 40)}\"",
            places.get(f"layout:colours.{names[fg]}") if fg in names else places.get("layout"),
            "choose a darker text colour or a lighter background"))
    return r


def check_required(s: Scan, leaflet: Leaflet, exp: Expected, places: dict) -> CheckResult:
    r = CheckResult("required-parts", "last-updated and next-review dates, contact panel, disclaimer, references")
    full = "".join(_squash(_page_text(p)) for p in s.pages)
    missing = []
    for part, (text, where) in exp.parts.items():
        if not text.strip():
            r.findings.append(Finding(ERROR, f"the {part} is empty", where))
            missing.append(part)
        elif _squash(text) not in full:
            r.findings.append(Finding(ERROR, f"the {part} is missing from the PDF (looked for \"{_snippet(text)}\")",
                                      where, "every patient leaflet must print it"))
            missing.append(part)
    if not leaflet.references:
        r.findings.append(Finding(ERROR, "the leaflet cites no references: patient information must name its "
                                         "sources", places.get("content"),
                                  "cite the evidence with [@key]; keys are in content/bibliography.yaml"))
        missing.append("references")
    present = len(exp.parts) + 1 - len(missing)
    r.summary = f"{present} of {len(exp.parts) + 1} present"
    return r


def readable(s: Scan, leaflet: Leaflet) -> bool:
    """Can the text be read back at all (shaped scripts may not be)?"""
    full = "".join(_squash(_page_text(p)) for p in s.pages)
    return bool(leaflet.title.strip()) and _squash(leaflet.title) in full


def verify(data: bytes, leaflet: Leaflet, layout: Layout, q: Quality, places: dict | None = None,
           rebuild=None, page_sizes: list | None = None) -> list[CheckResult]:
    """Every PDF check of one combination: the PDF's bytes against its model and layout.

    For an imposed layout, `data` is the reading-order PDF (page_sizes: the tri-fold's panels);
    check_imposition then checks the sheets.
    """
    places = places or {}
    try:
        s = scan(data)
    except Exception as exc:  # noqa: BLE001 - an unreadable PDF is a finding, not a crash
        return [CheckResult("pdf", "the PDF can be read",
                            [Finding(ERROR, f"the PDF cannot be read: {exc}", hint="run `python generate.py build`")])]
    exp = expected(leaflet, places, len(s.pages))
    results = [check_page_size(s, layout, places, page_sizes), check_fonts(s), check_metadata(s, leaflet, places),
               check_pages(s, q, places), check_file_size(s, q, places), check_safe_area(s, layout, q, places),
               check_contrast(s, layout, q, places)]
    if readable(s, leaflet):
        results += [check_citations(s, leaflet, layout, places), check_body_size(s, leaflet, exp, q, places),
                    check_required(s, leaflet, exp, places)]
    else:
        for name, title in (("citations", "citation notes"), ("body-size", "body text size"),
                            ("required-parts", "required parts")):
            results.append(CheckResult(name, title, skipped="the text of this script cannot be read back from "
                                                            "the PDF; check it by eye in the preview"))
    results.append(check_reproducible(data, rebuild))
    return results


# --- imposed layouts: the sheets -------------------------------------------------------

def check_imposition(sheets: bytes, reading: bytes, layout: Layout, places: dict, rtl: bool = False) -> CheckResult:
    """The print file of a tri-fold or booklet: every sheet side the right size, carrying the right
    reading-order pages in the right places (compared string by string), nothing near the paper edge."""
    from leaflets.layout.geometry import sides_for

    style = {"trifold": "tri-fold", "saddle-stitch": "booklet"}.get(layout.imposition, layout.imposition)
    r = CheckResult("imposition", f"{style} sheets: sizes, page order, paper edge")
    where = places.get("layout:imposition.style") or places.get("layout")
    try:
        s, pages = scan(sheets), scan(reading)
    except Exception as exc:  # noqa: BLE001 - an unreadable PDF is a finding
        r.findings.append(Finding(ERROR, f"the print PDF cannot be read: {exc}", hint="run `python generate.py build`"))
        return r
    sides = sides_for(layout, len(pages.pages), rtl)
    r.figures["sides"] = len(s.pages)
    r.summary = f"{len(s.pages)} sheet sides for {len(pages.pages)} pages"
    if len(s.pages) != len(sides):
        r.findings.append(Finding(ERROR, f"{len(s.pages)} sheet sides, but {len(pages.pages)} pages need "
                                         f"{len(sides)}", where, "run `python generate.py build`"))
        return r
    for side, page in zip(sides, s.pages):
        x0, y0, x1, y1 = page.mediabox
        name = _side_name(page.index)
        if not (_close(x1 - x0, side.width) and _close(y1 - y0, side.height)):
            r.findings.append(Finding(ERROR, f"{name} is {_mm(x1 - x0)} x {_mm(y1 - y0)}, not "
                                             f"{_mm(side.width)} x {_mm(side.height)}", where))
        for placement in side.placements:
            source = pages.pages[placement.page] if placement.page is not None else None
            w, h = (source.mediabox[2] - source.mediabox[0], source.mediabox[3] - source.mediabox[1]) \
                if source else (0.0, 0.0)
            if side.turned:
                box = (side.width - placement.x - w, side.height - placement.y - h,
                       side.width - placement.x, side.height - placement.y)
            else:
                box = (placement.x, placement.y, placement.x + w, placement.y + h)
            found = [run.text for run in page.runs
                     if box[0] <= (run.x0 + run.x1) / 2 <= box[2] and box[1] <= (run.y0 + run.y1) / 2 <= box[3]]
            wanted = [run.text for run in source.runs] if source else []
            if found != wanted:
                what = f"page {placement.page + 1}" if source else "nothing"
                first = next(iter(found), "")
                r.findings.append(Finding(
                    ERROR, f"{name}: the place of {what} (x {_mm(box[0])}\u2013{_mm(box[2])}) holds "
                           + (f"\"{_snippet(first, 40)}\"" if first else "no text")
                           + (f", not \"{_snippet(wanted[0], 40)}\"" if wanted else ""),
                    where, "the sheets do not match the pages: run `python generate.py build`"))
    if not layout.print_shop:
        close = too_close(s, OFFICE_SAFE_EDGE)
        for index, what, (x0, y0, x1, y1) in close[:5]:
            r.findings.append(Finding(
                ERROR, f"{_side_name(index)}: {what} reaches within {_mm(OFFICE_SAFE_EDGE)} of the paper edge "
                       f"(x {_mm(x0)}\u2013{_mm(x1)}, y {_mm(y0)}\u2013{_mm(y1)})",
                places.get("layout:page.margins") or places.get("layout"), "office printers leave that strip unprinted"))
    return r


def _side_name(index: int) -> str:
    return f"sheet {index // 2 + 1} {'front' if index % 2 == 0 else 'back'}"
