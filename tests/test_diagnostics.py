"""Diagnostics: the order problems are printed in."""
from leaflets.diagnostics import Diagnostics, SourceLocation


def test_problems_at_one_place_sort_by_number_not_by_text():
    d = Diagnostics()
    here = SourceLocation("content/drug-pump/es.yaml", 40, 7)
    for n in (10, 4, 2):
        d.error(here, "sections[2].body", f"missing translation of block {n} of 12", code="translation-missing-part")
    d.error(here, "sections[10]", "x", code="unknown-key")
    d.error(here, "sections[9]", "x", code="unknown-key")
    assert [(x.key, x.message) for x in d.sorted()] == [
        ("sections[2].body", "missing translation of block 2 of 12"),
        ("sections[2].body", "missing translation of block 4 of 12"),
        ("sections[2].body", "missing translation of block 10 of 12"),
        ("sections[9]", "x"),
        ("sections[10]", "x"),
    ]
