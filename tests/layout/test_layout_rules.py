"""layout.rules: each rule checks one thing, the rules run in a fixed order, every problem has a code.

(Named apart from tests/model/test_rules.py: test file basenames are unique.)
"""
from __future__ import annotations

from conftest import REPO
from leaflets.diagnostics import Diagnostics
from leaflets.inputs.sources import load_file, parse_yaml
from leaflets.layout import rules
from leaflets.layout.rules import RULES, check_rules
from leaflets.layout.settings import merged


def layout_docs(**extra) -> dict:
    docs = {path.stem: load_file(path, REPO) for path in (REPO / "layouts").glob("*.yaml")}
    docs.update({name: parse_yaml(text, f"layouts/{name}.yaml") for name, text in extra.items()})
    return docs


def run_rules(name: str, docs: dict) -> Diagnostics:
    found = Diagnostics()
    data = merged(name, docs, found)
    assert found.items == [] and data is not None
    check_rules(name, data, docs, found)
    return found


def test_the_repository_layouts_break_no_rule():
    docs = layout_docs()
    for name, doc in docs.items():
        if not doc.data.get("abstract"):
            assert run_rules(name, docs).items == [], name


def test_rules_are_small_functions_run_in_the_order_written():
    assert len(RULES) > 10
    assert RULES[0] is rules.body_size and RULES[-1] is rules.band_height
    assert len(set(RULES)) == len(RULES)


def test_several_problems_come_in_rule_order_each_with_a_code():
    docs = layout_docs(bad="extends: handout\ntext: {size: 7pt, min_size: 6pt}\n"
                           "contact_panel: {position: back}\nband: {height: 40mm, colour: headings}\n")
    found = run_rules("bad", docs)
    assert [(d.key, d.code) for d in found.items] == [
        ("text.size", "layout-body-too-small"),
        ("text.min_size", "layout-fit-size-not-trifold"),
        ("contact_panel.position", "layout-contact-back-without-fold"),
        ("band.height", "layout-band-into-text"),
    ]
    assert [d.location.path for d in found.items] == ["layouts/bad.yaml"] * 4


def test_a_problem_is_reported_where_the_value_is_written():
    docs = layout_docs(small="extends: handout\ndescription: small margins\n"
                             "page: {size: A4, margins: {top: 20mm, right: 20mm, bottom: 5mm, left: 20mm}}\n")
    found = run_rules("small", docs)
    assert [(d.location.path, d.key, d.code) for d in found.items] == [
        ("layouts/small.yaml", "page.margins.bottom", "layout-footer-in-unprinted-edge")]
    docs = layout_docs(print_rgb="extends: a4-print\ndescription: rgb\n")
    assert all(d.code == "layout-print-shop-rgb" for d in run_rules("print_rgb", docs).items)


def test_pdf_x_and_display_colours_are_refused_in_an_office_layout():
    docs = layout_docs(office="extends: a4\nprint:\n  target: office\n  display_colours: [headings]\n"
                              "  output_intent: {profile: FOGRA39L-coated.icc, condition: FOGRA39}\n")
    found = run_rules("office", docs)
    assert [(d.key, d.code, d.location.line) for d in found.items] == [
        ("print.output_intent", "layout-print-shop-only", 5), ("print.display_colours", "layout-print-shop-only", 4)]
