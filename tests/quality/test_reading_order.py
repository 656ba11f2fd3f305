"""verify reads right-to-left lines in reading order: the body size and required parts of Arabic PDFs are
checked like every other script's, and fail when broken; the strings of a line are put in order the way
a reader reads them."""
from __future__ import annotations

from dataclasses import replace

import pytest

from leaflets.build.pipeline import build_pdf, leaflet_for, select
from leaflets.layout.settings import for_locale
from leaflets.quality.expected import page_text, squash
from leaflets.quality.lint import Quality, content_places, layout_places
from leaflets.quality.reading_order import logical_runs, logical_scan
from leaflets.quality.reports import FAIL, PASS, SKIP
from leaflets.quality.scanner import Run, scan
from leaflets.quality.verify import verify
from leaflets.typeset.render import render


def _run(text: str, x0: float, x1: float, baseline: float = 100.0, rise: float = 0.0) -> Run:
    return Run(0, text, x0, baseline, x1, baseline + 10, baseline, 12.0, rise, "F", (0, 0, 0))


def test_a_run_shown_in_two_strings_reads_from_its_right_end():
    # "مضخة الدواء" drawn left to right in visual order, split where the font subset changes
    runs = [_run("ءاود", 10, 30), _run("لا ةخضم", 30, 70)]
    assert [r.text for r in logical_runs(runs)] == ["مضخة ال", "دواء"]


def test_numbers_and_latin_words_keep_their_order_and_brackets_turn_back():
    # a visual line "4 من 1 صفحة" (footer), and brackets inside a run drawn mirrored
    footer = [_run("4", 10, 15), _run(" نم ", 15, 30), _run("1", 30, 35), _run(" ةحفص", 35, 60)]
    assert "".join(r.text for r in logical_runs(footer)) == "صفحة 1 من 4"
    latin = [_run("DP-01", 10, 40), _run("· ", 40, 45), _run("كمسج", 45, 70)]
    assert "".join(r.text for r in logical_runs(latin)) == "جسمك ·DP-01"
    assert "".join(r.text for r in logical_runs([_run("(ةدئاز ةعرج)", 10, 60)])) == "(جرعة زائدة)"


def test_strings_apart_or_raised_are_runs_of_their_own_and_left_to_right_pages_are_untouched():
    apart = [_run("ةخضم", 100, 130), _run("ءاودلا", 50, 95)]     # two runs drawn in reading order
    assert [r.text for r in logical_runs(apart)] == ["مضخة", "الدواء"]
    raised = [_run("ةيمويلا", 50, 95), _run(" 1", 45, 50, rise=4.0)]
    assert [r.text for r in logical_runs(raised)] == ["اليومية", " 1"]
    english = [_run("Hello ", 10, 40), _run("world", 40, 70)]
    assert logical_runs(english) is english


@pytest.fixture(scope="module")
def arabic(project):
    combo = next(c for c in select(project, locales=["ar"]) if c.layout == "a4" and c.variant == "cancer")
    places = {**content_places(project.contents[(combo.leaflet, combo.locale)]),
              **layout_places(combo.layout, project.layout_docs)}
    return combo, leaflet_for(project, combo), project.layouts[combo.layout], places


def test_an_arabic_pdf_reads_back_its_title_and_closing_lines_in_order(project, arabic):
    combo, model, _, _ = arabic
    read = logical_scan(scan(build_pdf(project, combo)))
    text = squash("".join(page_text(p) for p in read.pages))
    assert squash(model.title) in text
    assert squash(" ".join(t for t in (model.disclaimer[0].text,))) in text


def test_arabic_body_size_and_required_parts_are_checked_and_pass(project, arabic):
    combo, model, layout, places = arabic
    checks = {r.check: r for r in verify(build_pdf(project, combo), model, layout, Quality(), places)}
    assert checks["body-size"].status == PASS
    # Arabic is set a point larger than the layout's text size (layouts/handout.yaml, scripts:)
    assert checks["body-size"].figures["smallest_body_pt"] == pytest.approx(for_locale(layout, "ar").text_size)
    assert for_locale(layout, "ar").text_size == layout.text_size + 1
    assert checks["required-parts"].status == PASS
    assert checks["citations"].status == SKIP and "right-to-left" in checks["citations"].skipped


def test_arabic_body_text_too_small_or_a_missing_disclaimer_fails(project, arabic):
    combo, model, layout, places = arabic
    faces = project.chains_for(layout, "ar")
    small = {r.check: r for r in verify(render(model, replace(layout, text_size=9.0), *faces), model, layout,
                                        Quality(), places)}
    assert small["body-size"].status == FAIL
    assert "body text is 10.0pt" in small["body-size"].findings[0].message      # 9pt + Arabic's point
    bare = {r.check: r for r in verify(render(replace(model, disclaimer=()), layout, *faces), model, layout,
                                       Quality(), places)}
    assert bare["required-parts"].status == FAIL
    assert "the disclaimer is missing from the PDF" in bare["required-parts"].findings[0].message
