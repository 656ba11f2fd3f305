"""The schema engine's diagnostic codes: one per kind of failure, whichever type reports it."""
from __future__ import annotations

import pytest

from leaflets.diagnostics import Diagnostics
from leaflets.inputs import schemas
from leaflets.inputs.schema import (
    Boolean, Choice, Colour, Date, Enum, Field, Integer, Length, ListOf, MapOf, Number, Struct, Text, validate)
from leaflets.inputs.sources import Document

ITEM = Struct({"a": Field(Text(), True)})
BODY_SIZE = schemas.LAYOUT.fields["text"].schema.fields["size"].schema


@pytest.mark.parametrize("schema, value, code", [
    (Text(), 3, "wrong-type"), (Integer(), "3", "wrong-type"), (Number(), True, "wrong-type"),
    (Boolean(), "yes", "wrong-type"), (Date(), "2026-13-01", "wrong-type"), (Length(), "3 furlongs", "wrong-type"),
    (Colour(), 3, "wrong-type"), (ListOf(Text()), "x", "wrong-type"), (ITEM, [], "wrong-type"),
    (MapOf(Text()), [], "wrong-type"), (Choice({"a": ITEM}), "x", "wrong-type"),
    (Text(), "  ", "empty-text"), (Text(max_length=3), "abcd", "text-too-long"),
    (Text(pattern=r"^a$"), "b", "pattern-mismatch"),
    (Integer(minimum=1, maximum=2), 3, "value-out-of-range"), (Number(maximum=2), 3, "value-out-of-range"),
    (Length(maximum=10.0), "20pt", "value-out-of-range"), (BODY_SIZE, "8pt", "value-out-of-range"),
    (Enum(("x", "y")), "z", "invalid-choice"), (Colour(), "#12345", "invalid-colour"),
    (ListOf(Text(), min_items=1), [], "too-few-items"), (MapOf(Text(), min_items=1), {}, "too-few-items"),
    (ListOf(Text(), max_items=1), ["a", "b"], "too-many-items"),
    (ITEM, {}, "missing-key"), (Choice({"a": ITEM}), {"b": "x"}, "missing-key"),
    (ITEM, {"a": "x", "b": "y"}, "unknown-key"), (MapOf(Text()), {"Bad Name": "x"}, "invalid-key-name"),
    (Choice({"a": ITEM, "b": Struct({"b": Field(Text())})}), {"a": "x", "b": "y"}, "conflicting-keys"),
])
def test_each_kind_of_failure_has_its_code(schema, value, code):
    diagnostics = Diagnostics()
    assert not validate(Document("x.yaml", value), schema, diagnostics)
    assert [d.code for d in diagnostics.items] == [code]


@pytest.mark.parametrize("schema, value, message", [
    (Length(), 13, "13 has no unit: write 13mm or 13pt"),
    (Length(), "13", "13 has no unit: write 13mm or 13pt"),
    (Length(minimum=18.0, maximum=150.0), "0.5cm", "0.5cm is out of range (0.64cm to 5.29cm)"),
    (BODY_SIZE, "3mm", "3mm is out of range (4.23mm to 14.11mm; 3.53mm in a folded layout)"),
])
def test_lengths_are_told_in_the_unit_they_are_written_in(schema, value, message):
    diagnostics = Diagnostics()
    assert not validate(Document("x.yaml", value), schema, diagnostics)
    assert [d.message for d in diagnostics.items] == [message]


def test_a_bare_zero_length_is_zero_in_every_unit():
    assert validate(Document("x.yaml", 0), Length(), Diagnostics())
