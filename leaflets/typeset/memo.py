"""Layout memoised by content: what a paragraph's text, style and width alone determine, kept between renders.

A clinic edition differs from the next in a few paragraphs, a writer in the web preview changes one
paragraph at a time; everything else is laid out as before. Kept, in size-capped LRUs of this process:

- MARKUP: a paragraph's markup, keyed by its inline nodes, its font chain (the same families) and
  colours;
- PARSED: a paragraph's fragments (reportlab's markup parser), keyed by the paragraph class, its
  markup (text, inline marks and font faces), every attribute of its style and its bullet;
- LINES: the line breaks of such a paragraph at a width (what Paragraph.wrap sets on it), not for
  shaped text (reportlab numbers shaped glyphs per render: fonts.forget_shaping);
- LEVELS: the bidi embedding levels of a right-to-left paragraph's text;
- QR: the modules of a QR code, by its address; DRAWINGS: a clinic logo's SVG drawing, by its bytes.

What is handed back is never changed by later use: fragments are copied, line breaks are shared
with the paragraphs that draw them (drawing reads them) and copied before a split (which may
change them). Invalidation: a font registered under a name that had another file clears the memo
(fonts.FontRegistry); layouts and locales are in the key through the style's attributes and the
markup's face names; the memo lives in one process, so the package version is fixed. A paragraph
whose style, bullet or fragments were replaced before its first wrap is wrapped anew; a style must
not be changed in place once paragraphs use it (none is).
`off()` renders without the memo (the tests compare the bytes with and without it).
"""
from __future__ import annotations

import copy
from collections import OrderedDict
from contextlib import contextmanager


class LRU:
    """A dict of at most `size` entries that forgets the least recently used first."""

    def __init__(self, size: int):
        self.size, self.hits, self.misses = size, 0, 0
        self._data: OrderedDict = OrderedDict()

    def get(self, key):
        value = self._data.get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._data.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self._data[key] = value
        if len(self._data) > self.size:
            self._data.popitem(last=False)

    def clear(self) -> None:
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


MARKUP = LRU(1000)
PARSED = LRU(1000)
LINES = LRU(1500)
LEVELS = LRU(500)
QR = LRU(200)
DRAWINGS = LRU(32)     # a clinic logo's SVG bytes -> its reportlab Drawing (drawing does not change it)
STYLES = LRU(500)      # a style's key -> that key, the one object kept for it
_ENABLED = [True]


def clear() -> None:
    for cache in (MARKUP, PARSED, LINES, LEVELS, QR, DRAWINGS, STYLES):
        cache.clear()


def stats() -> dict:
    """Entries, hits and misses of each cache (printed by bench/run.py)."""
    return {name: {"entries": len(c), "hits": c.hits, "misses": c.misses}
            for name, c in (("markup", MARKUP), ("parsed", PARSED), ("lines", LINES), ("levels", LEVELS), ("qr", QR))}


@contextmanager
def off():
    """Within the block, nothing is memoised nor reused."""
    before = _ENABLED[0]
    _ENABLED[0] = False
    try:
        yield
    finally:
        _ENABLED[0] = before


def style_key(style) -> tuple:
    """Every attribute of a paragraph style (a style's parent is copied into it when it is made); one
    object for equal styles of all renders, so that the entries do not each keep a copy."""
    key = tuple((name, repr(value)) for name, value in sorted(style.__dict__.items()) if name != "parent")
    kept = STYLES.get(key)
    if kept is None:
        STYLES.put(key, key)
        return key
    return kept


def remembered(cache: LRU, key, compute):
    """compute(), or what it gave for an equal key before (what it gives must never be changed)."""
    if not _ENABLED[0]:
        return compute()
    kept = cache.get(key)
    if kept is None:
        kept = compute()
        cache.put(key, kept)
    return kept


def markup(key: tuple, compute) -> str:
    """compute(): a paragraph's markup from its inline nodes, its fonts and its colours (all in `key`)."""
    return remembered(MARKUP, key, compute)


def qr_matrix(url: str, compute) -> tuple:
    """compute(): the modules of a QR code of `url`, rows of 0/1, made once (a clinic's panel is laid out
    twice: checked, then drawn)."""
    return remembered(QR, url, lambda: tuple(tuple(row) for row in compute()))


def paragraph(cls, markup: str, style, bullet, key_of_style: tuple):
    """cls(markup, style, bulletText=bullet), its markup parsed once for all renders."""
    if not _ENABLED[0]:
        return cls(markup, style, bulletText=bullet)
    key = (cls, markup, key_of_style, bullet)
    kept = PARSED.get(key)
    if kept is None:
        para = cls(markup, style, bulletText=bullet)
        if para.style is style:     # (a <para> tag would give the paragraph a style of its own: none here)
            PARSED.put(key, (para.text, [frag.clone() for frag in para.frags], para.bulletText))
    else:
        text, frags, bullet_text = kept
        para = cls(text, style, bulletText=bullet_text, frags=[frag.clone() for frag in frags])
    para.memo_key, para.memo_parts = key, (para.style, para.bulletText, para.frags)
    return para


def wrap(para, width: float, height: float, wrap_anew):
    """para.wrap(width, height) by `wrap_anew`, or what it set on an equal paragraph at that width."""
    key = para.__dict__.get("memo_key")
    if key is None or not _ENABLED[0] or para.style.shaping or not _as_made(para):
        return wrap_anew(width, height)
    key = (key, width)
    kept = LINES.get(key)
    if kept is None:
        before = dict(para.__dict__)
        size = wrap_anew(width, height)
        if "_wrapWidths" not in before:     # its first wrap: all that wrapping sets is what changed
            changed = {name: value for name, value in para.__dict__.items()
                       if name not in before or before[name] is not value}
            LINES.put(key, (size, changed))
        return size
    size, changed = kept
    para.__dict__.update(changed)
    para.memo_shared = True
    return size


def _as_made(para) -> bool:
    """Are the paragraph's style, bullet and fragments still those its key was made from (before its first
    wrap: a wrap replaces the fragments by reportlab's word list)?"""
    style, bullet, frags = para.memo_parts
    return para.style is style and para.bulletText is bullet and para.frags is frags


def unshare(para) -> None:
    """Before a split (which may change the lines it cuts): the paragraph's own copy of its lines."""
    if para.__dict__.pop("memo_shared", False) and "blPara" in para.__dict__:
        para.blPara, para.frags = copy.deepcopy((para.blPara, para.frags))


def levels(text: str, base: int, isolates: list, compute) -> list[int]:
    """compute(text, base, isolates): the embedding levels, once for each text."""
    key = (text, base, tuple(isolates))
    return list(remembered(LEVELS, key, lambda: tuple(compute(text, base, isolates))))
