"""A clinic's logo: a PNG, JPEG or SVG file under clinics/, checked before anything draws it.

The file must stay inside clinics/ (no absolute path, `..` or link out), be at most
MAX_BYTES, be what its name says (by its first bytes, not only its name), and be no larger
than MAX_PIXELS a side. An SVG is drawn by svglib: it may not have a DOCTYPE (entity
expansion), scripts, or any reference to another file or address (href, url(...),
@import), so drawing it reads nothing else.
"""
from __future__ import annotations

import re
import struct
from xml.etree import ElementTree
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 1_000_000
MAX_PIXELS = 6000
KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}

_SVG_REFUSED = (
    (re.compile(rb"<!DOCTYPE|<!ENTITY", re.I), "it has a DOCTYPE or entity declaration"),
    (re.compile(rb"<script|<foreignObject|\bon[a-z]+\s*=", re.I), "it has a script or an embedded document"),
    (re.compile(rb"""href\s*=\s*["'](?!#)""", re.I), "it refers to another file or address (href)"),
    (re.compile(rb"url\(\s*['\"]?(?!#)", re.I), "it refers to another file or address (url(...))"),
    (re.compile(rb"@import", re.I), "it imports a style sheet"),
)


@dataclass(frozen=True)
class Logo:
    path: str        # relative to the project, e.g. clinics/logos/riverside.png
    kind: str        # png | jpeg | svg
    data: bytes
    width: int       # pixels (an SVG: its width in user units, if it says)
    height: int


def check_logo(relative: str, root: Path, key: tuple, check) -> Logo | None:
    """The logo at clinics/<relative>, or None with the problem reported at `key` through `check`."""
    base = (root / "clinics").resolve()
    candidate = Path(relative)
    target = (base / candidate).resolve()
    if candidate.is_absolute() or relative.startswith("~") or not target.is_relative_to(base):
        check.error(key, f"the logo {relative!r} is outside clinics/",
                    "put the file in clinics/ (or a folder in it) and name it relative to clinics/",
                    code="path-outside-project")
        return None
    kind = KINDS.get(target.suffix.lower())
    if kind is None:
        check.error(key, f"the logo {relative!r} is not a PNG, JPEG or SVG file", "save it as .png, .jpg or .svg",
                    code="logo-wrong-type")
        return None
    try:
        size = target.stat().st_size if target.is_file() else -1
        if size < 0:
            check.error(key, f"no logo file {relative!r} in clinics/", code="logo-missing")
            return None
        if size > MAX_BYTES:
            check.error(key, f"the logo is {size / 1e6:.1f} MB, over the limit of {MAX_BYTES / 1e6:.0f} MB",
                        "save it smaller: a logo needs at most about 1000 pixels a side", code="logo-too-large")
            return None
        data = target.read_bytes()
    except OSError as exc:
        check.error(key, f"the logo {relative!r} cannot be read: {exc.strerror or exc}", code="logo-unreadable")
        return None
    problem, width, height = _inspect(kind, data)
    if problem:
        check.error(key, f"the logo {relative!r} cannot be used: {problem}", code="logo-refused")
        return None
    return Logo(f"clinics/{target.relative_to(base).as_posix()}", kind, data, width, height)


def _inspect(kind: str, data: bytes) -> tuple[str, int, int]:
    """(problem or "", width, height)."""
    if kind == "png":
        if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
            return "it is not a PNG file (its first bytes say otherwise)", 0, 0
        width, height = struct.unpack(">II", data[16:24])
    elif kind == "jpeg":
        width, height = _jpeg_size(data)
        if not width:
            return "it is not a JPEG file (its first bytes say otherwise)", 0, 0
    else:
        return _svg(data)
    if not (0 < width <= MAX_PIXELS and 0 < height <= MAX_PIXELS):
        return f"it is {width} x {height} pixels (at most {MAX_PIXELS} a side)", 0, 0
    return "", width, height


def _jpeg_size(data: bytes) -> tuple[int, int]:
    if not data.startswith(b"\xff\xd8"):
        return 0, 0
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return 0, 0
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return 0, 0


def _svg(data: bytes) -> tuple[str, int, int]:
    head = data.lstrip()[:5000]
    if not (head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head):
        return "it is not an SVG file (no <svg> element)", 0, 0
    for pattern, why in _SVG_REFUSED:
        if pattern.search(data):
            return why, 0, 0
    try:
        root = ElementTree.fromstring(data.decode("utf-8"))
    except UnicodeDecodeError:
        return "it is not UTF-8 text", 0, 0
    except ElementTree.ParseError as exc:
        return f"it is not well-formed XML ({exc})", 0, 0
    if not root.tag.endswith("svg"):
        return "its outermost element is not <svg>", 0, 0
    return "", 0, 0
