"""A returned file checked against the source and rebuilt as content/<leaflet>/<locale>.yaml.

All or nothing: every unit is checked, every problem reported at its line, and the translation
file's text is given only when there is none. The checks are our own (an agency tool's checks
miss dropped inline tags): each citation and link of the source kept, none added or renumbered,
every tag pair whole, no empty target, no unit the source no longer has, every unit there.
"""
from __future__ import annotations

import datetime as _dt
import re

from leaflets.diagnostics import Diagnostics, SourceLocation
from leaflets.inputs import schema, schemas
from leaflets.inputs.exchange.inline import BOLD, CITE, ITALIC, LINK, STAR, Unbalanced, escape, placeholders, tokens
from leaflets.inputs.exchange.rebuild import to_yaml, translation_data
from leaflets.inputs.exchange.returned import ReturnedFile, ReturnedUnit
from leaflets.inputs.exchange.units import FINAL, STALE, Unit, review_of
from leaflets.inputs.exchange.xliff import Node, Slot, slots
from leaflets.inputs.sources import Document, parse_yaml
from leaflets.inputs.translation import fingerprints, merge

OPTIONAL = "labels.draft"     # may be left empty when every unit is final
_REVIEWER_HINT = {
    "xliff": 'name the reviewer in the header: <phase-group><phase phase-name="review" process-name="review" '
             'contact-name="..." date="YYYY-MM-DD"/></phase-group>',
    "po": "name the reviewer in the header: X-Reviewed-By: ... and X-Reviewed-On: YYYY-MM-DD",
}
_SLOT = re.compile(r"\{[a-z_]+\}")


class _Check:
    def __init__(self, returned: ReturnedFile, d: Diagnostics):
        self.file, self.d = returned, d

    def error(self, unit: ReturnedUnit, message: str, hint: str = "", *, code: str) -> None:
        self.d.error(SourceLocation(self.file.path, unit.line, 1), f"unit {unit.id}", message, hint, code=code)

    def target(self, unit: Unit, back: ReturnedUnit) -> str | None:
        """The returned target in our syntax, or None (with errors)."""
        node = back.target
        empty = node is None or (isinstance(node, str) and not node.strip()) or \
            (isinstance(node, Node) and not node.text().strip() and not _elements(node))
        if empty and unit.id == OPTIONAL:
            return None         # a reviewed translation prints no draft notice; rebuild() sees it is reviewed
        if empty:
            self.error(back, "the target is empty", "translate it, or copy the source if it stays the same",
                       code="exchange-target-empty")
            return None
        text = self._xliff(unit, back, node) if isinstance(node, Node) else self._po(unit, back, node)
        if text is None:
            return None
        for slot in _SLOT.findall(unit.source):
            if slot not in text:
                self.error(back, f"{slot} is missing", f"keep {slot} where the number goes",
                           code="exchange-placeholder-lost")
                return None
        if unit.limit and len(text) > unit.limit:
            self.error(back, f"is {len(text)} characters, over the limit of {unit.limit}", "shorten it",
                       code="exchange-target-too-long")
            return None
        return text

    def _po(self, unit: Unit, back: ReturnedUnit, text: str) -> str | None:
        if not unit.inline:
            return text
        try:
            toks = tokens(text)
        except Unbalanced as exc:
            self.error(back, f"broken pair: {exc}", "close each ** and * that the text opens, or write \\* "
                       "for a literal asterisk", code="exchange-broken-pair")
            return None
        return text if self._same_placeholders(unit, back, placeholders(toks)) else None

    def _same_placeholders(self, unit: Unit, back: ReturnedUnit, theirs: list) -> bool:
        ours = placeholders(tokens(unit.source))
        if theirs == ours:
            return True
        written = {p: t.value for p, t in zip(ours, [t for t in tokens(unit.source) if t.kind in (CITE, LINK)])}
        ours = [(k, written[(k, v)]) for k, v in ours]       # told as the source writes them
        theirs = [(k, written.get((k, v), v)) for k, v in theirs]
        lost = [v for k, v in ours if (k, v) not in theirs]
        added = [v for k, v in theirs if (k, v) not in ours]
        if lost:
            message = f"lost the placeholder {lost[0]}" + (f" (and {len(lost) - 1} more)" if len(lost) > 1 else "")
        elif added:
            message = f"has a placeholder the source does not have: {added[0]}"
        else:
            message = "has the source's placeholders in a different order or number: " + \
                ", ".join(v for _, v in theirs)
        self.error(back, message, "keep each citation and link of the source, as it is, in the same order: "
                   + (", ".join(v for _, v in ours) or "none"), code="exchange-placeholder-mismatch")
        return False

    def _xliff(self, unit: Unit, back: ReturnedUnit, node: Node) -> str | None:
        if not unit.inline:
            if _elements(node):
                self.error(back, "has inline elements where the source is plain text", "remove them",
                           code="exchange-placeholder-mismatch")
                return None
            return node.text()
        by_id = {s.id: s for s in slots(unit)}
        used: list[str] = []
        text = self._inline(unit, back, node, by_id, used)
        if text is None:
            return None
        missing = [i for i in by_id if i not in used and by_id[i].kind in (CITE, LINK)]   # emphasis may go
        if missing:
            s = by_id[missing[0]]
            what = s.value if s.kind in (CITE, LINK) else f"the {s.kind} pair"
            self.error(back, f"lost the placeholder {s.id} ({what})", "keep every <x/> and <g> of the source",
                       code="exchange-placeholder-mismatch")
            return None
        order = [i for i in used if i in by_id and by_id[i].kind == CITE]
        if order != [s.id for s in by_id.values() if s.kind == CITE]:
            self.error(back, "has the source's citations in a different order: " + ", ".join(order),
                       "keep the citations in the source's order", code="exchange-placeholder-mismatch")
            return None
        return text

    def _inline(self, unit, back, node: Node, by_id: dict, used: list) -> str | None:
        out = []
        for child in node.children:
            if isinstance(child, str):
                out.append(escape(child))
                continue
            sid = child.attrs.get("id", "")
            slot = by_id.get(sid)
            if child.tag == "g" and child.attrs.get("ctype") in (BOLD, ITALIC) and sid not in by_id:
                slot = Slot(sid, child.attrs["ctype"], "")      # emphasis the translation adds
            kind = {"x": CITE, "g": None}.get(child.tag, "other")
            if slot is None or kind == "other" or (kind == CITE) != (slot.kind == CITE) or sid in used:
                why = "used twice" if sid in used else "is not in the source" if slot is None else \
                    f"is a {slot.kind} in the source" if kind != "other" else "is not an element the export writes"
                self.error(back, f"placeholder <{child.tag} id=\"{sid}\"> {why}",
                           "keep the source's <x/> and <g> elements with their ids", code="exchange-placeholder-mismatch")
                return None
            used.append(sid)
            if slot.kind == CITE:
                out.append(slot.value)
                continue
            inner = self._inline(unit, back, child, by_id, used)
            if inner is None:
                return None
            out.append(f"[{inner}]({slot.value})" if slot.kind == LINK else f"{STAR[slot.kind]}{inner}{STAR[slot.kind]}")
        return "".join(out)


def _elements(node: Node) -> list[Node]:
    return [c for c in node.children if isinstance(c, Node)]


def check_units(source_units: list[Unit], returned: ReturnedFile, d: Diagnostics) -> dict[str, tuple] | None:
    """unit id -> (its target in our syntax, its state), or None when any unit has a problem."""
    check, before = _Check(returned, d), len(d.errors)
    by_id = {u.id: u for u in source_units}
    found: dict[str, tuple] = {}
    for back in returned.units:
        unit = by_id.get(back.id)
        if unit is None:
            check.error(back, "the source has no such unit (the file was exported from an older version)",
                        "export the leaflet again and carry the translation over", code="exchange-unit-unknown")
        elif back.id in found:
            check.error(back, "is in the file twice", "keep one of them", code="exchange-unit-duplicate")
        else:
            text = check.target(unit, back)
            found[back.id] = (text, back.state)
    for unit in source_units:
        if unit.id not in found:
            d.error(SourceLocation(returned.path, 1, 1), f"unit {unit.id}", "is missing from the file",
                    "send back every unit of the export", code="exchange-unit-missing")
    return found if len(d.errors) == before else None


def translation_info(source: dict, source_units: list[Unit], found: dict, existing: dict | None,
                     returned: ReturnedFile | None = None, d: Diagnostics | None = None) -> dict:
    """The `translation:` block: the fingerprints of the parts whose every unit is up to date (a part with a
    stale unit keeps the fingerprint recorded before, so it stays out of date), reviewed when every unit is final
    and the file or the existing translation names its reviewer (the file's reviewer and date come first)."""
    before = (existing or {}).get("translation", {})
    recorded = before.get("sources") or {}
    stale = {u.part for u in source_units if found[u.id][1] == STALE}
    sources = {name: (recorded.get(name) if name in stale else value)
               for name, value in fingerprints(source).items()}
    info: dict = {"of": before.get("of") or "", "status": "draft"}
    final = all(state == FINAL for text, state in found.values() if text is not None)
    review = (returned and returned.review) or review_of(existing)
    if final and review is not None:
        info |= {"status": "reviewed", "reviewed_by": review.by}
        if review.on:
            info["reviewed_on"] = _dt.date.fromisoformat(review.on)
    elif final and d is not None and returned is not None:
        d.warning(SourceLocation(returned.path, 1, 1), "", "every unit is marked final, but nothing says who reviewed "
                  "the translation, so it stays a draft", _REVIEWER_HINT[returned.format], code="exchange-reviewer-unknown")
    info["sources"] = {k: v for k, v in sources.items() if v}
    return info


def rebuild(source: Document, source_locale: str, returned: ReturnedFile, source_units: list[Unit],
            existing: dict | None, target_path: str, d: Diagnostics) -> str | None:
    """The new translation file's text, or None (with errors, nothing to write)."""
    found = check_units(source_units, returned, d)
    if found is None:
        return None
    info = translation_info(source.data, source_units, found, existing, returned, d)
    info["of"] = source_locale
    if info["status"] == "draft" and found.get(OPTIONAL, (None,))[0] is None:
        back = next((b for b in returned.units if b.id == OPTIONAL), None)
        d.error(SourceLocation(returned.path, back.line if back else 1, 1), f"unit {OPTIONAL}", "the target is empty",
                "a draft translation prints this notice in its language: translate it", code="exchange-target-empty")
        return None
    text = {u.path: found[u.id][0] for u in source_units if found[u.id][0] is not None}
    yaml_text = to_yaml(translation_data(source.data, returned.leaflet, returned.locale, info, text))
    inner = Diagnostics()
    doc = parse_yaml(yaml_text, target_path)
    if schema.validate(doc, schemas.TRANSLATION, inner):
        merge(source, doc, inner)
    for problem in inner.errors:
        d.error(SourceLocation(returned.path), "", f"the translation it makes would not load: {problem.format()}",
                code="exchange-rebuilt-invalid")
    return None if inner.errors else yaml_text


__all__ = ["rebuild", "check_units", "translation_info", "BOLD", "ITALIC"]
