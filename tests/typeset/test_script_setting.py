"""Type set for its script: English references from the left edge of a right-to-left page, dates kept
whole in Arabic, Arabic and Devanagari body text a point larger (layout `scripts:`), Chinese spacing
(a quarter em next to Latin, punctuation compression), read back from the PDFs."""
from __future__ import annotations

import dataclasses
import io
from collections import Counter

import pypdfium2 as pdfium
import pytest

from leaflets.build.pipeline import build_reading, leaflet_for
from leaflets.build.project import Combination
from leaflets.inputs.locales import script
from leaflets.layout.settings import for_locale
from leaflets.model.nodes import CitationMark, Span
from leaflets.quality.scanner import scan
from leaflets.typeset import cjk
from leaflets.typeset import flowables as F
from leaflets.typeset import memo
from leaflets.typeset import ties
from leaflets.typeset.render import render


@pytest.fixture(scope="module")
def arabic(project):
    return scan(build_reading(project, Combination("drug-pump", "cancer", "ar", "a4")))


def _body_size(s) -> float:
    return Counter(round(r.size, 2) for p in s.pages for r in p.runs).most_common(1)[0][0]


def _note_lines(s, layout) -> dict[tuple, list]:
    """The strings of each footnote line (note-size text above the footer), by page and baseline."""
    lines: dict[tuple, list] = {}
    for run in (r for p in s.pages for r in p.runs):
        if abs(run.size - layout.note_size) < 0.05 and run.baseline > layout.margin_bottom + layout.footer_size * 2:
            lines.setdefault((run.page, round(run.baseline, 1)), []).append(run)
    return lines


def test_english_references_start_at_the_left_edge_of_an_arabic_page(project, arabic):
    layout = project.layouts["a4"]
    lines = _note_lines(arabic, layout)
    assert len(lines) >= 6
    starts = {round(min(r.x0 for r in runs), 1) for runs in lines.values()}
    numbers, text = layout.margin_left, layout.margin_left + layout.note_size * 2.2
    assert starts <= {round(numbers, 1), round(text, 1)}, starts        # the number, or a continued line
    ends = [max(r.x1 for r in runs) for runs in lines.values()]
    assert max(ends) > layout.page_width - layout.margin_right - 3 * layout.note_size   # full lines reach across
    assert min(ends) < layout.page_width - layout.margin_right - 20 * layout.note_size   # and the rest are ragged
    for runs in lines.values():       # each line's number (if it has one) is at its left, before its words
        first = min(runs, key=lambda r: r.x0)
        assert not first.text.strip().rstrip(".").isdigit() or first.x0 == pytest.approx(numbers, abs=0.1)


def test_arabic_body_text_still_starts_at_the_right(project, arabic):
    """Most body lines end at the right margin, and a line that reaches the left margin is a full one
    (ends at the right margin or at a list's indent from it)."""
    layout = project.layouts["a4"]
    left, right = layout.margin_left, layout.page_width - layout.margin_right
    lines: dict[tuple, list] = {}
    for r in (r for p in arabic.pages for r in p.runs if abs(r.size - _body_size(arabic)) < 0.05):
        lines.setdefault((r.page, round(r.baseline, 1)), []).append(r)
    edges = [(min(r.x0 for r in runs), max(r.x1 for r in runs)) for runs in lines.values()]
    assert sum(abs(x1 - right) < 1 for _, x1 in edges) > len(edges) / 2
    assert all(x1 > right - 2 * layout.text_size for x0, x1 in edges if abs(x0 - left) < 1)   # full (a list's too)


def test_arabic_dates_codes_and_versions_stay_whole_at_any_width(project):
    combo = Combination("drug-pump", "cancer", "ar", "a4")
    leaflet, layout = leaflet_for(project, combo), project.layouts["a4"]
    styles = F.make_styles(layout, *project.chains_for(layout, "ar"), "ar")
    meta = F.closing(leaflet, styles, layout)[2]
    units = [leaflet.last_updated_text, leaflet.next_review_text, leaflet.code, leaflet.version]
    assert all(" " in u or "-" in u or "." in u for u in units)
    for width in (90, 120, 160, 220, 320):
        meta.wrap(width, 1000)
        lines = [meta.text[a:b] for a, b in meta.lines]
        assert len(lines) >= 2
        for unit in units:
            kept = ties.keep(unit)
            assert sum(kept in line for line in lines) == 1, (width, unit, lines)


# --- a point larger in Arabic and Devanagari ---------------------------------------------------

def test_the_script_of_a_locale():
    assert [script(x) for x in ("ar", "hi", "zh-Hans", "en", "de", "vi", "fa-IR")] == \
        ["arab", "deva", "hani", "latn", "latn", "latn", "arab"]


def test_for_locale_sets_the_body_a_point_larger_in_arabic_and_hindi_only(project):
    layout = project.layouts["a4"]
    assert dict(layout.body_size_deltas) == {"arab": 1.0, "deva": 1.0}
    assert for_locale(layout, "ar").text_size == for_locale(layout, "hi").text_size == layout.text_size + 1
    assert for_locale(layout, "zh-Hans") is layout and for_locale(layout, "en") is layout
    trifold = project.layouts["a4-trifold"]
    wider = for_locale(trifold, "ar")
    assert (wider.min_text_size, wider.max_text_size) == (trifold.min_text_size + 1, trifold.max_text_size + 1)
    assert for_locale(dataclasses.replace(layout, body_size_deltas=()), "ar") == \
        dataclasses.replace(layout, body_size_deltas=())


@pytest.mark.parametrize("locale, larger", [("ar", 1.0), ("hi", 1.0), ("en", 0.0), ("zh-Hans", 0.0)])
def test_the_body_reads_back_at_its_scripts_size(project, locale, larger):
    combo = Combination("drug-pump", "non-cancer", locale, "a4")
    layout = project.layouts["a4"]
    s = scan(render(leaflet_for(project, combo), layout, *project.chains_for(layout, locale)))
    assert _body_size(s) == layout.text_size + larger
    notes = {round(r.size, 2) for p in s.pages for r in p.runs if r.size < 10}
    assert layout.note_size in notes                      # the English notes keep their size


def test_a_script_size_in_a_layout_is_checked(project_copy, edit_file):
    from leaflets.build.project import load_project  # reason: this test alone loads a changed copy

    edit_file(project_copy, "layouts/handout.yaml", "arab: {body_size_delta: 1pt}", "arabic: {body_size_delta: 1pt}")
    edit_file(project_copy, "layouts/handout.yaml", "deva: {body_size_delta: 1pt}", "deva: {body_size_delta: 9pt}")
    errors = load_project(project_copy).diagnostics.errors
    found = sorted((e.key, e.code) for e in errors)
    assert ("scripts.arabic", "unknown-key") in found or any(k == "scripts.arabic" for k, _ in found), found
    assert any(k == "scripts.deva.body_size_delta" for k, _ in found), found
    assert all(str(e.location).startswith("layouts/handout.yaml:") for e in errors)


# --- Chinese: a quarter em between Chinese and Latin, no double blank between two marks ---------------

def _chinese_pdf(project, *texts) -> bytes:
    from reportlab.platypus import SimpleDocTemplate  # reason: only these tests lay out a bare page

    layout = project.layouts["a4"]
    styles = F.make_styles(layout, *project.chains_for(layout, "zh-Hans"), "zh-Hans", tagged=False)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=1).build([styles.paragraph(t, styles.body) for t in texts])
    return buffer.getvalue()


def _read(data: bytes) -> tuple[str, list]:
    """pdfium's text of the first page and the left edge of each of its characters."""
    doc = pdfium.PdfDocument(data)
    text = doc[0].get_textpage()
    chars = text.get_text_range()
    return chars, [text.get_charbox(i)[0] for i in range(len(chars))]


def _x(read, ch: str) -> float:
    chars, xs = read
    return xs[chars.index(ch)]


@pytest.mark.parametrize("text, moved", [
    ("公司Medtronic也可以帮助您", {"公": 0, "M": 0.25, "c": 0.25, "也": 0.5, "您": 0.5}),   # a quarter em each side
    ("导管可能脱开（断开连接）。下一句", {"（": 0, "）": 0, "。": -0.5, "下": -0.5}),       # "）" loses its blank half
    ("这是“引号”。第二句", {"”": 0, "。": 0, "第": 0}),                                   # half-width quotes: no change
])
def test_chinese_spacing_moves_the_glyphs_and_adds_no_character(project, monkeypatch, text, moved):
    em = project.layouts["a4"].text_size        # moves in ems of the body text
    spaced = _read(_chinese_pdf(project, text))
    monkeypatch.setattr(cjk, "AUTOSPACE", 0.0)
    monkeypatch.setattr(cjk, "TRIM", 0.0)
    with memo.off():                            # the memo would hand back the spaced lines: its key has no constants
        plain = _read(_chinese_pdf(project, text))
    for ch, by in moved.items():
        assert _x(spaced, ch) - _x(plain, ch) == pytest.approx(by * em, abs=0.05), ch
    assert "".join(spaced[0].split()) == text           # the text layer reads as written
    assert "".join(plain[0].split()) == text


def test_chinese_lines_with_spacing_still_fit_their_width(project):
    layout = project.layouts["a4"]
    styles = F.make_styles(layout, *project.chains_for(layout, "zh-Hans"), "zh-Hans")
    text = "生产这种药物泵的公司Medtronic也可以帮助您（请问医生）。每天2次，每次10毫克（mg）。" * 3
    for width in range(90, 420, 11):
        para = styles.paragraph(text, styles.body)
        para.wrap(width, 10_000)
        for line in para.blPara.lines:
            assert line.currentWidth <= width + 1e-6
            glyphs = sum(styles.text_width(str(w.text), styles.body) for w in line.words if not hasattr(w, "cbDefn"))
            moves = [float(w.cbDefn.label) for w in line.words if hasattr(w, "cbDefn")]
            assert glyphs + (moves[-1] if moves else 0) == pytest.approx(line.currentWidth, abs=0.01)


def test_no_room_is_added_next_to_a_citation_marker_or_a_space(project):
    layout = project.layouts["a4"]
    styles = F.make_styles(layout, *project.chains_for(layout, "zh-Hans"), "zh-Hans")
    para = styles.paragraph((Span("活动"), CitationMark(("a",), (1,)), Span("。公司 Medtronic 也")), styles.body)
    para.wrap(400, 1000)
    assert not any(hasattr(w, "cbDefn") for line in para.blPara.lines for w in line.words)


def test_the_links_of_chinese_citation_markers_still_cover_them(project):
    from pypdf import PdfReader  # reason: only this test reads the annotations

    checked = 0
    for variant in ("cancer", "non-cancer"):
        data = build_reading(project, Combination("drug-pump", variant, "zh-Hans", "a4"))
        pages, reader = scan(data).pages, PdfReader(io.BytesIO(data))
        for page, raw in zip(pages, reader.pages):
            marks = [r for r in page.runs if r.superscript]
            links = [a.get_object() for a in raw.get("/Annots") or [] if "/Dest" in a.get_object()]
            assert len(marks) == len(links)
            for mark, link in zip(marks, links):
                x0, _, x1, _ = (float(v) for v in link["/Rect"])
                assert x0 - 0.5 <= mark.x0 and mark.x1 <= x1 + 0.5, (page.index, mark.text)
                checked += 1
    assert checked >= 5


# --- Hindi: a word in two fonts ------------------------------------------------------

@pytest.mark.parametrize("text", ["पर्चे का कोड:\u00a0DP-01\u00a0· संस्करण:\u00a01.0", "कोड:\u00a0DP-01", "जानकारी Medtronic"])
def test_no_word_drawn_in_two_fonts_comes_out_as_boxes(project, text):
    """reportlab shaped a word (between spaces) drawn in two fonts with the first font's glyphs: the Latin
    letters tied to Hindi words came out as boxes (.notdef, read back as U+FFFF), in every Hindi closing line
    (private.shape_words_by_font shapes each font's run on its own; the ties stay)."""
    layout = project.layouts["a4"]
    styles = F.make_styles(layout, *project.chains_for(layout, "hi"), "hi")
    para = styles.paragraph(text, styles.small)
    para.wrap(400, 100)
    drawn = [(w.fontName, str(w.text)) for line in para.blPara.lines for w in line.words]
    assert not any("\uffff" in t for _, t in drawn), drawn
    assert any("Noto Sans-" in font and ("DP" in t or "Medtronic" in t) for font, t in drawn)


def test_the_hindi_closing_lines_draw_every_glyph(project):
    combo = Combination("drug-pump", "cancer", "hi", "a4")
    layout = project.layouts["a4"]
    styles = F.make_styles(layout, *project.chains_for(layout, "hi"), "hi")
    for part in F.closing(leaflet_for(project, combo), styles, layout):
        if hasattr(part, "blPara") or hasattr(part, "frags"):
            part.wrap(400, 1000)
            assert not any("\uffff" in str(w.text) for line in part.blPara.lines for w in line.words)
