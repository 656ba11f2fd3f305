"""Patient-information quality of a leaflet's words and a layout's colours.

Pure: takes the model (and a layout's settings), returns CheckResults. The
PDF-side checks (type size as printed, contrast as printed, required parts
as printed) are in verify.py.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace

from leaflets.diagnostics import NOWHERE, SourceLocation
from leaflets.model.nodes import Leaflet
from leaflets.model.walk import walk
from leaflets.quality.readability import LABELS, SHORT, UNSPACED, language, score
from leaflets.quality.reports import CheckResult
from leaflets.inputs.units import PT_PER, parse_length
from leaflets.layout.settings import extends_chain

# --- thresholds ---------------------------------------------------------------

@dataclass(frozen=True)
class Quality:
    """Thresholds of the checks. Defaults, then the layout's `quality:`, then the leaflet's."""

    max_grade: float = 8.0                  # en Flesch-Kincaid grade, de Wiener Sachtextformel
    min_ease: float = 55.0                  # es Szigriszt-Pazos (INFLESZ "normal" starts at 55)
    max_average_sentence: float = 20.0
    max_sentence: int = 25
    min_body_size: float | None = None      # None: 12pt, or 16pt with large_print
    large_print: bool = False
    min_contrast: float = 4.5               # WCAG 2.1 success criterion 1.4.3 (AA)
    max_pages: int = 8
    max_file_size: int = 1_572_864          # 1.5 MB
    safe_edge: float = 6.35 * PT_PER["mm"]  # what office printers leave unprinted
    review_warning_days: int = 60
    where: dict = field(default_factory=dict, compare=False)   # setting -> SourceLocation it came from

    @property
    def body_size(self) -> float:
        if self.min_body_size is not None:
            return self.min_body_size
        return 16.0 if self.large_print else 12.0

    def at(self, name: str, default: SourceLocation | None = None) -> SourceLocation | None:
        return self.where.get(name, default)


def parse_size(text: str) -> int:
    m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(KB|MB|kB)\s*$", text)
    if not m:
        raise ValueError(f"not a file size: {text!r}")
    return round(float(m.group(1)) * (1024 if m.group(2).lower() == "kb" else 1024 * 1024))


def quality_from(*layers) -> Quality:
    """Fold `quality:` mappings into the defaults; later layers win.

    Each layer is (settings dict or None, locate) where locate(key) gives the
    SourceLocation the setting is written at, so messages can name its line.
    """
    q = Quality()
    where: dict = {}
    for settings, locate in layers:
        if not settings:
            continue
        changes = {}
        for key, value in settings.items():
            if key in ("min_body_size", "safe_edge"):
                value = parse_length(value)
            elif key == "max_file_size":
                value = parse_size(value)
            elif key in ("max_grade", "min_ease", "max_average_sentence", "min_contrast"):
                value = float(value)
            changes[key] = value
            if locate is not None:
                where[key] = locate(key)
        q = replace(q, **changes)
    return replace(q, where=where)


def kb(n: int) -> str:
    return f"{n / 1024 / 1024:.2f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


# --- where things are written ---------------------------------------------------

def content_places(doc) -> dict:
    """Locations of the parts of a content document that the model does not carry."""
    data = doc.data
    places = {name: doc.loc((name,)) for name in
              ("title", "last_updated", "next_review", "disclaimer", "contact", "labels", "quality")
              if name in data}
    places["content"] = SourceLocation(doc.path)
    contact = data.get("contact", {})
    for key in ("intro", "note", "heading"):
        if key in contact:
            places[f"contact.{key}"] = doc.loc(("contact", key))
    for i, entry in enumerate(contact.get("entries", [])):
        places[f"contact.entries[{i}]"] = doc.loc(("contact", "entries", i))
    return places


def bibliography_places(doc) -> dict:
    """"reference:<key>" -> where the bibliography writes that reference."""
    if doc is None:
        return {}
    return {f"reference:{key}": doc.key_loc(("references", key)) for key in doc.data.get("references") or {}}


def layout_places(name: str, layout_docs: dict) -> dict:
    """For each layout setting, where it is written: the layout itself or the one it extends."""
    places: dict = {}
    chain = extends_chain(name, layout_docs)
    for _, doc in reversed(chain):        # the base first, so the layout's own settings win
        for path, loc in doc.value_locations.items():
            if path:
                places["layout:" + ".".join(str(p) for p in path)] = loc
    if chain:
        places["layout"] = SourceLocation(chain[0][1].path)
    return places


# --- readability and sentence length ---------------------------------------------

def prose(leaflet: Leaflet, places: dict | None = None) -> list[tuple[str, SourceLocation]]:
    """The text that is scored: paragraphs, list items, the contact panel's sentences and the
    disclaimer. Not headings, references, names or phone numbers."""
    places = places or {}
    # content_places holds, under the walk's kind, where the parts the model keeps no location of are written
    return [(t.text, places.get(t.kind) or t.source or NOWHERE) for t in walk(leaflet) if t.prose]


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def check_readability(leaflet: Leaflet, q: Quality, places: dict | None = None) -> list[CheckResult]:
    places = places or {}
    scores = score(prose(leaflet, places), leaflet.locale, keep_longest=3)
    lang = language(leaflet.locale)
    where = places.get("content")
    return [_readability(scores, lang, q, where), _sentence_length(scores, lang, q, where)]


def _readability(scores, lang: str, q: Quality, where) -> CheckResult:
    read = CheckResult("readability", "plain language: readability formula of the leaflet's language")
    if not scores.scored:
        read.skipped = f"not scored: no readability formula for language {lang!r}"
        read.summary = read.skipped
        read.figures["not_scored"] = lang
        read.info(read.skipped, where, code="readability-not-scored")
    else:
        figs = scores.figures
        read.figures["readability"] = {SHORT[k]: round(v, 1) for k, v in figs.items()}
        read.figures["counts"] = {"sentences": scores.sentences, "words": scores.words,
                                  "syllables": scores.syllables, "polysyllables": scores.polysyllables}
        gate = {"en": ("flesch_kincaid_grade", "max"), "de": ("wiener_sachtextformel", "max"),
                "es": ("szigriszt_pazos", "min")}[lang]
        name, kind = gate
        value = figs.get(name)
        limit = q.max_grade if kind == "max" else q.min_ease
        shown = ", ".join(f"{LABELS[k]} {v:.1f}" for k, v in figs.items())
        read.summary = shown + (f" (limit: {LABELS[name]} {'at most' if kind == 'max' else 'at least'} {limit:g})")
        setting = "max_grade" if kind == "max" else "min_ease"
        if value is not None and ((kind == "max" and value > limit) or (kind == "min" and value < limit)):
            hard = sorted(((s.words, s) for s in scores.longest), key=lambda t: -t[0])
            hint = "use shorter sentences and everyday words"
            if hard:
                hint += f"; start with {hard[0][1].source}"
            read.error(
                f"{LABELS[name]} is {value:.1f}; the limit is {limit:g}: the text is too hard for many readers",
                q.at(setting, where), hint, code="readability-hard")
    return read


def _sentence_length(scores, lang: str, q: Quality, where) -> CheckResult:
    length = CheckResult("sentence-length", "plain language: sentence length")
    if lang in UNSPACED or not scores.sentences:
        length.skipped = f"not measured: words are not separated by spaces in {lang!r}" if lang in UNSPACED \
            else "not measured: no sentences"
        length.summary = length.skipped
        return length
    wps = scores.words_per_sentence
    length.figures["words_per_sentence"] = round(wps, 1)
    length.figures["sentences"] = scores.sentences
    length.figures["longest"] = [{"words": s.words, "where": str(s.source), "text": _short(s.text)}
                                 for s in scores.longest]
    length.summary = (f"{scores.sentences} sentences, {wps:.1f} words per sentence on average "
                      f"(at most {q.max_average_sentence:g}), longest {scores.longest[0].words} words "
                      f"(at most {q.max_sentence})")
    if wps > q.max_average_sentence:
        length.error(
            f"sentences have {wps:.1f} words on average; the limit is {q.max_average_sentence:g}",
            q.at("max_average_sentence", where), "split long sentences; the longest are listed below",
            code="sentence-average-too-long")
    for s in sorted(scores.all_sentences, key=lambda s: (str(s.source), -s.words)):
        if s.words > q.max_sentence:
            length.error(
                f"a sentence of {s.words} words (at most {q.max_sentence}): \"{_short(s.text)}\"",
                s.source, "split it into two or more sentences", code="sentence-too-long")
    for s in scores.longest:
        length.info(f"{s.words} words: \"{_short(s.text)}\"", s.source, code="sentence-longest")
    return length


# --- review dates --------------------------------------------------------------

def check_review(leaflet: Leaflet, q: Quality, today: _dt.date, places: dict | None = None) -> CheckResult:
    places = places or {}
    r = CheckResult("review-date", "last-updated date given, next-review date not passed")
    nxt, last = leaflet.next_review, leaflet.last_updated
    r.figures["next_review"] = nxt.isoformat()
    r.figures["last_updated"] = last.isoformat()
    days = (nxt - today).days
    r.summary = f"last updated {last.isoformat()}, next review {nxt.isoformat()} ({days} days from {today.isoformat()})"
    if nxt < today:
        r.error(
            f"the next-review date {nxt.isoformat()} has passed ({-days} days ago)",
            places.get("next_review"), "review the leaflet with its clinical owner, then set new "
                                       "last_updated and next_review dates", code="review-date-passed")
    elif days <= q.review_warning_days:
        r.warning(
            f"the next-review date {nxt.isoformat()} is in {days} days",
            places.get("next_review"), "plan the review now", code="review-date-soon")
    if last > today:
        r.warning(
            f"the last-updated date {last.isoformat()} is in the future",
            places.get("last_updated"), "write the date of the version being published", code="last-updated-in-future")
    if nxt <= last:
        r.error(
            f"the next-review date {nxt.isoformat()} is not after the last-updated date {last.isoformat()}",
            places.get("next_review"), code="review-date-before-update")
    return r


# --- colours -------------------------------------------------------------------

def to_rgb(spec) -> tuple[float, float, float]:
    """A layout colour (('rgb', r, g, b) or ('cmyk', c, m, y, k)) as sRGB 0..1."""
    if spec[0] == "cmyk":
        c, m, y, k = spec[1:]
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return tuple(spec[1:4])


def relative_luminance(rgb) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour with channels 0..1."""
    def lin(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a, b) -> float:
    """WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05), from 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def hex_of(rgb) -> str:
    return "#" + "".join(f"{round(max(0, min(1, c)) * 255):02x}" for c in rgb)


WHITE = (1.0, 1.0, 1.0)

# which layout colours are text, and what each is printed on
_BOXES = ("info_background", "warning_background", "urgent_background", "table_header")
TEXT_ON = {
    "text": ("paper", "panel_background") + _BOXES,
    "headings": ("paper", "panel_background"),
    "link": ("paper", "panel_background") + _BOXES,
    "muted": ("paper",),
    "info_accent": ("info_background",),        # a callout's title
    "warning_accent": ("warning_background",),
    "urgent_accent": ("urgent_background",),
}


def check_layout_contrast(colours: dict, q: Quality, places: dict | None = None) -> CheckResult:
    """Contrast of the layout's text colours on white paper and on the panel background."""
    places = places or {}
    r = CheckResult("contrast-colours", f"layout text colours at least {q.min_contrast:g}:1 against their background")
    lowest = None
    for name, grounds in TEXT_ON.items():
        if name not in colours:
            continue
        fg = to_rgb(colours[name])
        for ground in grounds:
            if ground == "paper":
                bg, ground_text = WHITE, "white paper"
            elif ground in colours:
                bg = to_rgb(colours[ground])
                ground_text = f"colours.{ground} {hex_of(bg)}"
            else:
                continue
            ratio = contrast_ratio(fg, bg)
            lowest = ratio if lowest is None else min(lowest, ratio)
            if ratio < q.min_contrast - 1e-9:
                where = places.get(f"layout:colours.{name}") or places.get("layout")
                r.error(
                    f"colours.{name} {hex_of(fg)} on {ground_text} has a contrast of {ratio:.2f}:1; "
                    f"text needs at least {q.min_contrast:g}:1 (WCAG 2.1)",
                    where, "choose a darker text colour" if ground == "paper" else
                    "choose a darker text colour or a lighter panel background" if ground == "panel_background" else
                    f"choose a darker text colour or a lighter colours.{ground}", code="contrast-too-low")
    if lowest is not None:
        r.figures["lowest_layout_contrast"] = round(lowest, 2)
        r.summary = f"lowest {lowest:.2f}:1 (at least {q.min_contrast:g}:1)"
    return r


def lint(leaflet: Leaflet, colours: dict, q: Quality, today: _dt.date,
         places: dict | None = None) -> list[CheckResult]:
    """Every content and layout check of one combination."""
    places = places or {}
    return [*check_readability(leaflet, q, places), check_review(leaflet, q, today, places),
            check_layout_contrast(colours, q, places)]
