"""The blocks of a section body and where their words are.

A block is a mapping told apart by one key: paragraph, bullets, callout, steps, subheading,
figure, table or qr. `slots(block)` lists the texts a reader reads (or a screen reader
speaks: a figure's alt text) at their paths inside the block. The paths are the same in a
source and in its translation, so one list serves the translation check, the exchange
formats and the font coverage.
"""
from __future__ import annotations

import copy
from typing import Iterator

KINDS = ("paragraph", "bullets", "callout", "steps", "subheading", "figure", "table", "qr")
CALLOUT_KINDS = ("info", "warning", "urgent")
INNER_KINDS = ("paragraph", "bullets")     # what a callout holds

IMAGE_FOLDER = "images"                    # content/<leaflet>/images/<file>


def kind_of(block: dict) -> str:
    return next((k for k in KINDS if k in block), "")


def _items(items, base) -> Iterator[tuple[tuple, str, bool]]:
    for i, item in enumerate(items):
        if isinstance(item, dict):
            yield base + (i, "text"), item["text"], True
        else:
            yield base + (i,), item, True


def slots(block: dict) -> Iterator[tuple[tuple, str, bool]]:
    """(path inside the block, text, takes inline syntax) of each text of the block, in reading order."""
    kind = kind_of(block)
    if kind == "paragraph":
        yield ("paragraph",), block["paragraph"], True
    elif kind in ("bullets", "steps"):
        yield from _items(block[kind], (kind,))
    elif kind == "subheading":
        yield ("subheading",), block["subheading"], False
    elif kind == "callout":
        if "title" in block:
            yield ("title",), block["title"], False
        for i, inner in enumerate(block["body"]):
            for path, text, inline in slots(inner):
                yield ("body", i) + path, text, inline
    elif kind == "figure":
        yield ("alt",), block["alt"], False
        for i, label in enumerate(block.get("labels", ())):
            yield ("labels", i, "text"), label["text"], False
        if "caption" in block:
            yield ("caption",), block["caption"], True
    elif kind == "table":
        yield ("table",), block["table"], False
        for c, cell in enumerate(block["header"]):
            yield ("header", c), cell, True
        for r, row in enumerate(block["rows"]):
            for c, cell in enumerate(row):
                yield ("rows", r, c), cell, True
    elif kind == "qr" and "caption" in block:
        yield ("caption",), block["caption"], False


def printed_slots(block: dict) -> Iterator[tuple[tuple, str, bool]]:
    """The slots drawn on the page: all but a figure's alt text (which only a screen reader reads)."""
    return (s for s in slots(block) if s[0] != ("alt",))


def describe(block: dict) -> str:
    """A block in a few words, for messages: "the paragraph 'Ask your…'", "a callout (urgent)"."""
    kind = kind_of(block)
    if kind == "paragraph":
        text = block["paragraph"]
        return f"the paragraph {text[:40] + '…' if len(text) > 40 else text!r}"
    if kind == "bullets":
        return f"a list of {len(block['bullets'])} bullet points"
    if kind == "steps":
        return f"{len(block['steps'])} numbered steps"
    if kind == "callout":
        return f"a callout ({block['callout']})"
    if kind == "figure":
        return f"the figure {block['figure']!r}"
    if kind == "table":
        return f"a table of {len(block['rows'])} rows"
    if kind == "subheading":
        return f"the sub-heading {block['subheading']!r}"
    return f"a QR code ({block.get('qr', '')})"


# what a translation writes of a block besides its words: the rest comes from the source
_NOT_WORDS = {"figure": ("width",), "qr": ()}


def translation_skeleton(block: dict) -> dict:
    """The source block as its translation writes it, before the words are put in: a figure without its
    width and label positions (they come from the source)."""
    out = copy.deepcopy(block)
    for key in _NOT_WORDS.get(kind_of(block), ()):
        out.pop(key, None)
    if kind_of(block) == "figure":
        out["labels"] = [{"text": label["text"]} for label in block.get("labels", ())]
        if not out["labels"]:
            del out["labels"]
    return out


def put(block: dict, path: tuple, value) -> None:
    """Set the text at `path` inside a block (one of its slots)."""
    node = block
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
