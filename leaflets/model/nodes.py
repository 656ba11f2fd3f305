"""The frozen document tree: what a leaflet says, with no notion of paper.

Every node that came from a file keeps its SourceLocation so later stages
(font coverage, lint, verify) can point back at the author's text.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from leaflets.diagnostics import SourceLocation

_NOWHERE = SourceLocation("")


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class CitationMark:
    keys: tuple[str, ...]
    numbers: tuple[int, ...] = ()


Inline = tuple  # tuple[Span | Link | CitationMark, ...]


def plain_text(inline: Inline) -> str:
    """What a reader sees, without citation markers."""
    return "".join(n.text for n in inline if not isinstance(n, CitationMark))


@dataclass(frozen=True)
class Paragraph:
    content: Inline
    source: SourceLocation = _NOWHERE


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]
    sources: tuple[SourceLocation, ...] = ()


@dataclass(frozen=True)
class Callout:
    """A box that stands out: kind info, warning or urgent; never split across pages or panels."""
    kind: str
    title: str
    blocks: tuple  # Paragraph | BulletList
    source: SourceLocation = _NOWHERE


@dataclass(frozen=True)
class Steps:
    """Numbered steps; numbers are as printed, in the locale's digits ("1.", "١.")."""
    items: tuple[Inline, ...]
    numbers: tuple[str, ...]
    sources: tuple[SourceLocation, ...] = ()


@dataclass(frozen=True)
class Subheading:
    text: str
    source: SourceLocation = _NOWHERE


@dataclass(frozen=True)
class FigureLabel:
    text: str
    x: float        # share of the image's width from its left edge
    y: float        # share of its height from the top


@dataclass(frozen=True)
class Image:
    """An image file's bytes as loaded and checked (inputs.images)."""
    name: str       # its path as the author sees it, e.g. content/drug-pump/images/pump.svg
    format: str     # svg | png | jpeg
    data: bytes
    width: float    # pixels (raster) or user units (SVG): gives the aspect ratio
    height: float
    colour: str = "vector"   # rgb | cmyk | grey (raster) | vector (SVG)


@dataclass(frozen=True)
class Figure:
    image: Image
    alt: str
    caption: Inline
    width: float                     # share of the text column, 0 to 1
    labels: tuple[FigureLabel, ...] = ()
    source: SourceLocation = _NOWHERE


@dataclass(frozen=True)
class TableBlock:
    title: str
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    source: SourceLocation = _NOWHERE


@dataclass(frozen=True)
class QRCode:
    url: str
    caption: str = ""
    source: SourceLocation = _NOWHERE


Block = Paragraph | BulletList | Callout | Steps | Subheading | Figure | TableBlock | QRCode


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    blocks: tuple[Block, ...]
    source: SourceLocation = _NOWHERE


@dataclass(frozen=True)
class ContactEntry:
    name: str
    phone: str          # as printed, e.g. "(888) 430-PAIN (7246)"
    dial: str           # E.164, e.g. "+18884307246", for tel: links
    purpose: Inline


@dataclass(frozen=True)
class ContactPanel:
    heading: str
    intro: Inline
    entries: tuple[ContactEntry, ...]
    note: Inline
    write_in: tuple[str, ...] = ()
    source: SourceLocation = _NOWHERE


@dataclass(frozen=True)
class Reference:
    number: int
    key: str
    text: str


@dataclass(frozen=True)
class Labels:
    page: str
    references: str
    last_updated: str
    next_review: str
    code: str
    version: str
    contents: str
    draft: str = ""
    notes: str = ""      # heading of a page for the reader's notes (a booklet's spare pages)
    patient_information: str = ""    # the cover's label above the title


@dataclass(frozen=True)
class Leaflet:
    leaflet: str
    variant: str
    variant_label: str
    locale: str
    title: str
    subtitle: str
    organisation: str
    code: str
    version: str
    last_updated: _dt.date
    next_review: _dt.date
    last_updated_text: str
    next_review_text: str
    sections: tuple[Section, ...]
    contact: ContactPanel
    disclaimer: Inline
    references: tuple[Reference, ...]
    labels: Labels
    keywords: tuple[str, ...] = field(default_factory=tuple)
    translation_status: str = ""   # "" for a source text, else draft or reviewed
    translated_from: str = ""
    edition: str = ""              # a clinic edition: the clinic's name (footer); "" for the generic one
    clinic_lines: tuple[str, ...] = ()   # a clinic edition: its address, email and website, under its name
    logo: object = None            # a clinic edition: its inputs.logos.Logo, if it has one
    website: str = ""              # a clinic edition: its web page, printed as a QR code where there is room
    cover_figure: Figure | None = None   # content cover.figure: the body's Figure a layout may draw on the cover

    @property
    def draft_notice(self) -> str:
        """What a draft translation prints to say no person has reviewed it; "" otherwise."""
        return self.labels.draft if self.translation_status == "draft" else ""

    @property
    def references_by_number(self) -> dict[int, Reference]:
        return {r.number: r for r in self.references}
