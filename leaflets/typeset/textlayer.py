"""The text layer of a tagged PDF: what its glyphs read as when text is extracted, copied or read aloud.

reportlab writes shaped glyphs with no character of their own as private-use codes, in the order the
glyphs are drawn. Here each line of shaped (Devanagari) words gets its letters as ActualText, the
glyphs of right-to-left runs are recorded for the fonts' ToUnicode (structure.py writes it), and Latin
words inside another script get their language. tagging.py calls these while it marks the content.
"""
from __future__ import annotations

import re

from leaflets.typeset import private


def shaped_words(frags) -> dict:
    """(font, glyphs) -> the word as written, for every word of a shaped paragraph's fragments: the
    ActualText that gives a word whose glyphs have no character of their own (a conjunct) or stand in
    another order than its letters (a vowel sign before its consonant) its letters back."""
    from reportlab.pdfbase.pdfmetrics import getFont

    words = {}
    for frag in frags:
        font = getFont(frag.fontName)
        for word in getattr(frag, "text", "").split(" "):    # as reportlab splits: not at a no-break space
            if not word:
                continue
            glyphs = _glyphs(font, word, frag.fontSize)
            if glyphs is not None and glyphs != word:
                words[(frag.fontName, glyphs)] = word
    return words


def _glyphs(font, word: str, size: float) -> str | None:
    """The characters reportlab draws a word with once shaped (shaped glyphs as the private-use codes
    this PDF gave them), or None when a glyph has none. HarfBuzz runs once per font and word in a
    process, as reportlab runs it (ttfonts.shapeFragWord) but without giving out codes, so the PDF's
    bytes do not depend on what the process drew before; the glyphs are kept by name."""
    memo = font.__dict__.setdefault("leaflets_shaped_words", {})
    if word not in memo:
        import uharfbuzz

        hb = font.hbFont(size)
        buf = uharfbuzz.Buffer()
        buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.add_str(word)
        buf.guess_segment_properties()
        uharfbuzz.shape(hb, buf, {"kern": True, "liga": True, "dlig": True})
        chars = private.glyph_chars(font)
        memo[word] = tuple(_glyph(chars.get(g.codepoint), hb, g.codepoint) for g in buf.glyph_infos)
    codes = private.shaping_codes(font) or {}
    try:
        return "".join(g if isinstance(g, str) else chr(codes[g[0]]) for g in memo[word])
    except KeyError:            # a glyph this PDF never drew: neither did it draw the word
        return None


def _glyph(chars, hb, gid):
    """A glyph's own character, or its name when it has none (its private-use code changes with every PDF)."""
    if chars and not 0xE000 <= chars[0] <= 0xF8FF:
        return chr(chars[0])
    return (hb.glyph_to_string(gid),)


def pdf_text(text: str) -> str:
    """A PDF text string in UTF-16BE, as a hex string (safe for any character)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def span(actual: str = "", lang: str = "") -> str:
    """The start of a Span that gives its glyphs another text to read (ActualText) or another language."""
    if not actual and not lang:
        return ""
    keys = (f" /ActualText {pdf_text(actual)}" if actual else "") + (f" /Lang ({lang})" if lang else "")
    return f"/Span <<{keys.strip()}>> BDC"


def latin_words(text: str) -> bool:
    """Words in Latin letters only (a name or term inside another script)."""
    return bool(_LATIN.search(text)) and not _OTHER_SCRIPT.search(text)


_LATIN = re.compile(r"[A-Za-z]{2}")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_OTHER_SCRIPT = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20a0-\u20cf]")


def with_actual_text(text, words: dict, latin: str, original, string) -> str:
    """The operators of a line's string of shaped words in a Span with the words' letters as ActualText
    (each shaped word's glyphs placed by HarfBuzz, some with no character of their own or before the
    letter they follow); a string of Latin words in a document in another script in a Span with their
    language."""
    if latin and latin_words(str(string)):
        return f"{span(lang=latin)} {original(string)} EMC"
    data = getattr(string, "__shapeData__", None)
    if data is None or not words:     # not shaped, or not a paragraph of shaped words (right-to-left runs)
        return original(string)
    font, logical = text._fontname, []
    for m in re.finditer(r"([^ ]+)( *)", string):
        word = m.group(1)
        shaped = any(d.cluster != private.SIMPLE_CLUSTER for d in private.shape_data(string)[m.start():m.end()])
        written = words.get((font, word), None if _PRIVATE.search(word) else word) if shaped else word
        if written is None:
            return original(string)          # a word not known: the line as it is
        logical.append(written + m.group(2))
    # one Span for the whole string: splitting its glyphs into several text operators would move them
    # by fractions of a pixel in some renderers (pdfium's greyscale)
    head = string[:len(string) - len(string.lstrip(" "))]
    return f"/Span <</ActualText {pdf_text(head + ''.join(logical))}>> BDC {original(string)} EMC"


def line_end(line) -> str:
    """What a line of a paragraph ends with in the text layer: a space between words (readers that follow
    the structure, poppler's among them, would join the last word of a line to the next line's first),
    none after a CJK character (no spaces between words), a space, or a hyphen or slash it broke at."""
    last = str(line)[-1:]
    if not last or last in " -\u00ad\u2010\u2011/" or _NO_SPACES.match(last):
        return ""
    return " "


_NO_SPACES = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def space_after_word(code: list) -> None:
    """The word a marker follows, when it is a Span of its own (a shaped word), ends its ActualText with a
    space: pdfium drops the space the marker's own ActualText starts with after another Span."""
    for i in range(len(code) - 2, -1, -1):      # the last entry is the marker's own text
        entry = code[i]
        if "/ActualText <FEFF" in entry and entry.rstrip().endswith("EMC"):
            at = entry.index(">", entry.rindex("/ActualText <FEFF"))
            if not entry[:at].endswith("0020"):
                code[i] = entry[:at] + "0020" + entry[at:]
            return
        if re.search(r"(\)\s*Tj|\]\s*TJ)\s*$", entry):
            return                               # text before the marker that is no Span: nothing to do


def record_glyphs(canv, face: str, drawn, text: str) -> None:
    """Note which letters each glyph with no character of its own (a private-use code) draws in a
    shaped right-to-left run, from HarfBuzz's clusters: structure.py writes them into the font's
    ToUnicode, so that text extraction reads the letters (pdfium and poppler order them themselves)."""
    tagger = getattr(canv, "tagger", None)
    data = getattr(drawn, "__shapeData__", None)
    if tagger is None or data is None:
        return
    tagger.right_to_left = True
    glyphs = None
    clusters = sorted({d.cluster for d in private.shape_data(drawn)} | {len(text)})
    for ch, d in zip(str(drawn), private.shape_data(drawn)):
        if 0xE000 <= ord(ch) <= 0xF8FF and d.cluster < len(text):
            if glyphs is None:
                from reportlab.pdfbase.pdfmetrics import getFont

                glyphs = tagger.glyphs.setdefault(private.postscript_name(getFont(face)), {})
            end = clusters[clusters.index(d.cluster) + 1]
            glyphs.setdefault(ord(ch), text[d.cluster:end])
