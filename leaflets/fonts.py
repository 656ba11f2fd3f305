"""Font families: registration with reportlab (once per process) and glyph coverage."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STYLES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
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


_registered: dict[str, Path] = {}


_parsed: dict[tuple[str, Path], object] = {}


def _ttfont(name: str, path: Path):
    """Parse a TrueType file once per process."""
    from reportlab.pdfbase.ttfonts import TTFont

    key = (name, path)
    if key not in _parsed:
        _parsed[key] = TTFont(name, str(path))
    return _parsed[key]


def unreadable_font(name: str, path: Path) -> str:
    """Why reportlab cannot use this font file, or '' if it can."""
    from reportlab.pdfbase.ttfonts import TTFError

    try:
        _ttfont(name, path)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError) as exc:
        return str(exc).replace(str(path), path.name)
    return ""


def register(family: Family) -> None:
    """Register every style of a family with reportlab; parsing happens once per process."""
    from reportlab.pdfbase import pdfmetrics

    for style, path in family.files.items():
        name = f"{family.name}-{style}"
        if _registered.get(name) == path:
            continue
        pdfmetrics.registerFont(_ttfont(name, path))
        _registered[name] = path
    faces = {s: f"{family.name}-{s}" for s in family.files}
    pdfmetrics.registerFontFamily(
        family.name,
        normal=faces["regular"], bold=faces.get("bold", faces["regular"]),
        italic=faces.get("italic", faces["regular"]),
        boldItalic=faces.get("bold_italic", faces.get("bold", faces["regular"])))


def missing_characters(family: Family, text: str, bold=False, italic=False) -> list[str]:
    """Characters of text (other than line breaks) that the family's font cannot draw."""
    from reportlab.pdfbase import pdfmetrics

    register(family)
    font = pdfmetrics.getFont(family.face(bold, italic))
    widths = font.face.charWidths
    return sorted({ch for ch in text if ch not in "\n\r\t" and ord(ch) not in widths})
