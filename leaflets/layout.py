"""Layout definitions: merge `extends` chains and turn them into a frozen Layout."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import Diagnostics
from .schema import LAYOUT, Check, did_you_mean
from .sources import Document
from .units import paper_size, parse_colour, parse_length


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
    contact_position: str   # 'end' | 'start' | 'after:<section-id>'


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
    )
