"""Previews: PNG pages, contact sheets, and the visual regression test against tests/reference/.

If a change to the look of the leaflets is intended, regenerate the references:

    python generate.py preview --update-references
"""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from conftest import REPO
from leaflets.cli import main
from leaflets.build.pipeline import build_pdf
from leaflets.build.previews import REFERENCE_DIR, REFERENCE_DPI, REFERENCE_SET, UPDATE_COMMAND, compare, contact_sheet, reference_images, reference_name, render_pages
from leaflets.build.project import Combination, load_project



@pytest.fixture(scope="module")
def fresh(project):
    return reference_images(project)


def test_pages_look_like_the_reference_images(fresh):
    problems = []
    for name, image in sorted(fresh.items()):
        path = REPO / REFERENCE_DIR / name
        if not path.is_file():
            problems.append(f"{path} is missing; create it with: {UPDATE_COMMAND}")
            continue
        page = int(name.rsplit("-p", 1)[1].split(".")[0])
        difference = compare(Image.open(path), image, page=page, name=name)
        if difference:
            problems.append(difference.message)
    assert not problems, "\n".join(problems)


def test_the_reference_set_is_small():
    for name in (REPO / REFERENCE_DIR).glob("*.png"):
        image = Image.open(name)
        assert image.mode == "L" and image.width < 400 and name.stat().st_size < 60_000


def _reference(fresh, page):
    leaflet, variant, locale, layout, _ = REFERENCE_SET[0]
    return fresh[reference_name(leaflet, variant, locale, layout, page)]


def test_a_changed_region_is_named_with_its_page(fresh):
    ref = _reference(fresh, 4)
    changed = ref.copy()
    w, h = changed.size
    ImageDraw.Draw(changed).rectangle((int(w * 0.7), int(h * 0.8), int(w * 0.95), int(h * 0.95)), fill=0)
    difference = compare(ref, changed, page=4, name="cancer-a4")
    assert difference is not None
    assert difference.regions == ("bottom right",)
    assert difference.message.startswith("page 4 (cancer-a4) differs from the reference in the bottom right")
    assert "mm from the top left" in difference.message and UPDATE_COMMAND in difference.message


def test_a_moved_paragraph_is_caught(fresh):
    ref = _reference(fresh, 1)
    w, h = ref.size
    moved = ref.copy()
    band = ref.crop((0, h // 3, w, h // 2))
    moved.paste(band, (0, h // 3 + 3))          # a block of text 3 pixels (under 2 mm) lower
    difference = compare(ref, moved, page=1)
    assert difference is not None and any("middle" in r for r in difference.regions)


def test_small_antialiasing_noise_is_tolerated(fresh):
    ref = _reference(fresh, 1)
    noisy = ref.copy()
    pixels = noisy.load()
    w, h = noisy.size
    for i in range(0, 400):                      # 400 scattered pixels nudged, as a different rasteriser might
        x, y = (i * 37) % w, (i * 53) % h
        pixels[x, y] = max(0, min(255, pixels[x, y] + (30 if i % 2 else -30)))
    for i in range(0, 40):                       # and a few flipped outright
        x, y = (i * 91) % w, (i * 29) % h
        pixels[x, y] = 255 - pixels[x, y]
    assert compare(ref, noisy, page=1) is None
    assert compare(ref, ref.copy(), page=1) is None


def test_a_different_page_size_is_reported(fresh):
    ref = _reference(fresh, 1)
    difference = compare(ref, ref.resize((ref.width + 10, ref.height)), page=1)
    assert "size changed" in difference.message


def test_render_pages_and_contact_sheet(project):
    data = build_pdf(project, Combination(*REFERENCE_SET[0][:4]))
    pages = render_pages(data, dpi=20)
    assert len(pages) >= 1
    assert pages[0].width == pytest.approx(595.2756 * 20 / 72, abs=1)
    assert pages[0].height == pytest.approx(841.8898 * 20 / 72, abs=1)
    sheet = contact_sheet("drug-pump", [("en · cancer · a4", pages), ("again", pages)], thumb_height=120)
    assert sheet.height > 2 * 120 and sheet.width > len(pages) * 80
    # the thumbnails are really there: the sheet has dark (text) pixels and white (paper) pixels
    extrema = sheet.convert("L").getextrema()
    assert extrema[0] < 80 and extrema[1] == 255
    with pytest.raises(ValueError, match="page 99 does not exist"):
        render_pages(data, pages=[99])


def test_preview_command_writes_pages_and_a_contact_sheet(tmp_path):
    root = tmp_path / "project"
    for part in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / part, root / part)
    runner = CliRunner()
    out, previews = tmp_path / "out", tmp_path / "previews"
    result = runner.invoke(main, ["preview", "--root", str(root), "--out", str(out)])
    assert result.exit_code == 1 and "run `python generate.py build` first" in result.output
    assert runner.invoke(main, ["build", "--root", str(root), "--out", str(out), "--layout", "a4"]).exit_code == 0
    result = runner.invoke(main, ["preview", "--root", str(root), "--out", str(out), "--to", str(previews),
                                  "--layout", "a4", "--dpi", "20"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.rglob("*.pdf"))
    pngs = sorted(previews.rglob("*-p1.png"))
    assert len(pngs) == len(pdfs)
    sheets = sorted(previews.glob("*-contact-sheet.png"))
    assert [s.name for s in sheets] == [f"{leaflet}-contact-sheet.png" for leaflet in
                                        sorted({p.relative_to(out).parts[0] for p in pdfs})]
    assert Image.open(sheets[0]).width > 200

    result = runner.invoke(main, ["preview", "--root", str(root), "--update-references"])
    assert result.exit_code == 0, result.output
    written = sorted((root / REFERENCE_DIR).glob("*.png"))
    assert [p.name for p in written] == sorted(reference_images(load_project(root)))
    assert Image.open(written[0]).size[0] == pytest.approx(595.2756 * REFERENCE_DPI / 72, abs=1)


@pytest.fixture(scope="module")
def one_pdf(tmp_path_factory):
    """A project copy with one PDF built: (root, out, the PDF's path)."""
    tmp = tmp_path_factory.mktemp("one")
    root, out = tmp / "project", tmp / "out"
    for part in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / part, root / part)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--out", str(out), *ONE])
    assert result.exit_code == 0, result.output
    return root, out, out / "drug-pump" / "en" / "cancer-a4.pdf"


ONE = ["--leaflet", "drug-pump", "--variant", "cancer", "--locale", "en", "--layout", "a4"]


def _preview_replaced(one_pdf, data: bytes, *args):
    root, out, pdf = one_pdf
    good = pdf.read_bytes()
    pdf.write_bytes(data)
    try:
        result = CliRunner().invoke(main, ["preview", "--root", str(root), "--out", str(out), *ONE, *args],
                                    catch_exceptions=False)
    finally:
        pdf.write_bytes(good)
    return result.exit_code, result.output, pdf, out / "previews"


def test_preview_refuses_a_pdf_whose_forms_draw_themselves_before_rendering(one_pdf):
    import time

    from conftest import form_bomb
    started = time.monotonic()
    code, output, pdf, previews = _preview_replaced(one_pdf, form_bomb())
    assert time.monotonic() - started < 20
    assert code == 1
    assert output.splitlines()[0] == (f"{pdf}: error: preview: page 1 draws too many nested forms (more than 1,000): "
                              "it is not a leaflet this program built (run `python generate.py build`)")
    assert not previews.exists()


def test_preview_of_garbage_is_a_located_error(one_pdf):
    code, output, pdf, previews = _preview_replaced(one_pdf, b"%PDF-1.4\nthis is not a PDF at all\n")
    assert code == 1
    assert output.startswith(f"{pdf}: error: preview: the PDF cannot be read: ")
    assert "Traceback" not in output and not previews.exists()


def test_preview_refuses_a_page_image_too_large_for_memory(one_pdf):
    import io

    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(14400, 14400)
    buffer = io.BytesIO()
    writer.write(buffer)
    code, output, pdf, previews = _preview_replaced(one_pdf, buffer.getvalue(), "--dpi", "600")
    assert code == 1
    assert output.splitlines()[0] == (f"{pdf}: error: preview: page 1 would be a 14,400 million pixel image at 600 dpi "
                              "(at most 100 million) (preview at a lower --dpi)")
