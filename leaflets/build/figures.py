"""The figures' image files: each read and checked once per project, before anything is drawn.

A translation shows its source's images. In a print-shop layout a raster image must be CMYK
(or greyscale): an RGB photo is refused, naming the file; an SVG's colours are vectors and are
converted as the layout's own colours would be.
"""
from __future__ import annotations

from leaflets.diagnostics import Diagnostics
from leaflets.inputs.blocks import IMAGE_FOLDER, kind_of
from leaflets.inputs.images import ImageProblem, read_image
from leaflets.inputs.schema import did_you_mean
from leaflets.inputs.sources import format_path
from leaflets.model.nodes import Image


def figure_paths(doc):
    """(path of the block, file name) of every figure in a content document, inner blocks included."""
    for si, section in enumerate(doc.data["sections"]):
        for bi, block in enumerate(section["body"]):
            if kind_of(block) == "figure":
                yield ("sections", si, "body", bi), block["figure"]


def load_figures(project) -> None:
    """project.images[(leaflet, file name)] = Image for every figure of every source content file."""
    d: Diagnostics = project.diagnostics
    for (leaflet, locale), doc in sorted(project.contents.items()):
        if (leaflet, locale) in project.sources:
            continue
        folder = project.root / "content" / leaflet / IMAGE_FOLDER
        for path, name in figure_paths(doc):
            if (leaflet, name) in project.images:
                continue
            shown = f"content/{leaflet}/{IMAGE_FOLDER}/{name}"
            try:
                target = folder / name
                if target.is_symlink() or (target.exists() and project.root not in target.resolve().parents):
                    raise ImageProblem(f"image {shown} is a link", "put the file itself in the images folder",
                                       "image-outside-project")
                found = read_image(target, shown)
            except ImageProblem as problem:
                hint = problem.hint
                if problem.code == "image-missing":
                    there = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
                    hint = did_you_mean(name, there) or (f"put it in content/{leaflet}/{IMAGE_FOLDER}/" if not there
                                                         else f"files there: {', '.join(there)}")
                d.error(doc.loc(path + ("figure",)), format_path(path + ("figure",)), problem.message, hint,
                        code=problem.code)
                continue
            project.images[(leaflet, name)] = Image(shown, found.format, found.data, found.width, found.height,
                                                    found.colour)


def check_print_colours(project) -> None:
    """An RGB raster image in a print-shop layout's combination is an error at the figure (once per file)."""
    d = project.diagnostics
    print_shop = sorted(name for name, layout in project.layouts.items() if layout.print_shop)
    if not print_shop:
        return
    for (leaflet, locale), doc in sorted(project.contents.items()):
        if (leaflet, locale) in project.sources:
            continue
        chosen = doc.data.get("layouts")
        layouts = [n for n in print_shop if chosen is None or n in chosen]
        for path, name in figure_paths(doc):
            image = project.images.get((leaflet, name))
            if layouts and image is not None and image.colour == "rgb":
                d.error(doc.loc(path + ("figure",)), format_path(path + ("figure",)),
                        f"image {image.name} is RGB, but layout {layouts[0]!r} goes to a print shop, which needs CMYK",
                        "convert it to CMYK (or greyscale) in an image editor, or draw it as SVG; or leave the "
                        "print-shop layouts out with the leaflet's `layouts:`", code="image-rgb-in-print")
