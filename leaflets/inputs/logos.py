"""A clinic's logo: a PNG, JPEG or SVG file under clinics/, checked before anything draws it.

The file must stay inside clinics/ (no absolute path, `..` or link out); it is then read
and checked like a figure's image (inputs.images: what its first bytes say it is, an SVG
that loads nothing and has no text), with a logo's own limits (images.LOGO).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leaflets.inputs.images import LOGO, ImageProblem, read_image

SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


@dataclass(frozen=True)
class Logo:
    path: str        # relative to the project, e.g. clinics/logos/riverside.png
    kind: str        # png | jpeg | svg
    data: bytes
    width: float     # pixels (an SVG: its viewBox or width in user units)
    height: float


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
    if target.suffix.lower() not in SUFFIXES:
        check.error(key, f"the logo {relative!r} is not a PNG, JPEG or SVG file", "save it as .png, .jpg or .svg",
                    code="logo-wrong-type")
        return None
    try:
        image = read_image(target, repr(relative), LOGO)
    except ImageProblem as problem:
        check.error(key, problem.message, problem.hint, code=problem.code)
        return None
    return Logo(f"clinics/{target.relative_to(base).as_posix()}", image.format, image.data, image.width, image.height)
