"""The composition rules: the built leaflets keep them, and a PDF that breaks one is reported with its code."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from leaflets.build.pipeline import build_pdf, leaflet_for, select
from leaflets.model.nodes import BulletList, Paragraph, plain_text
from leaflets.quality.composition import check_composition, lines
from leaflets.quality.expected import expected, review_line
from leaflets.quality.lint import Quality
from leaflets.quality.reports import FAIL, PASS
from leaflets.quality.scanner import scan
from leaflets.quality.verify import verify
from leaflets.typeset.render import render
from leaflets.typeset.ties import NBSP, labelled, tie_last_words
from leaflets.model.nodes import CitationMark, Span


@pytest.fixture(scope="module")
def a4(project):
    combo = next(c for c in select(project, locales=["en"], variants=["cancer"]) if c.layout == "a4")
    return combo, leaflet_for(project, combo), project.layouts["a4"]


@pytest.fixture(scope="module")
def good(project, a4):
    return build_pdf(project, a4[0])


def composition(data: bytes, model, layout):
    s = scan(data)
    return check_composition(s, model, layout, expected(model, {}, len(s.pages)), {})


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def with_pages(good: bytes, *draws) -> bytes:
    """The good PDF with pages appended, each drawn by one function of a reportlab canvas."""
    extra = io.BytesIO()
    c = canvas.Canvas(extra, pagesize=A4, invariant=1)
    for draw in draws:
        draw(c)
        c.showPage()
    c.save()
    writer = PdfWriter()
    for source in (good, extra.getvalue()) if good else (extra.getvalue(),):
        for page in PdfReader(io.BytesIO(source)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_lines(*rows, size=13.0, top=700.0, leading=None):
    """A page drawing: one string per row, on baselines `leading` apart (13pt: the A4 handout's body)."""
    def draw(c):
        c.setFont("Helvetica", size)
        y = top
        for row in rows:
            c.drawString(57, y, row)
            y -= leading or size * 1.36
    return draw


# --- the built leaflets keep every rule -------------------------------------------------------

@pytest.mark.parametrize("name", ["cancer-a4", "non-cancer-a4-large", "cancer-a5-booklet", "non-cancer-letter-trifold"])
def test_the_built_leaflets_keep_the_composition_rules(built_pdfs, name):
    built = built_pdfs[name]
    data = built.reading_data if built.layout.imposed else built.data
    result = composition(data, built.model, built.layout)
    assert result.status == PASS, [f.format() for f in result.findings]
    assert result.figures["pages"] == len(PdfReader(io.BytesIO(data)).pages)


def test_verify_runs_the_composition_check(good, a4):
    _, model, layout = a4
    results = {r.check: r for r in verify(good, model, layout, Quality())}
    assert results["composition"].status == PASS


def test_a_booklet_fills_its_spare_pages_with_a_page_for_notes(project, built_pdfs):
    """The repository's booklet may fill its pages exactly: the leaflet without its last sections leaves
    pages to spare."""
    booklet = built_pdfs["cancer-a5-booklet"]
    layout = project.layouts["a5-booklet"]
    short = replace(booklet.model, sections=booklet.model.sections[:5])     # 8 pages, two of them spare
    data = render(short, layout, *project.chains_for(layout, "en"))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) % 4 == 0
    heading = booklet.model.labels.notes
    assert heading == "Notes and questions for your care team"
    spare = [i for i, p in enumerate(reader.pages) if heading in p.extract_text()]
    assert spare and spare[-1] == len(reader.pages) - 2     # just before the back cover
    page = scan(data).pages[spare[0]]
    ruled = [d for d in page.drawings if d.kind == "stroke" and d.y1 - d.y0 < 2]
    assert len(ruled) >= 10


# --- each rule broken on purpose ----------------------------------------------------------------

def test_a_blank_page_is_reported(good, a4):
    _, model, layout = a4
    result = composition(with_pages(good, lambda c: None), model, layout)
    assert result.status == FAIL
    assert "blank-page" in codes(result)
    assert f"page {pages(good) + 1} is blank" in result.findings[codes(result).index("blank-page")].message


def test_a_page_of_small_print_alone_is_reported(good, a4):
    _, model, layout = a4
    ref = model.references[-1]
    result = composition(with_pages(good, text_lines(f"{ref.number}. {ref.text[:80]}", size=8.5)), model, layout)
    assert "page-only-small-print" in codes(result)
    assert f"page {pages(good) + 1} holds only small print" in "\n".join(f.message for f in result.findings)


def test_a_stub_last_page_is_reported(good, a4):
    _, model, layout = a4
    result = composition(with_pages(good, text_lines("The end of the leaflet, alone on its page.")), model, layout)
    assert codes(result) == ["stub-last-page"]
    assert f"page {pages(good) + 1}, the last of the text, holds 1 line" in result.findings[0].message


def test_a_reference_broken_over_two_pages_is_reported(project, a4):
    _, model, _ = a4
    layout = project.layouts["a4-large"]
    refs = list(model.references)
    refs[1] = replace(refs[1], text=" ".join([refs[1].text] * 40))     # longer than a page: it must break
    long = replace(model, references=tuple(refs))
    result = composition(render(long, layout, *project.chains_for(layout, "en")), long, layout)
    assert "note-split" in codes(result)
    assert f"reference 2 ({refs[1].key}) is broken over pages" in "\n".join(f.message for f in result.findings)


def _list_and_closing(model):
    for section in model.sections:
        for block, after in zip(section.blocks, section.blocks[1:]):
            if isinstance(block, BulletList) and isinstance(after, Paragraph):
                return plain_text(block.items[-1]), plain_text(after.content)
    raise AssertionError("no list closed by a paragraph in the leaflet")


def test_a_list_parted_from_its_closing_line_is_reported(good, a4):
    _, model, layout = a4
    item, closing = _list_and_closing(model)
    filler = ["Text of the leaflet before the list, a full line of it on this page."] * 30
    data = with_pages(None, text_lines(*filler, "\u2022 " + item, top=780), text_lines(closing[:70], *filler[:20]))
    result = composition(data, model, layout)
    assert "list-parted-from-closing-line" in codes(result)
    assert "is on page 1 but the line that closes it" in "\n".join(f.message for f in result.findings)


@pytest.mark.parametrize("last, reported", [
    ("today.", True),
    # too long to share a line with the word before it: no better break exists
    ("Pneumonoultramicroscopicsilicovolcanoconiosis-and-yet-more-of-it-still.", False),
])
def test_a_paragraph_ending_in_one_word_is_reported_where_a_better_break_exists(good, a4, last, reported):
    _, model, layout = a4
    rows = ("A drug pump is a device that gives you pain medicine. It is used with a",
            "a thin tube called a catheter, which the doctor places under your skin so", last)
    result = composition(with_pages(good, text_lines(*rows, leading=13 * layout.leading), text_lines(*rows[:2] * 9)),
                         model, layout)
    assert ("single-word-last-line" in codes(result)) == reported
    if reported:
        assert f'ends in the single word "{last}"' in "\n".join(f.message for f in result.findings)


def test_a_date_or_code_broken_over_two_lines_is_reported(good, a4):
    _, model, layout = a4
    code = review_line(model)[2]                      # "Leaflet code: DP-01"
    label, value = code.split(": ")
    result = composition(with_pages(good, text_lines(*(["Some text of the leaflet on this page."] * 20),
                                                     f"Next to nothing \u00b7 {label}:", value)), model, layout)
    assert "fixed-phrase-broken" in codes(result)
    assert f'"{code}" is broken over two lines on page {pages(good) + 1}' in "\n".join(f.message for f in result.findings)


# --- what the layout does to keep them ---------------------------------------------------------------

def test_the_last_two_words_of_a_paragraph_are_tied():
    tied = tie_last_words((Span("It has helped them get back to their "), Span("lives", bold=True),
                           CitationMark(("a",), (1,)), Span(".")))
    assert "".join(getattr(n, "text", "") for n in tied) == f"It has helped them get back to their{NBSP}lives."
    long = (Span("Fragen Sie nach der Therapie Medikamentenabgabesystemberatungsstelle."),)
    assert tie_last_words(long) == long                  # too long to share a line anywhere
    assert tie_last_words((Span("Two words"),)) == (Span("Two words"),)


def test_dates_and_codes_are_kept_whole():
    assert labelled("Leaflet code", "DP-01") == f"Leaflet{NBSP}code:{NBSP}DP-01"
    assert labelled("Next review", "1 November 2027") == f"Next{NBSP}review:{NBSP}1{NBSP}November{NBSP}2027"
    assert labelled("版本", "1.0", cjk=True) == "版本\uff1a1.0"


def test_a_chinese_paragraph_never_ends_in_one_character(project):
    combo = next(c for c in select(project, locales=["zh-Hans"], variants=["non-cancer"]) if c.layout == "a4")
    model, layout = leaflet_for(project, combo), project.layouts["a4"]
    s = scan(build_pdf(project, combo))
    body = [line for page in s.pages for line in lines(page, layout) if abs(line.size - layout.text_size) < 0.05]
    # main printed 久。 and 命。 alone on lines
    assert not [line.text for line in body if line.text.strip() in ("久。", "命。")]
    assert composition(build_pdf(project, combo), model, layout).status == PASS


# --- large print and citation markers (items 5 and 4 of issue 15) -------------------------------

def test_large_print_sets_every_character_at_16pt(built_pdfs, project):
    from leaflets.quality.text_checks import check_large_print

    built = built_pdfs["cancer-a4-large"]
    s = scan(built.data)
    assert min(run.size for page in s.pages for run in page.runs) >= 16 - 0.05   # notes, footer, markers too
    result = check_large_print(s, Quality(large_print=True), {})
    assert result.status == PASS and result.figures["smallest_pt"] >= 16 - 0.05
    reader = PdfReader(io.BytesIO(built.data))
    assert built.model.labels.references in reader.pages[-1].extract_text() or \
        built.model.labels.references in reader.pages[-2].extract_text()         # references as an end list


def test_large_print_with_12pt_notes_fails_verify(project, a4):
    _, model, _ = a4
    layout = project.layouts["a4-large"]
    small = replace(layout, note_size=12.0, footer_size=12.0)
    results = {r.check: r for r in verify(render(model, small, *project.chains_for(layout, "en")), model, layout,
                                          Quality(large_print=True))}
    result = results["large-print"]
    assert result.status == FAIL
    assert result.findings[0].code == "large-print-text-too-small"
    assert "set under 16pt (12pt, 13.6pt)" in result.findings[0].message   # notes and footer; the small print


def test_citation_markers_are_62_percent_and_clear_of_the_line_above(built_pdfs):
    built = built_pdfs["cancer-a4"]
    s = scan(built.data)
    size = built.layout.text_size
    markers = [run for page in s.pages for run in page.runs if run.superscript]
    assert markers
    for marker in markers:
        assert marker.size == pytest.approx(size * 0.62, abs=0.05)
        page = s.pages[marker.page]
        line = marker.baseline - marker.rise
        above = [r for r in page.runs if not r.superscript and abs(r.size - size) < 0.05
                 and 0.5 < r.baseline - line < size * built.layout.leading + 0.5]
        # the marker's top (its font's ascent) stays below the lowest reach (descent) of the line above
        assert all(marker.y1 <= r.y0 + 0.01 for r in above), marker.text


# --- the measure: characters per full line ------------------------------------------------------

@pytest.mark.parametrize("name", ["cancer-a4", "cancer-letter", "non-cancer-a4-large"])
def test_the_handouts_full_lines_hold_60_to_75_characters(built_pdfs, name):
    built = built_pdfs[name]
    result = composition(built.data, built.model, built.layout)
    fewest, most = built.layout.measure
    assert result.figures["full_lines"] > 15
    assert fewest <= result.figures["measure_median"] and result.figures["measure_longest"] <= most


def test_lines_as_long_as_before_fail_the_measure(project, a4):
    """12pt across the 170mm of 20mm margins, the A4 handout before the measure was set: 88 characters."""
    _, model, layout = a4
    wide = replace(layout, text_size=12.0, margin_left=20 * 72 / 25.4, margin_right=20 * 72 / 25.4)
    result = composition(render(model, wide, *project.chains_for(layout, "en")), model, layout)
    assert "measure-too-long" in codes(result)
    assert result.figures["measure_longest"] > 75


def test_short_full_lines_fail_the_measure(a4):
    _, model, layout = a4
    short = ["Lines of text this short are hard to read as", "sentences: the eye jumps back too often to",
             "follow them without effort, and so on here."] * 4
    data = with_pages(None, text_lines(*short, size=layout.text_size, leading=layout.text_size * layout.leading))
    result = composition(data, model, layout)
    assert "measure-too-short" in codes(result) and "measure-too-long" not in codes(result)
    assert result.figures["measure_median"] < 60


def test_a_paragraphs_last_line_is_not_full(a4):
    _, model, layout = a4
    rows = ["x" * 70, "A last line that runs on for far too long to be read comfortably at all, on and on."]
    data = with_pages(None, text_lines(*rows, size=layout.text_size, leading=layout.text_size * layout.leading))
    assert composition(data, model, layout).figures["measure_longest"] == 70


# --- a tri-fold's front panel is the cover alone ------------------------------------------------

def test_a_trifolds_front_panel_holds_the_cover_alone(built_pdfs):
    built = built_pdfs["non-cancer-letter-trifold"]
    front = PdfReader(io.BytesIO(built.reading_data)).pages[0].extract_text()
    assert built.model.title.split()[-1] in front
    assert built.model.sections[0].heading not in front
    assert "Pump" in front      # the cover figure's label: the figure is on the cover
    assert composition(built.reading_data, built.model, built.layout).status == PASS


def test_body_text_on_a_trifolds_front_panel_is_reported(built_pdfs):
    """The front panel as it was before: the first section's heading and paragraph under the cover."""
    built = built_pdfs["non-cancer-letter-trifold"]
    first = built.model.sections[0]
    data = with_pages(None, text_lines(built.model.title, first.heading, plain_text(first.blocks[0].content)[:60]))
    reader = PdfReader(io.BytesIO(built.reading_data))
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(data)).pages[0])
    for page in reader.pages[1:]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    result = composition(out.getvalue(), built.model, built.layout)
    assert "front-panel-body-text" in codes(result)
    assert "the front panel holds text of section 'what-is-it'" in \
        result.findings[codes(result).index("front-panel-body-text")].message
