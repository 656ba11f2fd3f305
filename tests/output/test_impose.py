"""impose.py: saddle-stitch and tri-fold imposition, checked on synthetic numbered PDFs read back with pypdf,
and on the real A5 booklet.

Positions come from pypdf's extract_text(visitor_text=...): the text matrix times the current
transformation matrix gives where each string sits on the sheet, and whether it is turned.
"""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from conftest import norm, text_runs
from leaflets.layout.geometry import Placement, Side, padded, saddle_stitch_order
from leaflets.output.impose import impose, impose_for

A4_LANDSCAPE = (841.8898, 595.2756)
A5 = (419.5276, 595.2756)


def numbered_pdf(count: int, size=A5, link_last_to_first: bool = False) -> bytes:
    """`count` pages, each showing only its own number ("P1", "P2", ...) near its top left corner,
    with an outline entry per page and (optionally) a link on the last page to the first."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=size, invariant=1)
    c.setTitle("Numbered")
    for n in range(1, count + 1):
        c.bookmarkPage(f"p{n}")
        c.addOutlineEntry(f"Page {n}", f"p{n}", level=0)
        c.setFont("Helvetica", 24)
        c.drawString(40, size[1] - 60, f"P{n}")
        if link_last_to_first and n == count:
            c.linkAbsolute("to page 1", "p1", (40, size[1] - 70, 120, size[1] - 30))
        c.showPage()
    c.save()
    return buffer.getvalue()


def placed_strings(page) -> list[tuple[str, float, float, bool]]:
    """(text, x, y, turned) of every string on a page, in sheet coordinates."""
    found = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        a, b, c, d, e, f = tm
        A, B, C, D, E, F = cm
        x, y = e * A + f * C + E, e * B + f * D + F
        turned = a * A + b * C < 0            # the string runs right to left: the page is upside down
        found.append((text.strip(), x, y, turned))

    page.extract_text(visitor_text=visit)
    return found


def halves(page, width: float) -> tuple[list[str], list[str]]:
    """The page numbers printed on the left and on the right half of a sheet side."""
    left, right = [], []
    for text, x, _, _ in placed_strings(page):
        (left if x < width / 2 else right).append(text)
    return left, right


@pytest.fixture(scope="module")
def booklet_layout(project):
    return project.layouts["a5-booklet"]


# --- the order itself -----------------------------------------------------------------

@pytest.mark.parametrize("n, sheets", [
    (4, [((4, 1), (2, 3))]),
    (8, [((8, 1), (2, 7)), ((6, 3), (4, 5))]),
    (12, [((12, 1), (2, 11)), ((10, 3), (4, 9)), ((8, 5), (6, 7))]),
])
def test_saddle_stitch_order(n, sheets):
    assert saddle_stitch_order(n) == sheets


@pytest.mark.parametrize("n", [4, 8, 12, 16, 40])
def test_saddle_stitch_order_folds_into_reading_order(n):
    """Stack the sheets, fold them: reading the halves from the outside in gives 1..n."""
    order = saddle_stitch_order(n)
    # the right halves of the fronts and left halves of the backs, outside in, are the first half...
    first = [p for (_, front_right), (back_left, _) in order for p in (front_right, back_left)]
    # ...and the right halves of the backs and left halves of the fronts, inside out, the second half
    second = [p for (front_left, _), (_, back_right) in reversed(order) for p in (back_right, front_left)]
    assert first + second == list(range(1, n + 1))


def test_padding_to_a_multiple_of_four():
    assert [padded(n) for n in (1, 2, 3, 4, 5, 7, 8, 9, 12, 13)] == [4, 4, 4, 4, 8, 8, 8, 12, 12, 16]
    with pytest.raises(ValueError):
        saddle_stitch_order(6)


# --- synthetic PDFs imposed and read back -----------------------------------------------

@pytest.mark.parametrize("n", [4, 8, 12])
def test_booklet_imposition_of_numbered_pages(booklet_layout, n):
    reader = PdfReader(io.BytesIO(impose_for(booklet_layout, numbered_pdf(n))))
    assert len(reader.pages) == n // 2
    width = A4_LANDSCAPE[0]
    for k in range(n // 4):
        front, back = reader.pages[2 * k], reader.pages[2 * k + 1]
        for page in (front, back):
            assert float(page.mediabox.width) == pytest.approx(A4_LANDSCAPE[0], abs=0.01)
            assert float(page.mediabox.height) == pytest.approx(A4_LANDSCAPE[1], abs=0.01)
        assert halves(front, width) == ([f"P{n - 2 * k}"], [f"P{1 + 2 * k}"]), f"sheet {k + 1} front"
        assert halves(back, width) == ([f"P{2 + 2 * k}"], [f"P{n - 1 - 2 * k}"]), f"sheet {k + 1} back"


@pytest.mark.parametrize("count, blanks", [(5, {6, 7, 8}), (6, {7, 8}), (7, {8}), (9, {10, 11, 12})])
def test_booklet_pads_with_blank_pages_at_the_end(booklet_layout, count, blanks):
    n = padded(count)
    reader = PdfReader(io.BytesIO(impose_for(booklet_layout, numbered_pdf(count))))
    assert len(reader.pages) == n // 2
    seen = []
    for k, (front, back) in enumerate(saddle_stitch_order(n)):
        for page, pair in ((reader.pages[2 * k], front), (reader.pages[2 * k + 1], back)):
            left, right = halves(page, A4_LANDSCAPE[0])
            for number, printed in zip(pair, (left, right)):
                assert printed == ([] if number in blanks else [f"P{number}"]), f"page {number}"
                seen += printed
    assert sorted(seen, key=lambda t: int(t[1:])) == [f"P{i}" for i in range(1, count + 1)]


def test_pages_sit_either_side_of_the_fold(booklet_layout):
    """Each A5 page touches the middle of the sheet: the fold is exactly between them."""
    reader = PdfReader(io.BytesIO(impose_for(booklet_layout, numbered_pdf(4))))
    strings = {t: (x, y) for t, x, y, _ in placed_strings(reader.pages[0])}
    middle = A4_LANDSCAPE[0] / 2
    assert strings["P4"][0] == pytest.approx(middle - A5[0] + 40, abs=0.01)
    assert strings["P1"][0] == pytest.approx(middle + 40, abs=0.01)
    assert strings["P1"][1] == pytest.approx(A5[1] - 60, abs=0.01)


def test_short_edge_backs_are_upright_long_edge_backs_turned(booklet_layout):
    """Flip on the short edge (the default) turns a landscape sheet over like a book page: the backs are
    printed as they are. Flip on the long edge turns it over top to bottom: the backs must be turned."""
    data = numbered_pdf(8)
    short = PdfReader(io.BytesIO(impose_for(booklet_layout, data)))
    assert not any(t for page in short.pages for *_, t in placed_strings(page))
    long_edge = replace(booklet_layout, duplex="long-edge")
    turned = PdfReader(io.BytesIO(impose_for(long_edge, data)))
    for i, page in enumerate(turned.pages):
        strings = placed_strings(page)
        assert all(t == (i % 2 == 1) for *_, t in strings), f"side {i + 1}"
    # turned 180 degrees, page 2 (left on the back) is now on the right, upside down
    back = {t: x for t, x, _, _ in placed_strings(turned.pages[1])}
    assert back["P2"] > A4_LANDSCAPE[0] / 2 > back["P7"]


def test_links_outline_and_title_follow_the_pages(booklet_layout):
    reader = PdfReader(io.BytesIO(impose_for(booklet_layout, numbered_pdf(4, link_last_to_first=True))))
    assert reader.metadata.title == "Numbered"
    # the outline points at the sheet side and place of each page: page 1 is on side 1, right half
    entries = {e.title: e for e in reader.outline}
    assert [reader.get_destination_page_number(entries[f"Page {n}"]) for n in (1, 2, 3, 4)] == [0, 1, 1, 0]
    assert float(entries["Page 1"].left) == pytest.approx(A4_LANDSCAPE[0] / 2, abs=0.01)
    # the link on page 4 (left half of side 1) goes to page 1 (right half of side 1)
    links = [a.get_object() for a in reader.pages[0].get("/Annots") or []]
    assert len(links) == 1
    x0, _, x1, _ = (float(v) for v in links[0]["/Rect"])
    assert x1 < A4_LANDSCAPE[0] / 2
    dest = links[0]["/Dest"]
    assert dest[0].idnum == reader.pages[0].indirect_reference.idnum
    assert float(dest[2]) == pytest.approx(A4_LANDSCAPE[0] / 2, abs=0.01)


@pytest.mark.parametrize("n", [4, 8, 12])
def test_right_to_left_booklet_is_bound_on_the_right(booklet_layout, n):
    """Each side's two pages swap: sheet k carries 1+2k (left) and N-2k (right) on the front."""
    reader = PdfReader(io.BytesIO(impose_for(booklet_layout, numbered_pdf(n), rtl=True)))
    width = A4_LANDSCAPE[0]
    for k, (front, back) in enumerate(saddle_stitch_order(n)):
        assert halves(reader.pages[2 * k], width) == ([f"P{front[1]}"], [f"P{front[0]}"])
        assert halves(reader.pages[2 * k + 1], width) == ([f"P{back[1]}"], [f"P{back[0]}"])


def test_imposition_is_deterministic(booklet_layout):
    data = numbered_pdf(12)
    assert impose_for(booklet_layout, data) == impose_for(booklet_layout, data)


def test_trifold_sides_place_panels_by_reading_order(project):
    """Six numbered panel pages onto the two sides: outside 5 6 1, inside 2 3 4."""
    from leaflets.layout.geometry import trifold_panels

    layout = project.layouts["letter-trifold"]
    panels = trifold_panels(layout)
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    for panel in panels:
        c.setPageSize((panel.width, panel.height))
        c.setFont("Helvetica", 20)
        c.drawString(10, 300, f"P{panel.number}")
        c.showPage()
    c.save()
    reader = PdfReader(io.BytesIO(impose_for(layout, buffer.getvalue())))
    assert len(reader.pages) == 2
    for page, expected in zip(reader.pages, (["P5", "P6", "P1"], ["P2", "P3", "P4"])):
        strings = sorted(placed_strings(page), key=lambda s: s[1])
        assert [s[0] for s in strings] == expected
        for text, x, _, _ in strings:
            panel = panels[int(text[1:]) - 1]
            assert x == pytest.approx(panel.x + 10, abs=0.01)


def test_generic_impose_leaves_blank_places_blank():
    data = numbered_pdf(2, size=(200, 300))
    side = Side(400, 300, (Placement(1, 0, 0), Placement(None, 200, 0)))
    reader = PdfReader(io.BytesIO(impose(data, [side, Side(400, 300, (Placement(0, 200, 0),))])))
    assert halves(reader.pages[0], 400) == (["P2"], [])
    assert halves(reader.pages[1], 400) == ([], ["P1"])


# --- the real booklet -----------------------------------------------------------------

@pytest.fixture(scope="module", params=["cancer", "non-cancer"])
def booklet(request, built_pdfs):
    return built_pdfs[f"{request.param}-a5-booklet"]


def test_booklet_reading_file_is_a5_in_reading_order(booklet):
    reading = booklet.reading
    n = len(reading.reader.pages)
    assert n % 4 == 0 and n == 8
    for page in reading.reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A5[0], abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(A5[1], abs=0.01)
    texts = reading.norm_pages
    assert booklet.model.title in texts[0]                       # the front cover
    contact = booklet.model.contact
    assert contact.heading in texts[-1]                           # the back cover carries the contact panel
    for entry in contact.entries:
        assert entry.phone.split(" (")[0] in texts[-1] or entry.phone in texts[-1]
    numbered = [i + 1 for i, t in enumerate(texts) if f"Page {i + 1} of {n}" in t]
    # spare pages, if any, are pages for the reader's notes before the back cover (test_composition
    # makes a booklet with spare pages; the repository's may fill its eight pages exactly)
    notes = [i + 1 for i, t in enumerate(texts) if booklet.model.labels.notes in t]
    assert numbered == list(range(2, n)), "every page but the covers carries its number"
    assert all(b < n for b in notes), "the notes pages come before the back cover"


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_booklet_page_numbers_are_on_the_outer_edge_and_not_on_the_covers(project, locale):
    """Left to right: a right-hand (odd) page has its number at the right, a left-hand one at the left; a
    right-to-left booklet, bound on the right, the mirror image. The covers carry no footer at all."""
    from leaflets.build.pipeline import build_reading, select
    from leaflets.quality.scanner import scan

    combo = next(c for c in select(project, locales=[locale], variants=["cancer"]) if c.layout == "a5-booklet")
    layout = project.layouts[combo.layout]
    pages = scan(build_reading(project, combo)).pages
    n = len(pages)
    middle = A5[0] / 2
    for page in pages:
        footer = [r for r in page.runs if r.baseline < layout.margin_bottom + layout.footer_size]
        number = page.index + 1
        if number in (1, n):
            assert footer == [], f"cover page {number} has a footer"
            continue
        digits = [r for r in footer if str(number) in r.text]       # the title and code hold no 2 to 7
        assert digits, f"page {number}: no page number in {[r.text for r in footer]}"
        right_hand = (number % 2 == 1) != (locale == "ar")
        at_right = min(r.x0 for r in digits) > middle
        assert at_right == right_hand, f"page {number}: the number is not on the outer edge"


def test_booklet_sheets_carry_the_reading_pages_in_saddle_stitch_order(booklet):
    reading = booklet.reading
    n = len(reading.reader.pages)
    sheets = booklet.reader
    assert len(sheets.pages) == n // 2
    width = A4_LANDSCAPE[0]
    for k, (front, back) in enumerate(saddle_stitch_order(n)):
        for page, pair in ((sheets.pages[2 * k], front), (sheets.pages[2 * k + 1], back)):
            # pypdf's visitor reports a string when its buffer flushes, which on a sheet can be after the
            # page it belongs to has ended; conftest.text_runs places every Tj/TJ where it is drawn
            left, right = [], []
            for run in text_runs(sheets, page):
                if run.x < width / 2:      # the left page's left edge is one A5 width before the fold
                    left.append((run.text, round(run.x - (width / 2 - A5[0]), 2), round(run.y, 2)))
                else:
                    right.append((run.text, round(run.x - width / 2, 2), round(run.y, 2)))
            for number, printed in zip(pair, (left, right)):
                source = reading.reader.pages[number - 1]
                expected = [(run.text, round(run.x, 2), round(run.y, 2)) for run in text_runs(reading.reader, source)]
                assert printed == expected, f"sheet {k + 1}: page {number}"
    # what a reader of the sheets finds, folded: the title on sheet 1's front, right half
    assert norm(booklet.model.title) in norm(" ".join(halves(sheets.pages[0], width)[1]))
