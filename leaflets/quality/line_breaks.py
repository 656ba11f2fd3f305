"""No word cut in two at a line end without a hyphen.

reportlab cuts a word that is wider than the line anywhere, with no hyphen ("Medikamen" | "tenpumpe"): a
long word, or two words tied together (typeset/ties.py) in large type. The text layer reads back whole
(the text-layer check squashes spaces), so this check reads the lines instead: the last word of a line and
the first of the next that are not both the leaflet's words, but make one of its words when joined.
"""
from __future__ import annotations

import unicodedata

from leaflets.inputs.locales import is_rtl
from leaflets.model.nodes import Leaflet
from leaflets.quality.accessibility import extracted_text, model_texts
from leaflets.quality.readability import UNSPACED, language
from leaflets.quality.reports import CheckResult


def check_line_breaks(data: bytes, leaflet: Leaflet, places: dict) -> CheckResult:
    r = CheckResult("line-breaks", "no word cut at a line end without a hyphen")
    if is_rtl(leaflet.locale) or language(leaflet.locale) in UNSPACED:
        r.skipped = "a right-to-left or unspaced script: its lines are not read in order here"
        return r
    try:
        pages = extracted_text(data)
    except ImportError:
        r.skipped = "pypdfium2 is not installed (pip install pypdfium2)"
        return r
    words = {w for text in model_texts(leaflet) for w in _words(text)}
    cuts = []
    for number, page in enumerate(pages, start=1):
        lines = [line.split() for line in page.splitlines()]
        for before, after in zip(lines, lines[1:]):
            if not before or not after or before[-1].endswith(("-", "\u00ad", "/")):
                continue
            head, tail = _bare(before[-1]), _bare(after[0])
            if head and tail and (head not in words or tail not in words) and head + tail in words:
                cuts.append((number, head, tail))
    for number, head, tail in cuts[:5]:
        r.error(f"page {number}: the word \"{head}{tail}\" is cut between two lines without a hyphen "
                f"(\"{head}\" | \"{tail}\")", places.get("layout"),
                "the word (or the last two words, which are kept together) is wider than the line: shorten the "
                "title or heading, or give it more room in the layout", code="word-cut")
    r.figures["cut_words"] = len(cuts)
    r.summary = f"{len(cuts)} word{'s' if len(cuts) != 1 else ''} cut without a hyphen"
    return r


def _bare(token: str) -> str:
    """The word without the punctuation at its ends, NFC."""
    token = unicodedata.normalize("NFC", token)
    start, end = 0, len(token)
    while start < end and not token[start].isalnum():
        start += 1
    while end > start and not token[end - 1].isalnum():
        end -= 1
    return token[start:end]


def _words(text: str) -> set[str]:
    return {_bare(token) for token in text.replace("\u00a0", " ").split()} - {""}
