"""Rules that need the whole merged layout: type sizes, the contact panel, folding, who prints it.

Each rule checks one thing and is registered with @rule; check_rules runs them in
the order they are written here. A problem is reported where the value that
breaks the rule is written (the layout itself or one it extends), like every
other layout error.
"""
from __future__ import annotations

import operator

from dataclasses import dataclass
from functools import cached_property

from leaflets.diagnostics import Diagnostics
from leaflets.inputs.schemas import BODY_MIN, LARGE_PRINT_MIN
from leaflets.inputs.sources import Document
from leaflets.inputs.units import in_unit, paper_size, parse_colour, parse_length, unit_of
from leaflets.layout.settings import FOOTER_DESCENT, OFFICE_SAFE_EDGE, defining_doc

RULES: list = []


def rule(check):
    """Add a rule to those check_rules runs (in the order they are defined)."""
    RULES.append(check)
    return check


@dataclass
class Merged:
    """A merged layout as the rules read it, and where its problems are reported."""

    name: str
    data: dict
    docs: dict
    diagnostics: Diagnostics

    def error(self, path: tuple, message: str, hint: str = "", *, code: str) -> None:
        where = defining_doc(self.name, self.docs, path).loc(path)
        self.diagnostics.error(where, ".".join(path), message, hint, code=code)

    @cached_property
    def imposition(self) -> str:
        return (self.data.get("imposition") or {}).get("style", "none")

    @cached_property
    def target(self) -> str:
        return (self.data.get("print") or {}).get("target", "office")

    @property
    def page(self) -> dict:
        return self.data["page"]

    @property
    def orientation(self) -> str:
        return self.page.get("orientation", "portrait")

    @cached_property
    def size(self) -> tuple[float, float]:
        return paper_size(self.page["size"], self.orientation)

    @cached_property
    def margins(self) -> dict:
        return {k: parse_length(v) for k, v in self.page["margins"].items()}

    @property
    def text(self) -> dict:
        return self.data["text"]

    @cached_property
    def text_size(self) -> float:
        return parse_length(self.text["size"])

    @property
    def large_print(self) -> bool:
        return bool((self.data.get("quality") or {}).get("large_print"))

    @cached_property
    def panel(self) -> float:
        """A tri-fold's fold-in panel: the narrowest of the three."""
        narrower = self.fold_in_narrower
        return (self.size[0] + narrower) / 3 - narrower

    @cached_property
    def fold_in_narrower(self) -> float:
        return parse_length(self.data["imposition"].get("fold_in_narrower", 0)) or 0.0


def check_rules(name: str, data: dict, docs: dict[str, Document], diagnostics: Diagnostics) -> bool:
    """Run every rule on the merged layout `data`; True if none reported an error."""
    errors_before = len(diagnostics.errors)
    layout = Merged(name, data, docs, diagnostics)
    for check in RULES:
        check(layout)
    return len(diagnostics.errors) == errors_before


def _mm(points: float) -> str:
    return f"{round(points * 25.4 / 72, 2):g}mm"


# --------------------------------------------------------------------------- type sizes

@rule
def body_size(m: Merged) -> None:
    if m.text_size < BODY_MIN and m.imposition != "trifold":
        unit = unit_of(m.text["size"])
        m.error(("text", "size"), f"{m.text['size']} is out of range ({in_unit(BODY_MIN, unit)} to {in_unit(40, unit)})",
                code="layout-body-too-small")


# the tri-fold fitting sizes: what each is for, and on which side of text.size it must be
_FIT_SIZES = (("min_size", "smaller to fit its panels", "larger", operator.gt),
              ("max_size", "larger to fill its panels", "smaller", operator.lt))


@rule
def fit_sizes(m: Merged) -> None:
    for key, purpose, wrong_side, beyond in _FIT_SIZES:
        if key not in m.text:
            continue
        if m.imposition != "trifold":
            m.error(("text", key), f"only a tri-fold's text is set {purpose}",
                    f"remove {key}, or set imposition.style: trifold", code="layout-fit-size-not-trifold")
        elif beyond(parse_length(m.text[key]), m.text_size):
            m.error(("text", key), f"{m.text[key]} is {wrong_side} than text.size ({m.text['size']})",
                    code="layout-fit-size-range")


@rule
def large_print_body(m: Merged) -> None:
    if m.large_print and m.text_size < LARGE_PRINT_MIN:
        m.error(("text", "size"), f"{m.text['size']} is too small for a large-print layout (quality.large_print): "
                                  f"body text needs at least {in_unit(LARGE_PRINT_MIN, unit_of(m.text['size']))}",
                code="layout-large-print-too-small")


@rule
def large_print_headings(m: Merged) -> None:
    headings = m.data["headings"]["size"]
    if m.large_print and parse_length(headings) <= m.text_size:
        m.error(("headings", "size"), f"{headings} is not larger than the body text ({m.text['size']})",
                "large print needs headings that stand out by size", code="layout-large-print-headings")


# --------------------------------------------------------------------------- where the contact panel goes

@rule
def contact_panel_position(m: Merged) -> None:
    position = m.data["contact_panel"]["position"]
    if m.imposition == "trifold" and position != "back":
        m.error(("contact_panel", "position"), f"a tri-fold carries the contact panel on its back panel, not "
                                               f"{position!r}", "write 'back'", code="layout-contact-not-on-back")
    elif position == "back" and m.imposition == "none":
        m.error(("contact_panel", "position"), "'back' is the back panel of a tri-fold or the back cover of a "
                                               "booklet, and this layout is neither",
                "write 'end', 'start' or 'after:<section-id>'", code="layout-contact-back-without-fold")


# --------------------------------------------------------------------------- folding

@rule
def trifold_landscape(m: Merged) -> None:
    if m.imposition == "trifold" and m.orientation != "landscape":
        path = ("page", "orientation") if "orientation" in m.page else ("imposition", "style")
        m.error(path, "a tri-fold is printed on a landscape sheet", "write 'orientation: landscape' under page",
                code="layout-trifold-not-landscape")


def _landscape_trifold(m: Merged) -> bool:
    return m.imposition == "trifold" and m.orientation == "landscape"


@rule
def trifold_panel_width(m: Merged) -> None:
    if not _landscape_trifold(m):
        return
    text = m.panel - m.margins["left"] - m.margins["right"]
    if text < 100:
        m.error(("page", "margins"), f"the fold-in panel of a tri-fold on {m.page['size']} is {_mm(m.panel)} "
                                     f"wide; these margins leave {_mm(max(text, 0))} of it for text",
                "a panel needs at least 35mm of text width; use smaller margins", code="layout-panel-too-narrow")


@rule
def trifold_fold_in(m: Merged) -> None:
    if _landscape_trifold(m) and m.fold_in_narrower > m.panel / 10:
        m.error(("imposition", "fold_in_narrower"), f"{m.data['imposition']['fold_in_narrower']} is more "
                                                    f"than a tenth of a panel ({_mm(m.panel)})",
                "1/16in (0.0625in) on Letter or 2mm on A4 is enough for the panel to tuck in",
                code="layout-fold-in-too-large")


@rule
def booklet_sheet(m: Merged) -> None:
    if m.imposition != "saddle-stitch":
        return
    imposition = m.data["imposition"]
    if "sheet" not in imposition:
        m.error(("imposition", "style"), "a saddle-stitched booklet needs the sheet it is printed on",
                "add 'sheet: A4' under imposition (for A5 pages)", code="layout-booklet-without-sheet")
        return
    width, height = m.size
    sheet_w, sheet_h = paper_size(imposition["sheet"], "landscape")
    if 2 * width > sheet_w + 0.5 or height > sheet_h + 0.5:
        m.error(("imposition", "sheet"), f"two {m.page['size']} pages ({_mm(2 * width)} x {_mm(height)}) do "
                                         f"not fit side by side on a landscape {imposition['sheet']} "
                                         f"sheet ({_mm(sheet_w)} x {_mm(sheet_h)})",
                "use a larger sheet or a smaller page (A5 pages go on A4)", code="layout-booklet-sheet-too-small")


@rule
def booklet_portrait(m: Merged) -> None:
    if m.imposition == "saddle-stitch" and m.orientation != "portrait":
        m.error(("page", "orientation"), "booklet pages are portrait, folded along the middle of the sheet",
                code="layout-booklet-not-portrait")


# --------------------------------------------------------------------------- who prints it

@rule
def print_shop_only(m: Merged) -> None:
    """PDF/X and display colours are for a print shop: an office layout would silently drop them."""
    for key, what in (("output_intent", "an output intent (PDF/X)"), ("display_colours", "display colours")):
        if m.target != "print-shop" and key in (m.data.get("print") or {}):
            m.error(("print", key), f"layout {m.name!r} is for office printers; {what} only a print shop uses",
                    "remove it, or set print.target: print-shop", code="layout-print-shop-only")


@rule
def print_shop_cmyk(m: Merged) -> None:
    if m.target != "print-shop":
        return
    for key, value in m.data["colours"].items():
        spec = parse_colour(value)
        if spec and spec[0] == "rgb":
            c, mg, y, k = _naive_cmyk(spec[1:])
            m.error(("colours", key), f"{value!r} is an RGB colour, but layout {m.name!r} goes to a print shop, "
                                      "which needs CMYK",
                    f"write e.g. 'cmyk({c:g}, {mg:g}, {y:g}, {k:g})', a plain conversion; the print shop can "
                    "tell you better values", code="layout-print-shop-rgb")


@rule
def print_shop_unimposed(m: Merged) -> None:
    if m.target == "print-shop" and m.imposition != "none":
        kind = {"trifold": "a tri-fold", "saddle-stitch": "a saddle-stitched booklet"}[m.imposition]
        m.error(("print", "target"), "print-shop output is single trimmed pages in reading order; "
                                     f"the print shop imposes and folds them (this layout is {kind})",
                "make a print-shop layout without imposition, e.g. extending a4 with page size A5",
                code="layout-print-shop-imposed")


@rule
def office_footer_edge(m: Merged) -> None:
    footer = m.data["footer"]
    if m.target == "print-shop" or not footer.get("show", True):
        return
    descent = FOOTER_DESCENT * parse_length(footer["size"])
    bottom = m.margins["bottom"]
    if bottom - descent < OFFICE_SAFE_EDGE - 0.01:
        m.error(("page", "margins", "bottom"), f"{m.page['margins']['bottom']} puts the footer's lowest letters "
                                               f"{_mm(bottom - descent)} from the paper edge; office "
                                               f"printers leave {_mm(OFFICE_SAFE_EDGE)} unprinted",
                f"make it at least {_mm(OFFICE_SAFE_EDGE + descent)} with a {footer['size']} footer",
                code="layout-footer-in-unprinted-edge")


@rule
def band_height(m: Merged) -> None:
    band = m.data.get("band")
    if not band:
        return
    height = parse_length(band["height"])
    if height > m.margins["top"] - 2:
        m.error(("band", "height"), f"{band['height']} reaches into the text, which starts "
                                    f"{m.page['margins']['top']} from the top (page.margins.top)",
                "make the band shorter than the top margin", code="layout-band-into-text")
    elif m.target != "print-shop" and height < OFFICE_SAFE_EDGE + 2:
        m.error(("band", "height"), f"{band['height']} is hidden: office printers leave "
                                    f"{_mm(OFFICE_SAFE_EDGE)} at the paper edge unprinted",
                f"make it at least {_mm(OFFICE_SAFE_EDGE + 2)}, or print at a print shop", code="layout-band-hidden")


def _naive_cmyk(rgb) -> tuple:
    r, g, b = rgb
    k = 1 - max(r, g, b)
    if k >= 1:
        return 0, 0, 0, 1
    return tuple(round(v, 2) for v in ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k))
