"""Every content block, built into real PDFs and read back: text, order, position and page.

tests/blocks-demo/ is a small leaflet with every block (English, Arabic and Chinese), built in
every layout; a longer one made here puts numbered steps and a table across a page break.
Text is read with pdfium (it gives Arabic in logical order), positions and colours with the
project's own PDF scanner.
"""
from __future__ import annotations

import io
import re
import shutil

import pypdfium2 as pdfium
import pytest
import segno
import yaml
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import ALL_LAYOUTS, REPO
from leaflets.build.pipeline import build_outputs, reading_path
from leaflets.build.project import Combination, load_project
from leaflets.quality.lint import to_rgb
from leaflets.quality.scanner import scan

DEMO = REPO / "tests" / "blocks-demo"
LOCALES = ("en", "ar", "zh-Hans")


def _data(locale: str) -> dict:
    return yaml.safe_load((DEMO / f"{locale}.yaml").read_text(encoding="utf-8"))


def _long_leaflet() -> str:
    """The demo's English with 40 steps and a table of 40 rows: both run over a page."""
    data = _data("en")
    data.update(leaflet="blocks-long", layouts=["a4", "a4-large"])
    data["sections"] = [{"id": "many", "heading": "Many steps", "body": [
        {"steps": [f"Step number {i} of the long list." for i in range(1, 41)]},
        {"table": "A long table", "header": ["Column one", "Column two"],
         "rows": [[f"Row {i} left", f"Row {i} right"] for i in range(1, 41)]},
    ]}]
    data["sections"][0]["body"][0]["steps"][0] += " [@deer2004]"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("blocks") / "project"
    for name in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(DEMO, root / "content" / "blocks-demo")
    Image.new("L", (40, 40), 128).save(root / "content" / "blocks-demo" / "images" / "square.png")
    (root / "content" / "blocks-long").mkdir()
    (root / "content" / "blocks-long" / "en.yaml").write_text(_long_leaflet(), encoding="utf-8")
    project = load_project(root)
    assert not project.diagnostics.errors, [d.format() for d in project.diagnostics.errors]
    return project


@pytest.fixture(scope="module")
def pdfs(demo):
    """(leaflet, locale, layout) -> the PDF's bytes in reading order (an imposed layout's reading file)."""
    class _Lazy(dict):
        def __missing__(self, key):
            leaflet, locale, layout = key
            combo = Combination(leaflet, "all", locale, layout)
            files = build_outputs(demo, combo)
            self[key] = files.get(reading_path(combo)) or files[combo.output_path()]
            return self[key]
    return _Lazy()


def page_texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def block_texts(data: dict) -> list[str]:
    """One text of each block of the demo, in reading order, and the texts inside each block."""
    out = []
    for section in data["sections"]:
        for block in section["body"]:
            if "callout" in block:
                out += [block["title"]] + [b.get("paragraph") or b["bullets"][-1] for b in block["body"]]
            elif "subheading" in block:
                out.append(block["subheading"])
            elif "steps" in block:
                out += block["steps"]
            elif "figure" in block:
                out += [label["text"] for label in block.get("labels", [])] + [block["caption"]]
            elif "table" in block:
                out += [block["table"], block["header"][0], block["rows"][-1][-1].split("[@")[0]]
            elif "qr" in block:
                out += [block["caption"], block["qr"]]
    return out


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_block_reads_back_in_order_in_every_layout(pdfs, locale, layout):
    text = squash("".join(page_texts(pdfs["blocks-demo", locale, layout])))
    data = _data(locale)
    wanted = [squash(t) for t in block_texts(data)]
    assert all(t in text for t in wanted), [t for t in wanted if t not in text]
    labels = {squash(label["text"]) for s in data["sections"] for b in s["body"] for label in b.get("labels", [])}
    at = 0
    for t in wanted:
        if t not in labels:          # labels sit side by side on the drawing, in no reading order
            at = text.find(t, at)
            assert at >= 0, f"{t!r} is not after the block before it"
    for n, step in enumerate(data["sections"][1]["body"][1]["steps"], 1):
        assert f"{n}.{squash(step)}" in text or f"{squash(step)}{n}." in text, f"step {n} lost its number"
    for section in data["sections"]:
        for block in section["body"]:
            if "alt" in block:
                assert squash(block["alt"]) not in text, "alt text is for screen readers, not printed"


def _scan(data: bytes):
    return scan(data).pages


def _page_of(pages, needle: str) -> int:
    return next(p.index for p in pages if any(needle in r.text for r in p.runs))


def _charbox(data: bytes, page: int, needle: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the first occurrence of a text on a page, as pdfium finds it."""
    textpage = pdfium.PdfDocument(data)[page].get_textpage()
    found = textpage.search(needle).get_next()
    assert found, f"{needle!r} not found on page {page + 1}"
    start, count = found
    boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _middle(data: bytes, page: int) -> float:
    return pdfium.PdfDocument(data)[page].get_size()[0] / 2


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_figure_table_and_qr_code_sit_on_the_start_side(pdfs, demo, locale):
    """Left to right in English; mirrored in Arabic (the drawing itself is never mirrored)."""
    data, words = pdfs["blocks-demo", locale, "a4"], _data(locale)
    figures = words["sections"][2]["body"][0]
    spine = figures["labels"][2]["text"].split()[0]
    page = next(i for i, t in enumerate(page_texts(data)) if spine in t)
    left, _, right, _ = _charbox(data, page, spine)
    mirrored = locale == "ar"
    # the figure is half the column wide: at 72% of it the label is in the start half of the page
    assert ((left + right) / 2 > _middle(data, page)) == mirrored

    table = words["sections"][3]["body"][0]
    page = next(i for i, t in enumerate(page_texts(data)) if table["header"][1] in t)
    first, second = (_charbox(data, page, cell)[0] for cell in table["header"])
    assert (first > second) == mirrored, "the first column starts at the start side"

    url = words["sections"][4]["body"][0]["qr"]
    page = _page_of(_scan(data), "https://")
    qr = _qr_box(demo, data, page)
    url_left = _charbox(data, page, url[:20])[0]
    assert (qr[0] > url_left) == mirrored, "the address is printed beside the code, on its end side"


def test_callouts_are_tinted_boxes_with_titles_in_their_kind_colour(pdfs, demo):
    data = pdfs["blocks-demo", "en", "a4"]
    colours = demo.layouts["a4"].colours
    runs = [r for p in _scan(data) for r in p.runs]
    for kind, title, text in (("info", "Good to know", "This is an information box."),
                              ("warning", "Take care", "This is a warning box.")):
        title_run = next(r for r in runs if r.text.startswith(title))
        body_run = next(r for r in runs if r.text.startswith(text))
        background = tuple(round(v, 2) for v in to_rgb(colours[f"{kind}_background"]))
        assert tuple(round(v, 2) for v in body_run.background) == background
        assert tuple(round(v, 2) for v in title_run.colour) == tuple(round(v, 2) for v in to_rgb(colours[f"{kind}_accent"]))
    plain = next(r for r in runs if r.text.startswith("A paragraph after the sub-heading"))
    assert plain.background == (1.0, 1.0, 1.0)


def test_a_callout_bar_is_on_the_start_side(pdfs, demo):
    accent = tuple(round(v, 3) for v in to_rgb(demo.layouts["a4"].colours["info_accent"]))
    for locale, mirrored in (("en", False), ("ar", True)):
        data = pdfs["blocks-demo", locale, "a4"]
        page = _scan(data)[0]
        bars = [f for f in page.fills if tuple(round(v, 3) for v in f.colour) == accent and f.x1 - f.x0 < 10]
        assert bars, "no accent bar"
        middle = _middle(data, 0)
        assert (bars[0].x0 > middle) == mirrored


def _qr_box(demo, data: bytes, page: int) -> tuple[float, float, float, float]:
    """The extent of the QR code's dark modules: the largest square filled path on the page."""
    fills = [d for d in scan(data).pages[page].drawings if d.kind == "fill"
             and abs((d.x1 - d.x0) - (d.y1 - d.y0)) < 0.5 and d.x1 - d.x0 > 30]
    assert fills, "no QR code drawn"
    box = max(fills, key=lambda d: d.x1 - d.x0)
    return box.x0, box.y0, box.x1, box.y1


@pytest.mark.parametrize("layout", ["a4", "a4-large", "a4-trifold"])
def test_the_qr_code_is_the_urls_matrix_with_its_quiet_zone(pdfs, demo, layout):
    data = pdfs["blocks-demo", "en", layout]
    url = _data("en")["sections"][4]["body"][0]["qr"]
    matrix = [list(row) for row in segno.make(url, error="m", micro=False).matrix]
    page = _page_of(_scan(data), "https://")
    x0, y0, x1, y1 = _qr_box(demo, data, page)
    n, module = len(matrix), (x1 - x0) / len(matrix)
    assert abs((x1 - x0) + 8 * module - demo.layouts[layout].blocks.qr_size) < 0.5, "size includes the quiet zone"
    scale = 6
    pdf = pdfium.PdfDocument(data)
    height = pdf[page].get_size()[1]
    image = pdf[page].render(scale=scale).to_pil().convert("L")

    def dark(col: float, row: float) -> bool:
        px, py = (x0 + (col + 0.5) * module) * scale, (height - y1 + (row + 0.5) * module) * scale
        return image.getpixel((int(px), int(py))) < 128

    assert [[dark(c, r) for c in range(n)] for r in range(n)] == [[bool(v) for v in row] for row in matrix]
    quiet = [dark(c, r) for r in range(-4, n + 4) for c in range(-4, n + 4) if not (0 <= r < n and 0 <= c < n)]
    assert not any(quiet), "the quiet zone of 4 modules must stay clear"


def test_steps_run_on_across_a_page_break_with_their_numbers(pdfs):
    pages = page_texts(pdfs["blocks-long", "en", "a4"])
    numbers = [(i, int(n)) for i, t in enumerate(pages) for n in re.findall(r"(\d+)\.\s*Step number \1 ", t)]
    assert [n for _, n in numbers] == list(range(1, 41))
    assert len({i for i, _ in numbers}) >= 2, "the 40 steps should need two pages"
    assert len(re.findall(r"Deer T", pages[0])) == 1, "the footnote of a step is on its page"


@pytest.mark.parametrize("layout", ["a4", "a4-large"])
def test_a_long_table_repeats_its_header_on_each_page(pdfs, layout):
    pages = page_texts(pdfs["blocks-long", "en", layout])
    with_rows = [i for i, t in enumerate(pages) if re.search(r"Row \d+ left", t)]
    assert len(with_rows) >= 2
    for i in with_rows:
        assert "Column one" in pages[i] and "Column two" in pages[i], f"no header on page {i + 1}"
        assert pages[i].index("Column one") < pages[i].index(re.search(r"Row \d+ left", pages[i]).group(0))
    rows = [int(n) for i in with_rows for n in re.findall(r"Row (\d+) left", pages[i])]
    assert rows == list(range(1, 41))


def test_figures_are_vectors_and_the_print_shop_pdf_has_no_rgb(pdfs):
    reader = PdfReader(io.BytesIO(pdfs["blocks-demo", "en", "a4"]))
    images = [name for page in reader.pages for name, x in (page["/Resources"].get("/XObject") or {}).items()
              if x.get_object().get("/Subtype") == "/Image"]
    assert len(images) == 1, "only the PNG is an image; the SVG is drawn as paths"
    printed = PdfReader(io.BytesIO(pdfs["blocks-demo", "en", "a4-print"]))
    for page in printed.pages:
        ops = {op for _, op in ContentStream(page.get_contents(), printed).operations}
        assert not ops & {b"rg", b"RG"}, "an RGB colour in a print-shop PDF"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_drug_pump_leaflet_prints_its_callout_figure_and_steps(project, locale):
    from leaflets.build.pipeline import build_pdf

    data = build_pdf(project, Combination("drug-pump", "cancer", locale, "a4"))
    words = yaml.safe_load((REPO / "content" / "drug-pump" / f"{locale}.yaml").read_text(encoding="utf-8"))
    blocks = {next(iter(b)): b for s in words["sections"] for b in s["body"] if set(b) & {"figure", "steps", "callout"}}
    pages = [squash(t) for t in page_texts(data)]
    for label in blocks["figure"]["labels"]:
        assert squash(label["text"]) in pages[0], "the figure is in the first section, on the first page"
    text = "".join(pages)
    for n, step in enumerate(blocks["steps"]["steps"], 1):
        assert f"{n}.{squash(step)}" in text
    warning = squash(blocks["callout"]["body"][0]["paragraph"].replace("**", ""))
    page = next(i for i, t in enumerate(pages) if warning[:12] in t)
    urgent = tuple(round(v, 2) for v in to_rgb(project.layouts["a4"].colours["urgent_background"]))
    on_it = [r for r in _scan(data)[page].runs if tuple(round(v, 2) for v in r.background) == urgent]
    assert len(squash("".join(r.text for r in on_it))) >= len(warning) * 0.8, "the warning is printed in its box"
    assert text.find(squash(blocks["steps"]["steps"][0])) < text.find(warning), "steps come before the warning"
