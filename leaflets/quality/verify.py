"""Read a built PDF back and check it against its layout and its model.

Pure: every function takes PDF bytes (or a scan of them), the model and the
layout, and returns CheckResults. The CLI reads the files. The PDF is read by
scanner.py; the checks are in print_checks.py (file and paper) and
text_checks.py (what a reader reads); the citation checks are here.
"""
from __future__ import annotations

import re

from leaflets.diagnostics import NOWHERE, SourceLocation
from leaflets.layout.settings import END, Layout
from leaflets.model.inline import expand_numbers
from leaflets.model.nodes import CitationMark, Leaflet
from leaflets.model.walk import walk
from leaflets.quality.accessibility import check_structure, check_text_layer
from leaflets.quality.composition import check_composition
from leaflets.quality.line_breaks import check_line_breaks
from leaflets.quality.expected import expected, page_text, running_texts, snippet, squash
from leaflets.quality.lint import Quality
from leaflets.quality.print_checks import (check_file_size, check_fonts, check_page_size, check_pages, check_pdfx,
                                           check_print_colours, check_reproducible, check_safe_area)
from leaflets.quality.reading_order import logical_scan
from leaflets.quality.reports import CheckResult
from leaflets.quality.scanner import Scan, TooComplex, scan
from leaflets.quality.text_checks import (check_body_size, check_contrast, check_large_print, check_metadata,
                                          check_required, readable)


def citations_in_order(leaflet: Leaflet, layout: Layout | None = None, places: dict | None = None) -> list:
    """(number, key, SourceLocation) of every citation, in the order the PDF prints them."""
    places = places or {}
    position = layout.contact_position if layout else END
    out: list = []
    for t in walk(leaflet, position.kind == "start", position.section):
        if t.prose:
            # where content_places says (parts the model keeps no location of), else the model's own, else the section's
            where = places.get(t.kind) or t.source or (t.section.source if t.section else NOWHERE)
            out += _marks(t.inline, where)
    return out


def _marks(inline, where) -> list:
    return [(n, k, where) for node in inline if isinstance(node, CitationMark)
            for n, k in zip(node.numbers, node.keys)]



def check_citations(s: Scan, leaflet: Leaflet, layout: Layout, places: dict) -> CheckResult:
    placement = layout.references
    r = CheckResult("citations", "every citation marker has its note on the same page" if placement == "footnotes"
                    else "every citation marker has its note in the reference list")
    order = citations_in_order(leaflet, layout, places)
    cited = {n: k for n, k, _ in reversed(order)}
    refs = leaflet.references_by_number
    markers = _markers(s)
    texts = [squash(page_text(p)) for p in s.pages]
    where = places.get("content")
    for n in sorted(set(cited) - set(markers)):
        r.error(f"citation {n} ({cited[n]}) has no marker in the PDF", where, code="citation-marker-missing")
    for n in sorted(set(markers) - set(refs)):
        r.error(f"marker {n} on page {markers[n][0]} has no reference", where, code="marker-without-reference")
    if placement == "footnotes":
        first_cited = {}
        for n, _, loc in order:
            first_cited.setdefault(n, loc)
        _check_footnotes(r, markers, refs, texts, first_cited, where)
    else:
        _check_reference_list(r, leaflet, markers, texts, bool(cited), places)
    total = sum(len(v) for v in markers.values())
    r.summary = f"{total} marker{'s' if total != 1 else ''}, {len(refs)} note{'s' if len(refs) != 1 else ''} ({placement})"
    r.figures["markers"] = total
    return r


def _markers(s: Scan) -> dict[int, list[int]]:
    """number -> pages (1-based) it is marked on, in order."""
    markers: dict[int, list[int]] = {}
    for page in s.pages:
        for run in page.runs:
            if run.superscript:
                for n in sorted(expand_numbers(run.text.strip())):
                    markers.setdefault(n, []).append(page.index + 1)
    return markers


def _check_footnotes(r: CheckResult, markers: dict, refs: dict, texts: list, first_cited: dict, where) -> None:
    """Each marked note on the page of its first marker. A later citation reuses the number; its note
    stays on the page of the first (by design)."""
    for n in sorted(markers):
        if n not in refs:
            continue
        ref = refs[n]
        note = squash(ref.text)
        on = [i + 1 for i, t in enumerate(texts) if note in t]
        first = markers[n][0]
        cited_at = first_cited.get(n, where)
        if not on:
            r.error(
                f"footnote {n} ({ref.key}) is missing: its marker is on page {first} but the note "
                f"\"{snippet(ref.text)}\" is on no page", cited_at,
                "a note was lost in layout; report it with the leaflet, layout and page", code="footnote-missing")
        elif first not in on:
            r.error(f"footnote {n} ({ref.key}) is on page {on[0]} but its marker is on page {first}",
                    cited_at, code="footnote-wrong-page")


def _check_reference_list(r: CheckResult, leaflet: Leaflet, markers: dict, texts: list, cites: bool,
                          places: dict) -> None:
    """Each marked note in the reference list, after its heading."""
    refs = leaflet.references_by_number
    heading = squash(leaflet.labels.references)
    full = _without_footers("".join(texts), leaflet, len(texts))
    at = full.rfind(heading) if heading else -1
    if cites and at < 0:
        r.error(f"the reference list (heading {leaflet.labels.references!r}) is "
                "missing", places.get("labels"), code="reference-list-missing")
    tail = full[at:] if at >= 0 else ""
    for n in sorted(markers):
        if n in refs and squash(refs[n].text) not in tail:
            r.error(f"reference {n} ({refs[n].key}) is missing from the reference list: "
                    f"\"{snippet(refs[n].text)}\"", places.get(f"reference:{refs[n].key}", places.get("content")),
                    code="reference-missing")


def _without_footers(text: str, leaflet: Leaflet, pages: int) -> str:
    """The pages' joined text without what their footers print (a page's footer is drawn before its
    text), so that a reference broken over a page is found whole. Labels of digits alone stay."""
    for running in sorted({squash(t) for t in running_texts(leaflet, pages)}, key=len, reverse=True):
        if re.search(r"[^\W\d_]", running):
            text = text.replace(running, "")
    return text


def read_back(data: bytes, pdf: str = "") -> Scan | CheckResult:
    """The scan of a PDF, or the finding that says why it cannot be read (located at the file `pdf`)."""
    where = SourceLocation(pdf) if pdf else None
    try:
        return scan(data)
    except TooComplex as exc:
        r = CheckResult("pdf", "the PDF can be read")
        r.error(f"{exc}: it is not a leaflet this program built", where,
                "run `python generate.py build`", code="pdf-too-complex")
    except Exception as exc:  # noqa: BLE001 - an unreadable PDF is a finding, not a crash
        r = CheckResult("pdf", "the PDF can be read")
        r.error(f"the PDF cannot be read: {exc}", where, "run `python generate.py build`", code="pdf-unreadable")
    return r


def verify(data: bytes, leaflet: Leaflet, layout: Layout, q: Quality, places: dict | None = None,
           rebuild=None, page_sizes: list | None = None, pdf: str = "") -> list[CheckResult]:
    """Every PDF check of one combination: the PDF's bytes against its model and layout.

    For an imposed layout, `data` is the reading-order PDF (page_sizes: the tri-fold's panels);
    check_imposition then checks the sheets. `pdf`: the file's path, where findings about the file are located.
    """
    places = places or {}
    s = read_back(data, pdf)
    if isinstance(s, CheckResult):
        return [s]
    exp = expected(leaflet, places, len(s.pages))
    results = [check_page_size(s, layout, places, page_sizes), check_fonts(s), check_metadata(s, leaflet, places),
               check_pages(s, q, places), check_file_size(s, q, places), check_safe_area(s, layout, q, places),
               check_contrast(s, layout, q, places)]
    results.append(check_composition(s, leaflet, layout, exp, places, readable(s, leaflet)))
    if layout.print_shop:
        results += [check_pdfx(data, layout, places), check_print_colours(s, layout, places)]
    if q.large_print:
        results.append(check_large_print(s, q, places))
    read = logical_scan(s)          # right-to-left lines as they are read, not as their glyphs stand
    if readable(s, leaflet):
        results.append(check_citations(s, leaflet, layout, places))
    else:
        why = ("the citation markers of a right-to-left page are raised by moving the line, not by a text rise, "
               "and this reader does not tell them from the line" if readable(read, leaflet)
               else "the text of this script cannot be read back from the PDF")
        results.append(CheckResult("citations", "citation notes", skipped=f"{why}; check them by eye in the preview"))
    if readable(read, leaflet):
        results += [check_body_size(read, leaflet, exp, q, places), check_required(read, leaflet, exp, places)]
    else:
        for name, title in (("body-size", "body text size"), ("required-parts", "required parts")):
            results.append(CheckResult(name, title, skipped="the text of this script cannot be read back from "
                                                            "the PDF; check it by eye in the preview"))
    results += [check_structure(data, places), check_text_layer(data, leaflet, places),
                check_line_breaks(data, leaflet, places)]
    results.append(check_reproducible(data, rebuild))
    return results
