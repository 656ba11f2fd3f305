"""Arabic reads back as written: the text layer of a right-to-left page, read by pdfium (what verify's
text-layer check and Chromium read) and by poppler (pdftotext, Evince, Okular), built through the real
pipeline (typeset.textlayer gives each run of a right-to-left line what each reader needs).

The classes that were wrong before, each in a sentence of the leaflet: a citation marker at the end of
a line ("اليومية 1.", "2–5."), brackets around a Latin word ("(intrathecal)."), brackets around Arabic
("(جرعة زائدة)"), a Latin word before an Arabic comma ("Medtronic،"), digits and a percent sign
("(50%)"), the code in the footer ("DP-01"), a left-to-right line in a right-to-left document
("(888) 430-PAIN (7246)").
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata

import pypdfium2 as pdfium
import pytest

from leaflets.build.pipeline import build_reading, leaflet_for
from leaflets.build.project import Combination
from leaflets.quality.accessibility import check_text_layer, extracted_text, model_blocks, without_marks
from leaflets.quality.lint import bibliography_places, content_places
from leaflets.typeset import render as render_module

POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None and not os.environ.get("CI"),
                             reason="poppler-utils not installed (.ci/run installs it)")
CANCER, NON_CANCER = Combination("drug-pump", "cancer", "ar", "a4"), Combination("drug-pump", "non-cancer", "ar", "a4")
CLASSES = ["(intrathecal).", "اليومية 1.", "أقل 2–5.", "(جرعة زائدة)", "Medtronic،", "(888) 430-PAIN (7246)"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", without_marks(text)))


def _poppler_pages(data: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()
    return [without_marks(page) for page in text.split("\f")]


@pytest.fixture(scope="module")
def cancer(project):
    return build_reading(project, CANCER), leaflet_for(project, CANCER)


@pytest.fixture(scope="module")
def non_cancer(project):
    return build_reading(project, NON_CANCER), leaflet_for(project, NON_CANCER)


def test_each_class_reads_back_in_pdfium(cancer):
    data, _ = cancer
    text = _squash("".join(extracted_text(data)))
    assert [c for c in CLASSES if _squash(c) not in text] == []
    assert "DP-01" in "".join(extracted_text(data))         # the footer's code, not "-01DP"


@POPPLER
def test_each_class_reads_back_in_poppler(cancer):
    data, _ = cancer
    text = _squash("".join(_poppler_pages(data)))
    assert [c for c in CLASSES if _squash(c) not in text] == []
    assert "DP-01" in "".join(_poppler_pages(data))


def test_the_percent_in_brackets_reads_back_in_pdfium(non_cancer):
    data, _ = non_cancer
    assert _squash("بمقدار النصف (50%) أو أكثر 1–3.") in _squash("".join(extracted_text(data)))


@POPPLER
def test_poppler_reads_back_every_block_of_a_leaflet_whose_pages_are_mostly_arabic(cancer):
    data, leaflet = cancer
    text = _squash("".join(_poppler_pages(data)))
    assert [t for t, _ in model_blocks(leaflet) if _squash(t) not in text] == []


def _left_to_right_pages(pages: list[str]) -> set[int]:
    """The pages poppler reads from the left: more Latin letters than right-to-left ones (its own count)."""
    def count(text, classes):
        return sum(unicodedata.bidirectional(ch) in classes for ch in text)
    return {i for i, page in enumerate(pages) if count(page, ("L",)) > count(page, ("R", "AL"))}


ON_SCREEN = [(variant, layout) for variant in ("cancer", "non-cancer") for layout in
             ("a4", "letter", "a4-large", "letter-large", "a4-print", "a4-trifold", "letter-trifold", "a5-booklet")]


@POPPLER
@pytest.mark.parametrize("variant, layout", ON_SCREEN)
def test_poppler_reads_back_every_block_of_every_arabic_file(project, variant, layout):
    """poppler (pdftotext 22.12) reads a page with more Latin letters than right-to-left ones from the left,
    an Arabic sentence with a full stop, a comma or a number there out of order (the page of English
    footnotes: 38 blocks of the 16 files once). Each page ends with right-to-left marks as many as its
    Latin letters (textlayer.ballast): no page is read from the left, and every block reads as written."""
    combo = Combination("drug-pump", variant, "ar", layout)
    data, leaflet = build_reading(project, combo), leaflet_for(project, combo)
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode().split("\f")
    assert _left_to_right_pages(raw) == set()         # counted as poppler counts: the marks included
    pages = _poppler_pages(data)
    text = _squash("".join(pages))
    assert [t[:50] for t, _ in model_blocks(leaflet) if _squash(t) not in text] == []
    assert RLM * 10 not in "".join(extracted_text(data))       # pdfium reads the ballast as nothing


RLM = "\u200f"


def test_a_block_that_does_not_read_back_is_an_error_at_its_line_and_column(project):
    """Arabic is held to the round trip like every other script: without the text layer's readings
    (untagged), blocks do not read back, and each finding is an error naming the block's line:column."""
    body, headings = project.chains_for(project.layouts["a4"], "ar")
    leaflet = leaflet_for(project, CANCER)
    untagged = render_module.render(leaflet, project.layouts["a4"], body, headings, tagged=False)
    places = {**content_places(project.contents[("drug-pump", "ar")]), **bibliography_places(project.bibliography)}
    result = check_text_layer(untagged, leaflet, places)
    assert result.findings and {f.severity for f in result.findings} == {"error"}
    sources = {text[:60]: source for text, source in model_blocks(leaflet, places)}
    located = [(f.message, str(f.location)) for f in result.findings
               if f.code == "text-round-trip" and "more blocks" not in f.message]
    assert located
    for message, location in located:
        source = next(v for k, v in sources.items() if f'"{k}"' in message)
        assert location == str(source or places["content"])
    assert any(re.fullmatch(r"content/drug-pump/ar\.yaml:\d+:\d+", where) for _, where in located)


@POPPLER
def test_no_paragraph_of_the_structure_ends_with_a_space(project):
    """The invisible space at the end of each line (textlayer.line_end) is not added after a paragraph's
    last line: pdfinfo shows "… a catheter." and not "… a catheter. "."""
    data = build_reading(project, Combination("drug-pump", "cancer", "en", "a4"))
    tree = subprocess.run(["pdfinfo", "-struct-text", "-"], input=data, capture_output=True, check=True).stdout.decode()
    # a Figure's own text is its labels, words apart (a screen reader reads its Alt); not a paragraph
    texts = re.findall(r'^(\s+)(?:P \(block\)|H\d \(block\)|LBody|Lbl|TD|TH|Caption)[^\n]*\n\1  "(.*)"$', tree, re.M)
    texts = [text for _, text in texts]
    assert len(texts) > 50
    assert [t for t in texts if t.endswith(" ")] == []
    assert any(t.endswith("called a catheter.") for t in texts)


def test_the_readings_draw_nothing(cancer, project):
    """What the readers get is only marked content: the page looks the same untagged (test_accessibility
    compares every page of the matrix; here the page with every class, at a finer scale)."""
    data, leaflet = cancer
    body, headings = project.chains_for(project.layouts["a4"], "ar")
    untagged = render_module.render(leaflet, project.layouts["a4"], body, headings, tagged=False)
    images = []
    for pdf in (data, untagged):
        doc = pdfium.PdfDocument(pdf)
        images.append(doc[0].render(scale=1.5).to_pil().tobytes())
        doc.close()
    assert images[0] == images[1]
