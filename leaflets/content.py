"""Walking a content document: which parts a variant sees, and where each text is."""
from __future__ import annotations

from typing import Iterator


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
            if "paragraph" in block:
                yield ("sections", si, "body", bi, "paragraph"), block["paragraph"]
            else:
                for ii, item in enumerate(block["bullets"]):
                    if isinstance(item, dict):
                        if visible(item, variant):
                            yield ("sections", si, "body", bi, "bullets", ii, "text"), item["text"]
                    else:
                        yield ("sections", si, "body", bi, "bullets", ii), item
    contact = data["contact"]
    if "intro" in contact:
        yield ("contact", "intro"), contact["intro"]
    for ei, entry in enumerate(contact["entries"]):
        if visible(entry, variant):
            yield ("contact", "entries", ei, "purpose"), entry["purpose"]
    if "note" in contact:
        yield ("contact", "note"), contact["note"]
    yield ("disclaimer",), data["disclaimer"]


def iter_only(data: dict) -> Iterator[tuple[tuple, list[str]]]:
    """(path of the `only` key, variants named) for every variant marker."""
    for si, section in enumerate(data["sections"]):
        if only_list(section):
            yield ("sections", si, "only"), only_list(section)
        for bi, block in enumerate(section["body"]):
            if only_list(block):
                yield ("sections", si, "body", bi, "only"), only_list(block)
            for ii, item in enumerate(block.get("bullets", [])):
                if only_list(item):
                    yield ("sections", si, "body", bi, "bullets", ii, "only"), only_list(item)
    for ei, entry in enumerate(data["contact"]["entries"]):
        if only_list(entry):
            yield ("contact", "entries", ei, "only"), only_list(entry)
