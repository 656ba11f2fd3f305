"""Walking a content document: which parts a variant sees, and where each text is."""
from __future__ import annotations

import datetime as _dt
from typing import Iterator

from leaflets.inputs.blocks import kind_of, slots


def as_date(value) -> _dt.date:
    """A schema-checked date: a YAML date, or the same written in quotes."""
    return value if isinstance(value, _dt.date) else _dt.date.fromisoformat(value)


def only_list(node) -> list[str] | None:
    only = node.get("only") if isinstance(node, dict) else None
    if only is None:
        return None
    return [only] if isinstance(only, str) else list(only)


def visible(node, variant: str | None) -> bool:
    only = only_list(node)
    return variant is None or only is None or variant in only


def iter_inline(data: dict, variant: str | None = None) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every text that uses inline syntax, in reading order.

    With a variant, only what that variant shows; with None, everything.
    """
    for si, section in enumerate(data["sections"]):
        if not visible(section, variant):
            continue
        for bi, block in enumerate(section["body"]):
            if not visible(block, variant):
                continue
            for path, text, inline in slots(block):
                if inline and (len(path) < 3 or visible(block[path[0]][path[1]], variant)):
                    yield ("sections", si, "body", bi) + path, text
    contact = data["contact"]
    if "intro" in contact:
        yield ("contact", "intro"), contact["intro"]
    for ei, entry in enumerate(contact["entries"]):
        if visible(entry, variant):
            yield ("contact", "entries", ei, "purpose"), entry["purpose"]
    if "note" in contact:
        yield ("contact", "note"), contact["note"]
    yield ("disclaimer",), data["disclaimer"]


def iter_only(data: dict) -> Iterator[tuple[tuple, str]]:
    """(path, variant name) for every variant named by an `only` marker."""
    nodes = []
    for si, section in enumerate(data["sections"]):
        nodes.append((("sections", si), section))
        for bi, block in enumerate(section["body"]):
            nodes.append((("sections", si, "body", bi), block))
            items = block.get("bullets") or block.get("steps") or []
            for ii, item in enumerate(items):
                nodes.append((("sections", si, "body", bi, kind_of(block), ii), item))
    for ei, entry in enumerate(data["contact"]["entries"]):
        nodes.append((("contact", "entries", ei), entry))
    for path, node in nodes:
        only = node.get("only") if isinstance(node, dict) else None
        if isinstance(only, str):
            yield path + ("only",), only
        elif isinstance(only, list):
            for i, name in enumerate(only):
                yield path + ("only", i), name
