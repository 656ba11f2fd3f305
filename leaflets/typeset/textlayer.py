"""The text layer of a tagged PDF: what its glyphs read as when text is extracted, copied or read aloud.

reportlab writes shaped glyphs with no character of their own as private-use codes, in the order the
glyphs are drawn. Here each line of shaped (Devanagari) words gets its letters as ActualText, the
glyphs of right-to-left runs are recorded for the fonts' ToUnicode (structure.py writes it), Latin
words inside another script get their language, and each run of a right-to-left line gets what pdfium
and poppler must find to read the line in order (right_to_left_readings, for rtl.py). tagging.py calls
the others while it marks the content.
"""
from __future__ import annotations

import functools
import itertools
import re
import unicodedata

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
            # a word of vowel signs drawn in their order is kept too: HarfBuzz moves a sign by a TJ offset,
            # which pdfium reads as a space ("कै थेटर") unless the line has its letters as ActualText
            if glyphs is not None and (glyphs != word or any(unicodedata.category(ch) in ("Mn", "Mc") for ch in word)):
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


def with_actual_text(text, words: dict, latin: str, original, string, counter=None) -> str:
    """The operators of a line's string of shaped words in a Span with the words' letters as ActualText
    (each shaped word's glyphs placed by HarfBuzz, some with no character of their own or before the
    letter they follow); a string of Latin words in a document in another script in a Span with their
    language, its letters counted on `counter` (the page's latin_letters, for ballast)."""
    if latin and latin_words(str(string)):
        if counter is not None:
            counter.latin_letters += sum(ch.isalpha() for ch in str(string))
            counter.latin_font = text._fontname
        if getattr(text, "leaflets_reading", False):
            return original(string)     # its Span has the language; pdfium's reading must be the innermost mark
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


# --- right-to-left lines ---------------------------------------------------------------------------
#
# Neither pdfium nor poppler reads a right-to-left line with the Unicode bidi algorithm: each takes what
# a line's text objects read as, in the order they stand from left to right, and turns it into reading
# order with a rule of its own. Measured (pdfium 159 through pypdfium2, poppler 22.12; probes of one
# ActualText per line, then the 16 Arabic renders):
# - poppler, on a page with more right-to-left letters than Latin ones, reads a line from the right: a
#   stretch of anything but Latin letters, digits and . , : % - + / # $ ° ، ٪ (which it counts with
#   digits) reversed, then a stretch of anything but right-to-left letters as it stands, and so on; it
#   never mirrors a bracket. A page with more Latin letters (English references) it reads from the
#   left, every line: there an Arabic line with a stop or a number comes back in the wrong order (a
#   known limitation, README). It takes ActualText from a Span only, and a tie (no-break space) for a
#   left-to-right character.
# - pdfium groups a line's text objects by baseline (a raised citation marker starts a group of its
#   own, which then reads out of place) and reorders segments of one direction; the ActualText of a text object of right-to-left letters comes back with each segment
#   reversed, the neutral ones mirrored instead when a right-to-left segment comes before them (an RLM,
#   which it counts as a right-to-left letter, after a Latin word makes a bracket after it one of
#   those). It takes the ActualText of the innermost marked content that has one, and reads a text
#   object whose ActualText has no printable character as nothing.
# So each run of a right-to-left line of a tagged PDF gets poppler's share of the line in its Span, and
# a mark inside (PDFIUM) for pdfium: the line's first run of Arabic letters carries the whole line, the
# others nothing.

RLM, LRM = "\u200f", "\u200e"
PDFIUM = "ReadAs"       # the tag of the marked content that holds pdfium's reading of a run
NOTHING = "\u0001"      # an ActualText without a printable character: pdfium reads the run as no text


def right_to_left_readings(runs, order: list[int], carrier: int | None) -> list:
    """What each run of a line of a right-to-left paragraph reads as, (poppler's ActualText, pdfium's):
    for `runs` as (text as it reads, bidi level, text as drawn) in visual order (left to right), `order`
    their indices in reading order. The run `carrier` (one with right-to-left letters) gives pdfium the
    whole line, the others nothing; without one, each run gives pdfium its own text."""
    return list(_readings(tuple(runs), tuple(order), carrier))


@functools.lru_cache(maxsize=4096)
def _readings(runs: tuple, order: tuple, carrier: int | None) -> tuple:
    """right_to_left_readings, once per line in a process (a warm render draws the same lines again)."""
    poppler = _poppler_pieces(runs, order)
    if carrier is not None:
        line = "".join(runs[k][0] for k in order)
        return tuple((p, pdfium_line(line) if k == carrier else NOTHING) for k, p in enumerate(poppler))
    return tuple(zip(poppler, _pdfium_pieces(runs)))


def left_to_right_readings(runs) -> list:
    """The same for a line of a left-to-right paragraph in a right-to-left document (an English
    reference): poppler, which reads such a page from the right, gets a left-to-right mark (LRM) at its
    right end, so that a closing bracket or stop there stays at the end."""
    out: list = [None] * len(runs)
    if runs and runs[-1][1] % 2 == 0 and runs[-1][0] == runs[-1][2]:
        out[-1] = (runs[-1][0] + LRM, runs[-1][0])
    return out


def _poppler_pieces(runs, order: list[int]) -> list[str]:
    """Each run's share of the line as poppler must find it (see above): the line cut into the stretches
    poppler reads, from the right, right-to-left ones reversed; a left-to-right one within the run or
    runs the bidi algorithm puts left to right, an RLM where a right-to-left stretch would not start
    with a right-to-left letter, and at both ends. Each run gets the characters it draws."""
    chars = [(ch, k, runs[k][1] % 2 == 0) for k in order for ch in runs[k][0].replace("\u00a0", " ")]
    chars = [(RLM, order[0], False)] + chars + [(RLM, order[-1], False)]
    stretches, i, rtl = [], 0, True
    while i < len(chars):
        j = i
        if rtl:
            while j < len(chars) and _poppler_kind(chars[j][0]) != "N":
                j += 1
            stretch = chars[i:j]
            if stretches and (not stretch or _poppler_kind(stretch[0][0]) != "R"):
                stretch = [(RLM, chars[min(i, len(chars) - 1)][1], False)] + stretch
            stretches.append(stretch[::-1])
        else:
            even = chars[i][2]
            while j < len(chars) and chars[j][2] == even and (_poppler_kind(chars[j][0]) != "R" if even
                                                              else _poppler_kind(chars[j][0]) == "N"):
                j += 1
            while _poppler_kind(chars[j - 1][0]) != "N":   # what ends it goes to the next stretch
                j -= 1
            stretches.append(chars[i:j])
        i, rtl = j, not rtl
    pieces = [""] * len(runs)
    for stretch in reversed(stretches):
        for ch, k, _ in stretch:
            pieces[k] += ch
    return pieces


def _poppler_kind(ch: str) -> str:
    """R a right-to-left letter (or RLM), N what poppler reads as left to right (Latin letters, digits and
    the signs it counts with them), O the rest."""
    if not ch:
        return "O"
    bidi = unicodedata.bidirectional(ch)
    if bidi in ("R", "AL"):
        return "R"
    return "N" if bidi in ("L", "EN", "AN") or ch in _POPPLER_NUMERIC else "O"


_POPPLER_NUMERIC = frozenset(".,:%-+/#$\u00b0\u00a0\u200e\u060c\u066a")


def _pdfium_pieces(runs) -> list[str]:
    """Each run's text as pdfium must find it when each run gives its own (a line without right-to-left
    letters): as drawn, a left-to-right stretch with an RLM and its parts in reverse order."""
    pdfium = [str(drawn) for _, _, drawn in runs]
    i = 0
    while i < len(runs):
        if runs[i][1] % 2:
            i += 1
            continue
        j = i
        while j < len(runs) and runs[j][1] % 2 == 0:
            j += 1
        stretch = [r[0] for r in runs[i:j]]
        reversed_stretch, at = RLM + _reversed_stretch("".join(stretch)), 0
        for k, part in enumerate(stretch):
            size = len(part) + (k == 0)
            pdfium[i + k] = reversed_stretch[at:at + size]
            at += size
        i = j
    return pdfium


def pdfium_line(text: str) -> str:
    """What pdfium must find as the ActualText of a text object of right-to-left letters to read `text`:
    each segment (see _kinds) reversed but a neutral one, which is mirrored when it follows a
    right-to-left one; an RLM (which it takes for a right-to-left letter) after a run of Latin letters
    that a bracket or stop follows, and where needed for the line to count as right to left."""
    segments = [(kind, "".join(ch for _, ch in chars)) for kind, chars in itertools.groupby(_kinds(text), lambda k: k[0])]
    marked = []
    for k, (kind, part) in enumerate(segments):
        marked.append((kind, part))
        following = segments[k + 1][1] if k + 1 < len(segments) else ""
        if kind == "L" and any(ch in _MIRRORED for ch in following):
            marked.append(("R", RLM))
    if sum(kind == "R" for kind, _ in marked) <= sum(kind == "L" for kind, _ in marked):
        marked = [("R", RLM)] + marked + [("R", RLM)]
    parts, current = [], "R"
    for kind, part in marked:
        if kind == "N":
            parts.append("".join(_MIRRORED.get(ch, ch) for ch in part) if current == "R" else part)
            continue
        current = kind if kind in "LR" else current
        parts.append(part[::-1])
    return "".join(parts)


def _reversed_stretch(text: str) -> str:
    """A left-to-right stretch as pdfium must find it to read `text`, when each run gives its own (a line
    without right-to-left letters): its segments in reverse order, a neutral one that pdfium will mirror
    (one after digits alone) mirrored."""
    parts, current = [], "R"
    for kind, chars in itertools.groupby(_kinds(text), lambda k: k[0]):
        part = "".join(ch for _, ch in chars)
        if kind == "L":
            current = "L"
        elif kind == "N" and current == "R":
            part = "".join(_MIRRORED.get(ch, ch) for ch in reversed(part))
        parts.append(part)
    return "".join(reversed(parts))


def _kinds(text: str) -> list:
    """(kind, character) for each character: R right-to-left letter, L Latin letter, W a number (digits
    with the separators and signs next to them), N the rest."""
    classes = [unicodedata.bidirectional(ch) for ch in text]
    kinds = ["R" if c in ("R", "AL") else "L" if c == "L" else "W" if c in ("EN", "AN") else "N" for c in classes]
    for step in (1, -1):            # separators and signs next to a number belong to it
        order = range(len(text)) if step == 1 else range(len(text) - 1, -1, -1)
        for i in order:
            if kinds[i] == "N" and classes[i] in ("CS", "ES", "ET"):
                j = i - step
                if 0 <= j < len(text) and kinds[j] == "W":
                    kinds[i] = "W"
    return list(zip(kinds, text))


_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))


def marked_for_pdfium(actual: str) -> str:
    """The start of the marked content that gives pdfium (alone) a run's reading."""
    return f"/{PDFIUM} <</ActualText {pdf_text(actual)}>> BDC"


def ballast(canv, counter, x: float, y: float, size: float) -> None:
    """At the end of a page of a right-to-left document, an invisible space whose ActualText is as many
    right-to-left marks (U+200F, read as nothing) as the page has Latin letters, and a few more.

    poppler (pdftotext) reads a whole page from the left when it counts more Latin letters than
    right-to-left ones (TextPage's primary direction), and then an Arabic sentence with a full stop, a
    comma or a number comes back in the wrong order: the page of English references. The marks tip its
    count; pdfium and the structure tree are not changed (the space is page furniture, an Artifact)."""
    letters, font = counter.latin_letters, counter.latin_font
    counter.latin_letters = 0
    if letters and font:
        marks = span(RLM * (letters + BALLAST_MORE))      # for poppler; pdfium reads the inner mark: nothing
        canv.addLiteral(f"BT {private.font_operator(canv, font, size)} 1 0 0 1 {x:.2f} {y:.2f} Tm {marks} "
                        f"/{PDFIUM} <</ActualText {pdf_text(NOTHING)}>> BDC ( ) Tj EMC EMC ET")


BALLAST_MORE = 40     # marks beyond the Latin letters: for those drawn outside a Span (the footer's code)
