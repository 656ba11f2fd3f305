"""Lengths, paper sizes and colours as written in layouts."""
from __future__ import annotations

import re

PT_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
LENGTH_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$")

PAPER_SIZES = {  # width, height in points, portrait
    "A3": (841.8898, 1190.5512),
    "A4": (595.2756, 841.8898),
    "A5": (419.5276, 595.2756),
    "Letter": (612.0, 792.0),
    "Legal": (612.0, 1008.0),
}

HEX_RE = re.compile(r"^#([0-9a-fA-F]{6})$")
CMYK_RE = re.compile(r"^cmyk\(\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*,\s*([0-9.]+)\s*\)$")


def parse_length(value) -> float | None:
    """'20mm' -> points; a bare number is points. None when it is not a length."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = LENGTH_RE.fullmatch(value)
        if m:
            return float(m.group(1)) * PT_PER[m.group(2)]
    return None


def unit_of(value) -> str:
    """The unit a length is written in ('pt' for a bare number)."""
    m = LENGTH_RE.fullmatch(value) if isinstance(value, str) else None
    return m.group(2) if m else "pt"


def in_unit(points: float, unit: str) -> str:
    """A length in points said in the writer's unit: in_unit(18, 'mm') -> '6.35mm'."""
    return f"{round(points / PT_PER[unit], 2):g}{unit}"


def format_pt(points: float) -> str:
    return f"{points:.1f}pt ({points / PT_PER['mm']:.1f}mm)"


def parse_colour(value) -> tuple | None:
    """'#0b5c7a' -> ('rgb', r, g, b); 'cmyk(0, .5, 1, 0)' -> ('cmyk', c, m, y, k); floats 0..1."""
    if not isinstance(value, str):
        return None
    m = HEX_RE.fullmatch(value.strip())
    if m:
        h = m.group(1)
        return ("rgb",) + tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    m = CMYK_RE.fullmatch(value.strip())
    if m:
        try:
            parts = tuple(float(x) for x in m.groups())
        except ValueError:
            return None
        if all(0 <= p <= 1 for p in parts):
            return ("cmyk",) + parts
    return None


def paper_size(name: str, orientation: str = "portrait") -> tuple[float, float]:
    w, h = PAPER_SIZES[name]
    return (h, w) if orientation == "landscape" else (w, h)
