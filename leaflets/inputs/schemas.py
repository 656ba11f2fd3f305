"""The schemas of the project's inputs: content, translation, bibliography, layout and fonts.

Declared with the types of leaflets.inputs.schema, which validate them and export them
as JSON Schema (`generate.py schemas`).
"""
from __future__ import annotations

from dataclasses import dataclass

from leaflets.inputs.schema import (
    OUT_OF_RANGE, Boolean, Choice, Colour, Date, Either, Enum, Field, Ident, Integer, Length, ListOf, MapOf, Number,
    OneOrMany, PaperSize, Struct, Text, json_document, partial)
from leaflets.inputs.blocks import CALLOUT_KINDS
from leaflets.inputs.locales import SCRIPTS
from leaflets.inputs.units import in_unit, parse_length, unit_of
from leaflets.inputs.clinics import CLINIC


ONLY = OneOrMany(Ident(), "Variant(s) this part belongs to; without it, the part is in every variant")

INLINE = Text("Text. Inline syntax: **bold**, *italic*, [@key] citations, [text](https://...) links")

BULLET = Either(INLINE, Struct({"text": Field(INLINE, True), "only": Field(ONLY)}), "A bullet point")

PARAGRAPH = Struct({"paragraph": Field(INLINE, True), "only": Field(ONLY)}, "A paragraph")
BULLETS = Struct({"bullets": Field(ListOf(BULLET, min_items=1), True), "only": Field(ONLY)}, "A bulleted list")
PLAIN_BULLETS = Struct({"bullets": Field(ListOf(INLINE, min_items=1), True)}, "A bulleted list")

_PERCENT = r"^(100|[1-9]?[0-9])%$"
_IMAGE = r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.(svg|png|jpe?g)$"
_URL = Text("The address the QR code opens, starting with https:// (or http://)", max_length=300,
            pattern=r"^https?://[^\s/$.?#][^\s]*$",
            pattern_hint="write a web address that starts with https://, e.g. https://example.org/leaflet")


@dataclass
class Rows(ListOf):
    """A table's rows: each a list of cells, as many as the header has."""

    def validate(self, value, path, check):
        if not super().validate(value, path, check):
            return False
        header = check.doc.data
        for part in path[:-1]:
            header = header[part]
        header = header.get("header") if isinstance(header, dict) else None
        if not isinstance(header, list):
            return True
        ok = True
        for r, row in enumerate(value):
            if len(row) != len(header):
                check.error(path + (r,), f"row {r + 1} has {len(row)} cell{'s' if len(row) != 1 else ''} where the "
                                         f"header has {len(header)}",
                            "give every row one cell per column (an empty cell is written \"-\")",
                            code="table-row-cells")
                ok = False
        return ok


def _blocks(words_only: bool) -> dict:
    """The block types; a translation's (words_only) leaves out what comes from the source."""
    label = {"text": Field(Text(max_length=80), True)}
    if not words_only:
        label |= {"x": Field(Text("From the left edge of the image, e.g. 62%", max_length=4, pattern=_PERCENT,
                                  pattern_hint="a share of the image's width, e.g. 62%"), True),
                  "y": Field(Text("From the top edge of the image, e.g. 40%", max_length=4, pattern=_PERCENT,
                                  pattern_hint="a share of the image's height, e.g. 40%"), True)}
    figure = {
        "figure": Field(Text("An image file under content/<leaflet>/images/: .svg (drawn as vectors), .png or "
                             ".jpg", max_length=120, pattern=_IMAGE,
                             pattern_hint="name a .svg, .png or .jpg file in the leaflet's images/ folder, "
                                          "e.g. pump.svg"), True),
        "alt": Field(Text("What the image shows, in words, for readers who cannot see it (screen readers)",
                          max_length=500), True),
        "caption": Field(INLINE),
        "labels": Field(ListOf(Struct(label, "A word printed on the image, in the leaflet's fonts"),
                               description="Words printed on the image at a point (translated like any text)")),
        "only": Field(ONLY),
    }
    if not words_only:
        figure["width"] = Field(Text("How wide, as a share of the text column (default 100%)", max_length=4,
                                     pattern=r"^(100|[1-9][0-9])%$", pattern_hint="10% to 100%, e.g. 60%"))
    return {
        "paragraph": PARAGRAPH,
        "bullets": BULLETS,
        "callout": Struct({
            "callout": Field(Enum(CALLOUT_KINDS, "info: good to know; warning: take care; urgent: act now"), True),
            "title": Field(Text(max_length=120)),
            "body": Field(ListOf(Choice({"paragraph": Struct({"paragraph": Field(INLINE, True)}, "A paragraph"),
                                         "bullets": PLAIN_BULLETS}, "A block of the callout"), min_items=1), True),
            "only": Field(ONLY),
        }, "A box that stands out: a key point, a warning or what to do straight away; never split"),
        "steps": Struct({"steps": Field(ListOf(BULLET, min_items=1), True), "only": Field(ONLY)},
                        "Numbered steps, in order"),
        "subheading": Struct({"subheading": Field(Text(max_length=200), True), "only": Field(ONLY)},
                             "A heading inside a section"),
        "figure": Struct(figure, "An image with alt text; never split"),
        "table": Struct({
            "header": Field(ListOf(INLINE, min_items=1, max_items=6), True),
            "rows": Field(Rows(ListOf(INLINE, min_items=1), min_items=1), True),
            "table": Field(Text("The table's title, printed above it, e.g. 'Who to call'", max_length=200), True),
            "only": Field(ONLY),
        }, "A small table: a header row and rows of text, one cell per column"),
        "qr": Struct({"qr": Field(_URL, True), "caption": Field(Text(max_length=120)), "only": Field(ONLY)},
                     "A QR code that opens a web address, printed beside it"),
    }


BLOCK = Choice(_blocks(False), "A block of the section body")

SECTION = Struct({
    "id": Field(Ident("Stable id of the section (used by translations and layouts)"), True),
    "heading": Field(Text(max_length=200), True),
    "only": Field(ONLY),
    "body": Field(ListOf(BLOCK, min_items=1), True),
}, "A section with a heading")

CONTACT_ENTRY = Struct({
    "name": Field(Text(max_length=120), True),
    "phone": Field(Text("Phone number in international form, e.g. '+1 800 510 6735', or in national form "
                        "(020 7946 0000) when the leaflet gives its `country`", max_length=40,
                        pattern=r"^(\+[0-9]|[0-9(])[0-9 ()-]{6,}$",
                        pattern_hint="write it in international form starting with +, e.g. '+1 800 510 6735'"), True),
    "letters": Field(Text("The number as letters, shown beside the digits, e.g. '(888) 430-PAIN'", max_length=40)),
    "purpose": Field(INLINE, True),
    "only": Field(ONLY),
})

LABELS = Struct({name: Field(Text(max_length=120), True) for name in
                 ("page", "references", "last_updated", "next_review", "code", "version", "contents")}
                | {"draft": Field(Text("Printed on a translation that no person has reviewed yet", max_length=160)),
                   "notes": Field(Text("Heading of the page for the reader's notes and questions that a "
                                       "booklet's spare pages become", max_length=120)),
                   "patient_information": Field(Text("The cover's label above the title, e.g. 'Patient "
                                                     "information'", max_length=60))},
                "Words the layout prints around the content, in the leaflet's language")

QUALITY = Struct({
    "max_grade": Field(Number("Highest reading grade: English Flesch-Kincaid, German Wiener Sachtextformel "
                              "(default 8)", minimum=1, maximum=20)),
    "min_ease": Field(Number("Lowest reading ease: Spanish Szigriszt-Pazos on the INFLESZ scale (default 55)",
                             minimum=0, maximum=100)),
    "max_average_sentence": Field(Number("Most words per sentence on average (default 20)", minimum=5, maximum=60)),
    "max_sentence": Field(Integer("Most words in any one sentence (default 25)", minimum=5, maximum=200)),
    "min_body_size": Field(Length("Smallest body text allowed (default 12pt, 16pt for large print)",
                                  minimum=6.0, maximum=40.0)),
    "large_print": Field(Enum((True, False), "A large-print layout: body text at least 16pt")),
    "min_contrast": Field(Number("Lowest contrast of text against its background (default 4.5, WCAG 2.1 AA)",
                                 minimum=1, maximum=21)),
    "max_pages": Field(Integer("Most pages a PDF may have (default 8)", minimum=1, maximum=500)),
    "max_file_size": Field(Text("Largest PDF allowed, e.g. '1.5MB' or '800KB' (default 1.5MB)", max_length=20,
                                pattern=r"^\s*\d+(\.\d+)?\s*(KB|MB|kB)\s*$",
                                pattern_hint="write e.g. 1.5MB or 800KB")),
    "safe_edge": Field(Length("Text must stay this far inside the page (or trim) edge (default 6.35mm)",
                              minimum=0.0, maximum=150.0)),
    "review_warning_days": Field(Integer("Warn this many days before the next-review date (default 60)",
                                         minimum=0, maximum=3650)),
}, "Thresholds for `generate.py verify`; a leaflet's settings win over its layout's")

CONTENT = Struct({
    "leaflet": Field(Ident("Id of the leaflet; the folder under content/"), True),
    "locale": Field(Text("Language tag, e.g. en, es, zh-Hans", max_length=20,
                         pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", pattern_hint="e.g. en, es, zh-Hans"), True),
    "title": Field(Text(max_length=120), True),
    "subtitle": Field(Text(max_length=200)),
    "organisation": Field(Text("Who publishes the leaflet (the PDF's author)", max_length=120), True),
    "code": Field(Text("Leaflet code, e.g. DP-01", max_length=30), True),
    "version": Field(Text("Version, in quotes, e.g. '1.0'", max_length=20), True),
    "last_updated": Field(Date(), True),
    "next_review": Field(Date(), True),
    "variants": Field(MapOf(Struct({"label": Field(Text(max_length=120), True)}), min_items=1), True),
    "country": Field(Text("Two-letter country the leaflet is for (phone numbers are printed in its form)",
                          max_length=2, pattern=r"^[A-Z]{2}$", pattern_hint="e.g. US, GB, ES")),
    "evidence": Field(MapOf(MapOf(ListOf(Text(max_length=60), min_items=1)),
                            "Citation groups: [@group] cites, in each variant, the references listed for it")),
    "labels": Field(LABELS, True),
    "sections": Field(ListOf(SECTION, min_items=1), True),
    "contact": Field(Struct({
        "heading": Field(Text(max_length=120), True),
        "intro": Field(INLINE),
        "entries": Field(ListOf(CONTACT_ENTRY, min_items=1), True),
        "note": Field(INLINE),
        "write_in": Field(ListOf(Text(max_length=60), max_items=6,
                                 description="Labels printed with a line to write on, e.g. 'Your care team:'")),
    }), True),
    "disclaimer": Field(INLINE, True),
    "cover": Field(Struct({
        "figure": Field(Text("The image file of one of the body's figures, e.g. pump.svg: a layout whose cover "
                             "shows a figure (layout cover.figure: true) draws it there, with its alt text and "
                             "labels, in place of in the text", max_length=120, pattern=_IMAGE,
                             pattern_hint="name the file of a figure in the sections, e.g. pump.svg"), True),
    }, "What the cover shows besides the title (translations take the source's)")),
    "quality": Field(QUALITY),
    "layouts": Field(ListOf(Ident("The name of a layout: layouts/<name>.yaml"), min_items=1,
                            description="The layouts this leaflet is built in (default: every layout); "
                                        "translations are built in their source's")),
}, "A leaflet's words in one language")

_LOCALE = Text("Language tag, e.g. en, es, zh-Hans", max_length=20,
              pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", pattern_hint="e.g. en, es, zh-Hans")

TRANSLATION = Struct({
    "leaflet": Field(Ident("Id of the leaflet; the folder under content/"), True),
    "locale": Field(_LOCALE, True),
    "translation": Field(Struct({
        "of": Field(_LOCALE, True),
        "status": Field(Enum(("draft", "reviewed"), "draft until a person has reviewed the translation"), True),
        "reviewed_by": Field(Text("Who reviewed it (required once status is reviewed)", max_length=120)),
        "reviewed_on": Field(Date()),
        "sources": Field(MapOf(Text(pattern=r"^[0-9a-f]{12}$", pattern_hint="12 hex digits, as `check` prints them"),
                               "Fingerprint of each part of the source this translates: front, contact, "
                               "and each section id")),
    }, "Which source this translates, and how far it has been checked"), True),
    "title": Field(Text(max_length=120), True),
    "subtitle": Field(Text(max_length=200)),
    "organisation": Field(Text(max_length=120), True),
    "variants": Field(MapOf(Struct({"label": Field(Text(max_length=120), True)}), min_items=1), True),
    "labels": Field(LABELS, True),
    "sections": Field(ListOf(Struct({
        "id": Field(Ident("The id of the source section this translates"), True),
        "heading": Field(Text(max_length=200), True),
        "only": Field(ONLY),
        "body": Field(ListOf(Choice(_blocks(True), "The translation of the source's block at the same place"),
                             min_items=1), True),
    }, "A section, in the source's order"), min_items=1), True),
    "contact": Field(Struct({
        "heading": Field(Text(max_length=120), True),
        "intro": Field(INLINE),
        "entries": Field(ListOf(Struct({
            "name": Field(Text(max_length=120), True),
            "purpose": Field(INLINE, True),
        }), min_items=1, description="Names and purposes, in the source's order; numbers come from the source"), True),
        "note": Field(INLINE),
        "write_in": Field(ListOf(Text(max_length=60), max_items=6)),
    }), True),
    "disclaimer": Field(INLINE, True),
}, "A leaflet's words in another language, mirroring its source block for block")

REFERENCE = Struct({
    "authors": Field(Text(max_length=500), True),
    "title": Field(Text(max_length=500), True),
    "journal": Field(Text(max_length=200), True),
    "year": Field(Integer(minimum=1800, maximum=2200), True),
    "volume": Field(Text(max_length=20), True),
    "pages": Field(Text(max_length=40), True),
})

BIBLIOGRAPHY = Struct({
    "references": Field(MapOf(REFERENCE, key_pattern=r"^[a-z][a-z0-9-]*[0-9]{4}[a-z]?$",
                              key_hint="use first author and year, e.g. 'deer2004'"), True),
}, "Every reference the leaflets may cite")

@dataclass
class Margin(Length):
    """A page margin: one too small is told the least that office printers print."""

    def validate(self, value, path, check):
        pt = parse_length(value)
        if pt is not None and pt < self.minimum and not isinstance(value, (int, float)):
            unit = unit_of(value)
            check.error(path, f"{value} is out of range ({in_unit(self.minimum, unit)} to "
                              f"{in_unit(self.maximum, unit)})",
                        f"at least {in_unit(self.minimum, unit)}: office printers leave that much unprinted",
                        code=OUT_OF_RANGE)
            return False
        return super().validate(value, path, check)


_MARGINS = Struct({side: Field(Margin(minimum=18.0, maximum=150.0), True)
                   for side in ("top", "right", "bottom", "left")},
                  "Page margins (of each panel in a tri-fold; from the trim edge in a print-shop layout); "
                  "at least 18pt (6.35mm) so office printers print everything")

# Body text: 12pt and up. A folded layout (tri-fold) may go down to 10pt, the only
# way the whole leaflet, safety information included, fits its six panels; that
# rule needs the merged layout and is checked in layout.check_rules.
BODY_MIN = 12.0
FOLDED_BODY_MIN = 10.0
LARGE_PRINT_MIN = 16.0


@dataclass
class BodySize(Length):
    """A body text size: the range message names both limits (folded layouts may go smaller)."""

    def validate(self, value, path, check):
        pt = parse_length(value)
        if pt is not None and not self.minimum <= pt <= self.maximum and not isinstance(value, (int, float)):
            unit = unit_of(value)
            check.error(path, f"{value} is out of range ({in_unit(BODY_MIN, unit)} to {in_unit(self.maximum, unit)}; "
                              f"{in_unit(self.minimum, unit)} in a folded layout)", code=OUT_OF_RANGE)
            return False
        return super().validate(value, path, check)


COLOUR_NAMES = ("text", "headings", "muted", "rule", "panel_background", "panel_border", "link",
                "info_background", "info_accent", "warning_background", "warning_accent",
                "urgent_background", "urgent_accent", "table_header", "table_rule")

BLOCKS = Struct({
    "callout_border": Field(Length("Width of a callout's border; its start side is three times as wide",
                                   minimum=0.25, maximum=12.0), True),
    "callout_padding": Field(Length("Room between a callout's border and its text", minimum=2.0, maximum=40.0),
                             True),
    "table_rule_width": Field(Length("Width of a table's rules", minimum=0.25, maximum=4.0), True),
    "table_padding": Field(Length("Room around the text of each table cell", minimum=1.0, maximum=24.0), True),
    "figure_space": Field(Length("Room above and below a figure", minimum=0.0, maximum=72.0), True),
    "figure_max_height": Field(Length("The tallest a figure is drawn (image only, without its caption); a "
                                      "taller one is drawn narrower, keeping its proportions (tri-fold panels "
                                      "have little room)", minimum=36.0, maximum=2000.0), True),
    "qr_size": Field(Length("Side of a QR code, quiet zone included (at least 20mm: phones read it at arm's "
                            "length)", minimum=56.69, maximum=283.5), True),
}, "The look of callouts, tables, figures and QR codes; their colours are under colours: (info_, warning_, "
   "urgent_background and _accent, table_header and table_rule)")

LAYOUT_FIELDS = {
    "extends": Field(Ident("Another layout whose settings this one starts from")),
    "abstract": Field(Boolean("A base for other layouts, not built itself")),
    "description": Field(Text(max_length=300)),
    "page": Field(Struct({
        "size": Field(PaperSize(), True),
        "orientation": Field(Enum(("portrait", "landscape"))),
        "margins": Field(_MARGINS, True),
    }), True),
    "fonts": Field(Struct({
        "body": Field(Text("A font family from fonts/fonts.yaml", max_length=80), True),
        "headings": Field(Text("A font family from fonts/fonts.yaml", max_length=80), True),
    }), True),
    "colours": Field(Struct({name: Field(Colour(), True) for name in COLOUR_NAMES},
                            "Colours as '#rrggbb' or 'cmyk(c, m, y, k)'; a print-shop layout needs CMYK. A callout's "
                            "title and border are in its kind's accent colour, on its background"), True),
    "blocks": Field(BLOCKS, True),
    "text": Field(Struct({
        "size": Field(BodySize("Body text size; at least 12pt (10pt in a folded layout such as a tri-fold, "
                               "16pt in a large-print layout)", minimum=FOLDED_BODY_MIN, maximum=40.0), True),
        "min_size": Field(BodySize("Tri-fold only: if the text does not fit the panels at `size`, it is set "
                                   "smaller, 0.5pt at a time, down to this (headings and spacing shrink with "
                                   "it); still too long at this size is an error. Without it the size is fixed",
                                   minimum=FOLDED_BODY_MIN, maximum=40.0)),
        "max_size": Field(BodySize("Tri-fold only: if the text at `size` ends before the last text panel, it "
                                   "is set larger, 0.5pt at a time, up to this, so a short text (or "
                                   "translation) fills its panels in larger type. Without it the size is fixed",
                                   minimum=FOLDED_BODY_MIN, maximum=40.0)),
        "leading": Field(Number("Line height as a multiple of the size", minimum=1.0, maximum=2.5), True),
        "paragraph_space": Field(Length(maximum=60.0), True),
    }), True),
    "title": Field(Struct({
        "size": Field(Length(minimum=14.0, maximum=72.0), True),
        "subtitle_size": Field(Length(minimum=12.0, maximum=48.0), True),
    }), True),
    "headings": Field(Struct({
        "size": Field(Length(minimum=12.0, maximum=48.0), True),
        "space_before": Field(Length(maximum=72.0), True),
        "space_after": Field(Length(maximum=72.0), True),
    }), True),
    "references": Field(Struct({
        "placement": Field(Enum(("footnotes", "endnotes")), True),
        "size": Field(Length(minimum=7.0, maximum=24.0), True),
        "rule_length": Field(Length(minimum=10.0, maximum=600.0), True),
        "marker_size": Field(Number("Citation markers' size as a share of the text's (default 0.62: 60-65% reads "
                                    "as a marker and stays clear of the line above; large print: 1, every "
                                    "character at least 16pt)", minimum=0.5, maximum=1.0)),
    }), True),
    "footer": Field(Struct({
        "size": Field(Length(minimum=7.0, maximum=24.0), True),
        "show": Field(Boolean("Print the footer (page X of Y and the leaflet's title) on every page; "
                              "default true. Tri-fold panels leave it out.")),
        "covers": Field(Boolean("Print the footer on the front and back covers too; default true. A booklet's "
                                "covers carry none.")),
        "page_number": Field(Enum(("start", "outside"), "Where the page number goes: at the start side of the "
                                  "line (default), or on the outer edge of the page, mirrored on facing pages "
                                  "(a booklet: right on right-hand pages, left on left-hand ones; mirrored for "
                                  "right-to-left)")),
    }), True),
    "contact_panel": Field(Struct({
        "position": Field(Text("'end', 'start', 'after:<section-id>', or 'back': with the closing lines on "
                               "the back panel of a tri-fold or the back cover of a booklet", max_length=80,
                               pattern=r"^(end|start|back|after:[a-z0-9]+(?:-[a-z0-9]+)*)$",
                               pattern_hint="write 'end', 'start', 'back' or 'after:' followed by a section id"),
                          True),
    }), True),
    "imposition": Field(Struct({
        "style": Field(Enum(("none", "trifold", "saddle-stitch"),
                            "How pages go onto paper. 'none': one page per sheet side. 'trifold': `page` is "
                            "the flat landscape sheet, folded into six panels (outside: fold-in, back, cover; "
                            "inside: panels 2, 3, 4), each with the page margins. 'saddle-stitch': `page` is "
                            "the booklet page, two to a side of `sheet`, in folding order"), True),
        "fold_in_narrower": Field(Length("Tri-fold: how much narrower the panel that folds in is, so it tucks in "
                                         "without buckling (1/16in = 0.0625in on Letter, 2mm on A4)",
                                         minimum=0.0, maximum=36.0)),
        "sheet": Field(PaperSize("Saddle-stitch: the paper the booklet is printed on, landscape, two pages "
                                 "side by side (A4 for A5 pages)")),
        "duplex": Field(Enum(("short-edge", "long-edge"),
                             "How the printer turns the sheet over for the back side. 'short-edge' (default, "
                             "what tri-folds and booklets need): back sides are printed as they are; "
                             "'long-edge': back sides are turned 180 degrees so they still come out right")),
    }, "Folding and imposition: tri-fold brochures and saddle-stitched booklets")),
    "print": Field(Struct({
        "target": Field(Enum(("office", "print-shop"),
                             "'office' (default): nothing is printed within 6.35mm of the paper edge. "
                             "'print-shop': the page is the trim size, with bleed, crop marks, TrimBox and "
                             "BleedBox, and every colour must be CMYK"), True),
        "bleed": Field(Length("Print shop: how far backgrounds that touch the trim edge run on past it "
                              "(3mm is usual)", minimum=0.0, maximum=36.0)),
        "crop_marks": Field(Boolean("Print shop: draw crop marks outside the bleed (default true)")),
        "output_intent": Field(Struct({
            "profile": Field(Text("The printing condition's CMYK ICC profile, a file in profiles/, e.g. "
                                  "FOGRA39L-coated.icc", max_length=200), True),
            "condition": Field(Text("The condition's name in the ICC registry (OutputConditionIdentifier), "
                                    "e.g. FOGRA39", max_length=200), True),
            "info": Field(Text("The printing condition in words, e.g. 'Offset, coated paper (ISO 12647-2)'",
                               max_length=200)),
        }, "Print shop: a PDF/X-4 output intent, the profile embedded in every PDF")),
        "display_colours": Field(ListOf(Enum(COLOUR_NAMES, "One of the layout's colours"),
                                        "Print shop: the colours text may be printed in besides solid black "
                                        "(100% K), for bold display type of 12pt and over (headings, callout "
                                        "titles); verify reports text in any other colour")),
    }, "Who prints the PDF: an office printer, or a print shop that trims the paper")),
    "band": Field(Struct({
        "height": Field(Length("From the top edge of the page down", minimum=1.0, maximum=200.0), True),
        "colour": Field(Enum(COLOUR_NAMES, "One of the layout's colours"), True),
        "pages": Field(Enum(("first", "all"), "Only the first page (the cover panel of a tri-fold) or every "
                                              "page; default first")),
        "text": Field(Enum(("none", "organisation"), "What the band carries: nothing (default), or the "
                                                      "organisation's name in paper white at its start side")),
    }, "A coloured band along the top of the page, above the top margin. In a print-shop layout it runs "
       "into the bleed; in an office layout it stops 6.35mm short of the paper edges")),
    "scripts": Field(Struct({code: Field(Struct({
        "body_size_delta": Field(Length("Set the body text (paragraphs, lists, callouts) this much larger in this "
                                        "script, e.g. 1pt for Arabic or Devanagari, whose letters are small for "
                                        "their size", minimum=0.0, maximum=6.0)),
    }, f"Type in the {code} script")) for code in ("latn", *SCRIPTS)},
        "Per script (ISO 15924 code, lower case: arab, deva, hani, ...): how its type is set")),
    "quality": Field(QUALITY),
    "cover": Field(Struct({
        "figure": Field(Boolean("Draw the content's cover figure (content cover.figure) on the cover, under the "
                                "variant band, in place of in the text (default false)"), True),
        "figure_max_height": Field(Length("The tallest the cover figure is drawn; it is drawn smaller where the "
                                          "cover has less room left", minimum=36.0, maximum=2000.0)),
    }, "What the layout's cover (page 1, a tri-fold's front panel) shows besides the title")),
    "measure": Field(Struct({
        "min": Field(Integer("Fewest characters (on the median of the full lines)", minimum=10, maximum=200), True),
        "max": Field(Integer("Most characters (on the longest full line)", minimum=10, maximum=200), True),
    }, "Characters per full line of body text that verify allows (a paragraph's last line is not full); "
       "without it, verify does not measure lines")),
}

# A layout file may leave out whatever the layout it extends gives; the merged
# result is then checked against LAYOUT.
LAYOUT = Struct(LAYOUT_FIELDS, "How a leaflet is laid out on paper")


LAYOUT_FILE = partial(LAYOUT)

FONT_FAMILY = Struct({
    "regular": Field(Text("Path of a TrueType file, relative to fonts/", max_length=200), True),
    "bold": Field(Text(max_length=200)),
    "italic": Field(Text(max_length=200)),
    "bold_italic": Field(Text(max_length=200)),
    "licence": Field(Text("Path of the licence file, relative to fonts/", max_length=200), True),
})

FONTS = Struct({
    "families": Field(MapOf(FONT_FAMILY, key_pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]*$",
                            key_hint="letters, digits, spaces and hyphens", min_items=1), True),
    "locales": Field(MapOf(ListOf(Text("A font family named under families", max_length=80), min_items=1),
                           "Per locale (or language, e.g. zh for zh-Hans): the families that draw its script, "
                           "tried before the layout's own family, character by character",
                           key_pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", key_hint="a language tag, e.g. ar, hi, zh")),
}, "The font families layouts may name, and the fonts each locale's script needs")

ALL = {
    "content": CONTENT,
    "clinic": CLINIC,
    "translation": TRANSLATION,
    "bibliography": BIBLIOGRAPHY,
    "layout": LAYOUT_FILE,
    "fonts": FONTS,
}


def json_schema(name: str) -> dict:
    return json_document(name, ALL[name])
