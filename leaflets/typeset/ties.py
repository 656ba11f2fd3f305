"""Where a line may not break: non-breaking spaces put into the text before it is laid out.

- the last two words of a paragraph are tied, so that no paragraph ends in a single word
  (Chinese, broken between characters, is kept from a one-character last line in cjk.py);
- a date, a code or a version is one unit with its label ("Leaflet code: DP-01", "Version: 1.0");
  Chinese, which has no spaces to tie, keeps such a stretch whole in cjk.py.

The paragraph breakers (reportlab's, rtl.py's and cjk.py's) break at U+0020 and never at U+00A0;
the text layer reads U+00A0 as a space.
"""
from __future__ import annotations

from dataclasses import replace

from leaflets.model.nodes import CitationMark, Span

NBSP = "\u00a0"
MOST_TIED = 32      # characters: two last words longer than this together break as they come (narrow panels)


def keep(text: str) -> str:
    """Text that is never broken over two lines: each space becomes a non-breaking one."""
    return text.replace(" ", NBSP)


def labelled(label: str, value: str, cjk: bool = False) -> str:
    """'label: value' kept whole on one line; in Chinese with a full-width colon, which has its own space."""
    return f"{keep(label)}\uff1a{keep(value)}" if cjk else f"{keep(label)}:{NBSP}{keep(value)}"


def tie_last_words(nodes: tuple) -> tuple:
    """The inline nodes with the space before the paragraph's last word made non-breaking, when the last
    two words are short enough to share a line anywhere (and are not Chinese: see cjk.py)."""
    text = "".join("" if isinstance(n, CitationMark) else n.text for n in nodes).rstrip()
    last = text.rfind(" ")
    if last <= 0:
        return nodes
    before = text.rfind(" ", 0, last)
    if len(text) - before - 1 > MOST_TIED or " " not in text[:last].strip() or _wide(text[before + 1:]):
        return nodes
    at = 0
    out = list(nodes)
    for i, node in enumerate(nodes):
        if isinstance(node, CitationMark):
            continue
        if at <= last < at + len(node.text):
            k = last - at
            out[i] = replace(node, text=node.text[:k] + NBSP + node.text[k + 1:])
            return tuple(out)
        at += len(node.text)
    return nodes


def _wide(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def untie_between_fonts(nodes: tuple, runs) -> tuple:
    """A tie where the text changes font becomes a space (runs(text, bold, italic): the chain's font runs).
    reportlab shapes a word (text between spaces) drawn in two fonts wrongly: the glyphs after the first
    font's come out as boxes (Hindi "कोड:\u00a0DP-01" drew "DP" as two boxes)."""
    out = []
    for node in nodes:
        pieces = runs(node.text, node.bold, node.italic) if isinstance(node, Span) and NBSP in node.text else ()
        if len(pieces) > 1 and "".join(piece for _, piece in pieces) == node.text:
            text, at = list(node.text), 0
            for (_, before), _after in zip(pieces, pieces[1:]):
                at += len(before)
                if text[at - 1] == NBSP:
                    text[at - 1] = " "
                elif at < len(text) and text[at] == NBSP:
                    text[at] = " "
            node = replace(node, text="".join(text))
        out.append(node)
    return tuple(out)
