"""Paragraph flowables: what a split paragraph keeps."""
from __future__ import annotations

import pytest

from leaflets.flowables import make_styles

CHINESE = "植入式药物泵是一种给您止痛药的装置。它通过一根叫做导管的细管使用，把药物直接送到脊髓周围的液体里，" * 3
ARABIC = "مضخة الدواء جهاز يعطيك دواء الألم. يستخدم مع أنبوب رفيع يسمى القسطرة (catheter) ويتصل على +1 800 510 6735. " * 4


def styles_for(project, locale: str):
    layout = project.layouts["a4"]
    return make_styles(layout, *project.chains_for(layout, locale), locale)


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

    from leaflets.pipeline import build_pdf
    from leaflets.project import Combination, load_project

    (project_copy / "layouts/a5.yaml").write_text("extends: handout\npage:\n  size: A5\nreferences:\n"
                                                 "  placement: endnotes\n  size: 9pt\n  rule_length: 30mm\n",
                                                 encoding="utf-8")
    project = load_project(project_copy)
    reader = PdfReader(io.BytesIO(build_pdf(project, Combination("drug-pump", "non-cancer", "de", "a5"))))
    targets = {reader.get_page_number(annot.get_object()["/Dest"][0].get_object())
               for page in reader.pages for annot in page.get("/Annots") or []
               if "/Dest" in annot.get_object()}
    note_two = [i for i, page in enumerate(reader.pages) if "\n2." in "\n" + page.extract_text()]
    assert note_two and note_two[0] in targets
