"""Print layouts meet the locales: right-to-left brochures and booklets are mirrored (the imposition
alone: tests/output/test_impose.py), a short text (Chinese) is set larger to fill its tri-fold,
references fill the fold-in panel rather than leave it blank, and a draft translation's notice counts
as small print. Read back from the real PDFs."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from conftest import text_runs
from leaflets.build.pipeline import build_outputs, leaflet_for, reading_path
from leaflets.build.project import Combination
from leaflets.inputs.units import PT_PER
from leaflets.quality.expected import classify, expected
from leaflets.quality.scanner import scan

A4_LANDSCAPE_WIDTH = 297 * PT_PER["mm"]


@pytest.fixture(scope="module")
def outputs(project):
    cache = {}

    def get(locale: str, variant: str, layout: str):
        combo = Combination("drug-pump", variant, locale, layout)
        if combo not in cache:
            built = build_outputs(project, combo)
            cache[combo] = (PdfReader(io.BytesIO(built[combo.output_path()])),
                            PdfReader(io.BytesIO(built[reading_path(combo)])), project.layouts[layout])
        return cache[combo]
    return get


def _positions(reader, page):
    return [(r.x, r.y) for r in text_runs(reader, page) if r.text.strip()]


def _same(found, wanted):
    assert len(found) == len(wanted)
    assert [c for xy in found for c in xy] == pytest.approx([c for xy in wanted for c in xy], abs=0.01)


@pytest.mark.parametrize("layout", ["a4-trifold", "letter-trifold"])
def test_arabic_trifold_is_the_mirror_image(outputs, layout):
    """Outside, left to right: cover (1), back (6), fold-in (5); inside, left to right: 4, 3, 2, so the
    inside reads 2, 3, 4 from right to left. Every string of every panel is where its panel went."""
    sheets, reading, lay = outputs("ar", "cancer", layout)
    d = lay.fold_in_narrower
    wide = (lay.page_width + d) / 3
    narrow = wide - d
    left_edges = {1: 0.0, 6: wide, 5: 2 * wide, 4: 0.0, 3: narrow, 2: narrow + wide}
    for side, numbers in ((0, (1, 6, 5)), (1, (4, 3, 2))):
        expected_positions = []
        for number in numbers:
            page = reading.pages[number - 1]
            expected_positions += [(x + left_edges[number], y) for x, y in _positions(reading, page)]
        _same(_positions(sheets, sheets.pages[side]), expected_positions)
    # the contact panel's phone numbers (left-to-right text) are on the fold-in panel, outside right
    flap = [r for r in text_runs(sheets, sheets.pages[0]) if "510-6735" in r.text]
    assert flap and all(2 * wide <= r.x for r in flap)


def test_english_trifold_is_not_mirrored(outputs):
    sheets, reading, lay = outputs("en", "cancer", "a4-trifold")
    wide = (lay.page_width + lay.fold_in_narrower) / 3
    narrow = wide - lay.fold_in_narrower
    cover = _positions(reading, reading.pages[0])
    outside = _positions(sheets, sheets.pages[0])
    _same(outside[-len(cover):], [(x + narrow + wide, y) for x, y in cover])


def test_arabic_booklet_cover_is_on_the_left_of_the_first_sheet(outputs):
    sheets, reading, lay = outputs("ar", "cancer", "a5-booklet")
    cover = _positions(reading, reading.pages[0])
    assert cover
    front = _positions(sheets, sheets.pages[0])
    left = [(x, y) for x, y in front if x < A4_LANDSCAPE_WIDTH / 2]
    _same(left[: len(cover)], [(x + A4_LANDSCAPE_WIDTH / 2 - lay.page_width, y) for x, y in cover])


def _body_size(reader, page) -> float:
    """The size most of the page's characters are set in."""
    counts: dict[float, int] = {}
    for r in text_runs(reader, page):
        counts[round(r.size, 2)] = counts.get(round(r.size, 2), 0) + len(r.text.strip())
    return max(counts, key=counts.get)


@pytest.mark.parametrize("variant", ["cancer", "non-cancer"])
def test_short_chinese_text_is_set_larger_to_fill_the_panels(outputs, project, variant):
    """Chinese takes far less room: the text grows from 11pt (up to text.max_size) instead of leaving
    panels blank, and every text panel carries text (the front panel is the cover alone)."""
    _, reading, lay = outputs("zh-Hans", variant, "a4-trifold")
    body = _body_size(reading, reading.pages[1])
    assert lay.text_size < body <= lay.max_text_size
    for page in reading.pages[1:]:
        assert len(page.extract_text().strip()) > 150


@pytest.mark.parametrize("locale", ["ar", "zh-Hans"])
def test_references_fill_the_back_panel_whole(outputs, project, locale):
    """A text that ends before the back panel does not put a stray reference or two there: the reference
    list is whole on one panel, under the contact panel on the fold-in panel or on the back."""
    combo = Combination("drug-pump", "cancer", locale, "a4-trifold")
    model = leaflet_for(project, combo)
    _, reading, _ = outputs(locale, "cancer", "a4-trifold")
    texts = [p.extract_text() for p in reading.pages]
    last = model.references[-1].text[:25]
    first = model.references[0].text[:25]
    panel = next(i for i, t in enumerate(texts) if first in t)
    assert panel in (4, 5) and last in texts[panel]
    assert not any(first in t or last in t for i, t in enumerate(texts) if i != panel)


def test_english_references_are_under_the_contact_panel(outputs):
    """English fills the four text panels at 11pt; the references (end matter) are on the fold-in panel
    under the contact panel, with the closing lines, and nowhere else."""
    _, reading, lay = outputs("en", "cancer", "a4-trifold")
    assert _body_size(reading, reading.pages[1]) == lay.text_size
    texts = [p.extract_text() for p in reading.pages]
    assert [i for i, t in enumerate(texts) if "References" in t] == [4]
    assert texts[4].index("Who to contact") < texts[4].index("References") < texts[4].index("Last updated")


def test_draft_notice_is_small_print_not_body_text(project):
    """verify reads the draft-translation notice as small print (like the review line), so its size is
    not held to the body-text minimum; and a draft must print it."""
    combo = Combination("drug-pump", "non-cancer", "es", "a4-trifold")
    model = leaflet_for(project, combo)
    exp = expected(model)
    assert model.labels.draft in exp.small
    assert "draft-translation notice" in exp.parts
    s = scan(build_outputs(project, combo)[reading_path(combo)])
    notice = [r for p in s.pages for r in p.runs if r.text.strip() and r.text.strip() in model.labels.draft
              and len(r.text.strip()) > 3]
    assert notice and {classify(r, exp) for r in notice} <= {"small", "other"}
    english = leaflet_for(project, Combination("drug-pump", "non-cancer", "en", "a4-trifold"))
    assert "draft-translation notice" not in expected(english).parts
