"""Image files of figures: read once, checked before anything is drawn.

An SVG may load nothing: no script, no external file or web address (href, url(...),
@import, xml-stylesheet), no DOCTYPE or entity (XML bombs). It is read here with the
standard library's expat and refused before svglib ever sees it. Text inside an SVG is
refused too: labels are written in the content file, so they are translated and drawn in
the locale's fonts. PNG and JPEG files are opened with Pillow (which reportlab uses to draw
them) and decoded once to find a corrupt or cut-short file.
"""
from __future__ import annotations

import io
import re
import xml.parsers.expat
from dataclasses import dataclass
from pathlib import Path

MAX_SVG_ELEMENTS = 20_000

_SVG_REFUSED = {"script": "a script", "foreignObject": "foreign content (HTML)", "image": "an embedded image",
                "iframe": "a frame", "text": "text", "feImage": "an embedded image"}
_SVG_HINTS = {
    "svg-loads-content": "an SVG in a leaflet may load nothing: remove it, or draw it inside the SVG",
    "svg-text": "write the words under the figure's `labels:` in the content file, where they are translated",
    "image-corrupt": "save it again as plain SVG from your drawing program",
    "image-too-large": "simplify the drawing",
}
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.I)
_NUMBER = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")


@dataclass(frozen=True)
class Limits:
    noun: str                  # what the messages call the file
    max_bytes: int
    max_pixels: int            # width x height of a PNG or JPEG
    max_side: int              # pixels, either side
    text_hint: str             # why an SVG may have no <text>, and what to do instead


FIGURE = Limits("image", 5_000_000,          # a leaflet's figure; the whole PDF may be 1.5 MB
                25_000_000, 25_000,         # 5000 x 5000: far more than 300 dpi across an A4 column
                _SVG_HINTS["svg-text"])
LOGO = Limits("logo", 1_000_000, 36_000_000, 6000,
              "convert the text to outlines (paths) in your drawing program: text in a logo would be drawn "
              "in a font the PDF cannot embed")


class ImageProblem(Exception):
    """What is wrong with an image file, in plain words, with a hint."""

    def __init__(self, message: str, hint: str, code: str):
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


@dataclass(frozen=True)
class ImageFile:
    format: str       # svg | png | jpeg
    data: bytes
    width: float
    height: float
    colour: str       # rgb | cmyk | grey | vector (SVG colours are converted for print shops)


def read_image(path: Path, shown: str, limits: Limits = FIGURE) -> ImageFile:
    """The checked image at path (shown: its name as the author sees it), or ImageProblem."""
    shown = f"{limits.noun} {shown}"
    if not path.is_file():
        raise ImageProblem(f"{shown} not found", "", "image-missing")
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ImageProblem(f"{shown} is {size / 1e6:.1f} MB, over the limit of {limits.max_bytes / 1e6:g} MB",
                               "simplify the drawing" if path.suffix.lower() == ".svg" else
                               "export it at the size it is printed, at 300 dpi at most", "image-too-large")
        data = path.read_bytes()
    except OSError as exc:
        raise ImageProblem(f"cannot read {shown}: {exc.strerror or exc}",
                           "check that the file exists and you can read it", "image-unreadable") from None
    if path.suffix.lower() == ".svg":
        return _svg(data, shown, limits)
    return _raster(data, shown, "png" if path.suffix.lower() == ".png" else "jpeg", limits)


def _raster(data: bytes, shown: str, expected: str, limits: Limits) -> ImageFile:
    from PIL import Image, UnidentifiedImageError  # reason: Pillow, only when a leaflet has a raster figure

    hint = "open it in an image editor and export it again as PNG or JPEG"
    try:
        with Image.open(io.BytesIO(data)) as img:
            found = (img.format or "").lower()
            width, height, mode = img.size[0], img.size[1], img.mode
            limit = (f"{limits.max_pixels / 1e6:g} million" if width * height > limits.max_pixels else
                     f"{limits.max_side} a side" if max(width, height) > limits.max_side else "")
            if limit:
                raise ImageProblem(f"{shown} is {width} x {height} pixels, over the limit of {limit}",
                                   "scale it down: 300 dpi at the size it is "
                                   "printed is plenty", "image-too-large")
            if found == expected:
                img.load()      # decodes it: a cut-short or damaged file fails here
    except ImageProblem:
        raise
    except UnidentifiedImageError:
        raise ImageProblem(f"{shown} is not a {expected.upper()} image (its first bytes say otherwise)", hint,
                           "image-corrupt") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"{shown} is damaged or not an image ({exc})", hint, "image-corrupt") from None
    if found != expected:
        raise ImageProblem(f"{shown} is a {found.upper() or 'different'} file, not {expected.upper()}",
                           f"rename it to the right extension or export it as {expected.upper()}", "image-corrupt")
    colour = {"CMYK": "cmyk", "L": "grey", "1": "grey", "LA": "grey"}.get(mode, "rgb")
    return ImageFile(expected, data, float(width), float(height), colour)


def _svg(data: bytes, shown: str, limits: Limits) -> ImageFile:
    checker = _SvgChecker(shown, limits.text_hint)
    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = checker.doctype
    parser.EntityDeclHandler = checker.entity
    parser.ProcessingInstructionHandler = checker.instruction
    parser.StartElementHandler = checker.start
    parser.CharacterDataHandler = checker.characters
    parser.EndElementHandler = checker.end
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    checker.parser = parser
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ImageProblem(f"{shown} is not a valid SVG file: {xml.parsers.expat.ErrorString(exc.code)} "
                           f"at line {exc.lineno}", "save it again as plain SVG from your drawing program",
                           "image-corrupt") from None
    if checker.size is None:
        raise ImageProblem(f"{shown} is not an SVG drawing (no <svg> element)",
                           "save it again as plain SVG", "image-corrupt")
    return ImageFile("svg", data, checker.size[0], checker.size[1], "vector")


class _SvgChecker:
    def __init__(self, shown: str, text_hint: str):
        self.shown, self.text_hint, self.size, self.count, self.parser = shown, text_hint, None, 0, None
        self.in_style = False

    def refuse(self, what: str, code: str = "svg-loads-content"):
        line = self.parser.CurrentLineNumber if self.parser else 0
        hint = self.text_hint if code == "svg-text" else _SVG_HINTS[code]
        raise ImageProblem(f"{self.shown} line {line}: {what}", hint, code)

    def doctype(self, name, *args):
        self.refuse("has a DOCTYPE, which can load other files or expand entities without limit")

    def entity(self, *args):
        self.refuse("declares an entity, which can load other files or expand without limit")

    def instruction(self, target, data):
        if target == "xml-stylesheet":
            self.refuse("loads a style sheet (<?xml-stylesheet?>)")

    def start(self, name, attrs):
        self.count += 1
        if self.count > MAX_SVG_ELEMENTS:
            self.refuse(f"has more than {MAX_SVG_ELEMENTS} elements", "image-too-large")
        local = name.rsplit(":", 1)[-1]
        if local in _SVG_REFUSED:
            self.refuse(f"has {_SVG_REFUSED[local]} (<{local}>)", "svg-text" if local == "text" else
                        "svg-loads-content")
        for key, value in attrs.items():
            attr = key.rsplit(":", 1)[-1]
            if attr.lower().startswith("on"):
                self.refuse(f"has a script in the attribute {key}")
            if attr == "href" and not value.startswith("#"):
                self.refuse(f"refers to {value!r} (<{local} {key}>)")
            self.check_urls(value)
        if local == "svg" and self.size is None:
            self.size = _svg_size(attrs, self)
        self.in_style = local == "style"

    def characters(self, text):
        if self.in_style:
            if "@import" in text:
                self.refuse("imports a style sheet (@import)")
            self.check_urls(text)

    def end(self, name):
        self.in_style = False

    def check_urls(self, text: str):
        for target in _URL.findall(text):
            if not target.startswith("#"):
                self.refuse(f"refers to {target!r} (url(...))")


def _svg_size(attrs: dict, checker: _SvgChecker) -> tuple[float, float]:
    box = attrs.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            w, h = float(box[2]), float(box[3])
            if w > 0 and h > 0:
                return w, h
        except ValueError:
            pass
    w, h = (_NUMBER.match(attrs.get(k, "")) for k in ("width", "height"))
    if w and h and float(w.group(1)) > 0 and float(h.group(1)) > 0:
        return float(w.group(1)), float(h.group(1))
    checker.refuse("has no size: give the <svg> element a viewBox, e.g. viewBox=\"0 0 400 300\"", "image-corrupt")
    raise AssertionError  # refuse raises
