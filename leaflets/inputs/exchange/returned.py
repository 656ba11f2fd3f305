"""A translated file as it comes back from an agency, XLIFF 1.2 or PO, read into one form.

Each unit keeps the line its target is on, so every problem found later is told at its place
(`FILE:line: unit <id>: what is wrong`).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from leaflets.diagnostics import Diagnostics, SourceLocation
from leaflets.inputs.exchange import po, xliff
from leaflets.inputs.exchange.units import FINAL, STALE, TRANSLATED, Review

_FINAL_STATES = {"final", "signed-off"}


@dataclass
class ReturnedUnit:
    id: str
    line: int
    target: object          # str (PO: our inline syntax) or xliff.Node (the <target> element) or None
    state: str              # translated, needs-review-translation (STALE) or final


@dataclass
class ReturnedFile:
    path: str               # as shown in messages
    format: str             # xliff or po
    leaflet: str
    source_locale: str
    locale: str
    units: list[ReturnedUnit] = field(default_factory=list)
    review: Review | None = None     # who reviewed it and when, if the file says


def _leaflet_of(original: str) -> str:
    parts = original.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == "content" else ""


def read(raw: bytes, display: str, d: Diagnostics) -> ReturnedFile | None:
    """The file's units, by its contents (an XLIFF file starts with '<'); None with an error if unreadable."""
    if raw.lstrip()[:1] == b"<":
        return _read_xliff(raw, display, d)
    return _read_po(raw, display, d)


def _read_xliff(raw: bytes, display: str, d: Diagnostics) -> ReturnedFile | None:
    try:
        root = xliff.parse(raw)
    except xliff.XliffError as exc:
        d.error(SourceLocation(display, exc.line, 1), "", exc.message, "an XLIFF 1.2 file as `translations export` "
                "writes it", code="exchange-not-readable")
        return None
    files = root.find("file")
    if len(files) != 1:
        d.error(SourceLocation(display, root.line, 1), "", f"has {len(files)} <file> elements, not 1",
                "send back the file as it was exported, with its one <file>", code="exchange-not-readable")
        return None
    f = files[0]
    out = ReturnedFile(display, "xliff", _leaflet_of(f.attrs.get("original", "")),
                       f.attrs.get("source-language", ""), f.attrs.get("target-language", ""))
    out.review = _xliff_review(f, display, d)
    for body in f.find("body"):
        for tu in body.find("trans-unit"):
            targets = tu.find("target")
            target = targets[0] if targets else None
            state = target.attrs.get("state", "") if target is not None else ""
            final = state in _FINAL_STATES or tu.attrs.get("approved") == "yes"
            out.units.append(ReturnedUnit(tu.attrs.get("id", ""), (target or tu).line, target,
                                          FINAL if final else STALE if state.startswith("needs-review") else TRANSLATED))
    return out


def _review(by: str, on: str, where: SourceLocation, field_name: str, d: Diagnostics) -> Review | None:
    if not by.strip():
        return None
    day = on.strip()[:10]
    try:
        day = _dt.date.fromisoformat(day).isoformat() if day else ""
    except ValueError:
        d.error(where, field_name, f"the review date {on!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-20",
                code="exchange-review-date")
        return None
    return Review(by.strip(), day)


def _xliff_review(f, display: str, d: Diagnostics) -> Review | None:
    """The last phase of the process "review" in the file's header (contact-name, date)."""
    phases = [p for header in f.find("header") for group in header.find("phase-group") for p in group.find("phase")
              if p.attrs.get("process-name", "").lower() == "review"]
    if not phases:
        return None
    last = phases[-1]
    return _review(last.attrs.get("contact-name", ""), last.attrs.get("date", ""),
                   SourceLocation(display, last.line, 1), "phase date", d)


def _read_po(raw: bytes, display: str, d: Diagnostics) -> ReturnedFile | None:
    try:
        text = raw.decode("utf-8")
        catalogue = po.parse(text)
    except (UnicodeDecodeError, OSError, ValueError) as exc:
        d.error(SourceLocation(display), "", f"not a readable PO file: {exc}",
                "a PO file in UTF-8 as `translations export` writes it", code="exchange-not-readable")
        return None
    meta = catalogue.metadata
    out = ReturnedFile(display, "po", meta.get("X-Leaflet", ""), meta.get("X-Source-Language", ""),
                       meta.get("Language", ""))
    out.review = _review(meta.get("X-Reviewed-By", ""), meta.get("X-Reviewed-On", ""), SourceLocation(display, 1, 1),
                         "X-Reviewed-On", d)
    lines = text.splitlines()
    for entry in catalogue:
        if entry.obsolete:
            continue
        line = entry.linenum
        while line <= len(lines) and not lines[line - 1].startswith("msgstr"):
            line += 1
        state = FINAL if "final" in entry.flags else STALE if "fuzzy" in entry.flags else TRANSLATED
        out.units.append(ReturnedUnit(entry.msgctxt or "", line if line <= len(lines) else entry.linenum,
                                      entry.msgstr, state))
    return out
