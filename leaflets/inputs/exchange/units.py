"""The translatable units of a content file: one per string a translator translates.

Each unit has a stable id, the source path with section ids in place of section numbers
(`sections.benefits.body[2].bullets[0]`), so ids survive sections being moved; the source
text with our inline syntax; a note giving its context; and the target text of an existing
translation, with its state: `translated`, or `needs-review-translation` when the part of the
source it belongs to changed since (the translation's recorded fingerprints), or `final` when
the translation is reviewed and up to date.
"""
from __future__ import annotations

from dataclasses import dataclass

from leaflets.inputs.blocks import kind_of, slots
from leaflets.inputs.sources import format_path
from leaflets.inputs.translation import CONTACT, FRONT, fingerprints

# The English of the notice printed on a draft translation; the source itself has no such label.
DRAFT_LABEL = "Draft translation, not yet reviewed by a person"
TRANSLATED, STALE, FINAL, NEW = "translated", "needs-review-translation", "final", "new"
# Length limits of the translation schema (leaflets/inputs/schemas.py), told to the translator.
_LIMITS = {"title": 120, "subtitle": 200, "organisation": 120, "label": 120, "draft": 160, "heading": 200,
           "name": 120, "write_in": 60}


@dataclass
class Unit:
    id: str
    path: tuple          # where the text is in the source's data
    part: str            # the fingerprinted part it belongs to: front, contact or a section id
    source: str
    note: str
    inline: bool         # the text takes inline syntax (else it is plain text)
    limit: int | None = None
    target: str | None = None
    state: str = NEW


@dataclass(frozen=True)
class Review:
    """Who reviewed a translation and on which day (an ISO date, or ""), as an exchange file carries it."""
    by: str
    on: str = ""


def review_of(translation: dict | None) -> Review | None:
    """The review a translation file records, if it is reviewed."""
    info = (translation or {}).get("translation", {})
    if info.get("status") != "reviewed" or not info.get("reviewed_by"):
        return None
    return Review(str(info["reviewed_by"]), str(info.get("reviewed_on") or ""))


def source_units(source: dict) -> list[Unit]:
    """The units of a source document (a content file's data), in reading order."""
    out: list[Unit] = []

    def add(uid, path, part, text, note, inline=False, limit=None):
        out.append(Unit(uid, path, part, text, note, inline, limit))

    for key in ("title", "subtitle", "organisation"):
        if key in source:
            add(key, (key,), FRONT, source[key], f"the leaflet's {key}", limit=_LIMITS[key])
    for name, variant in source["variants"].items():
        add(f"variants.{name}.label", ("variants", name, "label"), FRONT, variant["label"],
            f"the name of the variant {name!r}, printed on its cover", limit=_LIMITS["label"])
    for name, text in source["labels"].items():
        add(f"labels.{name}", ("labels", name), FRONT, text, _label_note(name), limit=_LIMITS["label"])
    if "draft" not in source["labels"]:
        add("labels.draft", ("labels", "draft"), FRONT, DRAFT_LABEL,
            "printed on the leaflet while the translation is a draft that no person has reviewed",
            limit=_LIMITS["draft"])
    for section in source["sections"]:
        _section_units(section, add)
    _contact_units(source["contact"], add)
    add("disclaimer", ("disclaimer",), FRONT, source["disclaimer"], "the disclaimer on the back", inline=True)
    return out


def _label_note(name: str) -> str:
    note = f"a word the layout prints: {name.replace('_', ' ')}"
    return note + "; keep {page} and {total}, where the numbers go" if name == "page" else note


def _variants(node, inherited: str) -> str:
    only = node.get("only") if isinstance(node, dict) else None
    if only is None:
        return inherited
    return "only in the variant" + ("s " if not isinstance(only, str) and len(only) > 1 else " ") + \
        ", ".join([only] if isinstance(only, str) else only)


def _section_units(section: dict, add) -> None:
    sid = section["id"]
    base_note = f"section {sid!r} ({section['heading']})"
    where = _variants(section, "in every variant")
    add(f"sections.{sid}.heading", ("sections", sid, "heading"), sid, section["heading"],
        f"the heading of section {sid!r}; {where}", limit=_LIMITS["heading"])
    for bi, block in enumerate(section["body"]):
        bwhere = _variants(block, where)
        bid = f"sections.{sid}.body[{bi}]"
        if "paragraph" in block:
            add(bid, ("sections", sid, "body", bi, "paragraph"), sid, block["paragraph"],
                f"a paragraph of {base_note}; {bwhere}", inline=True)
            continue
        if "bullets" not in block:
            for sub, text, inline in slots(block):
                add(bid + "." + format_path(sub), ("sections", sid, "body", bi) + sub, sid, text,
                    f"{_slot_note(block, sub)} in {base_note}; {bwhere}", inline=inline)
            continue
        for ii, item in enumerate(block["bullets"]):
            text = item["text"] if isinstance(item, dict) else item
            path = ("sections", sid, "body", bi, "bullets", ii) + (("text",) if isinstance(item, dict) else ())
            add(f"{bid}.bullets[{ii}]", path, sid, text,
                f"bullet point {ii + 1} of {len(block['bullets'])} in {base_note}; {_variants(item, bwhere)}",
                inline=True)


def _slot_note(block: dict, sub: tuple) -> str:
    """What a text of a callout, steps, sub-heading, figure, table or QR code is, for the translator."""
    kind = kind_of(block)
    if sub == ("alt",):
        return (f"the alt text of the image {block['figure']}: what it shows, for readers who cannot see it "
                "(a screen reader reads it out; never leave it in the source language)")
    if sub[0] == "labels":
        return f"label {sub[1] + 1} of {len(block['labels'])} printed on the image {block['figure']} (keep it short)"
    if sub[0] == "caption":
        return f"the caption under the {'image ' + block['figure'] if kind == 'figure' else 'QR code'}"
    if kind == "steps":
        return f"step {sub[1] + 1} of {len(block['steps'])}"
    if kind == "callout":
        return f"the {'title' if sub == ('title',) else 'text'} of a box marked {block['callout']}"
    if kind == "table":
        if sub == ("table",):
            return "the title of a table"
        return f"a {'header ' if sub[0] == 'header' else ''}cell of a table (column {sub[-1] + 1})"
    return "a sub-heading"


def _contact_units(contact: dict, add) -> None:
    add("contact.heading", ("contact", "heading"), CONTACT, contact["heading"], "the heading of the contact panel",
        limit=_LIMITS["heading"])
    if "intro" in contact:
        add("contact.intro", ("contact", "intro"), CONTACT, contact["intro"], "the contact panel's introduction",
            inline=True)
    for ei, entry in enumerate(contact["entries"]):
        add(f"contact.entries[{ei}].name", ("contact", "entries", ei, "name"), CONTACT, entry["name"],
            f"the name of contact {ei + 1} (phone {entry['phone']}); keep a proper name as it is",
            limit=_LIMITS["name"])
        add(f"contact.entries[{ei}].purpose", ("contact", "entries", ei, "purpose"), CONTACT, entry["purpose"],
            f"what contact {ei + 1} ({entry['name']}) is for", inline=True)
    if "note" in contact:
        add("contact.note", ("contact", "note"), CONTACT, contact["note"], "the note under the contacts",
            inline=True)
    for i, text in enumerate(contact.get("write_in", [])):
        add(f"contact.write_in[{i}]", ("contact", "write_in", i), CONTACT, text,
            "a line the reader fills in by hand", limit=_LIMITS["write_in"])


def lookup(data: dict, path: tuple):
    """The value at a unit's path in a document's data (section ids are looked up by id); None if absent."""
    node = data
    for part in path:
        if isinstance(node, list) and isinstance(part, str):      # a section id
            node = next((s for s in node if isinstance(s, dict) and s.get("id") == part), None)
        elif isinstance(node, list):
            node = node[part] if 0 <= part < len(node) else None
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
        if node is None:
            return None
    return node


def units(source: dict, merged: dict | None = None, translation: dict | None = None) -> list[Unit]:
    """The source's units with the targets of an existing translation.

    merged: the translation's words on the source's structure (as the project loads it);
    translation: the translation file's own data (its status and recorded fingerprints)."""
    found = source_units(source)
    if merged is None or translation is None:
        return found
    info = translation.get("translation", {})
    recorded = info.get("sources") or {}
    current = fingerprints(source)
    reviewed = info.get("status") == "reviewed"
    for unit in found:
        target = lookup(merged, unit.path)
        if not isinstance(target, str) or (unit.id == "labels.draft" and "draft" not in translation["labels"]):
            continue
        unit.target = target
        fresh = recorded.get(unit.part) == current[unit.part]
        unit.state = (FINAL if reviewed else TRANSLATED) if fresh else STALE
    return found
