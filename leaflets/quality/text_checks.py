"""Checks of what a reader reads in the PDF: title and language, body type size, contrast as
printed, and the parts every patient leaflet must print.

Pure: each takes a Scan, the model (or what it says the PDF holds) and the layout, and returns a CheckResult.
"""
from __future__ import annotations

from leaflets.layout.settings import Layout
from leaflets.model.nodes import Leaflet
from leaflets.quality.expected import Expected, classify, page_text, snippet, squash
from leaflets.quality.lint import Quality, contrast_ratio, hex_of, to_rgb
from leaflets.quality.reports import CheckResult
from leaflets.quality.scanner import Scan


def check_metadata(s: Scan, leaflet: Leaflet, places: dict) -> CheckResult:
    r = CheckResult("metadata", "document title and language set")
    if not s.title.strip():
        r.error("the PDF has no title (screen readers and tabs show the file name)",
                places.get("title"), code="pdf-title-missing")
    elif s.title != leaflet.title:
        r.warning(f"the PDF's title is {s.title!r}, the leaflet's is {leaflet.title!r}",
                  places.get("title"), code="pdf-title-differs")
    if not s.lang.strip():
        r.error("the PDF does not say its language (/Lang); screen readers cannot pick "
                "a voice", places.get("content"), code="pdf-language-missing")
    elif s.lang.lower() != leaflet.locale.lower():
        r.error(f"the PDF says its language is {s.lang!r} but the leaflet is "
                f"{leaflet.locale!r}", places.get("content"), code="pdf-language-wrong")
    r.summary = f"title {s.title!r}, language {s.lang!r}"
    return r



def check_body_size(s: Scan, leaflet: Leaflet, exp: Expected, q: Quality, places: dict) -> CheckResult:
    want = q.body_size
    r = CheckResult("body-size", f"body text at least {want:g}pt" + (" (large print)" if q.large_print else ""))
    sizes: dict[str, float] = {}
    smallest = None
    for page in s.pages:
        for run in page.runs:
            kind = classify(run, exp)
            sizes[kind] = min(sizes.get(kind, 1e9), run.size)
            if kind == "body" and (smallest is None or run.size < smallest.size):
                smallest = run
    if smallest is None:
        r.skipped = "no body text could be read back from the PDF"
        r.summary = r.skipped
        return r
    r.figures["smallest_body_pt"] = round(smallest.size, 2)
    r.figures["sizes"] = {k: round(v, 2) for k, v in sorted(sizes.items()) if k != "other"}
    others = ", ".join(f"{k} {v:.1f}pt" for k, v in sorted(sizes.items()) if k not in ("body", "other"))
    r.summary = f"smallest body text {smallest.size:.1f}pt (at least {want:g}pt)" + (f"; {others}" if others else "")
    if smallest.size < want - 0.05:
        r.error(
            f"body text is {smallest.size:.1f}pt on page {smallest.page + 1} "
            f"(\"{snippet(smallest.text, 40)}\"); patient leaflets need at least {want:g}pt"
            + (" in large print" if q.large_print else ""),
            places.get("layout:text.size") or q.at("min_body_size", places.get("layout")),
            "raise text.size in the layout", code="body-text-too-small")
    return r


def check_large_print(s: Scan, q: Quality, places: dict) -> CheckResult:
    """Large print: every character at the large-print size, notes, footer and citation markers included."""
    want = q.body_size
    r = CheckResult("large-print", f"every character at least {want:g}pt (large print)")
    small = [run for page in s.pages for run in page.runs if run.size < want - 0.05 and run.text.strip()]
    sizes = sorted({round(run.size, 1) for run in small})
    r.figures["smallest_pt"] = round(min((run.size for p in s.pages for run in p.runs), default=want), 2)
    r.summary = f"smallest text {r.figures['smallest_pt']:g}pt (at least {want:g}pt)"
    if small:
        first = small[0]
        r.error(f"{len(small)} string{'s' if len(small) != 1 else ''} set under {want:g}pt "
                f"({', '.join(f'{v:g}pt' for v in sizes)}), e.g. page {first.page + 1}: \"{snippet(first.text, 40)}\"",
                places.get("layout"), "large print sets notes, footer and citation markers at least as large as "
                "the body (references.size, footer.size, references.marker_size: 1)", code="large-print-text-too-small")
    return r


def _colour_names(layout: Layout) -> dict:
    """Hex -> the first colour name with that value (panel_background before the blocks' colours)."""
    names: dict = {}
    for k, v in layout.colours.items():
        names.setdefault(hex_of(to_rgb(v)), k)
    return names


def check_contrast(s: Scan, layout: Layout, q: Quality, places: dict) -> CheckResult:
    r = CheckResult("contrast", f"printed text at least {q.min_contrast:g}:1 against its background (WCAG 2.1)")
    pairs: dict[tuple, tuple] = {}
    for page in s.pages:
        for run in page.runs:
            key = (hex_of(run.colour), hex_of(run.background))
            ratio = contrast_ratio(run.colour, run.background)
            if key not in pairs:
                pairs[key] = (ratio, run)
    if not pairs:
        r.skipped = "no text found"
        return r
    names = _colour_names(layout)
    lowest = min(v[0] for v in pairs.values())
    r.figures["lowest_contrast"] = round(lowest, 2)
    r.figures["pairs"] = {f"{fg} on {bg}": round(v[0], 2) for (fg, bg), v in sorted(pairs.items())}
    r.summary = f"{len(pairs)} colour pair{'s' if len(pairs) != 1 else ''}, lowest {lowest:.2f}:1 " \
                f"(at least {q.min_contrast:g}:1)"
    for (fg, bg), (ratio, run) in sorted(pairs.items(), key=lambda kv: kv[1][0]):
        if ratio >= q.min_contrast - 1e-9:
            continue
        fg_name = f" (colours.{names[fg]})" if fg in names else ""
        bg_name = "white paper" if bg == "#ffffff" else f"{bg}" + (f" (colours.{names[bg]})" if bg in names else "")
        r.error(
            f"text colour {fg}{fg_name} on {bg_name} has a contrast of {ratio:.2f}:1, below "
            f"{q.min_contrast:g}:1; e.g. page {run.page + 1}: \"{snippet(run.text, 40)}\"",
            places.get(f"layout:colours.{names[fg]}") if fg in names else places.get("layout"),
            "choose a darker text colour or a lighter background", code="contrast-too-low")
    return r


def check_required(s: Scan, leaflet: Leaflet, exp: Expected, places: dict) -> CheckResult:
    r = CheckResult("required-parts", "last-updated and next-review dates, contact panel, disclaimer, references")
    full = "".join(squash(page_text(p)) for p in s.pages)
    missing = []
    for part, (text, where) in exp.parts.items():
        if not text.strip():
            r.error(f"the {part} is empty", where, code="required-part-empty")
            missing.append(part)
        elif squash(text) not in full:
            r.error(f"the {part} is missing from the PDF (looked for \"{snippet(text)}\")",
                    where, "every patient leaflet must print it", code="required-part-missing")
            missing.append(part)
    if not leaflet.references:
        r.error("the leaflet cites no references: patient information must name its "
                "sources", places.get("content"),
                "cite the evidence with [@key]; keys are in content/bibliography.yaml", code="no-references")
        missing.append("references")
    present = len(exp.parts) + 1 - len(missing)
    r.summary = f"{present} of {len(exp.parts) + 1} present"
    return r


def readable(s: Scan, leaflet: Leaflet) -> bool:
    """Can the text be read back at all (shaped scripts may not be)?"""
    full = "".join(squash(page_text(p)) for p in s.pages)
    return bool(leaflet.title.strip()) and squash(leaflet.title) in full
