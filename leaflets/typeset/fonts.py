"""Font families: a session's registry of parsed and registered fonts, per-locale chains and glyph coverage."""
from __future__ import annotations

import os
import re
import struct
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from leaflets.typeset import memo
from leaflets.typeset import private

STYLES = ("regular", "bold", "italic", "bold_italic")

# Characters that never need a glyph of their own: line breaks, and format
# controls the bidi step uses (they are removed before drawing).
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INVISIBLE = frozenset("\n\r\t") | BIDI_CONTROLS


@dataclass(frozen=True, eq=False)
class Family:
    name: str
    files: dict          # style -> absolute Path (missing styles fall back to regular)
    licence: Path

    def face(self, bold: bool, italic: bool) -> str:
        """The registered reportlab font name for a style."""
        style = {(False, False): "regular", (True, False): "bold",
                 (False, True): "italic", (True, True): "bold_italic"}[(bold, italic)]
        if style not in self.files:
            style = "bold" if bold and "bold" in self.files else "regular"
        return f"{self.name}-{style}"


class FontRegistry:
    """The fonts of one build session: each file parsed once, registered with reportlab when drawn.

    Made by the session (build.session.BuildSession) and handed to the font chains, as
    WeasyPrint hands its FontConfiguration to each stage. A file is parsed again if it
    changed since (a session that builds more than once, such as a web form). reportlab
    keeps one font per name for the whole process, so a registry that registers a name
    another registry (an earlier session) registered takes it back first.
    """

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, Path], tuple[tuple[int, int], object]] = {}
        self._registered: dict[str, object] = {}      # reportlab font name -> the TTFont registered under it

    def ttfont(self, name: str, path: Path):
        """The parsed TrueType font of a file (parsed once, and again if the file changed)."""
        from reportlab.pdfbase.ttfonts import TTFont

        key = (name, path)
        st = os.stat(path)
        stamp = (st.st_size, st.st_mtime_ns)
        if key not in self._parsed or self._parsed[key][0] != stamp:
            font = TTFont(name, str(path))
            font.leaflets_file = (str(path), stamp)     # which file, as it was: see _register
            self._parsed[key] = (stamp, font)
        return self._parsed[key][1]

    def unreadable(self, name: str, path: Path) -> str:
        """Why reportlab cannot use this font file, or '' if it can."""
        from reportlab.pdfbase.ttfonts import TTFError

        try:
            font = self.ttfont(name, path)
        except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError, TypeError, AttributeError,
                ZeroDivisionError, OverflowError, RecursionError) as exc:   # what reportlab raises on a bad file
            return str(exc).replace(str(path), path.name) or type(exc).__name__
        except struct.error:    # a table's bytes run past the end of the file
            return "the file is cut short or damaged (a table ends early)"
        return _cut_short(font.face)

    def register(self, family: Family) -> None:
        """Register every style of a family with reportlab."""
        from reportlab.pdfbase import pdfmetrics

        for style, path in family.files.items():
            self._register(f"{family.name}-{style}", self.ttfont(f"{family.name}-{style}", path))
        faces = {s: f"{family.name}-{s}" for s in family.files}
        pdfmetrics.registerFontFamily(
            family.name,
            normal=faces["regular"], bold=faces.get("bold", faces["regular"]),
            italic=faces.get("italic", faces["regular"]),
            boldItalic=faces.get("bold_italic", faces.get("bold", faces["regular"])))

    def _register(self, name: str, font) -> None:
        from reportlab.pdfbase import pdfmetrics

        current = pdfmetrics.getFont(name) if name in pdfmetrics.getRegisteredFontNames() else None
        if current is not None and self._registered.get(name) is font \
                and any(current is mine for mine in self._registered.values()):
            return      # registered already (reportlab may draw it with the first font of the same file)
        if current is not None and getattr(current, "leaflets_file", None) != getattr(font, "leaflets_file", ""):
            memo.clear()            # another file under a name laid out before: its layouts are not this font's
        if current is not None:     # a changed file, or another session's: reportlab keeps the first font of a name
            # unregister() forgets the font's own name; one drawn under another's name (a file with
            # the same face name) is forgotten by the name of the new font
            (current if current.fontName == name else font).unregister()
        pdfmetrics.registerFont(font)
        self._registered[name] = font
        forget_shaping([font])      # it may have been drawn with before, by an earlier session


def _cut_short(face) -> str:
    """Why a parsed font file is incomplete (a table runs past its end), or ''.

    reportlab reads the glyph outlines only when it embeds them, so a file cut short
    in its last tables parses, and would draw letters from the bytes that are missing."""
    size = private.font_file_size(face)
    for tag, entry in sorted(face.table.items(), key=lambda item: item[1]["offset"]):
        end = entry["offset"] + entry["length"]
        if end > size:
            return f"the file is cut short: its {tag.strip()!r} table ends at byte {end}, the file has {size} bytes"
    return ""


def register(family: Family) -> None:
    """Register a family with reportlab, outside any build session (a fresh registry)."""
    FontRegistry().register(family)


def registered_fonts() -> list:
    """The TrueType fonts reportlab draws with now, whichever registry registered them."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = (pdfmetrics.getFont(name) for name in pdfmetrics.getRegisteredFontNames())
    return list({id(font): font for font in fonts if isinstance(font, TTFont)}.values())


def forget_shaping(fonts=None) -> None:
    """Take back the private-use codes that shaping gave to glyphs of this process's fonts.

    A shaped glyph with no character of its own (a Devanagari conjunct, an Arabic
    joining form, a ligature) is written to the PDF under a private-use code that
    reportlab hands out (U+E000 on) in the order the process first meets such glyphs,
    and keeps in the font for good. A PDF's bytes then depended on which PDFs the
    process had made before it: a Hindi PDF differed between a full build, an
    incremental one and a worker of the pool. render() calls this before and after
    each PDF, so every PDF is made as if it were the first (as in a fresh process).
    """
    for font in registered_fonts() if fonts is None else fonts:   # a font is clean again when registered
        given = private.shaping_codes(font)
        if not given:
            continue
        face = font.face
        for code in given.values():
            gid = face.charToGlyph.pop(code, None)
            face.charWidths.pop(code, None)
            chars = face.glyphToChar.get(gid)
            if chars and code in chars:
                chars.remove(code)
                if not chars:
                    del face.glyphToChar[gid]
        private.reset_shaping(font)


def _cmap(face: str) -> dict:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(face).face.charWidths


def _joins_previous(ch: str) -> bool:
    """Marks and joiners stay in the font of the letter they belong to."""
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in "\u200c\u200d"


@dataclass(frozen=True)
class FontChain:
    """The families that draw a locale's text, tried in order, character by character."""

    families: tuple[Family, ...]
    registry: FontRegistry = field(default_factory=FontRegistry, compare=False, hash=False, repr=False)
    _memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def names(self) -> str:
        return ", ".join(f.name for f in self.families)

    def register(self) -> None:
        for family in self.families:
            self.registry.register(family)

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The first family's face: the paragraph's own font."""
        return self.families[0].face(bold, italic)

    def _faces(self, bold: bool, italic: bool) -> dict[str, dict]:
        """Face name -> its character map, in chain order."""
        key = (bold, italic)
        if key not in self._memo:
            self.register()
            self._memo[key] = {f.face(bold, italic): _cmap(f.face(bold, italic)) for f in self.families}
        return self._memo[key]

    def face_for(self, ch: str, bold: bool = False, italic: bool = False) -> str | None:
        """The face that draws ch in this style, or None if no family has it."""
        code = ord(ch)
        for face, cmap in self._faces(bold, italic).items():
            if code in cmap:
                return face
        return None

    def runs(self, text: str, bold: bool = False, italic: bool = False) -> list[tuple[str, str]]:
        """Split text into (face, text) runs so every character is drawn by a font that has it.

        A word (text between spaces) that one font can draw whole is drawn in
        that font: the font of the word before, else the first of the chain
        that has every character. So "(intrathecal)" inside Hindi is one run of
        the Latin font, brackets included, and shapes as one word.
        """
        faces = self._faces(bold, italic)
        first, cmap = next(iter(faces.items()))
        if text and all(ord(ch) in cmap or ch in INVISIBLE for ch in set(text)):
            # the first family draws every word (all text of a Latin-script locale): one run,
            # what the word-by-word rule below gives, at a fraction of its cost
            return [(first, text if BIDI_CONTROLS.isdisjoint(text) else
                     "".join(ch for ch in text if ch not in BIDI_CONTROLS))]
        return self._runs_by_word(text, faces)

    def _runs_by_word(self, text: str, faces: dict) -> list[tuple[str, str]]:
        out: list[list] = []
        for word in re.split(r"( +)", text):
            if not word:
                continue
            word = "".join(ch for ch in word if ch not in BIDI_CONTROLS)
            previous = out[-1][0] if out else None
            face = self._whole(word, faces, previous)
            pieces = [(face, word)] if face else self._by_character(word, faces, previous)
            for face, piece in pieces:
                if out and out[-1][0] == face:
                    out[-1][1] += piece
                else:
                    out.append([face, piece])
        return [(face, chars) for face, chars in out]

    @staticmethod
    def _whole(word: str, faces, previous: str | None) -> str | None:
        codes = [ord(ch) for ch in word if ch not in INVISIBLE]
        order = ([(previous, faces[previous])] if previous else []) + list(faces.items())
        for face, cmap in order:
            if all(code in cmap for code in codes):
                return face
        return None

    def _by_character(self, word: str, faces, previous: str | None) -> list[tuple[str, str]]:
        out: list[list] = []
        cmaps = faces
        for ch in word:
            code = ord(ch)
            current = out[-1][0] if out else previous
            if current and (_joins_previous(ch) or ch in INVISIBLE) and (code in cmaps[current] or ch in INVISIBLE):
                face = current
            else:
                face = next((f for f, cmap in faces.items() if code in cmap), None)
            if face is None:
                raise ValueError(f"no font in {self.names} draws {describe_character(ch)}")
            if out and out[-1][0] == face:
                out[-1][1] += ch
            else:
                out.append([face, ch])
        return [(face, chars) for face, chars in out]

    def missing(self, text: str) -> list[str]:
        """Characters that no family of the chain draws in one of the styles text can be drawn in
        (regular, bold, italic, bold italic)."""
        drawable = self._memo.get("drawable")
        if drawable is None:     # the codes that some family draws in each style
            drawable = self._memo["drawable"] = set.intersection(*(
                set().union(*self._faces(bold, italic).values()) for bold, italic in _STYLE_FLAGS.values()))
        return [ch for ch in dict.fromkeys(text) if ch not in INVISIBLE and ord(ch) not in drawable]

    def styles_lacking(self, ch: str) -> list[str]:
        """The styles ("italic", "bold italic", ...) in which no family of the chain draws ch."""
        return [style.replace("_", " ") for style, (bold, italic) in _STYLE_FLAGS.items()
                if self.face_for(ch, bold, italic) is None]


_STYLE_FLAGS = {"regular": (False, False), "bold": (True, False), "italic": (False, True),
                "bold_italic": (True, True)}


def describe_character(ch: str) -> str:
    """'U+1F600 GRINNING FACE' – how a character is named in messages."""
    name = unicodedata.name(ch, "")
    if not name:
        cat = unicodedata.category(ch)
        name = {"Co": "private-use character", "Cn": "unassigned code point",
                "Cs": "surrogate"}.get(cat, f"character of category {cat}")
    return f"U+{ord(ch):04X} {name}"
