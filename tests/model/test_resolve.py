"""leaflets.model.resolve: variants, citation numbering, evidence groups, references, phones, dates."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from conftest import inline_blocks, marks_in_order
from leaflets.inputs import schema, schemas
from leaflets.diagnostics import Diagnostics
from leaflets.model.nodes import BulletList, CitationMark, Paragraph, Span, plain_text
from leaflets.build.pipeline import leaflet_for, select
from leaflets.build.project import Combination
from leaflets.model.resolve import format_date, format_reference, resolve
from leaflets.inputs.sources import parse_yaml
from leaflets.model.inline import collapse_numbers

EN = "\u2013"


def model(project, variant):
    return leaflet_for(project, Combination("drug-pump", variant, "en", "a4"))


# ---------------------------------------------------------------------------- the repository's leaflet


@pytest.mark.parametrize("variant, keys", [
    ("cancer", ["smith2002", "brogan2006", "smith2005", "ruan2007", "nance1999"]),
    ("non-cancer", ["doleys2006", "deer2004", "roberts2001", "thimineur2004", "hamza2012",
                    "winkelmuller1996", "gerber2003", "nance1999", "ruan2007", "smith2005"]),
])
def test_references_numbered_in_order_of_first_citation(project, variant, keys):
    m = model(project, variant)
    assert [(r.number, r.key) for r in m.references] == list(enumerate(keys, start=1))


@pytest.mark.parametrize("variant, marks", [
    ("cancer", [(1,), (2, 3, 4, 5), (1,)]),
    ("non-cancer", [(1, 2, 3), (2, 3, 4, 5, 6), (7, 8, 9, 10, 6), (2, 3), (2, 3, 4, 5, 6)]),
])
def test_citation_numbers(project, variant, marks):
    assert [m.numbers for m in marks_in_order(model(project, variant))] == marks


def test_marker_labels_collapse_ranges(project):
    labels = [collapse_numbers(m.numbers) for m in marks_in_order(model(project, "non-cancer"))]
    assert labels == [f"1{EN}3", f"2{EN}6", f"6{EN}10", "2,3", f"2{EN}6"]


def test_reference_text_is_formatted(project):
    refs = {r.key: r.text for r in model(project, "non-cancer").references}
    assert refs["deer2004"] == ("Deer T, Chapple I, Classen A, et al. Intrathecal drug delivery for treatment of "
                                "chronic low back pain: report from the National Outcomes Registry for Low Back "
                                f"Pain. Pain Med. 2004;5:6{EN}13.")


def test_variant_only_blocks(project):
    def texts(variant):
        return [plain_text(b) for b in inline_blocks(model(project, variant))]
    cancer, non_cancer = texts("cancer"), texts("non-cancer")
    assert "This therapy may help people who have severe pain caused by cancer." in cancer
    assert "This therapy may help people who have severe pain caused by cancer." not in non_cancer
    assert "Less pain. Your pain may go down by half (50%) or more." in non_cancer
    assert not any(t.startswith("Less pain. Your pain") for t in cancer)


def test_dropped_citation_leaves_no_space(project):
    bullets = [b for s in model(project, "cancer").sections if s.id == "benefits"
               for b in s.blocks if isinstance(b, BulletList)][0]
    assert bullets.items[-1] == (Span("Less pain medicine by mouth. Some people can even stop it."),)


def test_marker_follows_the_word_directly(project):
    for m in (model(project, "cancer"), model(project, "non-cancer")):
        for block in inline_blocks(m):
            for before, node in zip(block, block[1:]):
                if isinstance(node, CitationMark):
                    assert isinstance(before, Span) and not before.text.endswith(" "), before


def test_phone_numbers_and_dial_strings(project):
    entries = model(project, "cancer").contact.entries
    assert [(e.phone, e.dial) for e in entries] == [
        ("(800) 510-6735", "+18005106735"), ("(888) 430-PAIN (7246)", "+18884307246")]


def test_dates_and_labels(project):
    m = model(project, "non-cancer")
    assert m.last_updated == dt.date(2026, 11, 1) and m.next_review == dt.date(2027, 11, 1)
    assert m.last_updated_text == "November 1, 2026"
    assert m.next_review_text == "November 1, 2027"
    assert m.labels.page == "Page {page} of {total}"
    assert m.variant_label == "For people with long-lasting pain not caused by cancer"
    assert m.keywords == ("drug-pump", "non-cancer", m.variant_label)


def test_combinations(project):
    assert {c.locale for c in select(project)} == {"ar", "de", "en", "es", "hi", "vi", "zh-Hans"}
    combos = select(project, locales=["en"])
    layouts = ["a4", "a4-large", "a4-print", "a4-trifold", "a5-booklet", "letter", "letter-large", "letter-trifold"]
    assert [(c.variant, c.layout) for c in combos] == [(v, l) for v in ("cancer", "non-cancer") for l in layouts]
    assert {c.output_path() for c in combos} == {
        f"drug-pump/en/{v}-{l}.pdf" for v in ("cancer", "non-cancer") for l in layouts}
    assert select(project, variants=["cancer"], layouts=["letter"], locales=["en"]) == [
        Combination("drug-pump", "cancer", "en", "letter")]
    assert select(project, leaflets=["nope"]) == []


# ---------------------------------------------------------------------------- small synthetic documents

BIB = {"references": {
    key: {"authors": f"Author {key.upper()}", "title": f"Title {key}", "journal": "J", "year": 2000,
          "volume": "1", "pages": "1\u20132"}
    for key in ("alpha2000", "beta2001", "gamma2002", "delta2003", "eps2004")}}

DOC = """\
leaflet: demo
locale: en
title: Demo
organisation: Org
code: D-1
version: "2"
last_updated: 2026-01-15
next_review: 2027-01-15
variants:
  one: {label: Variant one}
  two: {label: Variant two}
evidence:
  group:
    one: [gamma2002, alpha2000]
    two: [delta2003]
  empty-for-two:
    one: [eps2004]
labels: {page: "Page {page} of {total}", references: References, last_updated: Updated,
         next_review: Review, code: Code, version: Version, contents: Contents}
sections:
  - id: first
    heading: First
    body:
      - paragraph: "Start [@beta2001] and [@group; @alpha2000; @beta2001]."
      - paragraph: "Repeat [@beta2001; @beta2001]."
        only: one
      - bullets:
          - "mouth [@empty-for-two]."
          - text: "only two [@eps2004]"
            only: two
          - "pain [@empty-for-two], and more"
  - id: second
    heading: Second only in two
    only: [two]
    body:
      - paragraph: "Two [@alpha2000]"
contact:
  heading: Contact
  intro: "Intro [@delta2003]"
  entries:
    - name: Line
      phone: "+44 20 7946 0000"
      purpose: "Help."
    - name: Only one
      phone: "+1 800 510 6735"
      purpose: "One."
      only: one
  note: "Note."
disclaimer: "Disclaimer [@alpha2000]."
"""


@pytest.fixture
def demo():
    doc = parse_yaml(textwrap.dedent(DOC), "content/demo/en.yaml")
    diagnostics = Diagnostics()
    assert schema.validate(doc, schemas.CONTENT, diagnostics), [d.format() for d in diagnostics.items]
    return doc


def test_synthetic_numbering_variant_one(demo):
    m = resolve(demo, BIB, "one")
    assert [(r.number, r.key) for r in m.references] == [
        (1, "beta2001"), (2, "gamma2002"), (3, "alpha2000"), (4, "eps2004"), (5, "delta2003")]
    marks = marks_in_order(m)
    # group expands to its references for the variant; repeats keep their first number; duplicates merge
    assert [mk.numbers for mk in marks] == [(1,), (2, 3, 1), (1,), (4,), (4,), (5,), (3,)]
    assert marks[1].keys == ("gamma2002", "alpha2000", "beta2001")
    assert [s.id for s in m.sections] == ["first"]
    assert [e.name for e in m.contact.entries] == ["Line", "Only one"]


def test_synthetic_numbering_variant_two(demo):
    m = resolve(demo, BIB, "two")
    assert [(r.number, r.key) for r in m.references] == [
        (1, "beta2001"), (2, "delta2003"), (3, "alpha2000"), (4, "eps2004")]
    assert [mk.numbers for mk in marks_in_order(m)] == [(1,), (2, 3, 1), (4,), (3,), (2,), (3,)]
    assert [s.id for s in m.sections] == ["first", "second"]
    first = m.sections[0]
    assert len(first.blocks) == 2  # "Repeat" paragraph is only in variant one
    assert isinstance(first.blocks[0], Paragraph)
    items = first.blocks[1].items
    # an evidence group with nothing for this variant disappears without leaving a space
    assert items[0] == (Span("mouth."),)
    assert items[2] == (Span("pain, and more"),)
    assert [e.name for e in m.contact.entries] == ["Line"]


def test_synthetic_phone_printed_internationally_outside_country(demo):
    m = resolve(demo, BIB, "one")
    line, us = m.contact.entries
    assert line.dial == "+442079460000" and line.phone.startswith("+44 20")
    assert us.phone == "(800) 510-6735"


def test_synthetic_references_only_the_cited(demo):
    one = {r.key for r in resolve(demo, BIB, "one").references}
    two = {r.key for r in resolve(demo, BIB, "two").references}
    assert one == {"beta2001", "gamma2002", "alpha2000", "eps2004", "delta2003"}
    assert two == {"beta2001", "delta2003", "alpha2000", "eps2004"}


@pytest.mark.parametrize("ref, text", [
    ({"authors": "Smith TJ", "title": "A study.", "journal": "J Pain", "year": 2002, "volume": "20",
      "pages": "1\u20139"}, "Smith TJ. A study. J Pain. 2002;20:1\u20139."),
    ({"authors": "Smith TJ, et al.", "title": "No stop", "journal": "BMJ", "year": 1999, "volume": "3",
      "pages": "5"}, "Smith TJ, et al. No stop. BMJ. 1999;3:5."),
])
def test_format_reference(ref, text):
    assert format_reference(ref) == text


@pytest.mark.parametrize("locale, text", [("en", "March 4, 2026"), ("en-GB", "4 March 2026"),
                                          ("es", "4 de marzo de 2026")])
def test_format_date_per_locale(locale, text):
    assert format_date(dt.date(2026, 3, 4), locale) == text


@pytest.mark.parametrize("year", [1, 999, 1000, 1999, 2000, 2024, 2026, 2100, 9999])
def test_english_dates_without_babel_are_babels(year):
    """English is written without loading Babel (a cold build's time); it must say what Babel says."""
    from babel.dates import format_date as babel_format_date

    day = dt.date(year, 1, 1)
    while day.year == year and day < dt.date.max:
        assert format_date(day, "en") == babel_format_date(day, format="long", locale="en"), day
        day += dt.timedelta(days=1)
