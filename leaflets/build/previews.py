"""PNG previews of built PDFs, contact sheets, and the visual regression comparison.

Rendering uses pypdfium2 (fast, no external programs). Everything here takes
bytes or images and returns images or messages; the CLI writes the files.

Reference images for the visual regression test live in tests/reference/ and
are rewritten by `python generate.py preview --update-references`.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path

from leaflets.build.pipeline import build_pdf
from leaflets.build.project import Combination
from leaflets.diagnostics import ERROR, Diagnostic, SourceLocation
from leaflets.quality.reports import CheckResult
from leaflets.quality.verify import read_back

REFERENCE_DPI = 40
# (leaflet, variant, locale, layout, pages): a few pages, small and grey, committed with the tests
REFERENCE_SET = (("drug-pump", "cancer", "en", "a4", (1, 4)),)
REFERENCE_DIR = Path("tests") / "reference"
UPDATE_COMMAND = "python generate.py preview --update-references"

# A pixel counts as changed when its grey value moves by more than PIXEL_TOLERANCE
# (of 255); a region fails when more than REGION_TOLERANCE of its pixels changed.
# Anti-aliasing differences between pdfium builds move edge pixels a little and
# scatter; a moved line, a changed word or a new colour changes a block of them.
MAX_PIXELS = 100_000_000     # of one page image: an A3 page at 600 dpi is 70 million

PIXEL_TOLERANCE = 48
REGION_TOLERANCE = 0.004
GRID = (4, 3)   # rows, columns
ROW_NAMES = ("top", "upper middle", "lower middle", "bottom")
COLUMN_NAMES = ("left", "centre", "right")


def preview_problems(data: bytes, pdf: str, dpi: float = 72) -> list[Diagnostic]:
    """Why a PDF should not be rendered: it cannot be read, it would make the renderer do more work than
    any leaflet needs (forms drawn by forms, thousands of times), or a page image would be too large."""
    scanned = read_back(data, pdf)
    if isinstance(scanned, CheckResult):
        return [replace(f, key="preview") for f in scanned.findings]
    problems = []
    for page in scanned.pages:
        x0, y0, x1, y1 = page.mediabox
        pixels = abs(x1 - x0) * abs(y1 - y0) * (dpi / 72) ** 2
        if pixels > MAX_PIXELS:
            problems.append(Diagnostic(ERROR, SourceLocation(pdf), "preview",
                                       f"page {page.index + 1} would be a {pixels / 1e6:,.0f} million pixel image "
                                       f"at {dpi:g} dpi (at most {MAX_PIXELS / 1e6:,.0f} million)",
                                       "preview at a lower --dpi", code="preview-too-large"))
            break
    return problems


def render_pages(data: bytes, dpi: float = 72, grayscale: bool = False, pages=None) -> list:
    """PIL images of the PDF's pages (all, or the 1-based page numbers given)."""
    import pypdfium2 as pdfium  # reason: only previews need pypdfium2

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ValueError(f"the PDF cannot be read: {exc}") from None
    try:
        numbers = list(pages) if pages else list(range(1, len(pdf) + 1))
        images = []
        for n in numbers:
            if not 1 <= n <= len(pdf):
                raise ValueError(f"page {n} does not exist: the PDF has {len(pdf)} pages")
            page = pdf[n - 1]
            bitmap = page.render(scale=dpi / 72, grayscale=grayscale)
            image = bitmap.to_pil()
            images.append(image.convert("L") if grayscale else image.convert("RGB"))
            page.close()
        return images
    finally:
        pdf.close()


def _font(size: int, font_path: Path | None = None):
    from PIL import ImageFont  # reason: only previews need Pillow

    if font_path is not None and Path(font_path).is_file():
        return ImageFont.truetype(str(font_path), size)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def contact_sheet(title: str, rows, font_path: Path | None = None, thumb_height: int = 280):
    """One image showing every page small: a row per PDF, labelled, pages numbered.

    rows: [(label, [page images])].
    """
    from PIL import Image, ImageDraw  # reason: only previews need Pillow

    pad, gap, label_h, number_h, title_h = 24, 16, 30, 22, 46
    thumbs = []
    for label, pages in rows:
        row = []
        for img in pages:
            w = max(1, round(img.width * thumb_height / img.height))
            row.append(img.convert("RGB").resize((w, thumb_height), Image.LANCZOS))
        thumbs.append((label, row))
    width = max((sum(t.width for t in row) + gap * (len(row) - 1) for _, row in thumbs), default=200) + 2 * pad
    width = max(width, 480)
    height = title_h + pad + sum(label_h + thumb_height + number_h + gap for _ in thumbs) + pad
    sheet = Image.new("RGB", (width, height), (236, 238, 240))
    draw = ImageDraw.Draw(sheet)
    big, small = _font(22, font_path), _font(15, font_path)
    draw.text((pad, pad // 2 + 4), title, fill=(20, 20, 20), font=big)
    y = title_h + pad
    for label, row in thumbs:
        draw.text((pad, y), label, fill=(30, 30, 30), font=small)
        y += label_h
        x = pad
        for i, thumb in enumerate(row, start=1):
            draw.rectangle((x + 3, y + 3, x + thumb.width + 3, y + thumb.height + 3), fill=(190, 194, 198))
            sheet.paste(thumb, (x, y))
            draw.rectangle((x, y, x + thumb.width - 1, y + thumb.height - 1), outline=(150, 155, 160))
            text = f"{i}"
            tw = draw.textlength(text, font=small)
            draw.text((x + (thumb.width - tw) / 2, y + thumb.height + 3), text, fill=(80, 80, 80), font=small)
            x += thumb.width + gap
        y += thumb_height + number_h + gap
    return sheet


# --- visual regression -------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    page: int
    message: str
    box: tuple          # pixels (x0, y0, x1, y1) of the changed area
    regions: tuple      # names of the grid regions over tolerance


def _region_name(row: int, col: int) -> str:
    return f"{ROW_NAMES[row]} {COLUMN_NAMES[col]}" if GRID == (4, 3) else f"row {row + 1}, column {col + 1}"


def compare(reference, actual, page: int = 1, dpi: float = REFERENCE_DPI, name: str = "",
            pixel_tolerance: int = PIXEL_TOLERANCE, region_tolerance: float = REGION_TOLERANCE) -> Difference | None:
    """None when the two page images match within tolerance; else where and how much they differ."""
    from PIL import ImageChops  # reason: only previews need Pillow

    ref, act = reference.convert("L"), actual.convert("L")
    what = f"page {page}" + (f" ({name})" if name else "")
    if ref.size != act.size:
        return Difference(page, f"{what}: size changed from {ref.width}x{ref.height} to {act.width}x{act.height} "
                                f"pixels (the page size or the preview resolution changed)", (0, 0, *act.size), ())
    diff = ImageChops.difference(ref, act).point(lambda v: 255 if v > pixel_tolerance else 0)
    box = diff.getbbox()
    if box is None:
        return None
    rows, cols = GRID
    w, h = diff.size
    over = []
    worst = 0.0
    for r in range(rows):
        for c in range(cols):
            cell = (c * w // cols, r * h // rows, (c + 1) * w // cols, (r + 1) * h // rows)
            part = diff.crop(cell)
            changed = part.histogram()[255]
            share = changed / max(1, part.width * part.height)
            worst = max(worst, share)
            if share > region_tolerance:
                over.append((r, c, share))
    if not over:
        return None
    mm = 25.4 / dpi
    x0, y0, x1, y1 = box
    regions = tuple(_region_name(r, c) for r, c, _ in over)
    message = (f"{what} differs from the reference in the {', '.join(regions)} of the page "
               f"(x {x0 * mm:.0f}\u2013{x1 * mm:.0f} mm, y {y0 * mm:.0f}\u2013{y1 * mm:.0f} mm from the top left): "
               f"up to {worst:.1%} of a region's pixels changed, tolerance {region_tolerance:.1%}. "
               f"If the change is intended, regenerate the references: {UPDATE_COMMAND}")
    return Difference(page, message, box, regions)


def reference_name(leaflet: str, variant: str, locale: str, layout: str, page: int) -> str:
    return f"{leaflet}-{locale}-{variant}-{layout}-p{page}.png"


def reference_images(project) -> dict:
    """name -> freshly rendered image, for every page in REFERENCE_SET (built in memory)."""
    out = {}
    for leaflet, variant, locale, layout, pages in REFERENCE_SET:
        data = build_pdf(project, Combination(leaflet, variant, locale, layout))
        for n, image in zip(pages, render_pages(data, REFERENCE_DPI, grayscale=True, pages=pages)):
            out[reference_name(leaflet, variant, locale, layout, n)] = image
    return out


def png_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
