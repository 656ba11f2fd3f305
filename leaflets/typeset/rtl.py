"""Paragraphs for right-to-left pages: our own line breaking, bidi reordering and shaping.

reportlab's Paragraph cannot order the words of a right-to-left line without
rlbidi (not on PyPI), so right-to-left text is laid out here: the Unicode
bidi algorithm (python-bidi) gives each character its embedding level, lines
are broken at spaces, and each line's runs are reordered by rule L2 and drawn
from the right. Runs are shaped with HarfBuzz (reportlab's shapeStr), which
joins Arabic letters and puts the glyphs of a right-to-left run in visual order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib.enums import TA_LEFT
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from leaflets.model.nodes import CitationMark, Link, Span
from leaflets.typeset import memo
from leaflets.typeset import private
from leaflets.typeset import tagging
from leaflets.typeset import textlayer
from leaflets.model.inline import collapse_numbers, expand_numbers

MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))
# Phone numbers and other digit groups separated by spaces read left to right
# as one unit, as if wrapped in a left-to-right isolate.
_NUMBER_GROUP = re.compile(r"\+?\(?\d[\d ().\-\u2013]*\d\)?")


@dataclass(frozen=True)
class Piece:
    """A stretch of text in one font, size and colour, as it comes in reading order."""

    text: str
    face: str
    size: float
    colour: object
    rise: float = 0.0
    link: str = ""          # "#name" for a place in the document, else an address
    underline: bool = False


def pieces_for(nodes, chain, size, colour, link_colour, bold=False, note_prefix="fn", marker=(0.7, 0.38)) -> list[Piece]:
    """Model inline nodes -> Pieces, each character in a font of the chain that has it; citation markers at
    `marker` (their size and rise as shares of `size`)."""
    out: list[Piece] = []
    for node in nodes:
        if isinstance(node, CitationMark):
            label = collapse_numbers(node.numbers)
            for face, run in chain.runs(label, False, False):
                out.append(Piece(run, face, size * marker[0], link_colour, rise=size * marker[1],
                                 link=f"#{note_prefix}{min(node.numbers)}"))
            continue
        is_link = isinstance(node, Link)
        for face, run in chain.runs(node.text, node.bold or bold, node.italic):
            out.append(Piece(run, face, size, link_colour if is_link else colour,
                             link=node.url if is_link else "", underline=is_link))
    return out


def plain_pieces(text, chain, size, colour, bold=False) -> list[Piece]:
    return pieces_for((Span(text, bold, False),), chain, size, colour, colour)


def embedding_levels(text: str, base_level: int, isolates=()) -> list[int]:
    """The resolved bidi level of each character (rules P–I of UAX #9, before reordering).

    `isolates` are (start, end) ranges that read left to right as one unit
    (citation markers such as 2–5); digit groups such as phone numbers are too.
    """
    if base_level == 0 and not _has_strong_rtl(text):
        return [0] * len(text)          # left-to-right text (every footer of a left-to-right page): no python-bidi
    from bidi.algorithm import (explicit_embed_and_overrides, get_embedding_levels, get_empty_storage,
                                resolve_implicit_levels, resolve_neutral_types, resolve_weak_types)

    masked = list(text)
    if base_level % 2:
        for m in _NUMBER_GROUP.finditer(text):
            if " " in m.group(0).strip() or "-" in m.group(0):
                masked[m.start():m.end()] = "a" * (m.end() - m.start())
        for start, end in isolates:
            masked[start:end] = "a" * (end - start)
    storage = get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = "LR"[base_level % 2]
    get_embedding_levels("".join(masked), storage)
    explicit_embed_and_overrides(storage, False)
    resolve_weak_types(storage, False)
    resolve_neutral_types(storage, False)
    resolve_implicit_levels(storage, False)
    return [c["level"] for c in storage["chars"]]


def base_level(text: str, direction: str) -> int:
    if direction == "rtl":
        return 1
    if direction == "ltr" or not _has_strong_rtl(text):
        return 0
    from bidi.algorithm import get_base_level

    return get_base_level(text)


def reorder(runs: list, levels: list[int]) -> list:
    """Rule L2: reverse every sequence at level >= k, for k from the highest level down to the lowest odd one."""
    if not runs:
        return runs
    order = list(range(len(runs)))
    highest = max(levels)
    lowest_odd = min(l for l in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return [runs[i] for i in order]


class _Run:
    """Characters of one piece at one level, ready to draw."""

    __slots__ = ("piece", "level", "text", "drawn", "width")

    def __init__(self, piece: Piece, level: int, text: str):
        self.piece, self.level, self.text = piece, level, text
        self.drawn, self.width = _shaped(text, piece.face, piece.size, level)


def _has_strong_rtl(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff" for ch in text)


def _shaped(text: str, face: str, size: float, level: int):
    """(what to draw, its width) for a run of one font at one bidi level."""
    from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

    if level % 2 and not _has_strong_rtl(text):
        # neutrals resolved right-to-left (brackets, spaces, full stops): visual order, mirrored
        text = "".join(MIRRORED.get(ch, ch) for ch in reversed(text))
    font = getFont(face)
    if getattr(font, "shapable", False) and _needs_shaping(text):
        shaped = shapeStr(text, face, size)
        if isinstance(shaped, ShapedStr):
            return shaped, private.shaped_advance(shaped) * size / 1000
    return text, stringWidth(text, face, size)


def _needs_shaping(text: str) -> bool:
    return any(ord(ch) >= 0x0590 and not (0x2000 <= ord(ch) <= 0x206F) for ch in text)


def run_width(text: str, face: str, size: float) -> float:
    return _shaped(text, face, size, 0)[1]


class BidiParagraph(Flowable):
    """A paragraph laid out and drawn from the start side of a right-to-left page.

    Duck-types what the rest of the pipeline asks of a reportlab Paragraph:
    wrap/split/draw, space before/after, keepWithNext and note_numbers.
    """

    def __init__(self, pieces: list[Piece], style, direction: str = "auto", bullet: list[Piece] | None = None,
                 anchor: str = "", span: tuple[int, int] | None = None, levels: list[int] | None = None,
                 words: list | None = None):
        super().__init__()
        self._word_memo = words     # (start, end, width) of each word: shaped once per paragraph, see _words
        self.pieces, self.style, self.bullet, self.anchor = pieces, style, bullet, anchor
        self.text = "".join(p.text for p in pieces)
        self.owner = [i for i, p in enumerate(pieces) for _ in p.text]
        self.base = base_level(self.text, direction) if levels is None else levels[1]
        self.direction = direction
        if levels is None:
            isolates, at = [], 0
            for piece in pieces:
                if piece.rise > 0:
                    isolates.append((at, at + len(piece.text)))
                at += len(piece.text)
            self.levels = memo.levels(self.text, self.base, isolates, embedding_levels)
        else:
            self.levels = levels[0]
        self.span = span or (0, len(self.text))
        self.lines: list[tuple[int, int]] = []
        self.keepWithNext = getattr(style, "keepWithNext", 0) if style is not None else 0
        self.source = None
        self.tag = None

    # --- what the frame asks -------------------------------------------------

    def getSpaceBefore(self):
        return self.style.spaceBefore

    def getSpaceAfter(self):
        return self.style.spaceAfter

    def getKeepWithNext(self):
        return self.keepWithNext

    def note_numbers(self) -> set[int]:
        numbers: set[int] = set()
        start, end = self.span
        seen = set()
        for i in range(start, end):
            k = self.owner[i]
            if k not in seen and self.pieces[k].rise > 0:
                seen.add(k)
                numbers |= expand_numbers(self.pieces[k].text)
        return numbers

    def plain_text(self) -> str:
        return self.text[self.span[0]:self.span[1]]

    # --- layout ----------------------------------------------------------------

    def _space_width(self, i: int) -> float:
        piece = self.pieces[self.owner[i]]
        return stringWidth(" ", piece.face, piece.size)

    def _words(self):
        """(start, end, width) of each space-separated word of the span, in logical order.

        Measuring a word shapes it, most of the cost of a right-to-left paragraph; the
        words depend only on the paragraph's pieces and span, which never change, so they
        are measured once per paragraph (the parts of a split paragraph get their share).
        """
        if self._word_memo is None:
            self._word_memo = self._measure_words()
        return self._word_memo

    def _measure_words(self):
        start, end = self.span
        words = []
        for m in re.finditer(r"[^ \n]+", self.text[start:end]):
            a, b = start + m.start(), start + m.end()
            words.append((a, b, sum(r.width for r in self._runs(a, b))))
        return words

    def _runs(self, a: int, b: int) -> list[_Run]:
        runs: list[_Run] = []
        i = a
        while i < b:
            j = i
            while (j < b and self.owner[j] == self.owner[i] and self.levels[j] == self.levels[i]
                   and (j == i or not self._apart(j) and not self._apart(j - 1))):
                j += 1
            runs.append(_Run(self.pieces[self.owner[i]], self.levels[i], self.text[i:j]))
            i = j
        return runs

    def _apart(self, i: int) -> bool:
        """A bracket in right-to-left text: a run of its own, drawn mirrored with its own character as
        ActualText (inside a shaped run its glyph would read as the opposite bracket)."""
        return self.levels[i] % 2 == 1 and self.text[i] in MIRRORED

    def wrap(self, availWidth, availHeight):
        # the lines depend only on the width (pieces, span and style never change): a second
        # wrap at the same width (a keep-together group, then the frame) reuses them
        if self.lines and getattr(self, "avail", None) == availWidth:
            return self.width, self.height
        return self._wrap(availWidth, availHeight)

    def _wrap(self, availWidth, availHeight):
        self.avail = availWidth
        room = availWidth - self.style.leftIndent - self.style.rightIndent
        lines: list[tuple[int, int]] = []
        line_start = line_end = None
        used = 0.0
        for a, b, w in self._words():
            if line_start is None:
                line_start, line_end, used = a, b, w
                continue
            gap = self._space_width(line_end)
            if used + gap + w <= room + 1e-6:
                line_end, used = b, used + gap + w
            else:
                lines.append((line_start, line_end))
                line_start, line_end, used = a, b, w
        if line_start is not None:
            lines.append((line_start, line_end))
        self.lines = lines
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if not self.lines or getattr(self, "avail", None) != availWidth:
            self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        n = len(self.lines)
        if fit >= n or n < 2:
            return []
        if fit < 2 or n - fit < 2:  # no orphan or widow line
            fit = min(fit, n - 2)
            if fit < 2:
                return []
        cut = self.lines[fit][0]
        levels = (self.levels, self.base)
        words = self._words()
        first = BidiParagraph(self.pieces, self.style, self.direction, self.bullet, self.anchor,
                              (self.span[0], cut), levels, [w for w in words if w[1] <= cut])
        rest = BidiParagraph(self.pieces, self._continued_style(), self.direction, None, "",
                             (cut, self.span[1]), levels, [w for w in words if w[0] >= cut])
        first.source = rest.source = self.source
        first.tag = rest.tag = self.tag
        first.keepWithNext = 0
        rest.keepWithNext = self.keepWithNext
        return [first, rest]

    def _continued_style(self):
        from reportlab.lib.styles import ParagraphStyle

        return ParagraphStyle("continued", self.style, spaceBefore=0)

    # --- drawing -----------------------------------------------------------------

    def draw(self):
        tagging.draw_tagged(self, self._draw)

    def _draw(self):
        canv = self.canv
        style = self.style
        start_edge = self.width - style.leftIndent   # the right side is where lines start
        left_to_right = style.alignment == TA_LEFT    # a left-to-right block (an English reference): from the left
        y = self.height - style.fontSize
        if self.anchor:
            canv.bookmarkHorizontal(self.anchor, 0, self.height)
        if self.bullet:
            self._draw_bullet(y)
        for a, b in self.lines:
            logical = self._runs(a, b)
            x = style.leftIndent if left_to_right else start_edge - sum(r.width for r in logical)
            at, visual = {}, reorder(logical, [r.level for r in logical])
            for run, reading in zip(visual, self._readings(logical, visual)):
                at[id(run)] = x, reading
                x += run.width
            for run in logical:      # drawn in reading order, each where it stands: text extraction follows it
                self._draw_run(run, *at[id(run)], y)
            y -= style.leading

    def _readings(self, logical: list[_Run], visual: list[_Run]) -> list:
        """What each run of a line reads as for poppler and pdfium (textlayer.right_to_left_readings), on a
        line of a tagged PDF in a right-to-left document: the first run drawn with right-to-left letters
        (not raised) gives pdfium the whole line."""
        if getattr(self.canv, "tagger", None) is None or not visual:
            return [None] * len(visual)
        runs = [(_reads_as(r), r.level, str(r.drawn)) for r in visual]
        if self.base % 2 == 0:
            return textlayer.left_to_right_readings(runs) if self.style is not None else [None] * len(visual)
        carrier = next((r for r in logical if r.piece.rise <= 0 and _has_strong_rtl(r.text)), None)
        return textlayer.right_to_left_readings(runs, [visual.index(r) for r in logical],
                                                None if carrier is None else visual.index(carrier))

    def _visual(self, a: int, b: int) -> list[_Run]:
        runs = self._runs(a, b)
        return reorder(runs, [r.level for r in runs])

    def _draw_run(self, run: _Run, x: float, reading, y: float):
        canv = self.canv
        piece = run.piece
        if piece.link:
            tagging.draw_link(self, piece, lambda: _show(canv, x, y, run.drawn, piece, run, reading))
        else:
            _show(canv, x, y, run.drawn, piece, run, reading)
        if piece.underline:
            canv.saveState()
            canv.setStrokeColor(piece.colour)
            canv.setLineWidth(piece.size * 0.06)
            canv.line(x, y - piece.size * 0.12, x + run.width, y - piece.size * 0.12)
            canv.restoreState()
        if piece.link:
            rect = (x, y + piece.rise - piece.size * 0.25, x + run.width, y + piece.rise + piece.size * 0.85)
            if piece.link.startswith("#"):
                canv.linkRect("", piece.link[1:], rect, relative=1, thickness=0)
            else:
                canv.linkURL(piece.link, rect, relative=1, thickness=0)

    def _draw_bullet(self, y: float):
        width = sum(stringWidth(p.text, p.face, p.size) for p in self.bullet)
        x = self.style.bulletIndent if self.style.alignment == TA_LEFT else self.width - self.style.bulletIndent - width
        for piece in self.bullet:
            _show(self.canv, x, y, piece.text, piece)
            x += stringWidth(piece.text, piece.face, piece.size)


def line_runs(pieces: list[Piece], direction: str = "auto") -> list[_Run]:
    """One line of pieces (no breaking) as runs in visual order, left to right."""
    para = BidiParagraph(pieces, None, direction)
    return para._visual(0, len(para.text))


def line_width(pieces: list[Piece], direction: str = "auto") -> float:
    """The width of one line of pieces, as draw_line draws it."""
    return sum(r.width for r in line_runs(pieces, direction))


def draw_line(canv, pieces: list[Piece], x: float, y: float, align: str = "left", direction: str = "auto") -> float:
    """Draw one line of pieces with its left edge (or right edge, align='right') at x; returns its width."""
    para = BidiParagraph(pieces, None, direction)
    para.canv = canv
    logical = para._runs(0, len(para.text))
    runs = reorder(logical, [r.level for r in logical])
    width = sum(r.width for r in runs)
    if align == "right":
        x -= width
    for run, reading in zip(runs, para._readings(logical, runs)):
        _show(canv, x, y, run.drawn, run.piece, run, reading)
        x += run.width
    return width


def _reads_as(run: _Run) -> str:
    """A run's text as it reads: a citation marker apart from the word before it."""
    return " " + run.text if run.piece.rise > 0 else run.text


def _show(canv, x: float, y: float, drawn, piece: Piece, run: _Run | None = None, reading=None) -> None:
    """Draw text (plain or shaped) in a piece's font, size and colour, raised by its rise; a shaped
    left-to-right run (Devanagari in a footer) with its letters as ActualText (see tagging); a run of a
    right-to-left line with what it reads as for poppler and for pdfium (`reading`)."""
    text = canv.beginText(x, y + piece.rise)
    text.setFont(piece.face, piece.size)
    text.setFillColor(piece.colour)
    if reading is not None:
        text.leaflets_reading = True
        private.text_object_literal(text, textlayer.marked_for_pdfium(reading[1]))
    text.textOut(drawn)
    if reading is not None:
        private.text_object_literal(text, "EMC")
    actual = ""
    if run is not None and str(drawn) != run.text:
        # left to right: a shaped run (Devanagari in a footer); right to left: brackets and stops drawn
        # mirrored and reversed, whose glyphs read as another character
        actual = run.text if run.level % 2 == 0 else ""
        textlayer.record_glyphs(canv, piece.face, drawn, run.text)
    if reading is not None:
        actual = reading[0] or actual
    tagging.draw_text(canv, text, actual, run.text if run is not None else str(drawn))
