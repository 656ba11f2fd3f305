"""Translations: a locale file holds only the words, mirroring its source locale block for block.

Everything that is not words (evidence, phone numbers, dates, code, version,
which blocks belong to which variant) comes from the source. A translation
records a fingerprint of each part of the source it was made from, so a
later change to the English shows up as a stale translation.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re

from leaflets.diagnostics import Diagnostics
from leaflets.inputs.blocks import describe, kind_of, slots
from leaflets.inputs.locales import language
from leaflets.inputs.sources import Document, format_path

_CITATION = re.compile(r"(?<!\\)\[@[^\]\n]*\]")

FRONT = "front"
CONTACT = "contact"

# Diagnostic codes of the kinds of mismatch found in more than one place.
MISSING = "translation-missing-part"
EXTRA = "translation-extra-part"
COUNT = "translation-count-differs"
UNRECORDED = "translation-unrecorded"


def is_translation(doc: Document) -> bool:
    return isinstance(doc.data, dict) and "translation" in doc.data


def fingerprint(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def source_parts(source: dict) -> dict[str, object]:
    """The parts of a source document a translation fingerprints: front matter, each section, the contact panel."""
    parts: dict[str, object] = {
        FRONT: {k: source.get(k) for k in ("title", "subtitle", "organisation", "labels", "disclaimer")}
        | {"variants": {k: v["label"] for k, v in source["variants"].items()}},
    }
    for section in source["sections"]:
        parts[section["id"]] = section
    contact = source["contact"]
    parts[CONTACT] = {"heading": contact["heading"], "intro": contact.get("intro"), "note": contact.get("note"),
                      "write_in": contact.get("write_in", []),
                      "entries": [{"name": e["name"], "purpose": e["purpose"]} for e in contact["entries"]]}
    return parts


def fingerprints(source: dict) -> dict[str, str]:
    return {name: fingerprint(value) for name, value in source_parts(source).items()}


def citations(text: str) -> list[str]:
    return [re.sub(r"\s+", "", m.group(0)) for m in _CITATION.finditer(text)]


def cited_keys(marks: list[str]) -> list[str]:
    """The keys of citations as citations() gives them: ['[@a;@b]'] -> ['a', 'b']."""
    return [key for mark in marks for key in re.findall(r"@([^;,\]]+)", mark)]


class _Merge:
    """Copies the words of a translation onto a deep copy of its source, checking that they mirror it."""

    def __init__(self, source: Document, translation: Document, diagnostics: Diagnostics, known=None):
        self.src, self.tr, self.d = source, translation, diagnostics
        # what the source may cite; a citation outside it is the source's own error, not compared
        self.known = None if known is None else set(known) | set(source.data.get("evidence", {}))
        self.skipped: list[tuple] = []
        self.data = copy.deepcopy(source.data)
        # es-MX made from es may keep its words, alt text too; fr made from en may not
        self.other_language = language(source.data.get("locale", "")) != language(translation.data.get("locale", ""))
        self.values = dict(source.value_locations)
        self.keys = dict(source.key_locations)
        self.ok = True

    def error(self, path, message, hint="", *, code):
        self.d.error(self.tr.loc(path), format_path(path), message, hint, code=code)
        self.ok = False

    def take(self, path, into_path=None):
        """Use the translation's value at path (a text) in the merged document."""
        into_path = into_path or path
        node = self.data
        for part in into_path[:-1]:
            node = node[part]
        value = self.tr.data
        for part in path:
            value = value[part]
        node[into_path[-1]] = value
        self.values[into_path] = self.tr.loc(path)

    def text(self, path, english: str, into_path=None):
        value = self.tr.data
        for part in path:
            value = value[part]
        theirs, ours = citations(english), citations(value)
        if theirs != ours and self.known is not None and not set(cited_keys(theirs)) <= self.known:
            self.skipped.append(path)
        elif theirs != ours:
            said = " ".join(ours) or "no citation"
            self.error(path, f"cites {said} where the source cites {' '.join(theirs) or 'nothing'}",
                       f"cite the same references at the same places as {self.src.path}",
                       code="translation-citations-differ")
        self.take(path, into_path)

    def only(self, path, english_node, node):
        if isinstance(node, dict) and "only" in node and _only(node) != _only(english_node):
            self.error(path + ("only",), f"only: {node['only']!r} differs from the source's "
                       f"{english_node.get('only', 'every variant') if isinstance(english_node, dict) else 'every variant'}",
                       "copy `only:` as the source has it, or leave it out", code="translation-only-differs")

    def run(self) -> Document | None:
        src, tr = self.src.data, self.tr.data
        for key in ("title", "organisation"):
            self.take((key,))
        if "subtitle" in src:
            if "subtitle" in tr:
                self.take(("subtitle",))
            else:
                self.error((), "missing translation of 'subtitle'", f"the source has: {src['subtitle']!r}",
                           code=MISSING)
        elif "subtitle" in tr:
            self.error(("subtitle",), "the source has no subtitle", "remove it", code=EXTRA)
        self.text(("disclaimer",), src["disclaimer"])

        if list(tr["variants"]) != list(src["variants"]):
            self.error(("variants",), f"variants {', '.join(tr['variants'])} differ from the source's "
                       f"{', '.join(src['variants'])}", "translate the label of each of the source's variants",
                       code="translation-variants-differ")
        else:
            for name in src["variants"]:
                self.take(("variants", name, "label"))

        for name in src["labels"]:
            if name in tr["labels"]:
                self.take(("labels", name))
            else:
                self.error(("labels",), f"missing translation of label {name!r}", f"the source has: {src['labels'][name]!r}",
                           code=MISSING)
        if "draft" in tr["labels"]:
            self.take(("labels", "draft"))
        for name in ("page",):
            for slot in ("{page}", "{total}"):
                if slot in src["labels"].get(name, "") and slot not in tr["labels"].get(name, slot):
                    self.error(("labels", name), f"{slot} is missing", f"keep {slot} where the number goes",
                               code="translation-placeholder-missing")

        self.sections()
        self.contact()
        if self.skipped:
            self.d.warning(self.tr.loc(self.skipped[0]), format_path(self.skipped[0]),
                           f"checks of citations skipped: {self.src.path} has errors",
                           "fix the source's citations first; the translation is then compared with them",
                           code="checks-skipped")
        return self.merged() if self.ok else None

    def sections(self):
        src_ids = [s["id"] for s in self.src.data["sections"]]
        tr_ids = [s["id"] for s in self.tr.data["sections"]]
        for i, sid in enumerate(tr_ids):
            if sid not in src_ids:
                self.error(("sections", i, "id"), f"section {sid!r} is not in the source {self.src.path}",
                           f"the source's sections: {', '.join(src_ids)}", code=EXTRA)
        for sid in src_ids:
            if sid not in tr_ids:
                english = self.src.data["sections"][src_ids.index(sid)]
                self.error(("sections",), f"missing translation of section {sid!r} ({english['heading']!r})",
                           f"translate it from {self.src.loc(('sections', src_ids.index(sid)))}", code=MISSING)
        if not self.ok:
            return
        if tr_ids != src_ids:
            self.error(("sections",), "sections are in a different order from the source",
                       f"order them as the source: {', '.join(src_ids)}", code="translation-order-differs")
            return
        for si, (english, section) in enumerate(zip(self.src.data["sections"], self.tr.data["sections"])):
            self.section(si, english, section)

    def section(self, si, english, section):
        base = ("sections", si)
        self.only(base, english, section)
        self.take(base + ("heading",))
        self.values[base] = self.tr.loc(base)
        eb, tb = english["body"], section["body"]
        for bi in range(max(len(eb), len(tb))):
            path = base + ("body", bi)
            if bi >= len(tb):
                self.error(base + ("body",), f"section {english['id']!r}: missing translation of block {bi + 1} "
                           f"of {len(eb)} ({describe(eb[bi])})",
                           f"translate it from {self.src.loc(path)}", code=MISSING)
                continue
            if bi >= len(eb):
                self.error(path, f"section {english['id']!r}: block {bi + 1} ({describe(tb[bi])}) is not in the "
                           f"source, which has {len(eb)} blocks", "remove it, or add it to the source first",
                           code=EXTRA)
                continue
            e, t = eb[bi], tb[bi]
            if kind_of(e) != kind_of(t):
                self.error(path, f"is {describe(t)} where the source has {describe(e)}",
                           f"mirror the source's blocks in order ({self.src.loc(path)})",
                           code="translation-block-differs")
                continue
            self.only(path, e, t)
            self.values[path] = self.tr.loc(path)
            if "paragraph" in e:
                self.text(path + ("paragraph",), e["paragraph"])
            elif "bullets" in e:
                self.bullets(path, e["bullets"], t["bullets"])
            else:
                self.block(path, e, t)

    def block(self, path, english, block):
        """A callout, steps, sub-heading, figure, table or QR code: the same shape, each text translated."""
        kind = kind_of(english)
        if kind in ("callout", "figure") and block[kind] != english[kind]:
            self.error(path + (kind,), f"{block[kind]!r} differs from the source's {english[kind]!r}",
                       f"write {kind}: {english[kind]} as the source has it; only the words are translated",
                       code="translation-block-differs")
            return
        if not self.same_shape(path, english, block):
            return
        if kind == "qr":
            self.take(path + ("qr",))     # a translation may open its own language's page
        for (sub, text, inline), (_, theirs, _) in zip(slots(english), slots(block)):
            for k in range(1, len(sub)):     # a callout's inner blocks, a table's rows: where they are written
                self.values[path + sub[:k]] = self.tr.loc(path + sub[:k])
            if sub == ("alt",) and theirs.strip() == text.strip() and self.other_language:
                self.error(path + sub, "the alt text is the source's, not translated",
                           "translate it: a screen reader reads it out in this leaflet's language",
                           code="translation-alt-untranslated")
            elif inline:
                self.text(path + sub, text)
            else:
                self.take(path + sub)

    def same_shape(self, path, english, block) -> bool:
        """The same lists with as many items (steps, callout blocks, labels, cells) and the same optional texts."""
        ours, theirs = [p for p, _, _ in slots(english)], [p for p, _, _ in slots(block)]
        if ours == theirs:
            return True
        for key in ("steps", "body", "labels", "header", "rows"):
            if key in english and len(english[key]) != len(block.get(key, ())):
                self.error(path + (key,), f"has {len(block.get(key, ()))} {_NAMES[key]} where the source has "
                           f"{len(english[key])}", f"translate each of the source's, at {self.src.loc(path + (key,))}",
                           code=COUNT)
                return False
        missing = [p for p in ours if p not in theirs]
        extra = [p for p in theirs if p not in ours]
        where = format_path(path + (missing or extra)[0])
        if missing:
            self.error(path, f"missing translation of {where}", f"translate it from {self.src.loc(path + missing[0])}",
                       code=MISSING)
        else:
            self.error(path + extra[0], f"the source has no {where}", "remove it", code=EXTRA)
        return False

    def bullets(self, path, english, items):
        missing = _missing_bullet(english, items)
        if missing:
            named = " or ".join(f"{i + 1} ({_shorten(_bullet_text(english[i]))!r})" for i in missing[:2])
            more = f" (or another of {len(missing)})" if len(missing) > 2 else ""
            self.error(path + ("bullets",), f"has {len(items)} bullet points where the source has {len(english)}: "
                       f"missing translation of point {named}{more}",
                       f"translate it from {self.src.loc(path + ('bullets', missing[0]))}", code=MISSING)
            return
        if len(english) != len(items):
            self.error(path + ("bullets",), f"has {len(items)} bullet points where the source has {len(english)}",
                       f"translate each of the source's points ({self.src.loc(path + ('bullets',))})", code=COUNT)
            return
        for ii, (e, t) in enumerate(zip(english, items)):
            ipath = path + ("bullets", ii)
            self.only(ipath, e, t)
            e_text = e["text"] if isinstance(e, dict) else e
            t_path = ipath + ("text",) if isinstance(t, dict) else ipath
            into = ipath + ("text",) if isinstance(e, dict) else ipath
            self.text(t_path, e_text, into)
            self.values[ipath] = self.tr.loc(ipath)

    def contact(self):
        src, tr = self.src.data["contact"], self.tr.data["contact"]
        self.take(("contact", "heading"))
        self.values[("contact",)] = self.tr.loc(("contact",))
        for key in ("intro", "note"):
            if key in src and key not in tr:
                self.error(("contact",), f"missing translation of contact.{key}", f"the source has: {src[key]!r}",
                           code=MISSING)
            elif key in tr and key not in src:
                self.error(("contact", key), f"the source has no contact.{key}", "remove it", code=EXTRA)
            elif key in src:
                self.text(("contact", key), src[key])
        e_write, t_write = src.get("write_in", []), tr.get("write_in", [])
        if len(e_write) != len(t_write):
            self.error(("contact", "write_in"), f"has {len(t_write)} lines where the source has {len(e_write)}",
                       f"the source's lines: {', '.join(e_write) or 'none'}", code=COUNT)
        else:
            for i in range(len(e_write)):
                self.take(("contact", "write_in", i))
        if len(src["entries"]) != len(tr["entries"]):
            self.error(("contact", "entries"), f"has {len(tr['entries'])} entries where the source has "
                       f"{len(src['entries'])}", "translate the name and purpose of each of the source's entries",
                       code=COUNT)
            return
        for ei, (e, t) in enumerate(zip(src["entries"], tr["entries"])):
            self.take(("contact", "entries", ei, "name"))
            self.text(("contact", "entries", ei, "purpose"), e["purpose"])

    def merged(self) -> Document:
        self.values[()] = self.tr.loc(())
        for key in ("leaflet", "locale", "translation"):
            self.values[(key,)] = self.tr.loc((key,))
        for path, where in self.tr.key_locations.items():
            if path and path[0] in ("title", "subtitle", "organisation", "labels", "disclaimer", "sections",
                                    "contact", "variants"):
                self.keys[path] = where
        self.data["locale"] = self.tr.data["locale"]
        self.data["translation"] = dict(self.tr.data["translation"])
        return Document(self.tr.path, self.data, self.values, self.keys)


def _only(node) -> list[str] | None:
    only = node.get("only") if isinstance(node, dict) else None
    return None if only is None else sorted([only] if isinstance(only, str) else only)


def _bullet_text(item) -> str:
    return item["text"] if isinstance(item, dict) else item


def _shorten(text: str, length: int = 40) -> str:
    return text[:length] + "…" if len(text) > length else text


def _marks(item) -> tuple:
    return citations(_bullet_text(item)), _only(item)


def _missing_bullet(english: list, items: list) -> list[int]:
    """Where one bullet point is missing: the source's points whose leaving out leaves the same
    citations and `only:` markers, in order, as the translation's (all of a run of look-alikes)."""
    if len(english) != len(items) + 1:
        return []
    ours = [_marks(item) for item in items]
    theirs = [_marks(item) for item in english]
    return [i for i in range(len(english)) if theirs[:i] + theirs[i + 1:] == ours]


_NAMES = {"steps": "steps", "body": "blocks", "labels": "labels", "header": "header cells", "rows": "rows"}


def merge(source: Document, translation: Document, diagnostics: Diagnostics, known=None) -> Document | None:
    """The translation's words on the source's structure, or None (with errors) if it does not mirror the source.

    `known`: the reference keys the source may cite; where it cites another (its own error), its
    translation's citations there are not compared with it."""
    return _Merge(source, translation, diagnostics, known).run()


def check_fresh(source: Document, translation: Document, diagnostics: Diagnostics) -> list[str]:
    """Warn about each part of the source that changed since it was translated; returns their names."""
    recorded = translation.data["translation"].get("sources")
    locale = translation.data["locale"]
    if not recorded:
        diagnostics.warning(translation.loc(("translation",)), "translation",
                            f"no record of which version of {source.path} this translates, so a later change "
                            "to it cannot be caught",
                            f"once it matches the source, run `python generate.py translations --sources {locale}` "
                            "and paste its output under translation:", code=UNRECORDED)
        return list(fingerprints(source.data))
    current = fingerprints(source.data)
    stale = []
    for name, value in current.items():
        if recorded.get(name) == value:
            continue
        stale.append(name)
        where = ("translation", "sources", name) if name in recorded else ("translation", "sources")
        if name in recorded:
            message = f"the source's {_part(name)} changed after this translation was made"
            hint = f"update the translation from {source.path}, then record sources.{name}: {value}"
            code = "translation-stale"
        else:
            message = f"no record of which version of the source's {_part(name)} this translates"
            hint = f"check it against {source.path}, then add sources.{name}: {value}"
            code = UNRECORDED
        diagnostics.warning(translation.loc(where), format_path(where), message, hint, code=code)
    for name in recorded:
        if name not in current:
            where = ("translation", "sources", name)
            diagnostics.warning(translation.key_loc(where), format_path(where),
                                f"the source has no part {name!r}", "remove this line",
                                code="translation-unknown-part")
    return stale


def _part(name: str) -> str:
    return {FRONT: "title, labels and disclaimer", CONTACT: "contact panel"}.get(name, f"section {name!r}")
