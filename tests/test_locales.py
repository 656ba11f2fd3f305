"""Every locale built and read back: language tag, fonts, translated text, and each script's rules on the page."""
from __future__ import annotations

import io
import unicodedata

import pytest
import yaml
from pypdf import PdfReader
from reportlab.platypus import SimpleDocTemplate

from conftest import REPO
from leaflets.typeset import cjk
from leaflets.typeset.flowables import make_styles
from leaflets.model.nodes import CitationMark, Span
from leaflets.build.pipeline import build_pdf, select

LOCALES = ["ar", "de", "en", "es", "hi", "vi", "zh-Hans"]
SCRIPT_FONT = {"ar": "NotoSansArabic", "hi": "NotoSansDevanagari", "zh-Hans": "LeafletsNotoSansSC"}


@pytest.fixture(scope="module")
def locale_pdfs(project):
    """Every locale and variant on A4, built once: (locale, variant) -> PdfReader."""
    out = {}
    for combo in select(project, layouts=["a4"]):
        out[(combo.locale, combo.variant)] = PdfReader(io.BytesIO(build_pdf(project, combo)))
    return out


def source(locale: str) -> dict:
    return yaml.safe_load((REPO / "content" / "drug-pump" / f"{locale}.yaml").read_text(encoding="utf-8"))


def fonts_of(reader: PdfReader) -> dict[str, bool]:
    """Base font name (subset tag removed) -> embedded?"""
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            found[name] = "/FontFile2" in font["/FontDescriptor"].get_object()
    return found


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def runs_of(page) -> list[tuple[str, float, float, str]]:
    """(text, x, baseline y, font) of each piece of text drawn on the page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            found.append((text, x, y, str(font.get("/BaseFont", "")) if font else ""))
    page.extract_text(visitor_text=visit)
    return found


def test_every_locale_and_variant_is_built(locale_pdfs):
    assert sorted({locale for locale, _ in locale_pdfs}) == LOCALES
    assert {variant for _, variant in locale_pdfs} == {"cancer", "non-cancer"}


@pytest.mark.parametrize("locale", LOCALES)
def test_language_tag_and_embedded_fonts(locale_pdfs, locale):
    reader = locale_pdfs[(locale, "cancer")]
    assert reader.trailer["/Root"]["/Lang"] == locale
    fonts = fonts_of(reader)
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"
    assert not any(name.startswith(("Helvetica", "Times", "Courier")) for name in fonts)
    if locale in SCRIPT_FONT:
        assert any(name.startswith(SCRIPT_FONT[locale]) for name in fonts), fonts
    else:
        assert {name.split("-")[0] for name in fonts} == {"NotoSans"}


@pytest.mark.parametrize("locale", ["de", "es", "vi", "zh-Hans"])
@pytest.mark.parametrize("variant", ["cancer", "non-cancer"])
def test_translated_headings_and_labels_read_back_in_order(locale_pdfs, locale, variant):
    """pypdf reads the words of these scripts back in reading order: every heading, the title, the footer."""
    data = source(locale)
    text = "".join(text_of(locale_pdfs[(locale, variant)]).split())
    headings = ["".join(s["heading"].split()) for s in data["sections"]]
    positions = [text.find(h) for h in headings]
    assert all(p >= 0 for p in positions), [h for h, p in zip(headings, positions) if p < 0]
    assert positions == sorted(positions), "headings out of reading order"
    assert "".join(data["title"].split()) in text
    assert "".join(data["variants"][variant]["label"].split()) in text
    page_label = data["labels"]["page"].split("{total}")[0].replace("{page}", "1")
    assert "".join(page_label.split()) in text
    assert "".join(data["labels"]["draft"].split()) in text, "a draft translation must say so on paper"


def test_english_has_no_draft_notice(locale_pdfs):
    assert "Draft" not in text_of(locale_pdfs[("en", "cancer")])


def test_dates_are_in_each_locales_own_form(locale_pdfs):
    expected = {"de": "1. November 2026", "es": "1 de noviembre de 2026", "vi": "1 tháng 11, 2026",
                "zh-Hans": "2026年11月1日", "en": "November 1, 2026"}
    for locale, date in expected.items():
        assert "".join(date.split()) in "".join(text_of(locale_pdfs[(locale, "cancer")]).split()), locale


def test_phone_numbers_are_the_same_in_every_language(locale_pdfs):
    for (locale, _), reader in locale_pdfs.items():
        text = "".join(text_of(reader).split())
        assert "(800)510-6735" in text and "(888)430-PAIN(7246)" in text, locale


def test_vietnamese_keeps_its_stacked_diacritics(locale_pdfs):
    text = unicodedata.normalize("NFC", text_of(locale_pdfs[("vi", "cancer")]))
    written = " ".join(s["heading"] + " " + " ".join(b.get("paragraph", "") for b in s["body"])
                       for s in source("vi")["sections"])
    stacked = {w.strip(".,:;()*") for w in written.split() if any(ch in w for ch in "ệởữặẩốề")}
    assert len(stacked) > 20
    missing = [w for w in stacked if w not in text]
    assert not missing, missing
    assert text == unicodedata.normalize("NFC", text) and "\ufffd" not in text


# --------------------------------------------------------------------------- Chinese line breaking

def test_no_chinese_line_starts_with_closing_or_ends_with_opening_punctuation(locale_pdfs):
    checked = 0
    for variant in ("cancer", "non-cancer"):
        for page in locale_pdfs[("zh-Hans", variant)].pages:
            for line in page.extract_text().splitlines():
                line = line.strip()
                if not line:
                    continue
                checked += 1
                assert line[0] not in cjk.CANNOT_START, f"line starts with {line[0]!r}: {line}"
                assert line[-1] not in cjk.CANNOT_END, f"line ends with {line[-1]!r}: {line}"
    assert checked > 100


def test_cjk_break_moves_a_character_down_rather_than_start_a_line_with_a_comma(project):
    body, headings = project.chains_for(project.layouts["a4"], "zh-Hans")
    styles = make_styles(project.layouts["a4"], body, headings, "zh-Hans")
    para = styles.paragraph("一二三四五，六七八九十。", styles.body)
    one = styles.text_width("一", styles.body)
    para.wrap(one * 5 + 1, 1000)  # room for five characters: a plain break would put "，" first on line 2
    lines = ["".join(str(w.text) for w in line.words) for line in para.blPara.lines]
    assert lines[0] == "一二三四" and lines[1].startswith("五，"), lines
    assert all(line[0] not in cjk.CANNOT_START for line in lines)


def test_cjk_break_keeps_latin_words_and_citation_markers_whole(project):
    body, headings = project.chains_for(project.layouts["a4"], "zh-Hans")
    styles = make_styles(project.layouts["a4"], body, headings, "zh-Hans")
    para = styles.paragraph((Span("生产这种药物泵的公司Medtronic也可以帮助您"), CitationMark(("a",), (12,)),
                             Span("。")), styles.body)
    for width in range(int(styles.text_width("Medtronic", styles.body)) + 1, 400, 7):   # where the word fits
        para.wrap(width, 1000)
        lines = ["".join(str(w.text) for w in line.words) for line in para.blPara.lines]
        joined = "|".join(lines)
        assert "Medtronic" in joined.replace("|", "") and not any(
            "Medtronic"[:k] + "|" + "Medtronic"[k:] in joined for k in range(1, 9)), joined
        assert not any(line.startswith(("12", "。")) for line in lines), joined


# --------------------------------------------------------------------------- Arabic: right to left

def _arabic_doc(project, *contents) -> PdfReader:
    body, headings = project.chains_for(project.layouts["a4"], "ar")
    styles = make_styles(project.layouts["a4"], body, headings, "ar")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, invariant=1)
    notes = [styles.paragraph(str(n), styles.note, anchor=f"fn{n}") for n in range(1, 5)]
    doc.build([styles.paragraph(c, styles.body) for c in contents] + notes)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def test_arabic_word_order_from_positions_on_the_page(project):
    reader = _arabic_doc(project, "الرقم 123 ثم ABC ثم DEF بعدها.")
    runs = runs_of(reader.pages[0])
    x = {text.strip(" ."): pos for text, pos, _, _ in runs}
    # read from the right: الرقم, 123, ثم, ABC, ثم, DEF, بعدها
    assert x["123"] > x["ABC"] > x["DEF"], runs
    arabic = sorted((pos, font) for text, pos, _, font in runs if "Arabic" in font)
    assert arabic[-1][0] > x["123"], "the first word of the sentence is the rightmost"
    assert arabic[0][0] < x["DEF"], "the last word is the leftmost"
    right_edge = max(pos for _, pos, _, _ in runs)
    assert right_edge > 400, "the line is set from the right margin"


def test_arabic_keeps_phone_numbers_and_marker_ranges_left_to_right(project):
    nodes = (Span("اتصل على +1 800 510 6735 الآن"), CitationMark(("a", "b", "c"), (2, 3, 4)), Span("."))
    reader = _arabic_doc(project, nodes)
    runs = runs_of(reader.pages[0])
    left_to_right = "".join(text for text, _, _, _ in sorted(runs, key=lambda r: r[1]))
    assert "+1 800 510 6735" in left_to_right, left_to_right
    marker = next((pos, text) for text, pos, _, _ in runs if "2\u20134" in text)
    phone = next(pos for text, pos, _, _ in runs if "800" in text)
    assert marker[0] < phone, "the marker follows the sentence, so it is to the left of the number"


def test_the_real_arabic_leaflet_is_mirrored(locale_pdfs):
    page = locale_pdfs[("ar", "cancer")].pages[0]
    runs = runs_of(page)
    latin = next((pos, y) for text, pos, y, _ in runs if "intrathecal" in text)
    same_line = [(pos, font) for text, pos, y, font in runs if abs(y - latin[1]) < 1 and "Arabic" in font]
    assert any(pos > latin[0] for pos, _ in same_line) and any(pos < latin[0] for pos, _ in same_line), \
        "an English word inside an Arabic sentence sits between the Arabic words around it"
    width = float(page.mediabox.width)
    body = [pos for text, pos, y, font in runs if "Arabic" in font]
    assert max(body) > width / 2
    # footnotes (English references): set from the left edge, the number at the left, before the text
    # (on the page of the first marker, past the cover)
    runs = next(r for r in map(runs_of, locale_pdfs[("ar", "cancer")].pages)
                if any(text.startswith("Smith TJ, Staats") for text, _, _, _ in r))
    numbers = [(pos, y) for text, pos, y, _ in runs if text.strip() in ("1.", "2.", "5.")]
    refs = [(pos, y) for text, pos, y, _ in runs if text.startswith("Smith TJ, Staats")]
    assert numbers and refs and max(p for p, _ in numbers) < min(p for p, _ in refs)


# --------------------------------------------------------------------------- Hindi: shaping

def _glyphs(project, word: str) -> str:
    """What a Hindi word becomes on the page: the code points pypdf reads back, in drawing order."""
    body, headings = project.chains_for(project.layouts["a4"], "hi")
    styles = make_styles(project.layouts["a4"], body, headings, "hi")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=1).build([styles.paragraph(word, styles.body)])
    return "".join("".join(t.split()) for t, _, _, _ in runs_of(PdfReader(io.BytesIO(buffer.getvalue())).pages[0]))


def test_hindi_short_i_matra_is_drawn_before_its_consonant(project):
    drawn = _glyphs(project, "कि")
    assert len(drawn) == 2 and drawn[1] == "क", f"the i matra comes first on the page: {drawn!r}"


def test_hindi_conjunct_is_one_glyph_and_reph_follows_the_consonant(project):
    assert len(_glyphs(project, "क्ष")) == 1, "क्ष is a single conjunct glyph"
    drawn = _glyphs(project, "कर्म")
    assert drawn[:2] == "कम" and len(drawn) == 3, f"the reph is drawn over म, after it: {drawn!r}"


def test_latin_inside_hindi_is_drawn_in_the_latin_font(locale_pdfs):
    runs = runs_of(locale_pdfs[("hi", "cancer")].pages[0])
    latin = [font for text, _, _, font in runs if "intrathecal" in text]
    assert latin and all("NotoSans-" in f for f in latin), latin


def test_font_chain_draws_every_character_with_a_font_that_has_it(project):
    body, _ = project.chains_for(project.layouts["a4"], "ar")
    runs = body.runs("القراب (intrathecal). اتصل 50%")
    assert [text for _, text in runs] == ["القراب ", "(intrathecal). ", "اتصل ", "50%"]
    assert [face.split("-")[0] for face, _ in runs] == ["Noto Sans Arabic", "Noto Sans", "Noto Sans Arabic",
                                                          "Noto Sans"]
    assert body.missing("😀 ok") == ["😀"]


# --------------------------------------------------------------------------- same bytes whatever came before

@pytest.mark.parametrize("locale", ["hi", "ar"])
def test_a_shaped_pdf_does_not_depend_on_what_the_process_made_before(project, locale):
    """Shaping gives glyphs without a character of their own (conjuncts, joining forms) private-use
    codes in the order a process meets them; each PDF starts afresh, so a full build, an incremental
    one and each worker of a pool write the same bytes."""
    from leaflets.build.project import Combination

    target = Combination("drug-pump", "non-cancer", locale, "a4")
    first = build_pdf(project, target)
    build_pdf(project, Combination("drug-pump", "cancer", locale, "letter"))
    assert build_pdf(project, target) == first
    body, _ = project.chains_for(project.layouts["a4"], locale)
    assert body.missing("\ue000\ue001") == ["\ue000", "\ue001"], "shaping left private-use codes in the fonts"


def test_shaping_outside_a_render_leaves_nothing_for_the_next_pdf(project, project_copy):
    """Text shaped outside a render (a test, a contact panel's check) leaves codes in the fonts, and
    another project's fonts may take their names for a while: the next PDF is still made afresh."""
    from leaflets.build.project import Combination, load_project

    target = Combination("drug-pump", "non-cancer", "hi", "a4")
    first = build_pdf(project, target)
    layout = project.layouts["a4"]
    styles = make_styles(layout, *project.chains_for(layout, "hi"), "hi")
    styles.paragraph("क्ष कर्म त्र श्र द्ध " * 10, styles.body).wrap(300, 1000)
    load_project(project_copy, locales={"hi"})      # its coverage check registers the copy's fonts
    assert build_pdf(project, target) == first
