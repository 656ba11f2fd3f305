"""Image files of figures: what is refused before svglib or reportlab ever see them."""
from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from leaflets.inputs.images import FIGURE, ImageProblem, read_image

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 100">{}</svg>'


def _svg(tmp_path: Path, body: str, outer: str = SVG) -> Path:
    path = tmp_path / "drawing.svg"
    path.write_text(outer.format(body), encoding="utf-8")
    return path


def _problem(path: Path, limits=FIGURE) -> ImageProblem:
    with pytest.raises(ImageProblem) as caught:
        read_image(path, path.name, limits)
    return caught.value


def test_a_plain_svg_is_read_with_its_size_from_the_viewbox(tmp_path):
    found = read_image(_svg(tmp_path, '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="5" '
                                      'height="5"/><use xlink:href="#g"/>'), "drawing.svg")
    assert (found.format, found.width, found.height, found.colour) == ("svg", 200.0, 100.0, "vector")


@pytest.mark.parametrize("body, words", [
    ('<script>alert(1)</script>', "has a script (<script>)"),
    ('<rect onclick="alert(1)" width="5" height="5"/>', "has a script in the attribute onclick"),
    ('<image href="photo.png" width="5" height="5"/>', "has an embedded image (<image>)"),
    ('<use href="https://example.org/a.svg#x"/>', "refers to 'https://example.org/a.svg#x'"),
    ('<use xlink:href="parts.svg#x"/>', "refers to 'parts.svg#x'"),
    ('<rect style="fill: url( \'https://example.org/p\' )" width="5" height="5"/>', "refers to 'https://example.org/p'"),
    ('<style>@import "https://example.org/x.css";</style>', "imports a style sheet (@import)"),
    ('<foreignObject><p>hi</p></foreignObject>', "has foreign content (HTML) (<foreignObject>)"),
    ('<text x="1" y="1">Pump</text>', "has text (<text>)"),
])
def test_an_svg_that_would_load_or_run_something_is_refused(tmp_path, body, words):
    problem = _problem(_svg(tmp_path, body))
    assert words in problem.message and problem.code in ("svg-loads-content", "svg-text")


def test_doctype_and_entities_are_refused_before_anything_expands(tmp_path):
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n' + SVG
    problem = _problem(_svg(tmp_path, "&b;", bomb))
    assert "line 2: has a DOCTYPE" in problem.message


def test_a_stylesheet_instruction_is_refused(tmp_path):
    problem = _problem(_svg(tmp_path, "", '<?xml-stylesheet href="https://example.org/s.css"?>\n' + SVG))
    assert "loads a style sheet" in problem.message


@pytest.mark.parametrize("text, words", [
    ("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><rect></svg>", "not a valid SVG file: mismatched tag"),
    ("<html><body/></html>", "not an SVG drawing (no <svg> element)"),
    ("<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>", "has no size"),
])
def test_a_broken_svg_is_told_as_such(tmp_path, text, words):
    path = tmp_path / "broken.svg"
    path.write_text(text)
    assert words in _problem(path).message


def _png(tmp_path: Path, mode: str = "RGB", size=(30, 20), name="photo.png", fmt="PNG") -> Path:
    path = tmp_path / name
    out = io.BytesIO()
    Image.new(mode, size, "white" if mode != "CMYK" else (0, 0, 0, 0)).save(out, fmt)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("mode, colour", [("RGB", "rgb"), ("L", "grey"), ("CMYK", "cmyk")])
def test_raster_images_say_their_colour_space(tmp_path, mode, colour):
    fmt, name = ("JPEG", "photo.jpg") if mode == "CMYK" else ("PNG", "photo.png")
    found = read_image(_png(tmp_path, mode, name=name, fmt=fmt), name)
    assert (found.width, found.height, found.colour) == (30.0, 20.0, colour)


def test_a_cut_short_png_is_damaged(tmp_path):
    path = _png(tmp_path, size=(200, 200))
    path.write_bytes(path.read_bytes()[:200])
    problem = _problem(path)
    assert "is damaged or not an image" in problem.message and problem.code == "image-corrupt"


def test_pixels_are_counted_from_the_header_before_decoding(tmp_path):
    path = _png(tmp_path, size=(100, 100))
    assert "over the limit of 0.0099 million" in _problem(path, replace(FIGURE, max_pixels=100 * 99)).message
    assert "over the limit of 99 a side" in _problem(path, replace(FIGURE, max_side=99)).message
    assert FIGURE.max_pixels == 25_000_000


def test_bytes_are_counted_before_the_file_is_read(tmp_path):
    path = _svg(tmp_path, "<!-- " + "x" * 2000 + " -->")
    problem = _problem(path, replace(FIGURE, max_bytes=1000))
    assert "over the limit of 0.001 MB" in problem.message and problem.code == "image-too-large"


def test_a_file_that_cannot_be_read_is_told_in_plain_words(tmp_path, monkeypatch):
    path = _svg(tmp_path, "")

    def refuse(self):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(Path, "read_bytes", refuse)
    problem = _problem(path)
    assert problem.message == "cannot read image drawing.svg: Permission denied" and problem.code == "image-unreadable"


def test_a_missing_file_and_a_folder_are_not_found(tmp_path):
    assert _problem(tmp_path / "none.svg").code == "image-missing"
    (tmp_path / "dir.svg").mkdir()
    assert _problem(tmp_path / "dir.svg").code == "image-missing"
