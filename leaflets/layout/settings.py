"""Layout definitions: merge `extends` chains and turn them into a frozen Layout."""
from __future__ import annotations

from dataclasses import dataclass, replace

from leaflets.diagnostics import Diagnostics
from leaflets.inputs.schema import Check, did_you_mean
from leaflets.inputs.schemas import LAYOUT
from leaflets.inputs.locales import script
from leaflets.inputs.sources import Document
from leaflets.inputs.units import paper_size, parse_colour, parse_length


@dataclass(frozen=True)
class ContactPosition:
    """Where the contact panel goes: layout `contact_panel.position`, parsed once."""

    kind: str           # 'end' | 'start' | 'back' | 'after'
    section: str = ""   # the id of the section it follows ('after' only)

    @classmethod
    def parse(cls, text: str) -> "ContactPosition":
        if text.startswith("after:"):
            return cls("after", text[len("after:"):])
        return cls(text)

    def follows(self, section_id: str) -> bool:
        return self.kind == "after" and self.section == section_id

    def __str__(self) -> str:
        return f"after:{self.section}" if self.kind == "after" else self.kind


END = ContactPosition("end")

MARKER_SIZE = 0.62     # citation markers at 62% of the text: small enough to read as markers, large enough to read
MIN_MARKER = 7.0       # pt: no citation marker smaller (a tri-fold's 11pt text would give 6.8pt)
MARKER_RISE = 0.38     # raised by this share of the text size: the marker's top stays below the line above's descenders
SHORT_LIST = 8   # items: a list this short is kept on the page of the paragraph that closes it


@dataclass(frozen=True)
class BlockLook:
    """Layout `blocks:`, in points."""

    callout_border: float = 1.5
    callout_padding: float = 8.0
    table_rule_width: float = 0.75
    table_padding: float = 4.0
    figure_space: float = 8.0
    figure_max_height: float = 2000.0
    qr_size: float = 72.0


@dataclass(frozen=True)
class OutputIntent:
    """Layout `print.output_intent` (PDF/X-4); the profile's bytes are read by the project loader."""

    profile: str            # a file in profiles/
    condition: str          # OutputConditionIdentifier, e.g. FOGRA39
    info: str = ""
    data: bytes = b""


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
    contact_position: ContactPosition
    # Print layouts (issue 5); the defaults are a plain office handout.
    show_footer: bool = True
    footer_on_covers: bool = True     # False: the front and back covers carry no footer (a booklet)
    page_number_side: str = "start"   # 'start' | 'outside' (the outer edge of facing pages)
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
    band_text: str = "none"           # 'none' | 'organisation'
    min_text_size: float = 0.0        # tri-fold: shrink the type down to this to fit the panels (0: fixed)
    max_text_size: float = 0.0        # tri-fold: grow the type up to this to fill the panels (0: fixed)
    blocks: BlockLook = BlockLook()
    marker_size: float = MARKER_SIZE  # citation markers, as a share of the text size they sit in
    output_intent: OutputIntent | None = None   # print shop: PDF/X-4
    display_colours: tuple = ()       # print shop: colours text may have besides 100% K (keys of `colours`)
    body_size_deltas: tuple = ()      # (script, points) pairs: layout `scripts.<code>.body_size_delta`
    measure: tuple = ()               # (fewest, most) characters per full body line that verify allows
    cover_figure: bool = False        # the content's cover figure drawn on the cover (layout cover.figure)
    cover_figure_height: float = 0.0  # the tallest it is drawn (0: blocks.figure_max_height)

    @property
    def print_shop(self) -> bool:
        return self.print_target == "print-shop"

    @property
    def imposed(self) -> bool:
        return self.imposition != "none"

    @property
    def cover_help(self) -> bool:
        """The help strip on the cover (typeset.cover): where the contact panel comes after the text, pages
        on (a handout's); not where it opens the text, nor on a back page or panel of its own."""
        return self.contact_position.kind in ("end", "after")


def for_locale(layout: Layout, locale: str) -> Layout:
    """The layout as it sets a leaflet in `locale`: body text larger by its script's body_size_delta (and
    a tri-fold's fitting range with it)."""
    delta = dict(layout.body_size_deltas).get(script(locale), 0.0)
    if not delta:
        return layout
    return replace(layout, text_size=layout.text_size + delta,
                   min_text_size=layout.min_text_size and layout.min_text_size + delta,
                   max_text_size=layout.max_text_size and layout.max_text_size + delta)


def _deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def extends_chain(name: str, docs: dict[str, Document]) -> list[tuple[str, Document]]:
    """(name, Document) of the layout and each one it extends, from the layout to its base.

    The walk stops before a name that is not in docs or that it has met already
    (`merged` reports those); the one place that follows `extends`.
    """
    chain: list[tuple[str, Document]] = []
    current = name
    while current in docs and all(current != seen for seen, _ in chain):
        chain.append((current, docs[current]))
        current = docs[current].data.get("extends")
    return chain


def merged(name: str, docs: dict[str, Document], diagnostics: Diagnostics, broken=frozenset()) -> dict | None:
    """The layout's settings with everything it extends folded in; None if the chain is broken."""
    chain = extends_chain(name, docs)
    last_doc = chain[-1][1]
    parent = last_doc.data.get("extends")
    names = [part for part, _ in chain]
    if parent in names:
        diagnostics.error(docs[parent].loc(("extends",)), "extends",
                          f"layouts extend each other in a circle: {' -> '.join(names + [parent])}",
                          code="layout-extends-circle")
        return None
    if parent in broken:
        return None  # its own problems are reported already
    if parent is not None:
        diagnostics.error(last_doc.loc(("extends",)), "extends", f"unknown layout {parent!r}",
                          did_you_mean(parent, docs) or f"known layouts: {', '.join(sorted(docs))}",
                          code="layout-extends-unknown")
        return None
    data: dict = {}
    for _, doc in reversed(chain):
        data = _deep_merge(data, doc.data)
    data.pop("extends", None)
    return data


def defining_doc(name: str, docs: dict[str, Document], path: tuple) -> Document:
    """The file in a layout's `extends` chain that sets the value at path."""
    for _, doc in extends_chain(name, docs):
        node = doc.data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            return doc
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
        contact_position=ContactPosition.parse(data["contact_panel"]["position"]),
        blocks=BlockLook(**{k: parse_length(v) for k, v in data["blocks"].items()}),
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
        "footer_on_covers": data["footer"].get("covers", True),
        "page_number_side": data["footer"].get("page_number", "start"),
        "imposition": style,
        "fold_in_narrower": parse_length(imposition.get("fold_in_narrower", 0)) or 0.0,
        "duplex": imposition.get("duplex", "short-edge"),
        "print_target": out.get("target", "office"),
        "min_text_size": parse_length(data["text"].get("min_size", 0)) or 0.0,
        "max_text_size": parse_length(data["text"].get("max_size", 0)) or 0.0,
        "marker_size": float(data["references"].get("marker_size", MARKER_SIZE)),
        "body_size_deltas": tuple(sorted((code, parse_length(s["body_size_delta"]))
                                         for code, s in (data.get("scripts") or {}).items() if "body_size_delta" in s)),
        "measure": (data["measure"]["min"], data["measure"]["max"]) if "measure" in data else (),
        "cover_figure": (data.get("cover") or {}).get("figure", False),
        "cover_figure_height": parse_length((data.get("cover") or {}).get("figure_max_height", 0)) or 0.0,
    }
    if style == "saddle-stitch" and "sheet" in imposition:
        settings["sheet_width"], settings["sheet_height"] = paper_size(imposition["sheet"], "landscape")
    if settings["print_target"] == "print-shop":
        settings["bleed"] = parse_length(out.get("bleed", DEFAULT_BLEED))
        settings["crop_marks"] = out.get("crop_marks", True)
        settings["display_colours"] = tuple(out.get("display_colours", ()))
        intent = out.get("output_intent")
        if intent:
            settings["output_intent"] = OutputIntent(intent["profile"], intent["condition"], intent.get("info", ""))
    if band:
        settings.update(band_height=parse_length(band["height"]), band_colour=band["colour"],
                        band_pages=band.get("pages", "first"), band_text=band.get("text", "none"))
    return settings
