"""layout.settings: the one walk of `extends`, merging, and settings parsed into typed values."""
from __future__ import annotations

import pytest

from conftest import REPO
from leaflets.diagnostics import Diagnostics
from leaflets.inputs.sources import load_file, parse_yaml
from leaflets.layout.settings import (END, ContactPosition, build_layout, defining_doc, extends_chain, merged)


def docs_of(**texts) -> dict:
    return {name: parse_yaml(text, f"layouts/{name}.yaml") for name, text in texts.items()}


def test_the_chain_runs_from_the_layout_to_its_base():
    docs = docs_of(base="size: 1\n", middle="extends: base\n", top="extends: middle\n")
    assert [name for name, _ in extends_chain("top", docs)] == ["top", "middle", "base"]
    assert [doc for _, doc in extends_chain("top", docs)] == [docs["top"], docs["middle"], docs["base"]]
    assert [name for name, _ in extends_chain("base", docs)] == ["base"]


def test_the_chain_stops_at_a_circle_or_an_unknown_layout():
    circle = docs_of(a="extends: b\n", b="extends: a\n")
    assert [name for name, _ in extends_chain("a", circle)] == ["a", "b"]
    unknown = docs_of(a="extends: nowhere\n")
    assert [name for name, _ in extends_chain("a", unknown)] == ["a"]
    assert extends_chain("missing", unknown) == []


def test_merged_reports_a_circle_and_an_unknown_layout_with_their_codes():
    found = Diagnostics()
    assert merged("a", docs_of(a="extends: b\n", b="extends: a\n"), found) is None
    assert [(d.location.path, d.message, d.code) for d in found.items] == [
        ("layouts/a.yaml", "layouts extend each other in a circle: a -> b -> a", "layout-extends-circle")]
    found = Diagnostics()
    assert merged("a", docs_of(a="extends: handot\n", handout="size: 1\n"), found) is None
    assert [(d.message, d.hint, d.code) for d in found.items] == [
        ("unknown layout 'handot'", "did you mean 'handout'?", "layout-extends-unknown")]


def test_merged_is_silent_about_a_broken_base():
    found = Diagnostics()
    assert merged("a", docs_of(a="extends: broken\n"), found, broken={"broken"}) is None
    assert found.items == []


def test_merged_folds_the_base_in_and_the_layout_wins():
    docs = docs_of(base="page: {size: A4, margins: {top: 1mm}}\ntext: {size: 12pt}\n",
                   top="extends: base\npage: {margins: {top: 2mm}}\n")
    assert merged("top", docs, Diagnostics()) == {"page": {"size": "A4", "margins": {"top": "2mm"}},
                                                  "text": {"size": "12pt"}}


def test_defining_doc_is_the_first_file_of_the_chain_that_sets_the_value():
    docs = docs_of(base="text: {size: 12pt}\n", top="extends: base\ntext: {leading: 1.3}\n")
    assert defining_doc("top", docs, ("text", "size")) is docs["base"]
    assert defining_doc("top", docs, ("text", "leading")) is docs["top"]
    assert defining_doc("top", docs, ("band", "height")) is docs["top"]


@pytest.mark.parametrize("text, kind, section", [
    ("end", "end", ""), ("start", "start", ""), ("back", "back", ""), ("after:risks", "after", "risks")])
def test_the_contact_position_is_parsed_once(text, kind, section):
    position = ContactPosition.parse(text)
    assert (position.kind, position.section) == (kind, section)
    assert str(position) == text
    assert position.follows("risks") == (text == "after:risks")
    assert not position.follows("other")


def test_a_built_layout_carries_a_contact_position():
    docs = {path.stem: load_file(path, REPO) for path in (REPO / "layouts").glob("*.yaml")}
    layout = build_layout("a4", merged("a4", docs, Diagnostics()))
    assert layout.contact_position == END == ContactPosition("end")
    trifold = build_layout("a4-trifold", merged("a4-trifold", docs, Diagnostics()))
    assert trifold.contact_position.kind == "back"
