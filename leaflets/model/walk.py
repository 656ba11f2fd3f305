"""The texts of a leaflet in reading order: one walk of the model for every stage that reads it.

walk(leaflet) yields a Text for each thing a reader reads as the leaflet's body:
the title block, each section's heading and blocks, the contact panel where the layout puts it,
and the disclaimer. (Not the references, the footer or the review line.) Each Text says what it
is, its inline nodes, where it is written and its section. lint scores the prose among them,
verify looks for them in the PDF and follows their citations, the tests compare them with the page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from leaflets.diagnostics import SourceLocation
from leaflets.model.nodes import (BulletList, Callout, Figure, Inline, Leaflet, Paragraph, QRCode, Section, Span, Steps,
                                  Subheading, TableBlock, plain_text)

# the kinds of running text (inline, may cite); the others are names, headings and numbers
PROSE = frozenset({"paragraph", "item", "step", "figure.caption", "table.cell", "contact.intro", "contact.purpose",
                   "contact.note", "disclaimer"})


@dataclass(frozen=True)
class Text:
    kind: str                       # title, subtitle, variant, heading, paragraph, item, step, subheading,
                                    # callout.title, figure.label, figure.caption, table.title, table.cell,
                                    # qr.url, qr.caption, contact.heading,
                                    # contact.intro, contact.name, contact.phone, contact.purpose,
                                    # contact.note, contact.write_in or disclaimer
    inline: Inline                  # its nodes (a plain string is one Span)
    source: SourceLocation | None   # where it is written, when the model knows
    section: Section | None = None  # the section it is in

    @property
    def text(self) -> str:
        """What a reader sees, without citation markers."""
        return plain_text(self.inline)

    @property
    def prose(self) -> bool:
        return self.kind in PROSE


def _plain(kind: str, text: str, source: SourceLocation | None = None, section: Section | None = None) -> Text:
    return Text(kind, (Span(text),) if text else (), source, section)


def walk(leaflet: Leaflet, contact_first: bool = False, contact_after: str = "") -> Iterator[Text]:
    """Every text in reading order; the contact panel before the sections (contact_first), after the
    section of id `contact_after`, or else after the sections (a layout's ContactPosition says which)."""
    yield _plain("title", leaflet.title)
    yield _plain("subtitle", leaflet.subtitle)
    yield _plain("variant", leaflet.variant_label)
    placed = contact_first
    if placed:
        yield from contact(leaflet)
    for section in leaflet.sections:
        yield from _section(section)
        if contact_after and section.id == contact_after and not placed:
            yield from contact(leaflet)
            placed = True
    if not placed:
        yield from contact(leaflet)
    yield Text("disclaimer", leaflet.disclaimer, None)


def _section(section: Section) -> Iterator[Text]:
    yield _plain("heading", section.heading, section.source, section)
    for block in section.blocks:
        yield from _block(block, section)


def _block(block, section: Section) -> Iterator[Text]:
    """A block's printed texts in reading order (a figure's alt text is not printed: tagging gives it)."""
    if isinstance(block, Paragraph):
        yield Text("paragraph", block.content, block.source, section)
    elif isinstance(block, (BulletList, Steps)):
        kind = "item" if isinstance(block, BulletList) else "step"
        for i, item in enumerate(block.items):
            yield Text(kind, item, block.sources[i] if i < len(block.sources) else None, section)
    elif isinstance(block, Subheading):
        yield _plain("subheading", block.text, block.source, section)
    elif isinstance(block, Callout):
        if block.title:
            yield _plain("callout.title", block.title, block.source, section)
        for inner in block.blocks:
            yield from _block(inner, section)
    elif isinstance(block, Figure):
        for label in block.labels:
            yield _plain("figure.label", label.text, block.source, section)
        if block.caption:
            yield Text("figure.caption", block.caption, block.source, section)
    elif isinstance(block, TableBlock):
        yield _plain("table.title", block.title, block.source, section)
        for row in (block.header,) + block.rows:
            for cell in row:
                yield Text("table.cell", cell, block.source, section)
    elif isinstance(block, QRCode):
        yield _plain("qr.url", block.url, block.source, section)
        if block.caption:
            yield _plain("qr.caption", block.caption, block.source, section)


def contact(leaflet: Leaflet) -> Iterator[Text]:
    """The contact panel's texts in the order it prints them."""
    panel = leaflet.contact
    yield _plain("contact.heading", panel.heading, panel.source)
    yield Text("contact.intro", panel.intro, panel.source)
    for entry in panel.entries:
        yield _plain("contact.name", entry.name, panel.source)
        yield _plain("contact.phone", entry.phone, panel.source)
        yield Text("contact.purpose", entry.purpose, panel.source)
    yield Text("contact.note", panel.note, panel.source)
    for label in panel.write_in:
        yield _plain("contact.write_in", label, panel.source)
