"""printmarks.py: print-shop output (bleed, crop marks, page boxes, CMYK only) and office-printer safety
(nothing within 6.35mm of the paper edge), read back from the built PDFs."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.colors import blue
from reportlab.pdfgen import canvas

from conftest import IMPOSED, OFFICE_LAYOUTS, VARIANTS, squash
from leaflets.inputs.units import PT_PER
from leaflets.quality.print_checks import too_close
from leaflets.quality.scanner import scan

MM = PT_PER["mm"]
A4 = (595.2756, 841.8898)
BLEED = 3 * MM
SLUG = BLEED + 2 * MM + 5 * MM + 1 * MM      # bleed, gap, crop mark, a millimetre of paper around it
EDGE = 6.35 * MM


@pytest.fixture(params=VARIANTS)
def shop(request, built_pdfs):
    return built_pdfs[f"{request.param}-a4-print"]


# --- page boxes --------------------------------------------------------------------------

def test_trim_bleed_and_media_boxes(shop):
    for page in shop.reader.pages:
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        media = [float(v) for v in page.mediabox]
        assert trim == pytest.approx([SLUG, SLUG, SLUG + A4[0], SLUG + A4[1]], abs=0.01)
        assert bleed == pytest.approx([SLUG - BLEED, SLUG - BLEED, SLUG + A4[0] + BLEED, SLUG + A4[1] + BLEED],
                                      abs=0.01)
        assert media == pytest.approx([0, 0, A4[0] + 2 * SLUG, A4[1] + 2 * SLUG], abs=0.01)
        assert "/CropBox" not in page or [float(v) for v in page.cropbox] == pytest.approx(media, abs=0.01)


def test_the_page_is_the_a4_handout_moved_into_the_trim_box(shop, built_pdfs):
    """Same words, same places: every string of the office A4 PDF, shifted by the slug; and the band's
    words (band.text: the organisation) on top of each page."""
    office = built_pdfs[f"{shop.combo.variant}-a4"]
    assert len(shop.reader.pages) == len(office.reader.pages)
    for mine, theirs in zip(shop.runs, office.runs):
        band = [r for r in mine if r.y > SLUG + A4[1] - 15 * MM]
        assert [r.text for r in band] == [shop.model.organisation]
        assert [(r.text, round(r.x - SLUG, 2), round(r.y - SLUG, 2)) for r in mine if r not in band] == \
               [(r.text, round(r.x, 2), round(r.y, 2)) for r in theirs]


def test_links_and_outline_moved_with_the_page(shop):
    """Footnote markers still link from the marker to its note, both inside the trim box."""
    s = scan(shop.data)
    for i, page in enumerate(s.pages):
        marks = [r for r in page.runs if r.superscript]
        links = [a for a in shop.annotations(i) if a.get("/Subtype") == "/Link" and "/Dest" in a]
        assert len(links) == len(marks)
        for mark, link in zip(marks, links):
            x0, y0, x1, y1 = (float(v) for v in link["/Rect"])
            assert y0 <= mark.baseline <= y1
            assert x0 - 0.5 <= mark.x0 and mark.x1 <= x1 + 0.5, (mark.text, link["/Rect"])
            assert SLUG < float(link["/Dest"][3]) < SLUG + A4[1]
    for entry in shop.reader.outline:
        page = shop.reader.get_destination_page_number(entry)
        assert entry.title in shop.norm_pages[page]
        heading = [r for r in shop.runs[page] if r.text.strip() == entry.title]
        assert len(heading) == 1
        # the view opens with the heading at its top edge
        assert 0 < float(entry.top) - heading[0].y < 2 * shop.layout.heading_size
        indent = shop.layout.text_size if entry.title == shop.model.contact.heading else 0   # inside the panel
        assert float(entry.left) == pytest.approx(SLUG + shop.layout.margin_left + indent, abs=0.01)


# --- marks and bleed ---------------------------------------------------------------------

def test_crop_marks_lie_outside_the_bleed_on_the_trim_lines(shop):
    s = scan(shop.data)
    for page in s.pages:
        bx0, by0, bx1, by1 = page.bleedbox
        tx0, ty0, tx1, ty1 = page.trimbox
        outside = [d for d in page.drawings if d.x1 < bx0 or d.x0 > bx1 or d.y1 < by0 or d.y0 > by1]
        assert len(outside) == 8, f"page {page.index + 1}: {len(outside)} marks"
        for d in outside:
            assert d.kind == "stroke"
            middle = ((d.x0 + d.x1) / 2, (d.y0 + d.y1) / 2)
            on_trim_line = any(abs(middle[0] - x) < 0.2 for x in (tx0, tx1)) or \
                any(abs(middle[1] - y) < 0.2 for y in (ty0, ty1))
            assert on_trim_line, d
            assert d.x0 >= 0 and d.y0 >= 0 and d.x1 <= page.mediabox[2] and d.y1 <= page.mediabox[3]
        # nothing else reaches past the bleed
        assert all(bx0 - 0.01 <= d.x0 and d.x1 <= bx1 + 0.01 and by0 - 0.01 <= d.y0 and d.y1 <= by1 + 0.01
                   for d in page.drawings if d not in outside)


def test_background_touching_the_trim_edge_runs_into_the_bleed(shop):
    """The top band touches the trim edge on three sides, so it is drawn out to the bleed edge there."""
    s = scan(shop.data)
    for page in s.pages:
        bx0, by0, bx1, by1 = page.bleedbox
        tx0, ty0, tx1, ty1 = page.trimbox
        band = [f for f in page.fills if f.x0 < tx0 and f.y1 > ty1]
        assert band, f"page {page.index + 1}: no fill reaches past the trim edge"
        for f in band:
            assert f.x0 == pytest.approx(bx0, abs=0.01) and f.x1 == pytest.approx(bx1, abs=0.01)
            assert f.y1 == pytest.approx(by1, abs=0.01)
            assert f.y0 == pytest.approx(ty1 - 15 * MM, abs=0.01)      # 15mm of it inside the trim (room for its words)
        # whatever else is filled stays clear of the trim edge (no accidental white sliver)
        for f in page.fills:
            if f not in band:
                assert f.x0 > tx0 + EDGE and f.x1 < tx1 - EDGE and f.y0 > ty0 + EDGE and f.y1 < ty1 - EDGE


def test_text_keeps_a_safe_distance_from_the_trim(shop):
    s = scan(shop.data)
    for page in s.pages:
        tx0, ty0, tx1, ty1 = page.trimbox
        for run in page.runs:
            assert tx0 + EDGE <= run.x0 and run.x1 <= tx1 - EDGE and ty0 + EDGE <= run.y0 and run.y1 <= ty1 - EDGE


# --- colour ------------------------------------------------------------------------------

RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/RGB"}


def rgb_uses(data: bytes) -> list[str]:
    """Every way an RGB colour can get into a PDF, found: colour operators in page and form content,
    RGB colour spaces (set with cs/CS, named in resources, of images, ICC profiles with 3 components),
    and annotation colours (/C, /IC with three numbers, appearance streams)."""
    reader = PdfReader(io.BytesIO(data))
    found: list[str] = []
    seen: set = set()

    def space_is_rgb(space) -> bool:
        space = space.get_object() if hasattr(space, "get_object") else space
        if isinstance(space, list) and space:
            if str(space[0]) == "/ICCBased":
                return int(space[1].get_object().get("/N", 0)) == 3
            if str(space[0]) in ("/Indexed", "/Separation", "/DeviceN"):
                return any(space_is_rgb(s) for s in space[1:3])
            return str(space[0]) in RGB_SPACES
        return str(space) in RGB_SPACES

    def visit(content, resources, where):
        resources = resources.get_object() if resources is not None else {}
        for name, space in (resources.get("/ColorSpace") or {}).items():
            if space_is_rgb(space):
                found.append(f"{where}: colour space {name} is RGB")
        for name, ref in (resources.get("/XObject") or {}).items():
            xobj = ref.get_object()
            if id(xobj) in seen:
                continue
            seen.add(id(xobj))
            if xobj.get("/Subtype") == "/Image":
                if space_is_rgb(xobj.get("/ColorSpace", "/DeviceGray")):
                    found.append(f"{where}: image {name} is RGB")
            elif xobj.get("/Subtype") == "/Form":
                visit(xobj, xobj.get("/Resources") or resources, f"{where}, form {name}")
        for name, shading in (resources.get("/Shading") or {}).items():
            if space_is_rgb(shading.get_object().get("/ColorSpace")):
                found.append(f"{where}: shading {name} is RGB")
        if content is None:
            return
        for operands, op in ContentStream(content, reader).operations:
            if op in (b"rg", b"RG"):
                found.append(f"{where}: {op.decode()} {operands}")
            elif op in (b"cs", b"CS") and str(operands[0]) in RGB_SPACES:
                found.append(f"{where}: {op.decode()} {operands[0]}")
            elif op in (b"sc", b"SC", b"scn", b"SCN") and len(operands) == 3:
                found.append(f"{where}: {op.decode()} with three components")
            elif op == b"BI":
                found.append(f"{where}: an inline image")

    for i, page in enumerate(reader.pages):
        visit(page.get_contents(), page.get("/Resources"), f"page {i + 1}")
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            for key in ("/C", "/IC"):
                if key in annot and len(annot[key]) == 3:
                    found.append(f"page {i + 1}: annotation {key} {list(annot[key])}")
            for stream in (annot.get("/AP") or {}).values():
                stream = stream.get_object()
                if hasattr(stream, "get_data"):
                    visit(stream, stream.get("/Resources"), f"page {i + 1}, annotation appearance")
    return found


def test_no_rgb_anywhere_in_a_print_shop_pdf(shop):
    assert rgb_uses(shop.data) == []
    # and the colours it does use are CMYK (k/K), none lost to grey
    ops = {op for page in shop.reader.pages for _, op in ContentStream(page.get_contents(), shop.reader).operations}
    assert {b"k", b"K"} <= ops


def test_the_rgb_detector_finds_rgb(built_pdfs):
    """The office handout uses RGB colours: the detector must see them (or the test above proves nothing)."""
    assert any(" rg " in f" {u} " or u.split(": ")[1].startswith("rg") for u in rgb_uses(built_pdfs["cancer-a4"].data))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    c.setFillColorRGB(0.2, 0.4, 0.6)
    c.rect(100, 100, 50, 50, fill=1)
    c.linkURL("https://example.org", (10, 10, 50, 50), relative=0, color=blue, thickness=1)
    c.save()
    found = rgb_uses(buffer.getvalue())
    assert any("rg" in f for f in found) and any("/C" in f for f in found)


def test_content_text_reaches_the_print_pdf_in_cmyk(shop):
    """Links and phone numbers (coloured in the paragraph markup) are CMYK too, and still printed."""
    text = squash(shop.all_text)
    for entry in shop.model.contact.entries:
        assert squash(entry.phone.split(" (")[0]) in text


# --- office printers ----------------------------------------------------------------------

OFFICE_FILES = [(f"{v}-{l}", part) for v in VARIANTS for l in OFFICE_LAYOUTS
                for part in (("print", "reading") if l in IMPOSED else ("print",))]


@pytest.mark.parametrize("name, part", OFFICE_FILES, ids=[f"{n}-{p}" for n, p in OFFICE_FILES])
def test_nothing_within_a_quarter_inch_of_the_paper_edge(built_pdfs, name, part):
    """Every office layout, every page (tri-fold and booklet sheets as printed, and their reading pages):
    no string and no line, box or fill comes within 6.35mm (0.25in) of the paper edge."""
    built = built_pdfs[name]
    s = scan(built.data if part == "print" else built.reading_data)
    assert sum(len(p.runs) for p in s.pages) > 100 and sum(len(p.drawings) for p in s.pages) > 0
    assert all(p.trimbox is None for p in s.pages), "an office PDF has no trim box: the page is the paper"
    close = too_close(s, EDGE)
    assert close == [], close[:5]


def test_the_edge_check_sees_text_and_drawings_near_the_edge():
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(100, 400, "well inside")
    c.line(100, 5 * MM, 200, 5 * MM)                    # a rule 5mm from the bottom edge
    c.rect(A4[0] - 6 * MM, 300, 3 * MM, 50, stroke=0, fill=1)      # a box 3mm from the right edge
    c.save()
    close = too_close(scan(buffer.getvalue()), EDGE)
    assert [what for _, what, _ in close] == ["a drawing (stroke)", "a drawing (fill)"]


def test_a_band_in_an_office_layout_stops_short_of_the_paper_edge(project):
    from dataclasses import replace

    from leaflets.build.pipeline import leaflet_for
    from leaflets.build.project import Combination
    from leaflets.typeset.render import render

    layout = replace(project.layouts["a4"], band_height=12 * MM)
    model = leaflet_for(project, Combination("drug-pump", "cancer", "en", "a4"))
    s = scan(render(model, layout, *project.chains_for(layout, "en")))
    band = s.pages[0].fills[0]
    assert (band.x0, band.x1, band.y1) == pytest.approx((EDGE, A4[0] - EDGE, A4[1] - EDGE), abs=0.01)
    assert band.y0 == pytest.approx(A4[1] - 12 * MM, abs=0.01)
    assert too_close(s, EDGE) == []
    assert not s.pages[1].fills or s.pages[1].fills[0].y1 < A4[1] - 12 * MM   # the first page only
