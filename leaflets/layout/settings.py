"""Layout definitions: merge `extends` chains and turn them into a frozen Layout."""
from __future__ import annotations

from dataclasses import dataclass

from leaflets.diagnostics import Diagnostics
from leaflets.inputs.schema import Check, did_you_mean
from leaflets.inputs.schemas import BODY_MIN, LARGE_PRINT_MIN, LAYOUT
from leaflets.inputs.sources import Document
from leaflets.inputs.units import paper_size, parse_colour, parse_length


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    page_width: float
    page_height: float
    margin_top: float
    margin_right: float
    margin_bottom: float
    margin_left: float
    body_font: str          # family names from fonts/fonts.yaml
    heading_font: str
    colours: dict           # name -> ('rgb', r, g, b) | ('cmyk', c, m, y, k)
    text_size: float
    leading: float          # multiple of the size
    paragraph_space: float
    title_size: float
    subtitle_size: float
    heading_size: float
    heading_space_before: float
    heading_space_after: float
    references: str         # 'footnotes' | 'endnotes'
    note_size: float
    rule_length: float
    footer_size: float
    contact_position: str   # 'end' | 'start' | 'back' | 'after:<section-id>'
    # Print layouts (issue 5); the defaults are a plain office handout.
    show_footer: bool = True
    imposition: str = "none"          # 'none' | 'trifold' | 'saddle-stitch'
    fold_in_narrower: float = 0.0     # tri-fold: the fold-in panel is this much narrower
    sheet_width: float = 0.0          # saddle-stitch: the landscape sheet two pages go on
    sheet_height: float = 0.0
    duplex: str = "short-edge"        # 'short-edge' | 'long-edge' (back sides turned 180 degrees)
    print_target: str = "office"      # 'office' | 'print-shop'
    bleed: float = 0.0                # print shop: backgrounds at the trim edge run on this far
    crop_marks: bool = False
    band_height: float = 0.0          # a coloured band along the top edge (0: none)
    band_colour: str = "headings"     # a key of `colours`
    band_pages: str = "first"         # 'first' | 'all'
    min_text_size: float = 0.0        # tri-fold: shrink the type down to this to fit the panels (0: fixed)
    max_text_size: float = 0.0        # tri-fold: grow the type up to this to fill the panels (0: fixed)

    @property
    def print_shop(self) -> bool:
        return self.print_target == "print-shop"

    @property
    def imposed(self) -> bool:
        return self.imposition != "none"


def _deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def merged(name: str, docs: dict[str, Document], diagnostics: Diagnostics, broken=frozenset()) -> dict | None:
    """The layout's settings with everything it extends folded in; None if the chain is broken."""
    chain: list[str] = []
    current = name
    while True:
        if current in chain:
            doc = docs[current]
            diagnostics.error(doc.loc(("extends",)), "extends", f"layouts extend each other in a circle: {' -> '.join(chain + [current])}")
            return None
        chain.append(current)
        parent = docs[current].data.get("extends")
        if parent is None:
            break
        if parent in broken:
            return None  # its own problems are reported already
        if parent not in docs:
            doc = docs[current]
            diagnostics.error(doc.loc(("extends",)), "extends", f"unknown layout {parent!r}",
                              did_you_mean(parent, docs) or f"known layouts: {', '.join(sorted(docs))}")
            return None
        current = parent
    data: dict = {}
    for part in reversed(chain):
        data = _deep_merge(data, docs[part].data)
    data.pop("extends", None)
    return data


def defining_doc(name: str, docs: dict[str, Document], path: tuple) -> Document:
    """The file in a layout's `extends` chain that sets the value at path."""
    seen = set()
    current = name
    while current in docs and current not in seen:
        seen.add(current)
        node = docs[current].data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            return docs[current]
        current = docs[current].data.get("extends")
    return docs[name]


def check_complete(name: str, data: dict, doc: Document, diagnostics: Diagnostics) -> bool:
    """Check the merged layout has every setting; problems are reported at the layout's own file."""
    return LAYOUT.validate(data, (), Check(doc, diagnostics))


def build_layout(name: str, data: dict) -> Layout:
    page = data["page"]
    width, height = paper_size(page["size"], page.get("orientation", "portrait"))
    m = {k: parse_length(v) for k, v in page["margins"].items()}
    L = lambda section, key: parse_length(data[section][key])  # noqa: E731
    return Layout(
        name=name,
        description=data.get("description", ""),
        page_width=width, page_height=height,
        margin_top=m["top"], margin_right=m["right"], margin_bottom=m["bottom"], margin_left=m["left"],
        body_font=data["fonts"]["body"], heading_font=data["fonts"]["headings"],
        colours={k: parse_colour(v) for k, v in data["colours"].items()},
        text_size=L("text", "size"), leading=float(data["text"]["leading"]),
        paragraph_space=L("text", "paragraph_space"),
        title_size=L("title", "size"), subtitle_size=L("title", "subtitle_size"),
        heading_size=L("headings", "size"), heading_space_before=L("headings", "space_before"),
        heading_space_after=L("headings", "space_after"),
        references=data["references"]["placement"], note_size=L("references", "size"),
        rule_length=L("references", "rule_length"),
        footer_size=L("footer", "size"),
        contact_position=data["contact_panel"]["position"],
        **_print_settings(data),
    )


OFFICE_SAFE_EDGE = 6.35 * 72 / 25.4   # what office printers leave unprinted: nothing may come closer
DEFAULT_BLEED = "3mm"
FOOTER_DESCENT = 0.3                  # how far below its baseline footer text reaches, in ems (Noto Sans: 0.293)


def _print_settings(data: dict) -> dict:
    imposition = data.get("imposition") or {}
    out = data.get("print") or {}
    band = data.get("band") or {}
    style = imposition.get("style", "none")
    settings = {
        "show_footer": data["footer"].get("show", True),
        "imposition": style,
        "fold_in_narrower": parse_length(imposition.get("fold_in_narrower", 0)) or 0.0,
        "duplex": imposition.get("duplex", "short-edge"),
        "print_target": out.get("target", "office"),
        "min_text_size": parse_length(data["text"].get("min_size", 0)) or 0.0,
        "max_text_size": parse_length(data["text"].get("max_size", 0)) or 0.0,
    }
    if style == "saddle-stitch" and "sheet" in imposition:
        settings["sheet_width"], settings["sheet_height"] = paper_size(imposition["sheet"], "landscape")
    if settings["print_target"] == "print-shop":
        settings["bleed"] = parse_length(out.get("bleed", DEFAULT_BLEED))
        settings["crop_marks"] = out.get("crop_marks", True)
    if band:
        settings.update(band_height=parse_length(band["height"]), band_colour=band["colour"],
                        band_pages=band.get("pages", "first"))
    return settings


def _mm(points: float) -> str:
    return f"{round(points * 25.4 / 72, 2):g}mm"


def check_rules(name: str, data: dict, docs: dict[str, Document], diagnostics: Diagnostics) -> bool:
    """Rules that need the whole merged layout: print targets, folding, type sizes.

    Each problem is reported where the value that breaks the rule is written
    (the layout itself or one it extends), like every other layout error.
    """
    errors_before = len(diagnostics.errors)

    def where(*path):
        return defining_doc(name, docs, path).loc(path)

    def error(path, message, hint=""):
        diagnostics.error(where(*path), ".".join(path), message, hint)

    imposition = (data.get("imposition") or {}).get("style", "none")
    target = (data.get("print") or {}).get("target", "office")
    page = data["page"]
    width, height = paper_size(page["size"], page.get("orientation", "portrait"))
    margins = {k: parse_length(v) for k, v in page["margins"].items()}
    size_text = data["text"]["size"]
    size = parse_length(size_text)
    quality = data.get("quality") or {}

    # type sizes
    if size < BODY_MIN and imposition != "trifold":
        error(("text", "size"), f"{size_text} is out of range ({BODY_MIN:g}pt to 40pt)")
    if "min_size" in data["text"]:
        if imposition != "trifold":
            error(("text", "min_size"), "only a tri-fold's text is set smaller to fit its panels",
                  "remove min_size, or set imposition.style: trifold")
        elif parse_length(data["text"]["min_size"]) > size:
            error(("text", "min_size"), f"{data['text']['min_size']} is larger than text.size ({size_text})")
    if "max_size" in data["text"]:
        if imposition != "trifold":
            error(("text", "max_size"), "only a tri-fold's text is set larger to fill its panels",
                  "remove max_size, or set imposition.style: trifold")
        elif parse_length(data["text"]["max_size"]) < size:
            error(("text", "max_size"), f"{data['text']['max_size']} is smaller than text.size ({size_text})")
    if quality.get("large_print") and size < LARGE_PRINT_MIN:
        error(("text", "size"), f"{size_text} is too small for a large-print layout (quality.large_print): "
                                f"body text needs at least {LARGE_PRINT_MIN:g}pt")
    if quality.get("large_print") and parse_length(data["headings"]["size"]) <= size:
        error(("headings", "size"), f"{data['headings']['size']} is not larger than the body text ({size_text})",
              "large print needs headings that stand out by size")

    # where the contact panel goes
    position = data["contact_panel"]["position"]
    if imposition == "trifold" and position != "back":
        error(("contact_panel", "position"), f"a tri-fold carries the contact panel on its back panel, not "
                                             f"{position!r}", "write 'back'")
    elif position == "back" and imposition == "none":
        error(("contact_panel", "position"), "'back' is the back panel of a tri-fold or the back cover of a "
                                             "booklet, and this layout is neither",
              "write 'end', 'start' or 'after:<section-id>'")

    # folding
    if imposition == "trifold":
        if page.get("orientation", "portrait") != "landscape":
            path = ("page", "orientation") if "orientation" in page else ("imposition", "style")
            error(path, "a tri-fold is printed on a landscape sheet", "write 'orientation: landscape' under page")
        else:
            narrower = parse_length(data["imposition"].get("fold_in_narrower", 0)) or 0.0
            panel = (width + narrower) / 3 - narrower
            text = panel - margins["left"] - margins["right"]
            if text < 100:
                error(("page", "margins"), f"the fold-in panel of a tri-fold on {page['size']} is {_mm(panel)} "
                                           f"wide; these margins leave {_mm(max(text, 0))} of it for text",
                      "a panel needs at least 35mm of text width; use smaller margins")
            if narrower > panel / 10:
                error(("imposition", "fold_in_narrower"), f"{data['imposition']['fold_in_narrower']} is more "
                                                          f"than a tenth of a panel ({_mm(panel)})",
                      "1/16in (0.0625in) on Letter or 2mm on A4 is enough for the panel to tuck in")
    elif imposition == "saddle-stitch":
        if "sheet" not in data["imposition"]:
            error(("imposition", "style"), "a saddle-stitched booklet needs the sheet it is printed on",
                  "add 'sheet: A4' under imposition (for A5 pages)")
        else:
            sheet_w, sheet_h = paper_size(data["imposition"]["sheet"], "landscape")
            if 2 * width > sheet_w + 0.5 or height > sheet_h + 0.5:
                error(("imposition", "sheet"), f"two {page['size']} pages ({_mm(2 * width)} x {_mm(height)}) do "
                                               f"not fit side by side on a landscape {data['imposition']['sheet']} "
                                               f"sheet ({_mm(sheet_w)} x {_mm(sheet_h)})",
                      "use a larger sheet or a smaller page (A5 pages go on A4)")
        if page.get("orientation", "portrait") != "portrait":
            error(("page", "orientation"), "booklet pages are portrait, folded along the middle of the sheet")

    # who prints it
    if target == "print-shop":
        for key, value in data["colours"].items():
            spec = parse_colour(value)
            if spec and spec[0] == "rgb":
                c, m, y, k = _naive_cmyk(spec[1:])
                error(("colours", key), f"{value!r} is an RGB colour, but layout {name!r} goes to a print shop, "
                                        "which needs CMYK",
                      f"write e.g. 'cmyk({c:g}, {m:g}, {y:g}, {k:g})', a plain conversion; the print shop can "
                      "tell you better values")
        if imposition != "none":
            kind = {"trifold": "a tri-fold", "saddle-stitch": "a saddle-stitched booklet"}[imposition]
            error(("print", "target"), "print-shop output is single trimmed pages in reading order; "
                                       f"the print shop imposes and folds them (this layout is {kind})",
                  "make a print-shop layout without imposition, e.g. extending a4 with page size A5")
    else:
        footer = data["footer"]
        if footer.get("show", True):
            descent = FOOTER_DESCENT * parse_length(footer["size"])
            if margins["bottom"] - descent < OFFICE_SAFE_EDGE - 0.01:
                error(("page", "margins", "bottom"), f"{page['margins']['bottom']} puts the footer's lowest letters "
                                                     f"{_mm(margins['bottom'] - descent)} from the paper edge; office "
                                                     f"printers leave {_mm(OFFICE_SAFE_EDGE)} unprinted",
                      f"make it at least {_mm(OFFICE_SAFE_EDGE + descent)} with a {footer['size']} footer")
    band = data.get("band")
    if band:
        band_h = parse_length(band["height"])
        if band_h > margins["top"] - 2:
            error(("band", "height"), f"{band['height']} reaches into the text, which starts "
                                      f"{page['margins']['top']} from the top (page.margins.top)",
                  "make the band shorter than the top margin")
        elif target != "print-shop" and band_h < OFFICE_SAFE_EDGE + 2:
            error(("band", "height"), f"{band['height']} is hidden: office printers leave "
                                      f"{_mm(OFFICE_SAFE_EDGE)} at the paper edge unprinted",
                  f"make it at least {_mm(OFFICE_SAFE_EDGE + 2)}, or print at a print shop")
    return len(diagnostics.errors) == errors_before


def _naive_cmyk(rgb) -> tuple:
    r, g, b = rgb
    k = 1 - max(r, g, b)
    if k >= 1:
        return 0, 0, 0, 1
    return tuple(round(v, 2) for v in ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k))
