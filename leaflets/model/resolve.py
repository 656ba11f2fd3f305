"""Pick a variant of a validated content document and turn it into the model.

Citations are numbered here, in order of first citation within the variant;
evidence groups expand to the references listed for the variant.
"""
from __future__ import annotations

import datetime as _dt

from leaflets.inputs.clinics import Clinic
from leaflets.inputs.content import as_date, visible
from leaflets.model.blocks import Blocks as _Blocks
from leaflets.model.nodes import (CitationMark, ContactEntry, ContactPanel, Figure, Labels, Leaflet, Reference,
                                  Section, Span)
from leaflets.inputs.phones import parse_phone
from leaflets.inputs.sources import Document
from leaflets.model.inline import parse_inline


def format_reference(ref: dict) -> str:
    authors = ref["authors"]
    authors += "" if authors.endswith(".") else "."
    return f"{authors} {ref['title'].rstrip('.')}. {ref['journal']}. {ref['year']};{ref['volume']}:{ref['pages']}."


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December")


def format_date(value: _dt.date, locale: str, country: str = "") -> str:
    """A date in the locale's long form (CLDR, through Babel): "November 1, 2026" in English; with a
    country, in that country's form of the language where CLDR has one (en and GB: "1 November 2026")."""
    if country:
        from babel import Locale, UnknownLocaleError  # reason: Babel and its data, 20 ms, not for English

        regional = f"{locale.replace('-', '_')}_{country}"
        try:
            Locale.parse(regional)
            locale = regional
        except (UnknownLocaleError, ValueError):
            pass
    if locale == "en":
        # CLDR's English long date, "MMMM d, y", without importing Babel and loading its
        # data (about 20 ms of a cold English build); tests compare it with Babel's
        return f"{_ENGLISH_MONTHS[value.month - 1]} {value.day}, {value.year}"
    from babel.dates import format_date as babel_format_date  # reason: Babel and its data, 20 ms, not for English

    return babel_format_date(value, format="long", locale=locale.replace("-", "_"))


class _Numbering:
    def __init__(self, evidence: dict, variant: str):
        self.evidence = evidence
        self.variant = variant
        self.numbers: dict[str, int] = {}

    def inline(self, text: str):
        nodes = []
        for node in parse_inline(text):
            if isinstance(node, CitationMark):
                keys = []
                for key in node.keys:
                    keys.extend(self.evidence[key].get(self.variant, []) if key in self.evidence else [key])
                if not keys:  # an evidence group this variant has no references for
                    if nodes and isinstance(nodes[-1], Span):
                        nodes[-1] = Span(nodes[-1].text.rstrip(" "), nodes[-1].bold, nodes[-1].italic)
                    continue
                keys = list(dict.fromkeys(keys))
                for key in keys:
                    self.numbers.setdefault(key, len(self.numbers) + 1)
                node = CitationMark(tuple(keys), tuple(self.numbers[k] for k in keys))
            nodes.append(node)
        return _strip_space_before_marks(nodes)


def _strip_space_before_marks(nodes):
    """'pain [@a].' reads as 'pain¹.': drop the space before a marker and any left by a dropped one."""
    out = []
    for node in nodes:
        if isinstance(node, CitationMark) and out and isinstance(out[-1], Span):
            out[-1] = Span(out[-1].text.rstrip(" "), out[-1].bold, out[-1].italic)
        out.append(node)
    merged = []
    for node in out:
        if isinstance(node, Span) and merged and isinstance(merged[-1], Span) and \
                (merged[-1].bold, merged[-1].italic) == (node.bold, node.italic):
            merged[-1] = Span(merged[-1].text + node.text, node.bold, node.italic)
        elif not (isinstance(node, Span) and not node.text):
            merged.append(node)
    # a dropped marker can leave "mouth ." -> "mouth."
    for i in range(len(merged) - 1):
        a, b = merged[i], merged[i + 1]
        if isinstance(a, Span) and isinstance(b, Span) and a.text.endswith(" ") and b.text[:1] in ".,;:":
            merged[i] = Span(a.text.rstrip(" "), a.bold, a.italic)
    return tuple(merged)


def resolve(doc: Document, bibliography: dict, variant: str, images: dict | None = None,
            clinic: Clinic | None = None) -> Leaflet:
    """A validated content document -> the frozen model of one variant (for a clinic: its edition).
    `images`: file name -> Image, the leaflet's figures as loaded (inputs.images)."""
    data = doc.data
    number = _Numbering(data.get("evidence", {}), variant)
    sections = []
    for si, section in enumerate(data["sections"]):
        if not visible(section, variant):
            continue
        blocks = []
        for bi, block in enumerate(section["body"]):
            if visible(block, variant):
                node = _Blocks(doc, number, variant, images or {}).block(block, ("sections", si, "body", bi))
                if node is not None:
                    blocks.append(node)
        sections.append(Section(section["id"], section["heading"], tuple(blocks), doc.loc(("sections", si))))

    country = clinic.country if clinic else data.get("country", "US")
    contact = data["contact"]
    entries = clinic_entries(clinic, contact.get("write_in", ())) if clinic else []
    for entry in contact["entries"]:
        if not visible(entry, variant):
            continue
        printed, dial = parse_phone(entry["phone"], country, entry.get("letters"))
        entries.append(ContactEntry(entry["name"], printed, dial, number.inline(entry["purpose"])))
    panel = ContactPanel(contact["heading"], number.inline(contact.get("intro", "")), tuple(entries),
                         number.inline(contact.get("note", "")),
                         () if clinic else tuple(contact.get("write_in", ())), doc.loc(("contact",)))
    disclaimer = number.inline(data["disclaimer"])

    refs = bibliography["references"]
    references = tuple(Reference(n, key, format_reference(refs[key]))
                       for key, n in sorted(number.numbers.items(), key=lambda kv: kv[1]))
    locale = data["locale"]
    last, nxt = as_date(data["last_updated"]), as_date(data["next_review"])
    return Leaflet(
        leaflet=data["leaflet"], variant=variant, variant_label=data["variants"][variant]["label"],
        locale=locale, title=data["title"], subtitle=data.get("subtitle", ""),
        organisation=clinic.heading if clinic else data["organisation"], code=data["code"], version=str(data["version"]),
        last_updated=last, next_review=nxt,
        last_updated_text=format_date(last, locale, clinic.country if clinic else ""),
        next_review_text=format_date(nxt, locale, clinic.country if clinic else ""),
        sections=tuple(sections), contact=panel, disclaimer=disclaimer, references=references,
        labels=Labels(**data["labels"]),
        keywords=(data["leaflet"], variant, data["variants"][variant]["label"]),
        translation_status=data.get("translation", {}).get("status", ""),
        translated_from=data.get("translation", {}).get("of", ""),
        edition=clinic.name if clinic else "", logo=clinic.logo if clinic else None,
        clinic_lines=clinic_lines(clinic) if clinic else (), website=clinic.website if clinic else "",
        cover_figure=cover_figure(sections, data.get("cover", {}).get("figure", "")),
    )


def cover_figure(sections: list, name: str) -> Figure | None:
    """The variant's figure whose file is `name` (content cover.figure); None if it has none such."""
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Figure) and name and figure_file(block) == name:
                return block
    return None


def figure_file(figure: Figure) -> str:
    return figure.image.name.rsplit("/", 1)[-1]


def clinic_entries(clinic: Clinic, write_in) -> list[ContactEntry]:
    """The clinic's numbers, care team first, in its country's form. The care team's name, unless the clinic
    gives one, is the leaflet's own label for it (its first write-in line, "Your care team:")."""
    care_team = write_in[0].rstrip(" :\uff1a") if write_in else clinic.name
    entries = []
    for phone in clinic.phones:
        printed, dial = parse_phone(phone.number, clinic.country)
        name = phone.label or (care_team if phone.kind == "care-team" else clinic.name)
        entries.append(ContactEntry(name, printed, dial, (Span(phone.hours),) if phone.hours else ()))
    return entries


def clinic_lines(clinic: Clinic) -> tuple[str, ...]:
    """What the cover says of the clinic under its name: its address on one line, then its email and its
    website each on a line of its own, so that neither is broken unless it is longer than the line
    (plain text, printed as written)."""
    return tuple(line for line in (", ".join(clinic.address), clinic.email, clinic.website) if line)
