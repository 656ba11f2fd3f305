"""verify's line-breaks check: a word cut at a line end without a hyphen is an error; the German covers
and headings, where "Medikamentenpumpe" was cut ("Medikamen" | "tenpumpe"), now break between words."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from leaflets.build.pipeline import build_reading, leaflet_for
from leaflets.build.project import Combination
from leaflets.quality.line_breaks import check_line_breaks

GERMAN = Combination("drug-pump", "cancer", "de", "letter-trifold")


def narrow_pdf(text: str, width: float) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=50, rightMargin=A4[0] - 50 - width)
    doc.build([Paragraph(text, ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=22, leading=26))])
    return buffer.getvalue()


def test_a_word_cut_without_a_hyphen_is_an_error(project):
    leaflet = leaflet_for(project, GERMAN)
    result = check_line_breaks(narrow_pdf("Ihre implantierte Medikamentenpumpe", 150), leaflet, {})
    assert result.status == "fail"
    assert "the word \"Medikamentenpumpe\" is cut between two lines without a hyphen" in result.findings[0].message


@pytest.mark.parametrize("text", ["Ihre implantierte Medikamentenpumpe", "Schmerz-linderung mit einer Pumpe"])
def test_breaks_between_words_or_at_a_hyphen_pass(project, text):
    leaflet = leaflet_for(project, GERMAN)
    assert check_line_breaks(narrow_pdf(text, 260), leaflet, {}).status == "pass"


@pytest.mark.parametrize("layout", ["letter-trifold", "a4-trifold", "a5-booklet", "a4"])
def test_the_german_title_and_heading_break_between_words(project, layout):
    combo = Combination("drug-pump", "cancer", "de", layout)
    data = build_reading(project, combo)
    lines = [line.strip() for page in pdfium.PdfDocument(data) for line in page.get_textpage().get_text_range().splitlines()]
    assert "Medikamentenpumpe" in lines or "Ihre implantierte Medikamentenpumpe" in lines     # the title
    assert any(line.endswith("Medikamentenpumpe?") for line in lines)                       # the heading
    assert check_line_breaks(data, leaflet_for(project, combo), {}).status == "pass"
