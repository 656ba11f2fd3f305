"""The print-shop edition (a4-print) as a print shop's preflight reads it: PDF/X-4 (output intent with
the embedded FOGRA39 profile, version in Info and XMP, page boxes, PDF/UA kept), text in 100% K, the
band carrying the organisation; and verify's checks of these, each broken once."""
from __future__ import annotations

import dataclasses
import io

import pikepdf
import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen import canvas

from conftest import REPO, VARIANTS, edited_pdf
from leaflets.build.project import load_project
from leaflets.inputs.profiles import read_profile
from leaflets.quality.print_checks import check_pdfx, check_print_colours
from leaflets.quality.scanner import scan
from leaflets.typeset.render import render
from leaflets.build.pipeline import leaflet_for
from leaflets.build.project import Combination


@pytest.fixture(params=VARIANTS)
def shop(request, built_pdfs):
    return built_pdfs[f"{request.param}-a4-print"]


def _codes(result) -> list[str]:
    return sorted({f.code for f in result.findings})


# --- what the built PDFs carry -------------------------------------------------------------

def test_the_output_intent_embeds_the_committed_fogra39_profile(shop):
    pdf = pikepdf.open(io.BytesIO(shop.data))
    [intent] = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert str(intent.RegistryName) == "http://www.color.org"
    profile = intent.DestOutputProfile
    assert int(profile.N) == 4
    assert profile.read_bytes() == (REPO / "profiles" / "FOGRA39L-coated.icc").read_bytes()
    assert (REPO / "profiles" / "LICENSE").read_text().count("zlib") >= 1


def test_the_file_says_pdf_x4_and_pdf_ua1_in_info_and_xmp(shop):
    pdf = pikepdf.open(io.BytesIO(shop.data))
    assert pdf.pdf_version == "1.6" and str(pdf.Root.Version) == "/1.6"
    assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4" and pdf.docinfo.Trapped == "/False"
    with pdf.open_metadata() as meta:
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["pdfuaid:part"] == "1"
        assert meta["pdf:Trapped"] == "False"
        assert meta["xmp:CreateDate"] == "2000-01-01T00:00:00+00:00"        # as Info's CreationDate
        assert meta["pdf:Producer"] == str(pdf.docinfo.Producer)
        assert meta["dc:creator"] == [str(pdf.docinfo.Author)]
        assert meta["xmpMM:DocumentID"].startswith("uuid:")
    assert all("/TrimBox" in page.obj and "/BleedBox" in page.obj for page in pdf.pages)


def test_office_layouts_stay_pdf_17_without_an_output_intent(built_pdfs):
    pdf = pikepdf.open(io.BytesIO(built_pdfs["cancer-a4"].data))
    assert pdf.pdf_version == "1.7" and "/OutputIntents" not in pdf.Root
    assert "/GTS_PDFXVersion" not in pdf.docinfo


def test_every_string_is_solid_black_paper_white_or_large_display_type(shop):
    display = {tuple(shop.layout.colours[name][1:]) for name in shop.layout.display_colours}
    inks = set()
    for page in scan(shop.data).pages:
        for run in page.runs:
            ink = tuple(round(v, 4) for v in run.ink)
            inks.add(ink)
            assert ink in {(0, 0, 0, 1), (0, 0, 0, 0)} or (ink in display and run.size >= 12 - 0.05), \
                (page.index, run.text, ink, run.size)
    assert (0, 0, 0, 1) in inks and (0, 0, 0, 0) in inks        # body text, and the band's words


def test_the_band_carries_the_organisation_in_paper_white_on_every_page(shop):
    for page in scan(shop.data).pages:
        tx0, ty0, tx1, ty1 = page.trimbox
        band = [f for f in page.fills if f.y1 > ty1]
        words = [r for r in page.runs if r.y0 > ty1 - 15 * 72 / 25.4]
        assert [r.text for r in words] == [shop.model.organisation]
        [label] = words
        assert tuple(label.ink) == (0, 0, 0, 0) and label.size >= 10.5
        assert any(f.contains(label.x0, label.y0) and f.contains(label.x1, label.y1) for f in band)
        assert label.x0 == pytest.approx(tx0 + shop.layout.margin_left, abs=0.5)


def test_verify_passes_both_print_shop_checks(shop):
    assert check_pdfx(shop.data, shop.layout, {}).status == "pass"
    colours = check_print_colours(scan(shop.data), shop.layout, {})
    assert colours.status == "pass" and colours.summary.endswith(", 0 in the wrong ink")


# --- each check broken ---------------------------------------------------------------------

def _drop_intent(pdf):
    del pdf.Root["/OutputIntents"]


def _rgb_profile(pdf):
    profile = pdf.Root.OutputIntents[0].DestOutputProfile
    data = bytearray(profile.read_bytes())
    data[16:20] = b"RGB "
    profile.write(bytes(data))


def _no_version(pdf):
    del pdf.docinfo["/GTS_PDFXVersion"]


def _no_trim_box(pdf):
    del pdf.pages[1].obj["/TrimBox"]


def _other_condition(pdf):
    pdf.Root.OutputIntents[0].OutputConditionIdentifier = pikepdf.String("GRACoL2006")


def _no_pdfua(pdf):
    xmp = pdf.Root.Metadata.read_bytes().replace(b"<pdfuaid:part>1</pdfuaid:part>", b"")
    pdf.Root.Metadata.write(xmp)


@pytest.mark.parametrize("change, code", [
    (_drop_intent, "pdfx-no-output-intent"), (_rgb_profile, "pdfx-profile-not-cmyk"),
    (_no_version, "pdfx-version-missing"), (_no_trim_box, "pdfx-page-box-missing"),
    (_other_condition, "pdfx-condition-wrong"), (_no_pdfua, "pdfx-pdfua-lost"),
])
def test_check_pdfx_fails_when_a_part_is_missing(built_pdfs, change, code):
    shop = built_pdfs["cancer-a4-print"]
    assert _codes(check_pdfx(edited_pdf(shop.data, change), shop.layout, {})) == [code]


def test_check_pdfx_fails_a_pdf_17_file(built_pdfs):
    shop = built_pdfs["cancer-a4-print"]
    newer = shop.data.replace(b"%PDF-1.6", b"%PDF-1.7", 1)
    assert _codes(check_pdfx(newer, shop.layout, {})) == ["pdfx-pdf-version"]


def _rendered(project, layout, locale="en") -> bytes:
    combo = Combination("drug-pump", "cancer", locale, "a4-print")
    return render(leaflet_for(project, combo), layout, *project.chains_for(layout, locale))


@pytest.mark.parametrize("colours, code", [
    ({"text": ("cmyk", 0, 0, 0, 0.9)}, "text-not-solid-black"),            # the old screened body text
    ({"text": ("cmyk", 0.6, 0.4, 0.4, 1)}, "text-not-solid-black"),        # rich black text
    ({"link": ("cmyk", 0.9, 0.27, 0, 0.58)}, "display-colour-too-small"),  # 7pt markers in three inks
])
def test_check_print_colours_fails_text_in_the_wrong_ink(project, colours, code):
    layout = project.layouts["a4-print"]
    wrong = dataclasses.replace(layout, colours={**layout.colours, **colours})
    result = check_print_colours(scan(_rendered(project, wrong)), wrong, {})
    assert _codes(result) == [code]
    assert result.figures[code] > 0


def test_check_print_colours_fails_a_small_rich_black_area_only(project):
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(300, 300), invariant=1)
    c.setFillColor(CMYKColor(0.6, 0.4, 0.4, 1))
    c.rect(10, 10, 200, 40, stroke=0, fill=1)        # large: 70mm x 14mm
    c.rect(10, 100, 20, 5, stroke=0, fill=1)         # a thin bar: 1.8mm high
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.drawString(10, 200, "text")
    c.save()
    result = check_print_colours(scan(buffer.getvalue()), project.layouts["a4-print"], {})
    assert [f.code for f in result.findings] == ["rich-black-small-area"]
    assert "7.06mm x 1.76mm" in result.findings[0].message


# --- the profile, read by the project loader --------------------------------------------------

def test_the_loader_reads_the_profile_into_the_layout(project):
    intent = project.layouts["a4-print"].output_intent
    assert intent.condition == "FOGRA39" and intent.data[36:40] == b"acsp"


def test_a_missing_profile_is_an_error_at_its_line(project_copy, edit_file):
    edit_file(project_copy, "layouts/a4-print.yaml", "profile: FOGRA39L-coated.icc", "profile: ISOcoated.icc")
    project = load_project(project_copy)
    [error] = [d for d in project.diagnostics.errors if d.code == "layout-profile-unusable"]
    assert str(error.location).startswith("layouts/a4-print.yaml:") and "profiles/ISOcoated.icc" in error.message
    assert "FOGRA39L-coated.icc" in error.hint
    assert "a4-print" not in project.layouts


@pytest.mark.parametrize("data, words", [
    (b"not an icc profile at all" * 10, "is not an ICC profile"),
    (None, "is a RGB display profile, not a CMYK output"),
])
def test_a_profile_that_is_not_cmyk_output_is_refused(tmp_path, data, words):
    (tmp_path / "profiles").mkdir()
    if data is None:       # a display profile: an sRGB-like header
        data = bytearray((REPO / "profiles" / "FOGRA39L-coated.icc").read_bytes())
        data[12:20] = b"mntrRGB "
        data = bytes(data)
    (tmp_path / "profiles" / "x.icc").write_bytes(data)
    found, problem, hint = read_profile("x.icc", tmp_path)
    assert found is None and words in problem and hint


def test_a_profile_outside_profiles_is_refused(tmp_path):
    (tmp_path / "profiles").mkdir()
    assert "outside profiles/" in read_profile("../layouts/a4.yaml", tmp_path)[1]
