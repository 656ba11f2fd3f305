"""Clinic editions: `build --clinic ID` writes out/clinics/<id>/..., each PDF read back as a reader sees it
(the clinic as organisation and PDF author, its numbers first in its country's form, its date style), and the
manifest rebuilds only what an edited clinic changes."""
from __future__ import annotations

import io
import shutil

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import REPO, norm
from leaflets.build.pipeline import build_pdf, leaflet_for
from leaflets.build.project import Combination
from leaflets.cli import main

SPANISH = Combination("drug-pump", "cancer", "es", "a4", clinic="sol")
ENGLISH = Combination("drug-pump", "cancer", "en", "a4", clinic="riverside")


def text_of(data: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, [norm(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def english(project):
    return text_of(build_pdf(project, ENGLISH))


def test_the_clinic_is_the_organisation_on_the_cover_in_the_footer_and_as_author(english):
    reader, pages = english
    assert reader.metadata.author == "Riverside Pain Clinic, Riverside General Hospital"
    assert ("DP-01 Riverside Pain Clinic, Riverside General Hospital Level 3, Riverside General Hospital, 1 Example "
            "Road, London SE1 9ZZ pain.clinic@riverside.example https://riverside.example/pain-clinic "
            "Patient information Your implanted drug pump") in pages[0]     # the cover's label, then the title
    for number, page in enumerate(pages, start=1):    # the footer, drawn first
        assert page.startswith(f"Page {number} of {len(pages)} Your implanted drug pump · Riverside Pain Clinic · DP-01")
    assert "Pain Management Service" not in " ".join(pages)


def test_the_clinic_numbers_come_first_in_gb_form_and_replace_the_write_in_lines(english):
    _, pages = english
    text = " ".join(pages)
    panel = text[text.index("Who to contact"):]
    care = panel.index("Your care team 020 7946 0123 Monday to Friday, 9am to 5pm")
    out_of_hours = panel.index("Out of hours (evenings, weekends) 020 7946 0456")
    assert care < out_of_hours < panel.index("Medtronic Patient Services +1 800-510-6735")
    assert "Your care team:" not in text and "Phone:" not in text
    assert "Last updated: 1 November 2026 · Next review: 1 November 2027" in text


def test_the_spanish_edition_has_spanish_numbers_and_dates(project):
    _, pages = text_of(build_pdf(project, SPANISH))
    text = " ".join(pages)
    assert ("Unidad del Dolor Hospital del Sol, Servicio de Anestesiología Hospital del Sol, planta 2, Calle Ejemplo "
            "1, 28000 Madrid unidad.dolor@hospitaldelsol.example https://hospitaldelsol.example/unidad-del-dolor "
            "Información para pacientes Su bomba") in pages[0]      # the cover's label, then the title
    assert "Enfermería de la Unidad del Dolor 910 00 00 00 De lunes a viernes" in text
    assert "Última actualización: 1 de noviembre de 2026" in text
    assert "Con quién ponerse en contacto" in text


def test_the_generic_model_is_unchanged_by_the_clinics(project):
    generic = leaflet_for(project, Combination("drug-pump", "cancer", "en", "a4"))
    assert generic.organisation == "Pain Management Service" and generic.edition == ""
    assert generic.contact.write_in == ("Your care team:", "Phone:") and not generic.clinic_lines


def test_a_clinic_edition_of_every_layout_is_made(project):
    """Tri-folds (the back panel holds the clinic's numbers) and the booklet too."""
    for layout in ("a4-trifold", "letter-trifold", "a5-booklet", "a4-large", "a4-print"):
        reader, pages = text_of(build_pdf(project, Combination("drug-pump", "non-cancer", "en", layout,
                                                               clinic="riverside")))
        assert "020 7946 0123" in " ".join(pages), layout


@pytest.fixture
def clinic_project(project_copy):
    shutil.copytree(REPO / "clinics", project_copy / "clinics")
    return project_copy


def build(root, *args):
    return CliRunner().invoke(main, ["build", "--root", str(root), "--out", str(root / "out"), "--jobs", "1",
                                     "--layout", "a4", "--locale", "en", *args], catch_exceptions=False)


def test_build_clinic_writes_its_folder_and_a_no_op_rebuild_writes_nothing(clinic_project):
    first = build(clinic_project, "--clinic", "riverside")
    assert first.exit_code == 0, first.output
    written = sorted(p.relative_to(clinic_project / "out").as_posix()
                     for p in (clinic_project / "out").rglob("*.pdf"))
    assert written == ["clinics/riverside/drug-pump/en/cancer-a4.pdf",
                       "clinics/riverside/drug-pump/en/non-cancer-a4.pdf"]
    again = build(clinic_project, "--clinic", "riverside")
    assert again.exit_code == 0 and "nothing to build: 2 PDFs up to date" in again.output


def test_an_edited_clinic_rebuilds_only_its_own_pdfs(clinic_project, edit_file):
    assert build(clinic_project, "--clinic", "all").exit_code == 0
    assert build(clinic_project).exit_code == 0          # the generic edition beside them
    edit_file(clinic_project, "clinics/sol.yaml", "planta 2", "planta 3")
    result = build(clinic_project, "--clinic", "all")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(clinic_project / "out/clinics/sol/drug-pump/en" / name)
                                     for name in ("cancer-a4.pdf", "non-cancer-a4.pdf")]
    assert "2 up to date" in result.output
    generic = build(clinic_project).output       # the generic PDFs never depended on it
    assert generic.startswith("built 0 PDFs in") and generic.rstrip().endswith("2 up to date")


def test_clean_keeps_the_clinic_editions(clinic_project):
    assert build(clinic_project, "--clinic", "sol").exit_code == 0
    result = build(clinic_project, "--clean")
    assert result.exit_code == 0 and "removed" not in result.output
    assert (clinic_project / "out/clinics/sol/drug-pump/en/cancer-a4.pdf").is_file()


def test_an_unknown_clinic_is_a_usage_error_with_a_suggestion(clinic_project):
    result = build(clinic_project, "--clinic", "riversid")
    assert result.exit_code == 2
    assert "unknown clinic 'riversid' (did you mean 'riverside'?)" in result.output


def test_list_and_the_generic_build_know_no_clinic(clinic_project):
    assert build(clinic_project).exit_code == 0
    assert not (clinic_project / "out" / "clinics").exists()


def images_on_first_page(data: bytes) -> list:
    resources = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]
    xobjects = resources.get("/XObject", {})
    return [name for name, ref in xobjects.items() if ref.get_object().get("/Subtype") == "/Image"]


def test_the_logo_is_on_the_cover_but_not_in_the_print_shop_edition(project):
    assert len(images_on_first_page(build_pdf(project, SPANISH))) == 1          # sol's PNG
    print_shop = build_pdf(project, Combination("drug-pump", "cancer", "es", "a4-print", clinic="sol"))
    assert images_on_first_page(print_shop) == []                              # CMYK only: no RGB image
    svg_cover = PdfReader(io.BytesIO(build_pdf(project, ENGLISH))).pages[0].get_contents().get_data()
    generic = PdfReader(io.BytesIO(build_pdf(project, Combination("drug-pump", "cancer", "en", "a4"))))
    wave = b".623529 .827451 .901961 RG"       # the logo's light wave (#9fd3e6), drawn as a vector stroke
    assert wave in svg_cover and wave not in generic.pages[0].get_contents().get_data()


def _qr_codes(data: bytes) -> list[str]:
    """The alt text of each QR code in the PDF's structure tree."""
    import pikepdf  # reason: only this test walks the structure tree

    found = []

    def walk(node):
        if node.get("/S") == "/Figure" and str(node.get("/Alt", "")).startswith("QR code: "):
            found.append(str(node.get("/Alt"))[len("QR code: "):])
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    with pikepdf.open(io.BytesIO(data)) as pdf:
        walk(pdf.Root.StructTreeRoot)
    return found


def test_the_clinic_website_is_a_qr_code_in_the_contact_panel_where_there_is_room(project, english):
    url = "https://riverside.example/pain-clinic"
    data = build_pdf(project, ENGLISH)
    assert _qr_codes(data) == [url]
    _, pages = english
    contact = next(page for page in pages if "Who to contact" in page)
    # the panel's note first, the care team's numbers, then the services and the clinic's web page
    assert contact.index("For medical questions") < contact.index("020 7946 0456") < contact.rindex(url)
    assert _qr_codes(build_pdf(project, Combination("drug-pump", "cancer", "en", "a4"))) == []   # generic edition
    # a folded layout's panels have no room: the address stays in the clinic's lines on the cover
    from leaflets.build.pipeline import build_reading  # reason: the tri-fold's reading-order file, tagged
    assert _qr_codes(build_reading(project, Combination("drug-pump", "cancer", "en", "a4-trifold",
                                                        clinic="riverside"))) == []


def test_verify_clinic_reads_back_the_clinic_edition(clinic_project):
    assert build(clinic_project, "--clinic", "riverside", "--variant", "cancer").exit_code == 0
    result = CliRunner().invoke(main, ["verify", "--root", str(clinic_project), "--out", str(clinic_project / "out"),
                                       "--layout", "a4", "--locale", "en", "--variant", "cancer", "--no-rebuild",
                                       "--clinic", "riverside"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "clinics/riverside/drug-pump/en/cancer-a4" in result.output and "1 checked: 1 passed" in result.output
    missing = CliRunner().invoke(main, ["verify", "--root", str(clinic_project), "--out", str(clinic_project / "out"),
                                        "--layout", "a4", "--locale", "en", "--variant", "cancer", "--clinic", "sol"])
    assert missing.exit_code == 1
    assert "out/clinics/sol/drug-pump/en/cancer-a4.pdf not found" in missing.output


def test_a_clinic_edition_too_long_for_its_layout_names_the_clinic(clinic_project, edit_file):
    edit_file(clinic_project, "clinics/riverside.yaml", "hours: Ask for the on-call pain team",
              "hours: " + "Ask for the on-call pain team, who will call you back. " * 3 + "".join(
                  f"\n  - {{purpose: other, label: Line {n}, number: '020 7946 07{n}0', hours: {'Weekdays ' * 20}}}"
                  for n in range(1, 5)))
    result = CliRunner().invoke(main, ["build", "--root", str(clinic_project), "--out", str(clinic_project / "out"),
                                       "--jobs", "1", "--layout", "a5-booklet", "--locale", "en", "--clinic",
                                       "riverside"])
    assert result.exit_code == 1, result.output
    assert "in the edition for Riverside Pain Clinic (clinics/riverside.yaml)" in result.output
    assert "Traceback" not in result.output and not (clinic_project / "out" / "clinics").exists()


@pytest.mark.parametrize("locale", ["ar", "es"])
def test_the_clinic_addresses_on_the_cover_stay_inside_the_margins(project, locale):
    """The email and the website each have a line of their own on the cover band, broken inside an address
    only when it is longer than the line: in a right-to-left page too (the website once ran 9mm off the
    left edge of the Arabic large print, unbroken)."""
    import pypdfium2 as pdfium

    combo = Combination("drug-pump", "cancer", locale, "a4-large", clinic="sol")
    layout = project.layouts["a4-large"]
    page = pdfium.PdfDocument(build_pdf(project, combo))[0]
    text = page.get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars()) if not text.get_text_range(i, 1).isspace()]
    assert boxes
    width = page.get_width()
    assert min(box[0] for box in boxes) >= layout.margin_left - 1
    assert max(box[2] for box in boxes) <= width - layout.margin_right + 1
    lines = text.get_text_range().splitlines()
    assert not any("@" in line and "://" in line for line in lines)    # not one line: each has its own


def test_a_booklet_whose_back_cover_cannot_hold_the_closing_lines_ends_its_text_with_them(clinic_project, edit_file):
    """A clinic with more numbers: the contact panel keeps the back cover, the closing lines (disclaimer,
    dates, code) end the text inside, after the references, and the booklet keeps its 8 pages."""
    from leaflets.build.pipeline import build_reading
    from leaflets.build.project import load_project

    more = "".join(f"\n  - purpose: other\n    label: Pain nurse {n}\n    number: \"020 7946 04{n}0\"\n"
                   f"    hours: Monday to Friday, 9am to 5pm" for n in range(1, 3))
    edit_file(clinic_project, "clinics/riverside.yaml", "    hours: Ask for the on-call pain team",
              "    hours: Ask for the on-call pain team" + more)
    combo = Combination("drug-pump", "non-cancer", "en", "a5-booklet", clinic="riverside")
    _, pages = text_of(build_reading(load_project(clinic_project), combo))
    assert len(pages) == 8
    back, inside = pages[-1], " ".join(pages[:-1])
    assert "Who to contact" in back and "020 7946 0420" in back
    assert "Last updated" not in back and "does not replace talking with your doctor" not in back
    assert inside.index("References") < inside.index("does not replace talking with your doctor") \
        < inside.index("Last updated: 1 November 2026")


@pytest.mark.parametrize("locale, code", [("de", "Merkblatt-Code: DP-01"), ("hi", "DP-01")])
def test_a_booklet_back_cover_without_a_footer_has_the_footers_room(project, locale, code):
    """The clinic's panel and the closing lines were 12-15pt too tall for the German and Hindi back covers:
    the footer's room, unused on a cover, holds them. Keeping its short lists whole then gave the German
    one 12 pages (three of notes): laid out again with them broken where they fall, it keeps 8."""
    from leaflets.build.pipeline import build_reading

    combo = Combination("drug-pump", "non-cancer", locale, "a5-booklet", clinic="riverside")
    _, pages = text_of(build_reading(project, combo))
    assert len(pages) == 8 and "020 7946 0123" in pages[-1] and code in pages[-1]


def test_the_text_round_trip_of_a_clinic_edition_skips_its_footers(project):
    """The footer of a clinic edition names the clinic; the round trip takes it out of the text so that a
    paragraph broken over a page reads whole ("… nennen das | intrathekale …" in the German letter of sol
    was reported unreadable while it reads as written)."""
    from leaflets.quality.accessibility import check_text_layer
    from leaflets.quality.expected import running_texts

    combo = Combination("drug-pump", "cancer", "de", "letter", clinic="sol")
    leaflet = leaflet_for(project, combo)
    assert "Ihre implantierte Medikamentenpumpe · Unidad del Dolor Hospital del Sol · DP-01" in running_texts(leaflet, 6)
    result = check_text_layer(build_pdf(project, combo), leaflet, {})
    assert result.status == "pass" and not result.findings, result.findings


def test_verify_passes_the_clinic_editions_of_the_scripts_and_layouts_that_broke(tmp_path):
    """verify --clinic over the editions where a clinic's details once broke a page: the Arabic covers
    (the website off the page), the German and Hindi booklets (the back cover), a paragraph over a page."""
    picks = [arg for locale in ("ar", "de", "hi") for arg in ("--locale", locale)]
    picks += [arg for layout in ("a4-large", "a5-booklet", "letter") for arg in ("--layout", layout)]
    common = ["--root", str(REPO), "--out", str(tmp_path), "--clinic", "sol", *picks]
    built = CliRunner().invoke(main, ["build", "--jobs", "1", *common], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    checked = CliRunner().invoke(main, ["verify", "--no-rebuild", "--errors-only", *common], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    assert "18 checked: 18 passed, 0 failed; 0 errors" in checked.output


@pytest.fixture(scope="module")
def trifold_editions(tmp_path_factory):
    """Every clinic's edition of every tri-fold: clinics x locales x variants x A4 and Letter, built once."""
    out = tmp_path_factory.mktemp("trifold-editions")
    result = CliRunner().invoke(main, ["build", "--root", str(REPO), "--out", str(out), "--clinic", "all",
                                       "--layout", "a4-trifold", "--layout", "letter-trifold"], catch_exceptions=False)
    return out, result


def test_every_clinic_edition_of_the_trifolds_fits(project, trifold_editions):
    """The clinic's name, address and numbers make the cover and the flap fuller than the generic edition's:
    every edition still fits its panels (de and es non-cancer did not while the text began on the cover)."""
    out, result = trifold_editions
    assert result.exit_code == 0, result.output
    combos = len(project.clinics) * len({loc for (_, loc) in project.contents}) * 2 * 2
    assert combos == 2 * 7 * 2 * 2
    assert len(list((out / "clinics").rglob("*-trifold.pdf"))) == combos
    assert len(list((out / "clinics").rglob("*-trifold-reading.pdf"))) == combos


def test_every_clinic_edition_of_the_trifolds_passes_verify(trifold_editions):
    out, _ = trifold_editions
    result = CliRunner().invoke(main, ["verify", "--root", str(REPO), "--out", str(out), "--clinic", "all",
                                       "--layout", "a4-trifold", "--layout", "letter-trifold", "--no-rebuild",
                                       "--errors-only"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "56 checked: 56 passed" in result.output
