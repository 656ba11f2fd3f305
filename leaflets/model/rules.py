"""Checks across files: variants, citations, evidence groups, dates, phone numbers."""
from __future__ import annotations

import datetime as _dt
import functools
import importlib.util
import os
import re

from leaflets.inputs.content import as_date, iter_inline, iter_only
from leaflets.model.nodes import CitationMark
from leaflets.inputs.phones import PhoneError, is_national, parse_phone
from leaflets.inputs.schema import did_you_mean
from leaflets.diagnostics import SourceLocation
from leaflets.inputs.sources import format_path
from leaflets.model.inline import InlineError, parse_inline


_TAG = re.compile(r"[A-Za-z]{2,8}(_[A-Za-z0-9]{2,8})*")


@functools.lru_cache(maxsize=None)
def known_locale(tag: str) -> bool:
    """Does Babel (CLDR) know this locale? A locale with a data file of its own is known without
    importing Babel (about 10 ms of a cold build); tests check that Babel parses every such file."""
    identifier = tag.replace("-", "_")
    if _TAG.fullmatch(identifier) and os.path.isfile(os.path.join(_babel_data(), identifier + ".dat")):
        return True
    from babel import Locale, UnknownLocaleError  # reason: about 10 ms, only for a locale without a data file

    try:
        Locale.parse(tag.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError, TypeError):
        return False


@functools.lru_cache(maxsize=None)
def _babel_data() -> str:
    """Babel's folder of CLDR locale data, found without importing Babel."""
    spec = importlib.util.find_spec("babel")
    return os.path.join(spec.submodule_search_locations[0], "locale-data") if spec else ""


def check_contents(project, today: _dt.date | None = None) -> None:
    today = today or _dt.date.today()
    d = project.diagnostics
    references = set(project.bibliography.data["references"])
    cited_anywhere: set[str] = set()

    for (leaflet, locale), doc in sorted(project.contents.items()):
        _DocumentRules(doc, d, references, cited_anywhere).run(locale, today)

    bib = project.bibliography
    never = [key for key in bib.data["references"] if key not in cited_anywhere and project.contents]
    if never and project.broken_contents:
        broken = project.broken_contents
        d.warning(SourceLocation(bib.path), "", f"checks of references skipped: {', '.join(broken)} "
                  f"{'has' if len(broken) == 1 else 'have'} errors",
                  "a reference cited only there would be reported as never cited", code="checks-skipped")
        return
    for key in never:
        d.warning(bib.key_loc(("references", key)), f"references.{key}", "reference is never cited",
                  "cite it with [@" + key + "] or remove it", code="reference-never-cited")


class _DocumentRules:
    """The checks of one content document against the bibliography; adds what it cites to `cited`."""

    def __init__(self, doc, diagnostics, references: set, cited: set):
        self.doc, self.d, self.references, self.cited = doc, diagnostics, references, cited
        self.data = doc.data
        self.variants = list(self.data["variants"])
        self.evidence = self.data.get("evidence", {})

    def err(self, path, message, hint="", at_key=False, *, code):
        doc = self.doc
        self.d.error(doc.key_loc(path) if at_key else doc.loc(path), format_path(path), message, hint, code=code)

    def run(self, locale: str, today: _dt.date) -> None:
        err, data, variants = self.err, self.data, self.variants
        if not known_locale(locale):
            err(("locale",), f"unknown locale {locale!r}", "use a language tag such as en, es, de, vi, zh-Hans, ar, hi",
                code="unknown-locale")

        seen_ids: dict[str, int] = {}
        for si, section in enumerate(data["sections"]):
            sid = section["id"]
            if sid in seen_ids:
                err(("sections", si, "id"), f"duplicate section id {sid!r}",
                    f"sections[{seen_ids[sid]}] already uses it; ids must be unique", code="duplicate-section-id")
            seen_ids.setdefault(sid, si)

        for path, name in iter_only(data):
            if name not in variants:
                err(path, f"unknown variant {name!r}", did_you_mean(name, variants) or f"variants: {', '.join(variants)}",
                    code="unknown-variant")

        self.evidence_groups()
        self.cover()
        self.citations()
        self.dates(today)
        self.phones()

    def evidence_groups(self) -> None:
        err, variants, references = self.err, self.variants, self.references
        for group, per_variant in self.evidence.items():
            if group in references:
                err(("evidence", group), f"evidence group {group!r} has the same name as a reference",
                    "rename the group", at_key=True, code="evidence-group-clash")
            for variant, keys in per_variant.items():
                if variant not in variants:
                    err(("evidence", group, variant), f"unknown variant {variant!r}",
                        did_you_mean(variant, variants) or f"variants: {', '.join(variants)}", at_key=True,
                        code="unknown-variant")
                for i, key in enumerate(keys):
                    if key not in references:
                        err(("evidence", group, variant, i), f"unknown reference {key!r}", did_you_mean(key, references),
                            code="unknown-reference")
                    else:
                        self.cited.add(key)

    def cover(self) -> None:
        """content cover.figure names a figure of the body (the cover borrows its alt text and labels)."""
        name = self.data.get("cover", {}).get("figure")
        figures = [block["figure"] for section in self.data["sections"] for block in section["body"]
                   if "figure" in block]
        if name and name not in figures:
            self.err(("cover", "figure"), f"{name!r} is not a figure of this leaflet's sections",
                     did_you_mean(name, figures) or (f"name one of its figures: {', '.join(figures)}" if figures else
                                                     "add the image as a figure block to a section first, with its "
                                                     "alt text, then name its file here"), code="unknown-cover-figure")

    def citations(self) -> None:
        references, evidence = self.references, self.evidence
        for path, text in iter_inline(self.data):
            try:
                nodes = parse_inline(text)
            except InlineError as exc:
                self.err(path, exc.message, exc.hint, code=exc.code)
                continue
            for node in nodes:
                if not isinstance(node, CitationMark):
                    continue
                for key in node.keys:
                    if key in references:
                        self.cited.add(key)
                    elif key not in evidence:
                        self.err(path, f"unknown citation {key!r}",
                                 did_you_mean(key, list(references) + list(evidence)) or
                                 "add it to content/bibliography.yaml or an evidence group", code="unknown-citation")

    def dates(self, today: _dt.date) -> None:
        last, nxt = as_date(self.data["last_updated"]), as_date(self.data["next_review"])
        if nxt <= last:
            self.err(("next_review",), f"next review date {nxt} is not after the last-updated date {last}",
                     code="review-date-not-after-update")
        elif nxt < today:
            self.d.warning(self.doc.loc(("next_review",)), "next_review", f"the review date {nxt} has passed",
                           "review the leaflet and set a new date", code="review-date-passed")

    def phones(self) -> None:
        country = self.data.get("country", "US")
        for ei, entry in enumerate(self.data["contact"]["entries"]):
            if is_national(entry["phone"]) and "country" not in self.data:
                self.err(("contact", "entries", ei, "phone"), f"{entry['phone']!r} is not valid here",
                         "write it in international form starting with +, e.g. '+1 800 510 6735'",
                         code="phone-not-international")
                continue
            try:
                parse_phone(entry["phone"], country, entry.get("letters"))
            except PhoneError as exc:
                key = "letters" if exc.about_letters else "phone"
                self.err(("contact", "entries", ei, key), exc.message, exc.hint, code=exc.code)
