"""The schema engine: declarative types that validate loaded data, collecting located
diagnostics, and export themselves as JSON Schema for editors.

The project's own schemas (content, translation, bibliography, layout, fonts) are
declared with these types in leaflets.inputs.schemas.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass

from leaflets.diagnostics import Diagnostics
from leaflets.inputs.sources import Document, PathKey, format_path
from leaflets.inputs.units import PAPER_SIZES, in_unit, parse_colour, parse_length, unit_of

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Diagnostic codes of the kinds of failure more than one type reports.
WRONG_TYPE = "wrong-type"
OUT_OF_RANGE = "value-out-of-range"
MISSING_KEY = "missing-key"
TOO_FEW = "too-few-items"


def did_you_mean(word: str, choices) -> str:
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.75)
    return f"did you mean {match[0]!r}?" if match else ""


def describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, str):
        return f"text {value!r}" if len(value) < 40 else "text"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, _dt.datetime):
        return f"a date and time ({value})"
    if isinstance(value, _dt.date):
        return f"a date ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return type(value).__name__


@dataclass
class Check:
    doc: Document
    diagnostics: Diagnostics

    def error(self, path: PathKey, message: str, hint: str = "", at_key: bool = False, *, code: str) -> None:
        loc = self.doc.key_loc(path) if at_key else self.doc.loc(path)
        self.diagnostics.error(loc, format_path(path), message, hint, code=code)

    def warning(self, path: PathKey, message: str, hint: str = "", *, code: str) -> None:
        self.diagnostics.warning(self.doc.loc(path), format_path(path), message, hint, code=code)


class Schema:
    description = ""

    def validate(self, value, path: PathKey, check: Check) -> bool:
        raise NotImplementedError

    def json(self) -> dict:
        raise NotImplementedError

    def _json(self, body: dict) -> dict:
        if self.description:
            body = {"description": self.description, **body}
        return body


@dataclass
class Text(Schema):
    description: str = ""
    min_length: int = 1
    max_length: int = 5000
    pattern: str | None = None
    pattern_hint: str = ""

    def validate(self, value, path, check):
        if not isinstance(value, str):
            check.error(path, f"expected text, got {describe(value)}",
                        "put the text in quotes" if isinstance(value, (int, float, bool, _dt.date)) else "",
                        code=WRONG_TYPE)
            return False
        if len(value.strip()) < self.min_length:
            check.error(path, "must not be empty", code="empty-text")
            return False
        if len(value) > self.max_length:
            check.error(path, f"text is {len(value)} characters long, over the limit of {self.max_length}",
                        code="text-too-long")
            return False
        if self.pattern and not re.fullmatch(self.pattern, value):
            check.error(path, f"{value!r} is not valid here", self.pattern_hint, code="pattern-mismatch")
            return False
        return True

    def json(self):
        body = {"type": "string", "minLength": self.min_length, "maxLength": self.max_length}
        if self.pattern:
            body["pattern"] = self.pattern
        return self._json(body)


def Ident(description=""):
    return Text(description, max_length=60, pattern=ID_PATTERN,
                pattern_hint="use lower-case letters, digits and single hyphens, e.g. 'cancer-pain'")


@dataclass
class Integer(Schema):
    description: str = ""
    minimum: int | None = None
    maximum: int | None = None

    def validate(self, value, path, check):
        if isinstance(value, bool) or not isinstance(value, int):
            check.error(path, f"expected a whole number, got {describe(value)}", code=WRONG_TYPE)
            return False
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            check.error(path, f"{value} is out of range ({self.minimum} to {self.maximum})", code=OUT_OF_RANGE)
            return False
        return True

    def json(self):
        body = {"type": "integer"}
        if self.minimum is not None:
            body["minimum"] = self.minimum
        if self.maximum is not None:
            body["maximum"] = self.maximum
        return self._json(body)


@dataclass
class Number(Schema):
    description: str = ""
    minimum: float = 0
    maximum: float = 1e9

    def validate(self, value, path, check):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            check.error(path, f"expected a number, got {describe(value)}", code=WRONG_TYPE)
            return False
        if not self.minimum <= value <= self.maximum:
            check.error(path, f"{value} is out of range ({self.minimum} to {self.maximum})", code=OUT_OF_RANGE)
            return False
        return True

    def json(self):
        return self._json({"type": "number", "minimum": self.minimum, "maximum": self.maximum})


@dataclass
class Date(Schema):
    description: str = ""

    def validate(self, value, path, check):
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return True
        if isinstance(value, str):
            try:
                _dt.date.fromisoformat(value)
                return True
            except ValueError:
                pass
        check.error(path, f"expected a date, got {describe(value)}", "write dates as YYYY-MM-DD, e.g. 2026-11-01",
                    code=WRONG_TYPE)
        return False

    def json(self):
        return self._json({"type": "string", "format": "date"})


@dataclass
class Boolean(Schema):
    description: str = ""

    def validate(self, value, path, check):
        if isinstance(value, bool):
            return True
        check.error(path, f"expected true or false, got {describe(value)}", code=WRONG_TYPE)
        return False

    def json(self):
        return self._json({"type": "boolean"})


@dataclass
class Enum(Schema):
    values: tuple
    description: str = ""

    def validate(self, value, path, check):
        if value in self.values:
            return True
        choices = ", ".join(map(str, self.values))
        check.error(path, f"{value!r} is not one of: {choices}", did_you_mean(value, self.values),
                    code="invalid-choice")
        return False

    def json(self):
        return self._json({"enum": list(self.values)})


@dataclass
class Length(Schema):
    description: str = ""
    minimum: float = 0.0  # points
    maximum: float = 2000.0

    def validate(self, value, path, check):
        if _bare_number(value):
            number = str(value).strip()
            check.error(path, f"{number} has no unit: write {number}mm or {number}pt", code="length-without-unit")
            return False
        pt = parse_length(value)
        if pt is None:
            check.error(path, f"expected a length, got {describe(value)}", "write e.g. 20mm, 12pt, 0.5in or 1.5cm",
                        code=WRONG_TYPE)
            return False
        if not self.minimum <= pt <= self.maximum:
            unit = unit_of(value)
            check.error(path, f"{value} is out of range ({in_unit(self.minimum, unit)} to "
                              f"{in_unit(self.maximum, unit)})", code=OUT_OF_RANGE)
            return False
        return True

    def json(self):
        return self._json({"anyOf": [
            {"type": "string", "pattern": r"^\s*-?\d+(\.\d+)?\s*(pt|mm|cm|in)\s*$"},
            {"const": 0}]})


def _bare_number(value) -> bool:
    """A length written without a unit (13, or "13"); a bare 0 is 0 in every unit and is accepted."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value != 0
    return isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value) is not None


@dataclass
class Colour(Schema):
    description: str = ""

    def validate(self, value, path, check):
        if not isinstance(value, str):
            check.error(path, f"expected a colour, got {describe(value)}",
                        "write '#rrggbb' in quotes (an unquoted # starts a comment) or 'cmyk(c, m, y, k)'",
                        code=WRONG_TYPE)
            return False
        if parse_colour(value) is None:
            check.error(path, f"{value!r} is not a colour",
                        "write '#rrggbb' (e.g. '#0b5c7a', in quotes) or 'cmyk(c, m, y, k)' with values 0 to 1",
                        code="invalid-colour")
            return False
        return True

    def json(self):
        return self._json({"type": "string", "pattern": r"^(#[0-9a-fA-F]{6}|cmyk\(.*\))$"})


@dataclass
class PaperSize(Schema):
    description: str = "A named paper size"

    def validate(self, value, path, check):
        return Enum(tuple(PAPER_SIZES)).validate(value, path, check)

    def json(self):
        return self._json({"enum": list(PAPER_SIZES)})


@dataclass
class ListOf(Schema):
    item: Schema
    description: str = ""
    min_items: int = 0
    max_items: int = 1000

    def validate(self, value, path, check):
        if not isinstance(value, list):
            check.error(path, f"expected a list, got {describe(value)}", "start each item on its own line with '- '",
                        code=WRONG_TYPE)
            return False
        if len(value) < self.min_items:
            check.error(path, f"needs at least {self.min_items} item{'s' if self.min_items != 1 else ''}",
                        code=TOO_FEW)
            return False
        if len(value) > self.max_items:
            check.error(path, f"has {len(value)} items, over the limit of {self.max_items}", code="too-many-items")
            return False
        ok = True
        for i, item in enumerate(value):
            ok &= self.item.validate(item, path + (i,), check)
        return ok

    def json(self):
        return self._json({"type": "array", "items": self.item.json(), "minItems": self.min_items})


@dataclass
class Field:
    schema: Schema
    required: bool = False


@dataclass
class Struct(Schema):
    fields: dict
    description: str = ""

    def validate(self, value, path, check):
        if not isinstance(value, dict):
            check.error(path, f"expected a mapping with keys {', '.join(self.fields)}, got {describe(value)}",
                        code=WRONG_TYPE)
            return False
        ok = True
        for key in value:
            if key not in self.fields:
                check.error(path + (key,), f"unknown key {key!r}",
                            did_you_mean(key, self.fields) or f"allowed keys: {', '.join(self.fields)}", at_key=True,
                            code="unknown-key")
                ok = False
        for name, spec in self.fields.items():
            if name in value:
                ok &= spec.schema.validate(value[name], path + (name,), check)
            elif spec.required:
                where = format_path(path) or "the top level"
                check.error(path, f"missing required key {name!r} in {where}", code=MISSING_KEY)
                ok = False
        return ok

    def json(self):
        return self._json({
            "type": "object",
            "properties": {name: f.schema.json() for name, f in self.fields.items()},
            "required": [name for name, f in self.fields.items() if f.required],
            "additionalProperties": False,
        })


@dataclass
class MapOf(Schema):
    """A mapping whose keys are ids chosen by the author (e.g. reference keys)."""

    value: Schema
    description: str = ""
    key_pattern: str = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
    key_hint: str = "use lower-case letters, digits and single hyphens"
    min_items: int = 0

    def validate(self, value, path, check):
        if not isinstance(value, dict):
            check.error(path, f"expected a mapping, got {describe(value)}", code=WRONG_TYPE)
            return False
        if len(value) < self.min_items:
            check.error(path, f"needs at least {self.min_items} entr{'ies' if self.min_items != 1 else 'y'}",
                        code=TOO_FEW)
            return False
        ok = True
        for key, item in value.items():
            if not re.fullmatch(self.key_pattern, key):
                check.error(path + (key,), f"{key!r} is not a valid name", self.key_hint, at_key=True,
                            code="invalid-key-name")
                ok = False
            ok &= self.value.validate(item, path + (key,), check)
        return ok

    def json(self):
        return self._json({"type": "object", "patternProperties": {self.key_pattern: self.value.json()},
                           "additionalProperties": False})


@dataclass
class Choice(Schema):
    """A mapping told apart by which one of several keys it has, e.g. paragraph: or bullets:."""

    options: dict  # key -> Struct that includes that key
    description: str = ""

    def validate(self, value, path, check):
        names = " or ".join(repr(k) for k in self.options)
        if not isinstance(value, dict):
            check.error(path, f"expected a mapping with {names}, got {describe(value)}",
                        "write e.g. '- paragraph: Your text'", code=WRONG_TYPE)
            return False
        present = [k for k in self.options if k in value]
        if len(present) == 1:
            return self.options[present[0]].validate(value, path, check)
        if present:
            check.error(path, f"has both {present[0]!r} and {present[1]!r}", "make them two separate items",
                        code="conflicting-keys")
            return False
        guess = next((did_you_mean(k, self.options) for k in value if did_you_mean(k, self.options)), "")
        check.error(path, f"needs one of {names}", guess, code=MISSING_KEY)
        return False

    def json(self):
        return self._json({"oneOf": [s.json() for s in self.options.values()]})


@dataclass
class Either(Schema):
    """Plain text, or a mapping with more detail."""

    text: Schema
    mapping: Schema
    description: str = ""

    def validate(self, value, path, check):
        return (self.mapping if isinstance(value, dict) else self.text).validate(value, path, check)

    def json(self):
        return self._json({"anyOf": [self.text.json(), self.mapping.json()]})


@dataclass
class OneOrMany(Schema):
    """One item, or a list of them."""

    item: Schema
    description: str = ""

    def validate(self, value, path, check):
        if isinstance(value, list):
            return ListOf(self.item, min_items=1).validate(value, path, check)
        return self.item.validate(value, path, check)

    def json(self):
        return self._json({"anyOf": [self.item.json(), {"type": "array", "items": self.item.json(), "minItems": 1}]})


def partial(schema: Schema) -> Schema:
    """The same schema with nothing required (for layouts that extend another)."""
    if isinstance(schema, Struct):
        return Struct({k: Field(partial(f.schema), False) for k, f in schema.fields.items()}, schema.description)
    return schema


def json_document(name: str, schema: Schema) -> dict:
    """A whole JSON Schema file for one kind of input."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://leaflets.invalid/schemas/{name}.schema.json",
            "title": f"leaflets {name} file", **schema.json()}


def validate(doc: Document, schema: Schema, diagnostics: Diagnostics) -> bool:
    return schema.validate(doc.data, (), Check(doc, diagnostics))
