"""Shared fixtures: the repository's project, its PDFs (built once per session),
and small readers that turn a PDF back into what a reader would see.

Each PDF is built once per session by `built_pdfs`; tests get one through the
parametrised `pdf` fixture (ids like "cancer-a4": the four single-column handouts
every core test reads) or by name from `built_pdfs` (any layout, e.g.
"non-cancer-a4-trifold"; imposed layouts also carry their reading-order PDF).
"""
from __future__ import annotations

import io
import shutil
import struct
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
from pypdf import PdfReader

from leaflets.model.nodes import CitationMark, Leaflet, plain_text
from leaflets.model.walk import walk
from leaflets.build.pipeline import build_outputs, leaflet_for, reading_path
from leaflets.build.project import Combination, load_project
from leaflets.quality.scanner import read_page

REPO = Path(__file__).resolve().parents[1]

VARIANTS = ("cancer", "non-cancer")
LAYOUTS = ("a4", "letter")          # the single-column handouts the core tests read
COMBO_IDS = [f"{v}-{l}" for v in VARIANTS for l in LAYOUTS]
# every layout in layouts/, and the ones that are imposed (they also write <name>-reading.pdf)
ALL_LAYOUTS = ("a4", "a4-large", "a4-print", "a4-trifold", "a5-booklet", "letter", "letter-large", "letter-trifold")
IMPOSED = ("a4-trifold", "a5-booklet", "letter-trifold")
OFFICE_LAYOUTS = tuple(name for name in ALL_LAYOUTS if name != "a4-print")


def output_files(variant: str, layout: str) -> list[str]:
    """The files one combination writes under drug-pump/en/, the print file first."""
    names = [f"{variant}-{layout}.pdf"]
    if layout in IMPOSED:
        names.append(f"{variant}-{layout}-reading.pdf")
    return names


def norm(text: str) -> str:
    """Whitespace-normalised text: line breaks and runs of spaces become one space."""
    return " ".join(text.split())


def squash(text: str) -> str:
    """Text with all whitespace removed (robust to line wraps anywhere)."""
    return "".join(text.split())


def edited_pdf(data: bytes, change) -> bytes:
    """The PDF saved again by pikepdf after `change(pdf)` (a test that breaks one part of a built PDF)."""
    import pikepdf  # reason: only the tests that edit a PDF need it

    pdf = pikepdf.open(io.BytesIO(data))
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- PDF reading


@dataclass
class Run:
    """A piece of text as drawn by one text-showing operator: decoded text, size, rise, baseline position."""

    text: str
    size: float
    rise: float
    x: float
    y: float          # absolute y of the (raised) baseline, in points


def text_runs(reader: PdfReader, page) -> list[Run]:
    """Every Tj/TJ/'/\" of a page's own content stream, decoded, with size, rise and position.

    Read by leaflets.quality.scanner, the checks' own reader; the strings of one TJ make one Run.
    Form XObjects are not entered (the page total is the only form).
    """
    runs: dict[int, Run] = {}
    for string in read_page(reader, page, forms=False).strings:
        if string.show in runs:
            runs[string.show].text += string.text
        else:
            runs[string.show] = Run(string.text, string.size, string.rise, string.x, string.baseline)
    return list(runs.values())


def reachable_fonts(reader: PdfReader) -> list:
    """Every font dictionary reachable from the pages: resources, forms, annotation appearances."""
    seen_ids: set = set()
    fonts: list = []

    def visit_resources(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for _, ref in (resources.get("/Font") or {}).items():
            font = ref.get_object()
            if id(font) in seen_ids:
                continue
            seen_ids.add(id(font))
            fonts.append(font)
            for child in font.get("/DescendantFonts") or []:
                fonts.append(child.get_object())
        for _, ref in (resources.get("/XObject") or {}).items():
            xobj = ref.get_object()
            if xobj.get("/Subtype") == "/Form" and id(xobj) not in seen_ids:
                seen_ids.add(id(xobj))
                visit_resources(xobj.get("/Resources"))

    for page in reader.pages:
        visit_resources(page.get("/Resources"))
        for annot in page.get("/Annots") or []:
            ap = annot.get_object().get("/AP")
            if ap:
                for _, stream in ap.get_object().items():
                    stream = stream.get_object()
                    if hasattr(stream, "get") and stream.get("/Resources"):
                        visit_resources(stream["/Resources"])
    return fonts


@dataclass
class BuiltPdf:
    """One built PDF, read back, with the model it was built from."""

    name: str
    combo: Combination
    data: bytes                 # the print file (an imposed layout: its sheets)
    model: Leaflet
    layout: object
    reading_data: bytes | None = None   # an imposed layout's pages (panels) in reading order
    reader: PdfReader = field(init=False)

    def __post_init__(self):
        self.reader = PdfReader(io.BytesIO(self.data))

    @cached_property
    def reading(self) -> "BuiltPdf":
        """The reading-order PDF of an imposed layout, read back like any other."""
        assert self.reading_data is not None, f"{self.name} is not imposed"
        return BuiltPdf(self.name + "-reading", self.combo, self.reading_data, self.model, self.layout)

    @cached_property
    def page_texts(self) -> list[str]:
        return [page.extract_text() for page in self.reader.pages]

    @cached_property
    def norm_pages(self) -> list[str]:
        return [norm(t) for t in self.page_texts]

    @cached_property
    def all_text(self) -> str:
        return " ".join(self.norm_pages)

    def pages_with(self, snippet: str) -> list[int]:
        """0-based indexes of the pages whose normalised text contains the snippet."""
        s = norm(snippet)
        return [i for i, t in enumerate(self.norm_pages) if s in t]

    @cached_property
    def runs(self) -> list[list[Run]]:
        return [text_runs(self.reader, page) for page in self.reader.pages]

    @cached_property
    def superscripts(self) -> list[list[Run]]:
        """Raised text runs per page, in drawing order."""
        return [[r for r in runs if r.rise > 0 and r.text.strip()] for runs in self.runs]

    def page_index(self, page_ref) -> int:
        """0-based index of the page an indirect reference (e.g. a /Dest's first item) points at."""
        ids = [page.indirect_reference.idnum for page in self.reader.pages]
        idnum = getattr(page_ref, "idnum", None)
        assert idnum in ids, f"destination {page_ref!r} is not a page of this PDF"
        return ids.index(idnum)

    def annotations(self, page_index: int) -> list:
        return [a.get_object() for a in self.reader.pages[page_index].get("/Annots") or []]


# --------------------------------------------------------------------------- model reading


def inline_blocks(model: Leaflet) -> list[tuple]:
    """Every inline text of the model in reading order (contact panel at the end, as in both layouts)."""
    return [t.inline for t in walk(model) if t.prose and t.inline]


def missing_texts(model: Leaflet, printed: str) -> list[str]:
    """The runs of text between citation markers of the model's blocks that are not in `printed`
    (squashed), so that no paragraph, bullet or panel text is lost."""
    missing = []
    for block in inline_blocks(model):
        chunk: list = []
        for node in list(block) + [CitationMark(())]:
            if isinstance(node, CitationMark):
                piece = squash(plain_text(tuple(chunk)))
                if piece and piece not in printed:
                    missing.append(plain_text(tuple(chunk)))
                chunk = []
            else:
                chunk.append(node)
    return missing


def marks_in_order(model: Leaflet) -> list[CitationMark]:
    return [n for block in inline_blocks(model) for n in block if isinstance(n, CitationMark)]


def text_before_mark(block, mark_index: int) -> str:
    """The plain text of a block before its mark_index-th node."""
    return plain_text(block[:mark_index])


def cli(*args) -> tuple[int, str]:
    """Run the command line in this process: (exit code, what it printed)."""
    from click.testing import CliRunner
    from leaflets.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def project():
    proj = load_project(REPO)
    assert not proj.diagnostics.errors, [d.format() for d in proj.diagnostics.errors]
    return proj


@pytest.fixture(scope="session")
def built_pdfs(project):
    """name ("cancer-a4", "non-cancer-a4-trifold") -> BuiltPdf; each PDF is built at most once per session."""
    class _Lazy(dict):
        def __missing__(self, name):
            variant, layout = next((name[: -len(l) - 1], l) for l in sorted(project.layouts, key=len, reverse=True)
                                   if name.endswith("-" + l) and name[: -len(l) - 1] in VARIANTS)
            combo = Combination("drug-pump", variant, "en", layout)
            outputs = build_outputs(project, combo)
            built = BuiltPdf(name, combo, outputs[combo.output_path()], leaflet_for(project, combo),
                             project.layouts[layout], outputs.get(reading_path(combo)))
            self[name] = built
            return built

    return _Lazy()


@pytest.fixture(scope="session")
def matrix(project):
    """name ("drug-pump/ar/cancer-a4") -> (tagged bytes, untagged bytes) of every on-screen PDF of the
    matrix (the reading-order file of an imposed layout), rendered once per session for the
    accessibility tests (test_accessibility, test_matterhorn)."""
    from leaflets.typeset.render import render  # reason: only this fixture renders without the pipeline

    out = {}
    for combo in project.combinations():
        layout = project.layouts[combo.layout]
        chains = project.chains_for(layout, combo.locale)
        model = leaflet_for(project, combo)
        name = f"{combo.leaflet}/{combo.locale}/{combo.variant}-{combo.layout}"
        out[name] = (render(model, layout, *chains), render(model, layout, *chains, tagged=False))
    return out


@pytest.fixture(params=COMBO_IDS)
def pdf(request, built_pdfs) -> BuiltPdf:
    return built_pdfs[request.param]


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the repository's content/, layouts/, fonts/ and profiles/ in tmp_path; returns its root.

    Use `edit(root, relative_path, old, new)` from the fixture `edit_file` to change it.
    """
    root = tmp_path / "project"
    for name in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def edit_file():
    def edit(root: Path, relative: str, old: str, new: str) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} should occur exactly once in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return edit


def widen_font(font: Path, units: int = 40) -> None:
    """Edit a TrueType font in place: every glyph's advance width (hmtx) grows by `units`."""
    data = bytearray(font.read_bytes())
    tables = {bytes(data[12 + 16 * i:16 + 16 * i]): struct.unpack(">II", data[20 + 16 * i:28 + 16 * i])
              for i in range(struct.unpack(">H", data[4:6])[0])}
    metrics = struct.unpack(">H", data[tables[b"hhea"][0] + 34:tables[b"hhea"][0] + 36])[0]
    at = tables[b"hmtx"][0]
    for i in range(metrics):
        advance = struct.unpack(">H", data[at + 4 * i:at + 4 * i + 2])[0]
        data[at + 4 * i:at + 4 * i + 2] = struct.pack(">H", advance + units)
    font.write_bytes(bytes(data))


def form_bomb(fanout: int = 40) -> bytes:
    """A PDF of under 1 KB whose one page draws form /F, which draws itself `fanout` times: with forms
    entered 8 deep, fanout**8 forms to draw (issue 20: verify never finished, preview took all memory)."""
    import io as _io

    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    form = DecodedStreamObject()
    ref = writer._add_object(form)
    xobjects = DictionaryObject({NameObject("/XObject"): DictionaryObject({NameObject("/F"): ref})})
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([NumberObject(v) for v in (0, 0, 200, 200)]),
                 NameObject("/Resources"): xobjects})
    form.set_data(b"/F Do " * fanout)
    content = DecodedStreamObject()
    content.set_data(b"/F Do")
    page[NameObject("/Contents")] = writer._add_object(content)
    page[NameObject("/Resources")] = xobjects
    out = _io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the web app


@pytest.fixture(scope="session")
def studio(project):
    """The web app's service over the repository's project (loaded once per session)."""
    from leaflets.web.service import Studio

    return Studio(project)


@pytest.fixture(scope="session")
def web_client(studio):
    from leaflets.web.app import create_app

    return create_app(studio).test_client()


@pytest.fixture(scope="session")
def live_server(studio):
    """The app served by werkzeug on a free port of 127.0.0.1, in a thread, as `serve` runs it: its base URL."""
    import logging
    import threading

    from werkzeug.serving import make_server

    from leaflets.web.app import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)      # no line per request in the test output
    server = make_server("127.0.0.1", 0, create_app(studio), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
