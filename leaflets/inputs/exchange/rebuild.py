"""A translation file rebuilt from its source and the translated text of each unit.

It mirrors the source block for block as the hand-written translations do (content/drug-pump/es.yaml):
the words, the sections' ids, `only:` where the source has it, nothing else; written in the same
style (double-quoted strings, a blank line between sections).
"""
from __future__ import annotations

import json
import re

from leaflets.inputs.blocks import put, slots, translation_skeleton
from leaflets.inputs.exchange.units import lookup

_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/translation.schema.json"


def translation_data(source: dict, leaflet: str, locale: str, info: dict, text: dict[tuple, str]) -> dict:
    """text: each unit's target, by its path in the source (section ids for section numbers)."""
    out: dict = {"leaflet": leaflet, "locale": locale, "translation": info}
    for key in ("title", "subtitle", "organisation"):
        if key in source:
            out[key] = text[(key,)]
    out["variants"] = {name: {"label": text[("variants", name, "label")]} for name in source["variants"]}
    out["labels"] = {name: text[("labels", name)] for name in source["labels"]}
    if ("labels", "draft") in text:
        out["labels"]["draft"] = text[("labels", "draft")]
    out["sections"] = [_section(s, text) for s in source["sections"]]
    contact = source["contact"]
    out["contact"] = {"heading": text[("contact", "heading")]}
    if "intro" in contact:
        out["contact"]["intro"] = text[("contact", "intro")]
    out["contact"]["entries"] = [{"name": text[("contact", "entries", i, "name")],
                                  "purpose": text[("contact", "entries", i, "purpose")]}
                                 for i in range(len(contact["entries"]))]
    if "note" in contact:
        out["contact"]["note"] = text[("contact", "note")]
    if "write_in" in contact:
        out["contact"]["write_in"] = [text[("contact", "write_in", i)] for i in range(len(contact["write_in"]))]
    out["disclaimer"] = text[("disclaimer",)]
    return out


def _section(section: dict, text: dict) -> dict:
    sid = section["id"]
    out: dict = {"id": sid, "heading": text[("sections", sid, "heading")]}
    if "only" in section:
        out["only"] = section["only"]
    body = []
    for bi, block in enumerate(section["body"]):
        base = ("sections", sid, "body", bi)
        if "paragraph" in block:
            item: dict = {"paragraph": text[base + ("paragraph",)]}
        elif "bullets" not in block:
            item = translation_skeleton(block)
            for sub, _, _ in slots(block):
                put(item, sub, text[base + sub])
        else:
            item = {"bullets": [_bullet(b, text[base + ("bullets", ii) + (("text",) if isinstance(b, dict) else ())])
                                for ii, b in enumerate(block["bullets"])]}
        if "only" in block:
            item["only"] = block["only"]
        body.append(item)
    out["body"] = body
    return out


def _bullet(english, words: str):
    if not isinstance(english, dict):
        return words
    return {"text": words} | ({"only": english["only"]} if "only" in english else {})


_BARE = re.compile(r"^[a-z][A-Za-z0-9-]*$")
_PLAIN_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?: [A-Za-z0-9]+)*")
_BARE_KEYS = ("leaflet", "locale", "of", "status", "id", "only", "callout")


def _scalar(value, key: str = "") -> str:
    if isinstance(value, str) and key in _BARE_KEYS and _BARE.fullmatch(value) and value not in _YAML_WORDS:
        return value
    if isinstance(value, str) and key == "name" and _PLAIN_NAME.fullmatch(value):
        return value        # contact names are written bare, as in the hand-written files
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)     # a JSON string is a YAML double-quoted scalar
    return str(value)


def _lines(value, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict):
            out.append(f"{pad}{key}:")
            _lines(item, indent + 2, out)
        elif isinstance(item, list) and all(isinstance(x, dict) for x in item):
            out.append(f"{pad}{key}:")
            for x in item:
                sub: list[str] = []
                _lines(x, indent + 4, sub)
                out.append(f"{pad}  - " + sub[0].lstrip())
                out.extend(sub[1:])
                if key == "sections":
                    out.append("")
        elif isinstance(item, list):
            out.append(f"{pad}{key}:")
            for x in item:
                if isinstance(x, dict):
                    sub = []
                    _lines(x, indent + 4, sub)
                    out.append(f"{pad}  - " + sub[0].lstrip())
                    out.extend(sub[1:])
                else:
                    out.append(f"{pad}  - {_scalar(x)}")
        else:
            out.append(f"{pad}{key}: {_scalar(item, key)}")


def to_yaml(data: dict) -> str:
    out = [SCHEMA_LINE]
    _lines(data, 0, out)
    if out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def targets_by_path(found) -> dict[tuple, str]:
    return {u.path: u.target for u in found if u.target is not None}


__all__ = ["translation_data", "to_yaml", "targets_by_path", "lookup"]
