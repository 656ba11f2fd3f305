"""fonts: parsing and registration once per process, and again when a font file changes."""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from conftest import widen_font
from leaflets.pipeline import build_pdf
from leaflets.project import Combination, load_project


def test_a_font_file_edited_between_two_builds_in_one_process_is_read_again(project_copy):
    """reportlab keeps the first font registered under a name; a process that builds twice (tests,
    a web form) must still draw with the font file as it is now."""
    combo = Combination("drug-pump", "cancer", "ar", "a4")
    before = build_pdf(load_project(project_copy), combo)
    width = pdfmetrics.stringWidth("\u0627", "Noto Sans Arabic-regular", 10)
    widen_font(project_copy / "fonts/noto-arabic/NotoSansArabic-Regular.ttf")
    after = build_pdf(load_project(project_copy), combo)
    assert pdfmetrics.stringWidth("\u0627", "Noto Sans Arabic-regular", 10) > width
    assert after != before
