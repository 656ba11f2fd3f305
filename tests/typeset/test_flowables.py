"""Paragraph flowables: what a split paragraph keeps, the wrap memo of LeafletParagraph (and
CJKParagraph) and the measured words of BidiParagraph."""
from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from leaflets.typeset import cjk
from leaflets.typeset import rtl
from leaflets.typeset.flowables import CJKParagraph, LeafletParagraph, make_styles
from leaflets.model.nodes import CitationMark, Span
from leaflets.build.pipeline import build_pdf
from leaflets.build.project import Combination

CHINESE = "植入式药物泵是一种给您止痛药的装置。它通过一根叫做导管的细管使用，把药物直接送到脊髓周围的液体里，" * 3
ARABIC = "مضخة الدواء جهاز يعطيك دواء الألم. يستخدم مع أنبوب رفيع يسمى القسطرة (catheter) ويتصل على +1 800 510 6735. " * 4


def styles_for(project, locale: str):
    layout = project.layouts["a4"]
    return make_styles(layout, *project.chains_for(layout, locale), locale)


def lines_of(para) -> list[str]:
    if isinstance(para, rtl.BidiParagraph):
        return [para.text[a:b] for a, b in para.lines]
    return ["".join(str(w.text) for w in line.words) if hasattr(line, "words") else " ".join(line[1])
            for line in para.blPara.lines]


@pytest.mark.parametrize("locale, text", [("en", "An implanted drug pump gives you pain medicine. " * 6),
                                          ("zh-Hans", CHINESE), ("hi", "दवा पंप एक उपकरण है जो आपको दर्द की दवा देता है। " * 5),
                                          ("ar", ARABIC)])
def test_a_paragraph_wrapped_again_has_the_lines_of_a_fresh_one_at_each_width(project, locale, text):
    """The memo and the measured words are reused only while nothing that breaks the lines changed."""
    styles = styles_for(project, locale)
    para = styles.paragraph((Span(text), CitationMark(("a",), (3,))), styles.body)
    assert isinstance(para, {"zh-Hans": CJKParagraph, "ar": rtl.BidiParagraph}.get(locale, LeafletParagraph))
    for width in (400, 250, 400, 400, 180.5, 250):
        fresh = styles.paragraph((Span(text), CitationMark(("a",), (3,))), styles.body)
        assert para.wrap(width, 1000) == fresh.wrap(width, 1000), width
        assert lines_of(para) == lines_of(fresh), width


def test_the_memo_breaks_lines_once_per_width_and_again_when_the_style_changes(project, monkeypatch):
    styles = styles_for(project, "zh-Hans")
    calls = []
    real = cjk.breakLinesCJK
    monkeypatch.setattr(CJKParagraph, "breakLinesCJK", lambda self, widths: calls.append(widths) or real(self, widths))
    para = styles.paragraph(CHINESE, styles.body)
    para.wrap(300, 1000)
    para.wrap(300, 1000)
    assert len(calls) == 1
    para.wrap(200, 1000)
    assert len(calls) == 2
    para.style = styles.small       # other indents and leading: other lines and height at the same width
    memo_height = para.wrap(200, 1000)[1]
    memo_lines = lines_of(para)
    assert len(calls) == 3
    assert (memo_height, memo_lines) == (Paragraph.wrap(para, 200, 1000)[1], lines_of(para))


def test_a_right_to_left_paragraph_shapes_its_words_once(project, monkeypatch):
    styles = styles_for(project, "ar")
    measured = []
    real = rtl.BidiParagraph._measure_words
    monkeypatch.setattr(rtl.BidiParagraph, "_measure_words", lambda self: measured.append(self) or real(self))
    para = styles.paragraph(ARABIC, styles.body)
    for width in (400, 400, 250, 400):
        para.wrap(width, 1000)
    assert len(measured) == 1
    first, rest = para.split(400, styles.body.leading * 3)
    assert len(measured) == 1, "the parts of a split paragraph measure nothing again"
    for part in (first, rest):
        fresh = rtl.BidiParagraph(part.pieces, part.style, part.direction, None, "", part.span,
                                  (part.levels, part.base))
        assert part._words() == fresh._measure_words()
        assert part.wrap(400, 1000) == fresh.wrap(400, 1000) and part.lines == fresh.lines


@pytest.mark.parametrize("locale", ["en", "zh-Hans", "ar"])
def test_the_first_part_of_a_split_paragraph_keeps_its_anchor(project, locale):
    """An endnote split across two pages is still the destination its markers link to."""
    styles = styles_for(project, locale)
    text = {"en": "A long reference text. " * 30, "zh-Hans": CHINESE * 2, "ar": ARABIC}[locale]
    para = styles.paragraph(text, styles.note, bullet="2.", anchor="fn2", source="here")
    para.wrap(300, 1000)
    first, rest = para.split(300, styles.note.leading * 3)
    assert (first.anchor, rest.anchor) == ("fn2", "")
    assert first.source == rest.source == "here"


def test_an_endnote_split_across_pages_can_be_linked_to(project_copy):
    """German, non-cancer, on A5 with endnotes: reference 2 starts at the foot of a page (main
    raised "undefined destination target for 'fn2'" while writing the PDF)."""
    import io

    from pypdf import PdfReader

    from leaflets.build.pipeline import build_pdf
    from leaflets.build.project import Combination, load_project

    (project_copy / "layouts/a5.yaml").write_text("extends: handout\npage:\n  size: A5\nreferences:\n"
                                                 "  placement: endnotes\n  size: 9pt\n  rule_length: 30mm\n",
                                                 encoding="utf-8")
    project = load_project(project_copy)
    reader = PdfReader(io.BytesIO(build_pdf(project, Combination("drug-pump", "non-cancer", "de", "a5"))))
    targets = {reader.get_page_number(annot.get_object()["/Dest"][0].get_object())
               for page in reader.pages for annot in page.get("/Annots") or []
               if "/Dest" in annot.get_object()}
    from leaflets.build.pipeline import leaflet_for

    second = leaflet_for(project, Combination("drug-pump", "non-cancer", "de", "a5")).references[1].text[:12]
    note_two = [i for i, page in enumerate(reader.pages) if f"\n2. {second}" in "\n" + page.extract_text()]
    assert note_two and note_two[0] in targets


def test_the_memos_change_no_byte_of_any_locale(project, monkeypatch):
    """Each locale's PDF with every wrap memo turned off is the same file."""
    combos = [Combination("drug-pump", "non-cancer", locale, layout)
              for locale in ("en", "zh-Hans", "hi", "ar") for layout in ("a4", "letter")]
    with_memo = [build_pdf(project, combo) for combo in combos]
    monkeypatch.setattr(LeafletParagraph, "wrap", Paragraph.wrap)
    monkeypatch.setattr(rtl.BidiParagraph, "wrap", rtl.BidiParagraph._wrap)
    monkeypatch.setattr(rtl.BidiParagraph, "_words", rtl.BidiParagraph._measure_words)
    for combo, data in zip(combos, with_memo):
        assert build_pdf(project, combo) == data, combo
