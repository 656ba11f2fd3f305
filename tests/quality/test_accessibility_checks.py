"""quality/accessibility.py: the tagged PDF passes, and each way of breaking it fails with its code."""
from __future__ import annotations

from dataclasses import replace

import pikepdf
import pytest

from conftest import edited_pdf
from leaflets.build.pipeline import build_reading, leaflet_for
from leaflets.build.project import Combination
from leaflets.model.nodes import Paragraph, Span
from leaflets.quality.accessibility import check_structure, check_text_layer
from leaflets.typeset.render import render

COMBO = Combination("drug-pump", "cancer", "en", "a4")


@pytest.fixture(scope="module")
def good(project):
    return build_reading(project, COMBO)


@pytest.fixture(scope="module")
def model(project):
    return leaflet_for(project, COMBO)


def _codes(result) -> list[str]:
    return sorted({f.code for f in result.findings})


def _elements(pdf):
    def visit(node):
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                yield from visit(kid)
    return list(visit(pdf.Root.StructTreeRoot))


def test_the_tagged_pdf_passes(good, model):
    assert check_structure(good, {}).findings == []
    assert check_text_layer(good, model, {}).findings == []


def test_untagged(project, model):
    layout = project.layouts["a4"]
    data = render(model, layout, *project.chains_for(layout, "en"), tagged=False)
    assert _codes(check_structure(data, {})) == ["pdf-not-tagged"]


def _prepend(pdf, code: bytes):
    page = pdf.pages[0]
    page.Contents = pdf.make_stream(code + page.Contents.read_bytes())


def test_a_line_drawn_outside_any_tag(good):
    data = edited_pdf(good, lambda pdf: _prepend(pdf, b"0 0 m 10 10 l S\n"))
    assert _codes(check_structure(data, {})) == ["content-not-marked"]


def test_a_tagged_sequence_inside_another(good):
    def wrap(pdf):
        page = pdf.pages[1]
        page.Contents = pdf.make_stream(b"/P <</MCID 999>> BDC\n" + page.Contents.read_bytes() + b"\nEMC\n")
    assert "marked-content-nested" in _codes(check_structure(edited_pdf(good, wrap), {}))


def test_a_skipped_heading_level(good):
    def skip(pdf):
        next(e for e in _elements(pdf) if e.S == "/H2").S = pikepdf.Name("/H3")
    assert _codes(check_structure(edited_pdf(good, skip), {})) == ["heading-skipped"]


def test_a_link_annotation_outside_the_tree(good):
    def untie(pdf):
        del next(p for p in pdf.pages if "/Annots" in p).Annots[0].StructParent
    assert _codes(check_structure(edited_pdf(good, untie), {})) == ["link-not-tagged"]


def test_a_link_without_description(good):
    def blank(pdf):
        next(p for p in pdf.pages if "/Annots" in p).Annots[0].Contents = pikepdf.String("")
    assert _codes(check_structure(edited_pdf(good, blank), {})) == ["link-not-described"]


def test_no_pdf_ua_metadata_and_no_title_shown(good):
    def strip(pdf):
        del pdf.Root.Metadata
        del pdf.Root.ViewerPreferences
    assert _codes(check_structure(edited_pdf(good, strip), {})) == ["pdf-title-not-shown", "pdfua-metadata-missing"]


def test_text_that_does_not_read_back(good, model):
    section = model.sections[0]
    changed = replace(section, blocks=(Paragraph((Span("A sentence this PDF never printed."),)),) + section.blocks)
    other = replace(model, sections=(changed,) + model.sections[1:])
    result = check_text_layer(good, other, {})
    assert _codes(result) == ["text-round-trip"] and "never printed" in result.findings[0].message


def test_a_word_broken_in_two_or_two_words_run_together(good, model):
    """The text matches with its spaces taken out, but one word is not a word of the PDF: the check of
    whole words catches a space inside a word (as poppler once read 'देता' as 'दे ता')."""
    section = model.sections[0]
    first = section.blocks[0]
    joined = tuple(Span(n.text.replace("thin tube", "thintube")) if isinstance(n, Span) else n for n in first.content)
    other = replace(model, sections=(replace(section, blocks=(replace(first, content=joined),) + section.blocks[1:]),)
                    + model.sections[1:])
    assert "thintube" in "".join(n.text for n in joined if isinstance(n, Span))
    result = check_text_layer(good, other, {})
    assert _codes(result) == ["text-round-trip"] and "thintube" in result.findings[0].message


def test_private_use_characters_in_the_text_layer(project):
    """Hindi drawn without its ActualText: the conjuncts extract as private-use characters."""
    combo = Combination("drug-pump", "cancer", "hi", "a4")
    layout = project.layouts["a4"]
    model = leaflet_for(project, combo)
    data = render(model, layout, *project.chains_for(layout, "hi"), tagged=False)
    assert "text-private-use" in _codes(check_text_layer(data, model, {}))
