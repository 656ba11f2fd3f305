"""Line breaking and spacing for Chinese (and Japanese) text by the usual typesetting rules.

reportlab's wordWrap='CJK' breaks between any two characters and lets a line
start with closing punctuation such as ， or ”. Here a line may break between
ideographs or at a space, never inside a Latin word or number, never before a
character that cannot start a line (closing punctuation, citation markers)
and never after one that cannot end a line (opening brackets and quotes).

Spacing (gaps, below): a quarter em between Chinese and Latin letters or digits, and no double blank
between two full-width punctuation marks, by moving the glyphs: the text stays the model's text.
reportlab places a paragraph's links and underlines from the glyphs' own widths, so a link that
starts after a move on the same line would be drawn that much to the left (the tests check the
markers' links on the Chinese PDFs).
"""
from __future__ import annotations

from reportlab.lib.abag import ABag
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

from leaflets.typeset import private

CANNOT_START = frozenset(
    "!%),.:;?]}¢°·’”‰′″℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～｠｣､"
    "〉》」』】〙〟ゝゞァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ー"
    "‐゠–〜…‥")
CANNOT_END = frozenset("$(£¥·‘“〈《「『【〔〖〝﹙﹛＄（．［｛￡￥｟｢")
DATE_UNITS = frozenset("年月日号")    # 2027年11月1日 is one unit
GLUE = frozenset("\u00a0\uff1a")     # a short stretch between spaces holding one of these is kept whole
GLUED_MOST = 0.8                      # of the line: a stretch longer than this breaks as it comes


def _is_wide(ch: str) -> bool:
    if len(ch) != 1:
        return False
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF or 0x3000 <= code <= 0x303F)


def _can_break_before(chars, i: int) -> bool:
    """May a line end before chars[i]?"""
    before, here = chars[i - 1], chars[i]
    if getattr(here.frag, "rise", 0) > 0:
        return False                       # a citation marker stays with its word
    if here in CANNOT_START or before in CANNOT_END:
        return False
    if here == " ":
        return False                       # break after the space, not before it
    if (before.isdigit() and here in DATE_UNITS) or (before in DATE_UNITS and here.isdigit()):
        return False
    if before == " ":
        return True
    return _is_wide(before) or _is_wide(here)


def break_lines(frags, max_widths, calc_bounds) -> ParaLines:
    chars = []
    for frag in frags:
        text = frag.text
        chars.extend(cjkU(t, frag, "utf8") for t in text) if text else chars.append(cjkU(text, frag, "utf8"))
    glued = _glued(chars, min(max_widths) * GLUED_MOST)
    room = gaps(chars)
    spans = _no_lone_last(chars, _spans(chars, max_widths, glued, room), glued)
    lines = []
    for number, (start, end) in enumerate(spans):
        max_width = max_widths[min(number, len(max_widths) - 1)]
        line = chars[start:end]
        while line and line[-1] == " ":
            line.pop()
        moves = [0.0] + room[start + 1:start + len(line)]
        width = sum(c.width for c in line) + sum(moves)
        if line:
            made = makeCJKParaLine(line, max_width, width, max_width - width, False, calc_bounds)
            made.words = spaced_words(line, moves, made.words)
            lines.append(made)
    return ParaLines(kind=1, lines=lines)


def _glued(chars, most: float) -> set[int]:
    """Where no line may break: inside a short stretch between spaces that holds a non-breaking space
    or a full-width colon ("版本：1.0", "最后更新：2026年11月1日", see ties.labelled)."""
    glued: set[int] = set()
    start = 0
    for end in [i for i, ch in enumerate(chars) if ch == " "] + [len(chars)]:
        stretch = chars[start:end]
        if any(ch in GLUE for ch in stretch) and sum(ch.width for ch in stretch) <= most:
            glued.update(range(start + 1, end))
        start = end + 1
    return glued


def _spans(chars, max_widths, glued=frozenset(), room=None) -> list[tuple[int, int]]:
    """(start, end) of each line: as much as fits, broken at the last place allowed."""
    spans = []
    start = 0
    n = len(chars)
    while start < n:
        max_width = max_widths[min(len(spans), len(max_widths) - 1)]
        used = 0.0
        end = start
        last_break = None
        while end < n:
            if end > start and end not in glued and _can_break_before(chars, end):
                last_break = end
            width = chars[end].width + (room[end] if room and end > start else 0.0)
            if used + width > max_width + 1e-6 and end > start and chars[end] != " ":
                break
            used += width
            end += 1
        if end < n:
            if last_break is not None and last_break > start:
                end = last_break
            # else: an unbreakable stretch longer than the line; cut where it overflows
        spans.append((start, end))
        start = end
        while start < n and chars[start] == " ":
            start += 1
    return spans


def _no_lone_last(chars, spans: list, glued=frozenset()) -> list:
    """A last line of one character (with its punctuation) takes the character before it along."""
    if len(spans) < 2:
        return spans
    (a, b), (c, d) = spans[-2], spans[-1]
    if sum(1 for ch in chars[c:d] if ch != " " and ch not in CANNOT_START and not getattr(ch.frag, "rise", 0)) > 1:
        return spans
    for cut in range(c - 1, a + 1, -1):
        if cut not in glued and _can_break_before(chars, cut):
            return spans[:-2] + [(a, cut), (cut, d)]
    return spans


def breakLinesCJK(paragraph, max_widths):
    """Replacement for Paragraph.breakLinesCJK that follows the rules above."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    style = paragraph.style
    paragraph.height = 0
    private.handle_bullet_width(paragraph.bulletText, style, max_widths)
    if hasattr(paragraph, "blPara") and private.is_split_part(paragraph):
        return paragraph.blPara
    auto = getattr(paragraph, "autoLeading", getattr(style, "autoLeading", ""))
    return break_lines(paragraph.frags, max_widths, auto not in ("", "off"))


# --- spacing: glyphs moved, no character added --------------------------------------------------
# Between an ideograph and a Latin letter or digit a quarter em (JLREQ 3.1.5; CSS text-autospace);
# of two full-width punctuation marks side by side, the blank half between them is taken out (the
# first's, a closing mark's, or the second's, an opening one's: CSS text-spacing-trim). Done in the
# lines: each move is a fragment with a callback (GAP) that starts the text again that far on.

AUTOSPACE = 0.25
TRIM = 0.5
GAP = "leaflets-cjk-gap"
OPENING = frozenset("（〔［｛〈《「『【〘〖〝｟")
CLOSING = frozenset("）〕］｝〉》」』】〙〗〟｠，、。．：；！？")


def _ideograph(ch: str) -> bool:
    code = ord(ch) if len(ch) == 1 else 0
    return (0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x3040 <= code <= 0x30FF or 0x20000 <= code <= 0x3FFFF)


def _latin(ch: str) -> bool:
    return len(ch) == 1 and ch.isalnum() and ord(ch) < 0x2E80


def gaps(chars) -> list[float]:
    """The room added (or, negative, taken) before each character, in points."""
    out = [0.0] * len(chars)
    for i in range(1, len(chars)):
        a, b = chars[i - 1], chars[i]
        if getattr(a.frag, "rise", 0) or getattr(b.frag, "rise", 0):
            continue                      # a citation marker keeps its place
        if (a in CLOSING or a in OPENING) and (b in CLOSING or b in OPENING) and (a in CLOSING or b in OPENING):
            out[i] = -TRIM * (a.frag.fontSize if a in CLOSING else b.frag.fontSize)
        elif (_ideograph(a) and _latin(b)) or (_latin(a) and _ideograph(b)):
            out[i] = AUTOSPACE * min(a.frag.fontSize, b.frag.fontSize)
    return out


def spaced_words(line, room: list[float], words: list) -> list:
    """A line's fragments with a GAP fragment wherever `room` (one per character) moves a glyph: its label
    says how far the text has moved since the line began."""
    if not any(room[1:]):
        return words
    out, run, frag, moved = [], [], None, 0.0
    for k, ch in enumerate(line):
        if run and (room[k] or ch.frag is not frag):
            out.append(_word(frag, run))
            run = []
        if k and room[k]:
            moved += room[k]
            spacer = ch.frag.clone()
            spacer.text = ""
            spacer.cbDefn = ABag(kind=GAP, name=GAP, label=f"{moved:.3f}", width=0)
            out.append(spacer)
        run.append(ch)
        frag = ch.frag
    if run:
        out.append(_word(frag, run))
    return out


def _word(frag, run):
    word = frag.clone()
    word.text = "".join(run)
    return word


def move_on(canv, kind, label) -> None:
    """The GAP callback: the text goes on `label` points further than the glyphs before it reach."""
    text, x, line_start = private.text_cursor(canv)
    text.setXPos(x + float(label) - line_start)
