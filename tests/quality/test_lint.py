"""lint: patient-information quality of the words and the layout's colours."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace

import pytest

from conftest import REPO
from leaflets.diagnostics import ERROR, WARNING
from leaflets.quality.lint import Quality, check_layout_contrast, check_readability, check_review, content_places, contrast_ratio, layout_places, lint, parse_size, prose, quality_from
from leaflets.build.pipeline import leaflet_for, select
from leaflets.build.project import load_project
from leaflets.quality.reports import FAIL, PASS, SKIP



@pytest.fixture(scope="module")
def english(project):
    combos = [c for c in select(project) if c.locale == "en"]
    return [(c, leaflet_for(project, c)) for c in combos]


def places_of(project, combo):
    return {**content_places(project.contents[(combo.leaflet, combo.locale)]),
            **layout_places(combo.layout, project.layout_docs)}


def text_of(result):
    return "\n".join(f.format() for f in result.findings)


def test_the_current_leaflets_pass(project, english):
    for combo, model in english:
        today = model.last_updated
        results = {r.check: r for r in lint(model, project.layouts[combo.layout].colours, Quality(), today,
                                            places_of(project, combo))}
        assert {k: r.status for k, r in results.items()} == {
            "readability": PASS, "sentence-length": PASS, "review-date": PASS, "contrast-colours": PASS}, \
            {k: text_of(r) for k, r in results.items()}
        assert results["readability"].figures["readability"]["FK"] <= 8
        assert "SMOG" in results["readability"].figures["readability"]
        assert results["sentence-length"].figures["words_per_sentence"] <= 20


def test_scored_text_leaves_out_headings_references_and_phone_numbers(english):
    _, model = english[0]
    units = " ".join(t for t, _ in prose(model))
    for section in model.sections:
        assert section.heading not in units
    for ref in model.references:
        assert ref.text[:30] not in units
    for entry in model.contact.entries:
        assert entry.phone not in units


def test_the_longest_sentences_are_named_with_file_and_line(english):
    _, model = english[0]
    [_, length] = check_readability(model, Quality())
    longest = length.figures["longest"]
    assert len(longest) == 3
    assert all(re.match(r"content/.+\.yaml:\d+:\d+$", s["where"]) for s in longest)
    assert longest[0]["words"] >= longest[1]["words"] >= longest[2]["words"]


def test_hard_text_fails_readability_at_the_threshold(english):
    _, model = english[0]
    q = quality_from(({"max_grade": 2}, lambda key: f"layouts/x.yaml:9:{key}"))
    [read, _] = check_readability(model, q, {})
    assert read.status == FAIL
    assert re.search(r"Flesch-Kincaid grade is \d+\.\d; the limit is 2", text_of(read))
    assert str(read.findings[0].location) == "layouts/x.yaml:9:max_grade"   # where the threshold was set


def test_an_overly_long_sentence_fails_with_its_line(english):
    _, model = english[0]
    first = model.sections[0].blocks[0]
    from leaflets.model.nodes import Span
    long = replace(first, content=(Span(" ".join(["word"] * 30) + "."),))
    sections = (replace(model.sections[0], blocks=(long,) + model.sections[0].blocks[1:]),) + model.sections[1:]
    [_, length] = check_readability(replace(model, sections=sections), Quality())
    assert length.status == FAIL
    finding = next(f for f in length.findings if f.severity == ERROR)
    assert finding.message.startswith("a sentence of 30 words (at most 25)")
    assert finding.location == first.source


def test_average_sentence_length_limit(english):
    _, model = english[0]
    [_, length] = check_readability(model, Quality(max_average_sentence=5))
    assert "words on average; the limit is 5" in text_of(length)


def test_languages_without_a_formula_are_not_scored_not_passed(english):
    _, model = english[0]
    [read, length] = check_readability(replace(model, locale="fr"), Quality())
    assert read.status == SKIP and "not scored" in read.skipped
    assert length.status == PASS      # sentence length is still measured
    [read, length] = check_readability(replace(model, locale="zh-Hans"), Quality())
    assert read.status == SKIP and length.status == SKIP


def test_review_dates(english):
    _, model = english[0]
    q = Quality()
    where = {"next_review": "content/x.yaml:10:14"}
    passed = check_review(model, q, model.next_review + dt.timedelta(days=1), where)
    assert passed.status == FAIL
    assert f"the next-review date {model.next_review.isoformat()} has passed (1 days ago)" in text_of(passed)
    assert str(passed.findings[0].location) == "content/x.yaml:10:14"
    soon = check_review(model, q, model.next_review - dt.timedelta(days=10), where)
    assert soon.status != FAIL and soon.findings[0].severity == WARNING and "in 10 days" in text_of(soon)
    fine = check_review(model, q, model.last_updated, where)
    assert fine.status == PASS


def test_wcag_contrast_ratio():
    assert contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    assert contrast_ratio((1, 1, 1), (1, 1, 1)) == pytest.approx(1)
    grey = (0x77 / 255,) * 3
    assert contrast_ratio(grey, (1, 1, 1)) == pytest.approx(4.48, abs=0.01)   # the classic "just fails" grey


def test_low_contrast_layout_colour_names_the_setting(project):
    combo = select(project)[0]
    layout = project.layouts[combo.layout]
    colours = dict(layout.colours, muted=("rgb", 0.7, 0.7, 0.7), panel_background=("cmyk", 0, 0, 0, 0.6))
    result = check_layout_contrast(colours, Quality(), places_of(project, combo))
    assert result.status == FAIL
    text = text_of(result)
    assert "colours.muted #b2b2b2 on white paper has a contrast of 2.11:1; text needs at least 4.5:1" in text
    assert "on colours.panel_background #666666" in text
    assert re.search(r"layouts/\w+\.yaml:\d+:\d+: error: contrast-colours: colours.muted", text)


def test_quality_settings_and_file_sizes():
    q = quality_from(({"max_pages": 3, "min_body_size": "14pt", "safe_edge": "5mm"}, None),
                     ({"max_pages": 5, "max_file_size": "800KB"}, None))
    assert (q.max_pages, q.body_size, q.max_file_size) == (5, 14.0, 800 * 1024)
    assert q.safe_edge == pytest.approx(5 * 72 / 25.4)
    assert Quality(large_print=True).body_size == 16 and Quality().body_size == 12
    assert parse_size("1.5MB") == 1_572_864


def test_quality_in_yaml_is_validated(tmp_path):
    for part in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / part, tmp_path / part)
    (tmp_path / "layouts" / "a4.yaml").write_text(
        (REPO / "layouts" / "a4.yaml").read_text() + "quality:\n  max_page: 2\n  min_contrast: 30\n")
    project = load_project(tmp_path)
    messages = "\n".join(d.format() for d in project.diagnostics.errors)
    assert "layouts/a4.yaml:" in messages
    assert "unknown key 'max_page'" in messages and "did you mean 'max_pages'?" in messages
    assert "quality.min_contrast: 30 is out of range" in messages
