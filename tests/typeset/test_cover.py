"""The cover (typeset/cover.py) as a reader and a screen reader get it: the optional cover figure (content
cover.figure, drawn where the layout says cover.figure: true) and the identity band of a clinic edition on a
narrow panel. Read back from real PDFs."""
from __future__ import annotations

import io

import pikepdf
import pypdfium2 as pdfium
from pypdf import PdfReader

from conftest import norm
from leaflets.build.pipeline import build_outputs, leaflet_for
from leaflets.build.project import Combination
from leaflets.model.nodes import Figure
from leaflets.quality.scanner import scan


def _tree(data: bytes) -> list[tuple[str, str, str]]:
    """(role, alt text, its text as far as its own kids say) of every element, in reading order."""
    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        def walk(node):
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    out.append((str(kid.S), str(kid.get("/Alt", "")), str(kid.get("/ActualText", ""))))
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
    return out


def _figures(tree) -> list[str]:
    return [alt for role, alt, _ in tree if role == "/Figure"]


def test_the_trifold_draws_the_cover_figure_on_its_front_panel_and_not_again_in_the_text(built_pdfs):
    built = built_pdfs["cancer-a4-trifold"]
    model = built.model
    assert isinstance(model.cover_figure, Figure) and model.cover_figure.image.name.endswith("/pump.svg")
    tree = _tree(built.reading_data)
    assert _figures(tree) == [model.cover_figure.alt]          # once: on the cover, not in the text
    roles = [role for role, _, _ in tree]
    figure, title = roles.index("/Figure"), roles.index("/H1")
    assert title < figure < next(i for i, r in enumerate(roles) if r == "/H2")    # after the title, before the text
    front = PdfReader(io.BytesIO(built.reading_data)).pages[0].extract_text()
    assert all(label.text in front for label in model.cover_figure.labels)
    # it is drawn: the front panel's pixels under the variant band are not all paper
    page = pdfium.PdfDocument(built.reading_data)[0]
    image = page.render(scale=1).to_pil().convert("L")
    w, h = image.size
    lower = image.crop((0, int(h * 0.6), w, int(h * 0.9)))
    assert lower.getextrema()[0] < 200


def test_the_handout_keeps_the_figure_in_the_text_and_its_help_strip_on_page_1(built_pdfs):
    """a4 has no cover.figure: page 1 is full with the cover and the help strip."""
    built = built_pdfs["cancer-a4"]
    tree = _tree(built.data)
    assert _figures(tree) == [built.model.cover_figure.alt]
    roles = [role for role, _, _ in tree]
    assert roles.index("/Figure") > roles.index("/H2")         # in the first section, as written
    first = norm(built.reader.pages[0].extract_text())
    assert norm(built.model.contact.entries[0].phone) in first


def test_a_translation_takes_the_source_cover_figure_with_its_own_alt_text(project):
    combo = Combination("drug-pump", "non-cancer", "de", "a4-trifold")
    model = leaflet_for(project, combo)
    german = project.contents[("drug-pump", "de")].data
    alt = next(block["alt"] for section in german["sections"] for block in section["body"] if "figure" in block)
    assert model.cover_figure.alt == alt
    reading = build_outputs(project, combo)[combo.reading_path()]
    assert _figures(_tree(reading)) == [alt]
    assert [label.text for label in model.cover_figure.labels][0] in PdfReader(io.BytesIO(reading)).pages[0].extract_text()


def test_a_clinic_band_on_a_narrow_panel_stacks_the_logo_over_the_words(project):
    """The Hospital del Sol's wide logo left its name 45mm: broken inside a word, and an Arabic panel's
    address ran off the edge. On a tri-fold panel the logo has a row of its own; every word stays inside."""
    for locale in ("es", "ar"):
        combo = Combination("drug-pump", "cancer", locale, "letter-trifold", clinic="sol")
        reading = build_outputs(project, combo)[combo.reading_path()]
        front = scan(reading).pages[0]
        width = front.mediabox[2] - front.mediabox[0]
        layout = project.layouts["letter-trifold"]
        for run in front.runs:
            assert layout.margin_left - 0.5 <= run.x0 and run.x1 <= width - layout.margin_right + 0.5, run.text
        text = PdfReader(io.BytesIO(reading)).pages[0].extract_text()
        assert "Anestesiología" in text.replace("\n", " ")
