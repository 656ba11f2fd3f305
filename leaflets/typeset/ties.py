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

from leaflets.model.nodes import CitationMark

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
