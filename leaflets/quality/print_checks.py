"""Checks of the PDF as a file and as paper: page and trim size, fonts, page count, file size,
the safe area along the page edge, reproducible bytes, and the sheets of an imposed layout.

Pure: each takes a Scan (or PDF bytes) and the layout, and returns a CheckResult.
"""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from leaflets.diagnostics import SourceLocation
from leaflets.inputs.units import PT_PER
from leaflets.layout.geometry import sides_for
from leaflets.layout.settings import OFFICE_SAFE_EDGE, Layout
from leaflets.quality.expected import snippet
from leaflets.quality.lint import Quality, kb
from leaflets.quality.reports import CheckResult
from leaflets.quality.scanner import Scan, scan


BASE14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
    # names Acrobat also treats as standard
    "Arial", "Arial,Bold", "Arial,Italic", "Arial,BoldItalic", "TimesNewRoman", "CourierNew",
}


def _close(a, b, tol=0.5):
    return abs(a - b) <= tol


def _mm(pt):
    return f"{round(pt / PT_PER['mm'], 2):g}mm"


def check_page_size(s: Scan, layout: Layout, places: dict, sizes: list | None = None) -> CheckResult:
    """Every page (its trim box, if it has one) as the layout says; `sizes` per page for tri-fold panels."""
    r = CheckResult("page-size", "page (and trim) size as the layout says")
    where = places.get("layout:page.size") or places.get("layout")
    want = (layout.page_width, layout.page_height)
    for page in s.pages:
        if sizes:
            want = sizes[min(page.index, len(sizes) - 1)]
        x0, y0, x1, y1 = page.mediabox
        media = (x1 - x0, y1 - y0)
        if page.trimbox:
            tx0, ty0, tx1, ty1 = page.trimbox
            trim = (tx1 - tx0, ty1 - ty0)
            if not (_close(trim[0], want[0]) and _close(trim[1], want[1])):
                r.error(f"page {page.index + 1}: trim size {_mm(trim[0])} x {_mm(trim[1])}, "
                        f"layout {layout.name!r} says {_mm(want[0])} x {_mm(want[1])}", where, code="page-size-wrong")
            if tx0 < x0 - 0.01 or ty0 < y0 - 0.01 or tx1 > x1 + 0.01 or ty1 > y1 + 0.01:
                r.error(f"page {page.index + 1}: the trim box is larger than the page", where,
                        code="trim-box-outside-page")
            if page.bleedbox:
                bx0, by0, bx1, by1 = page.bleedbox
                if bx0 > tx0 + 0.01 or by0 > ty0 + 0.01 or bx1 < tx1 - 0.01 or by1 < ty1 - 0.01:
                    r.error(f"page {page.index + 1}: the bleed box does not contain the "
                            "trim box", where, code="bleed-box-too-small")
        elif not (_close(media[0], want[0]) and _close(media[1], want[1])):
            r.error(f"page {page.index + 1} is {_mm(media[0])} x {_mm(media[1])}; "
                    f"layout {layout.name!r} says {_mm(want[0])} x {_mm(want[1])}", where, code="page-size-wrong")
    r.summary = f"{_mm(want[0])} x {_mm(want[1])}" + (" (trim)" if s.pages and s.pages[0].trimbox else "")
    return r


def check_fonts(s: Scan) -> CheckResult:
    r = CheckResult("fonts", "every font embedded and subset, no base-14 font reference")
    for f in s.fonts:
        name = f.basefont
        plain_name = name.split("+", 1)[-1]
        if not f.embedded:
            if plain_name in BASE14:
                r.error(f"{f.where}: font {plain_name} is a base-14 font reference, not "
                        "embedded; printers and readers swap in their own font",
                        hint="a flowable or the page template used reportlab's default font; "
                             "name a font from fonts/fonts.yaml", code="font-not-embedded")
            else:
                r.error(f"{f.where}: font {name} is not embedded", code="font-not-embedded")
        elif f.subtype != "Type3" and not re.match(r"^[A-Z]{6}\+", name):
            r.error(f"{f.where}: font {name} is embedded whole, not subset",
                    hint="subsetting keeps the file small and the font licence happy", code="font-not-subset")
    names = sorted({f.basefont.split("+", 1)[-1] for f in s.fonts})
    r.summary = f"{len(names)} font{'s' if len(names) != 1 else ''}: {', '.join(names)}"
    r.figures["fonts"] = names
    return r



def check_pages(s: Scan, q: Quality, places: dict) -> CheckResult:
    n = len(s.pages)
    r = CheckResult("page-count", f"at most {q.max_pages} pages")
    r.figures["pages"] = n
    r.summary = f"{n} page{'s' if n != 1 else ''} (at most {q.max_pages})"
    if n == 0:
        r.error("the PDF has no pages", code="pdf-no-pages")
    elif n > q.max_pages:
        r.error(f"{n} pages, more than the limit of {q.max_pages}",
                q.at("max_pages", places.get("layout")),
                "shorten the text, or raise quality.max_pages if the leaflet really needs them", code="too-many-pages")
    return r


def check_file_size(s: Scan, q: Quality, places: dict) -> CheckResult:
    r = CheckResult("file-size", f"file at most {kb(q.max_file_size)}")
    r.figures["bytes"] = s.size
    r.summary = f"{kb(s.size)} (at most {kb(q.max_file_size)})"
    if s.size > q.max_file_size:
        r.error(f"the PDF is {kb(s.size)}, over the budget of {kb(q.max_file_size)}",
                q.at("max_file_size", places.get("layout")),
                "look for large images or fonts embedded whole", code="file-too-large")
    return r


def too_close(s: Scan, edge: float, drawings: bool = True) -> list:
    """(page, what, box) of every string and (if asked) drawing closer than `edge` to the paper's edge."""
    out = []
    for page in s.pages:
        px0, py0, px1, py1 = page.mediabox
        items = [(f"\"{snippet(run.text, 40)}\"", (run.x0, run.y0, run.x1, run.y1)) for run in page.runs]
        if drawings:
            items += [(f"a drawing ({d.kind})", (d.x0, d.y0, d.x1, d.y1)) for d in page.drawings]
        for what, (x0, y0, x1, y1) in items:
            if x0 < px0 + edge - 0.01 or y0 < py0 + edge - 0.01 or x1 > px1 - edge + 0.01 or y1 > py1 - edge + 0.01:
                out.append((page.index, what, (x0 - px0, y0 - py0, x1 - px0, y1 - py0)))
    return out


def check_safe_area(s: Scan, layout: Layout, q: Quality, places: dict) -> CheckResult:
    edge = q.safe_edge
    r = CheckResult("safe-area", f"all text at least {_mm(edge)} inside the page edge"
                    + ("" if layout.print_shop else "; nothing drawn within it"))
    if not layout.print_shop:
        # office printers leave the strip along the paper edge unprinted: no lines or boxes there either
        close = [c for c in too_close(s, OFFICE_SAFE_EDGE) if not c[1].startswith('"')]
        for page, what, (x0, y0, x1, y1) in close[:5]:
            r.error(
                f"page {page + 1}: {what} reaches within {_mm(OFFICE_SAFE_EDGE)} of the paper edge "
                f"(x {_mm(x0)}\u2013{_mm(x1)}, y {_mm(y0)}\u2013{_mm(y1)} from the bottom left)",
                places.get("layout:page.margins") or places.get("layout"),
                "office printers leave that strip unprinted", code="near-paper-edge")
    outside, margins = _outside_and_in_margins(s, layout, edge)
    for run in outside[:5]:
        r.error(
            f"page {run.page + 1}: \"{snippet(run.text, 40)}\" reaches outside the safe area "
            f"(x {_mm(run.x0)}\u2013{_mm(run.x1)}, y {_mm(run.y0)}\u2013{_mm(run.y1)} from the bottom left)",
            places.get("layout:page.margins") or places.get("layout"),
            "printers may cut it off; keep text away from the page edge", code="outside-safe-area")
    if len(outside) > 5:
        r.error(f"and {len(outside) - 5} more strings outside the safe area", code="outside-safe-area")
    for run in margins[:3]:
        r.warning(
            f"page {run.page + 1}: \"{snippet(run.text, 40)}\" runs into the page margin",
            places.get("layout:page.margins") or places.get("layout"),
            "a word or address too long for the line; shorten it or let it break", code="text-in-margin")
    r.summary = f"{sum(len(p.runs) for p in s.pages)} strings checked, {len(outside)} outside"
    return r


def _outside_and_in_margins(s: Scan, layout: Layout, edge: float) -> tuple[list, list]:
    """The strings outside the safe area (`edge` inside the trim), and the others that reach into the margins."""
    outside, margins = [], []
    for page in s.pages:
        bx0, by0, bx1, by1 = page.trimbox or page.mediabox
        for run in page.runs:
            if run.x0 < bx0 + edge - 0.5 or run.x1 > bx1 - edge + 0.5 or \
                    run.y0 < by0 + edge - 0.5 or run.y1 > by1 - edge + 0.5:
                outside.append(run)
            elif run.x0 < bx0 + layout.margin_left - 1 or run.x1 > bx1 - layout.margin_right + 1 or \
                    run.baseline > by1 - layout.margin_top + 1:
                if not (layout.band_text != "none" and run.y0 >= by1 - layout.band_height - 0.5):
                    margins.append(run)    # words in the band (band.text) are above the margin by design
    return outside, margins


def check_reproducible(data: bytes, rebuild) -> CheckResult:
    """`rebuild` is a function returning fresh PDF bytes for the same inputs (or None to skip)."""
    r = CheckResult("reproducible", "building again gives the same bytes")
    if rebuild is None:
        r.skipped = "not checked"
        return r
    fresh = rebuild()
    if fresh == data:
        r.summary = "identical to a fresh build"
        return r
    again = rebuild()
    if again != fresh:
        r.error("two builds of the same inputs differ: the build is not deterministic",
                hint="something in the render depends on the clock or on ordering", code="build-not-deterministic")
    else:
        r.error("the PDF differs from a fresh build of the current inputs",
                hint="the PDF is out of date: run `python generate.py build`", code="pdf-out-of-date")
    return r



# --- imposed layouts: the sheets -------------------------------------------------------

def check_imposition(sheets: bytes, reading: bytes, layout: Layout, places: dict, rtl: bool = False,
                     pdf: str = "") -> CheckResult:
    """The print file of a tri-fold or booklet: every sheet side the right size, carrying the right
    reading-order pages in the right places (compared string by string), nothing near the paper edge."""
    style = {"trifold": "tri-fold", "saddle-stitch": "booklet"}.get(layout.imposition, layout.imposition)
    r = CheckResult("imposition", f"{style} sheets: sizes, page order, paper edge")
    where = places.get("layout:imposition.style") or places.get("layout")
    try:
        s, pages = scan(sheets), scan(reading)
    except Exception as exc:  # noqa: BLE001 - an unreadable PDF is a finding
        r.error(f"the print PDF cannot be read: {exc}", SourceLocation(pdf) if pdf else None,
                "run `python generate.py build`", code="pdf-unreadable")
        return r
    sides = sides_for(layout, len(pages.pages), rtl)
    r.figures["sides"] = len(s.pages)
    r.summary = f"{len(s.pages)} sheet sides for {len(pages.pages)} pages"
    if len(s.pages) != len(sides):
        r.error(f"{len(s.pages)} sheet sides, but {len(pages.pages)} pages need "
                f"{len(sides)}", where, "run `python generate.py build`", code="sheet-count-wrong")
        return r
    for side, page in zip(sides, s.pages):
        _check_side(r, side, page, pages, where)
    if not layout.print_shop:
        close = too_close(s, OFFICE_SAFE_EDGE)
        for index, what, (x0, y0, x1, y1) in close[:5]:
            r.error(
                f"{_side_name(index)}: {what} reaches within {_mm(OFFICE_SAFE_EDGE)} of the paper edge "
                f"(x {_mm(x0)}\u2013{_mm(x1)}, y {_mm(y0)}\u2013{_mm(y1)})",
                places.get("layout:page.margins") or places.get("layout"), "office printers leave that strip unprinted",
                code="near-paper-edge")
    return r


def _check_side(r: CheckResult, side, page, pages: Scan, where) -> None:
    """One sheet side: its size, and the strings in the place of each page it carries (compared with the page's)."""
    x0, y0, x1, y1 = page.mediabox
    name = _side_name(page.index)
    if not (_close(x1 - x0, side.width) and _close(y1 - y0, side.height)):
        r.error(f"{name} is {_mm(x1 - x0)} x {_mm(y1 - y0)}, not "
                f"{_mm(side.width)} x {_mm(side.height)}", where, code="sheet-size-wrong")
    for placement in side.placements:
        source = pages.pages[placement.page] if placement.page is not None else None
        w, h = (source.mediabox[2] - source.mediabox[0], source.mediabox[3] - source.mediabox[1]) \
            if source else (0.0, 0.0)
        if side.turned:
            box = (side.width - placement.x - w, side.height - placement.y - h,
                   side.width - placement.x, side.height - placement.y)
        else:
            box = (placement.x, placement.y, placement.x + w, placement.y + h)
        found = [run.text for run in page.runs
                 if box[0] <= (run.x0 + run.x1) / 2 <= box[2] and box[1] <= (run.y0 + run.y1) / 2 <= box[3]]
        wanted = [run.text for run in source.runs] if source else []
        if found != wanted:
            what = f"page {placement.page + 1}" if source else "nothing"
            first = next(iter(found), "")
            r.error(
                f"{name}: the place of {what} (x {_mm(box[0])}\u2013{_mm(box[2])}) holds "
                + (f"\"{snippet(first, 40)}\"" if first else "no text")
                + (f", not \"{snippet(wanted[0], 40)}\"" if wanted else ""),
                where, "the sheets do not match the pages: run `python generate.py build`", code="sheet-pages-wrong")


def _side_name(index: int) -> str:
    return f"sheet {index // 2 + 1} {'front' if index % 2 == 0 else 'back'}"


# --- print shop: PDF/X-4 and inks ------------------------------------------------------

SOLID_BLACK, PAPER = (0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0)
DISPLAY_MIN = 11.95          # points: display colours only for type this large (12pt, bold display type)
RICH_BLACK_MIN = 10 * PT_PER["mm"]   # a rich black area at least this wide and high (the band is 15mm)


def check_pdfx(data: bytes, layout: Layout, places: dict) -> CheckResult:
    """A print-shop PDF with an output intent: PDF/X-4 as a print shop's preflight reads it."""
    r = CheckResult("pdf-x", "PDF/X-4: output intent with an embedded CMYK profile, version, page boxes")
    intent = layout.output_intent
    if intent is None:
        r.skipped = f"layout {layout.name!r} names no output intent (print.output_intent)"
        return r
    where = places.get("layout:print.output_intent") or places.get("layout")
    pdf = PdfReader(io.BytesIO(data))
    root = pdf.trailer["/Root"]
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        r.error("the PDF has no PDF/X output intent (OutputIntents with /S /GTS_PDFX)", where,
                "a print shop's preflight rejects it; run `python generate.py build`", code="pdfx-no-output-intent")
    for i in pdfx:
        _check_intent(r, i, intent.condition, where)
    version = str((pdf.trailer.get("/Info") or {}).get("/GTS_PDFXVersion", ""))
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace") if "/Metadata" in root else ""
    if not version.startswith("PDF/X-4") or "<pdfxid:GTS_PDFXVersion>PDF/X-4<" not in xmp:
        r.error(f"the PDF does not say it is PDF/X-4 in both its Info (GTS_PDFXVersion: {version or 'none'}) "
                "and its XMP (pdfxid:GTS_PDFXVersion)", where, code="pdfx-version-missing")
    if "<pdfuaid:part>1<" not in xmp and "/StructTreeRoot" in root:
        r.error("the XMP lost pdfuaid:part: the tagged PDF no longer says it is PDF/UA-1", where,
                code="pdfx-pdfua-lost")
    if float(pdf.pdf_header[5:] or 0) > 1.6:
        r.error(f"the file is {pdf.pdf_header[1:]}; PDF/X-4 is PDF 1.6 at most", where, code="pdfx-pdf-version")
    for n, page in enumerate(pdf.pages, start=1):
        missing = [box for box in ("/TrimBox", "/BleedBox") if box not in page]
        if missing:
            r.error(f"page {n} has no {' or '.join(b[1:] for b in missing)}", where,
                    "the print shop trims to the TrimBox", code="pdfx-page-box-missing")
    r.summary = f"{intent.condition} output intent, {len(pdf.pages)} pages with trim and bleed boxes"
    return r


def _check_intent(r: CheckResult, intent, condition: str, where) -> None:
    profile = intent.get("/DestOutputProfile")
    data = profile.get_object().get_data() if profile is not None else b""
    if len(data) < 132 or data[36:40] != b"acsp" or data[16:20] != b"CMYK" or \
            int(profile.get_object().get("/N", 0)) != 4:
        r.error("the output intent's DestOutputProfile is " + ("missing" if not data else "not a CMYK ICC profile"),
                where, "name a CMYK output profile in print.output_intent.profile", code="pdfx-profile-not-cmyk")
    if str(intent.get("/OutputConditionIdentifier", "")) != condition:
        r.error(f"the output condition is {str(intent.get('/OutputConditionIdentifier', ''))!r}, the layout "
                f"says {condition!r}", where, "run `python generate.py build`", code="pdfx-condition-wrong")


def check_print_colours(s: Scan, layout: Layout, places: dict) -> CheckResult:
    """Print shop: text in solid black (100% K, one plate: no screen, nothing to register) or paper
    white; bold display type (12pt and over) also in the layout's display colours; rich black
    (black with other inks under it) only for areas a registration slip cannot blur."""
    r = CheckResult("print-colours", "text in 100% K (display type in display colours); rich black only "
                                     "for large areas")
    where = places.get("layout:colours") or places.get("layout")
    display = {_ink(layout.colours[name]) for name in layout.display_colours if name in layout.colours}
    counts = {"text-not-solid-black": 0, "display-colour-too-small": 0, "rich-black-small-area": 0}
    for page in s.pages:
        for run in page.runs:
            ink = _cmyk(run.ink)
            if ink in (SOLID_BLACK, PAPER) or (ink in display and run.size >= DISPLAY_MIN and not _rich(ink)):
                continue
            code = "display-colour-too-small" if ink in display and not _rich(ink) else "text-not-solid-black"
            counts[code] += 1
            if counts[code] <= 5:
                what = "rich black" if _rich(ink) else f"cmyk({', '.join(f'{v:g}' for v in ink)})" if ink \
                    else "a colour that is not CMYK"
                r.error(f"page {page.index + 1}: \"{snippet(run.text, 40)}\" ({run.size:.1f}pt) is printed in {what}"
                        + (", a display colour, under 12pt" if code == "display-colour-too-small" else ""), where,
                        "small text in several inks or a screened grey looks soft and blurs when the plates slip: "
                        "use cmyk(0, 0, 0, 1), or list the colour in print.display_colours for headings",
                        code=code)
        for fill in page.fills:
            if _rich(_cmyk(fill.ink)) and min(fill.x1 - fill.x0, fill.y1 - fill.y0) < RICH_BLACK_MIN:
                counts["rich-black-small-area"] += 1
                if counts["rich-black-small-area"] <= 5:
                    r.error(f"page {page.index + 1}: a rich black area of {_mm(fill.x1 - fill.x0)} x "
                            f"{_mm(fill.y1 - fill.y0)}", where, "rich black only for areas at least "
                            f"{_mm(RICH_BLACK_MIN)} each way; lines and small boxes in cmyk(0, 0, 0, 1)",
                            code="rich-black-small-area")
    r.figures.update(counts)
    r.summary = f"{sum(len(p.runs) for p in s.pages)} strings, {sum(counts.values())} in the wrong ink"
    return r


def _ink(spec) -> tuple:
    return tuple(float(v) for v in spec[1:]) if spec[0] == "cmyk" else ()


def _cmyk(ink: tuple) -> tuple:
    """A fill colour as CMYK, rounded as the PDF writes it; a grey (g) is black ink; RGB is no ink ()."""
    if len(ink) == 1:
        return (0.0, 0.0, 0.0, round(1 - ink[0], 4))
    return tuple(round(v, 4) for v in ink) if len(ink) == 4 else ()


def _rich(ink: tuple) -> bool:
    """Black with other inks under it: K of 90% or more and any C, M or Y."""
    return len(ink) == 4 and ink[3] >= 0.9 and any(v > 0 for v in ink[:3])
