"""The one reader of PDF content streams (leaflets.quality.scanner): what it keeps of every string shown."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from leaflets.quality.scanner import read_page, scan


def test_scan_reads_position_size_rise_colour_background_and_forms():
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.setFillColorRGB(0.9, 0.9, 0.2)
    c.rect(100, 500, 200, 50, stroke=0, fill=1)
    c.setFillColorRGB(0.2, 0.4, 0.6)
    c.setFont("Helvetica", 20)
    c.drawString(110, 510, "Boxed")
    c.beginForm("f")
    c.setFont("Helvetica", 10)
    c.drawString(0, 0, "in a form")
    c.endForm()
    c.saveState()
    c.translate(300, 100)
    c.scale(2, 2)
    c.doForm("f")
    c.restoreState()
    t = c.beginText(50, 700)
    t.setFont("Helvetica", 12)
    t.textOut("x")
    t.setRise(5)
    t.textOut("2")
    c.drawText(t)
    c.save()
    runs = {r.text: r for r in scan(buffer.getvalue()).pages[0].runs}
    boxed = runs["Boxed"]
    assert (boxed.x0, boxed.baseline, boxed.size) == (pytest.approx(110), pytest.approx(510), pytest.approx(20))
    assert boxed.colour == pytest.approx((0.2, 0.4, 0.6)) and boxed.background == pytest.approx((0.9, 0.9, 0.2))
    form = runs["in a form"]
    assert (form.x0, form.baseline, form.size) == (pytest.approx(300), pytest.approx(100), pytest.approx(20))
    assert runs["2"].superscript and not runs["x"].superscript
    assert runs["x"].x1 == pytest.approx(50 + 12 * 0.5, abs=0.01)   # Helvetica 'x' is 500/1000 em wide


def _pdf(draw) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    draw(c)
    c.save()
    return buffer.getvalue()


def test_strings_of_one_line_follow_each_other():
    """After a string is shown the text position moves on by its width: a bold word in a line starts
    where the word before it ends."""
    def draw(c):
        t = c.beginText(50, 700)
        t.setFont("Helvetica", 10)
        t.textOut("x ")
        t.setFont("Helvetica-Bold", 10)
        t.textOut("bold")
        c.drawText(t)
    runs = scan(_pdf(draw)).pages[0].runs
    assert [r.text for r in runs] == ["x ", "bold"]
    assert runs[0].x == pytest.approx(50) and runs[1].x == pytest.approx(runs[0].x1)


def test_the_strings_of_one_tj_share_their_show_and_blank_ones_are_kept_apart():
    def draw(c):
        c.setFont("Helvetica", 10)
        c.drawString(10, 10, "set the font")
        c.addLiteral("BT /F1 10 Tf 1 0 0 1 100 600 Tm [(Hel) -500 (lo) ( )] TJ (next) Tj ET")
    data = _pdf(draw)
    page = scan(data).pages[0]
    strings = [s for s in page.strings if s.baseline == pytest.approx(600)]
    assert [s.text for s in strings] == ["Hel", "lo", " ", "next"]
    assert len({s.show for s in strings[:3]}) == 1 and strings[3].show != strings[0].show
    assert strings[1].x == pytest.approx(strings[0].x1 + 5)          # -500/1000 em of 10pt moves it right
    assert "  " not in [r.text for r in page.runs] and " " not in [r.text for r in page.runs]
    reader = PdfReader(io.BytesIO(data))
    assert [s.text for s in read_page(reader, reader.pages[0], forms=False).strings][-4:] == ["Hel", "lo", " ", "next"]


def test_forms_can_be_left_out():
    def draw(c):
        c.beginForm("f")
        c.setFont("Helvetica", 10)
        c.drawString(0, 0, "in a form")
        c.endForm()
        c.setFont("Helvetica", 10)
        c.drawString(50, 50, "on the page")
        c.doForm("f")
    reader = PdfReader(io.BytesIO(_pdf(draw)))
    assert [r.text for r in read_page(reader, reader.pages[0]).runs] == ["on the page", "in a form"]
    assert [r.text for r in read_page(reader, reader.pages[0], forms=False).runs] == ["on the page"]


def test_a_form_drawing_itself_many_times_is_refused_quickly():
    """Depth is limited, and so is fan-out: the scan stops at a budget of forms per page."""
    import time

    from conftest import form_bomb
    from leaflets.quality.scanner import TooComplex

    data = form_bomb()
    assert len(data) < 1200
    started = time.monotonic()
    with _alarm(20), pytest.raises(TooComplex, match="page 1 draws too many nested forms"):
        scan(data)
    assert time.monotonic() - started < 5


def _alarm(seconds: int):
    """Fail (rather than hang) when the block takes longer than `seconds`."""
    import contextlib
    import signal

    @contextlib.contextmanager
    def limit():
        def stop(*_):
            raise AssertionError(f"still running after {seconds}s")
        old = signal.signal(signal.SIGALRM, stop)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    return limit()


def test_the_scanner_knows_the_mark_of_a_right_to_left_runs_readings():
    """The checks read a right-to-left line's glyphs, not what pdfium and poppler are given (the ActualText
    inside the mark textlayer writes): both name the same tag."""
    from leaflets.quality.scanner import READ_AS
    from leaflets.typeset.textlayer import PDFIUM

    assert READ_AS == "/" + PDFIUM
