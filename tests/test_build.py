"""The English handouts of the repository (2 variants x A4 and Letter), read back with pypdf.

Every assertion is about what a reader of the PDF sees (text per page, links,
outline, fonts, page sizes, metadata), cross-checked against the model.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, inline_blocks, marks_in_order, missing_texts, norm, reachable_fonts, squash, text_before_mark
from leaflets.model.nodes import CitationMark, plain_text
from leaflets.build.pipeline import build_pdf
from leaflets.build.project import Combination, load_project
from leaflets.model.resolve import format_reference
from leaflets.model.inline import collapse_numbers, expand_numbers

# What the issue says each variant cites, in order of first citation.
EXPECTED_REFERENCES = {
    "cancer": ["smith2002", "brogan2006", "smith2005", "ruan2007", "nance1999"],
    "non-cancer": ["doleys2006", "deer2004", "roberts2001", "thimineur2004", "hamza2012",
                   "winkelmuller1996", "gerber2003", "nance1999", "ruan2007", "smith2005"],
}
# The superscript markers a reader sees, in reading order.
EXPECTED_MARKERS = {
    "cancer": ["1", "2\u20135", "1"],
    "non-cancer": ["1\u20133", "2\u20136", "6\u201310", "2,3", "2\u20136"],
}
PAGE_SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
PHONES = ["(800) 510-6735", "(888) 430-PAIN (7246)"]
HEADINGS = [
    "What is an implanted drug pump?", "How it may help you", "Trying it first", "Possible risks",
    "The first 6 to 8 weeks after surgery", "Daily living with a drug pump", "Help with your pump",
    "Replacing your pump", "When to talk to your doctor",
]
BASE14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
          "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
          "Times-BoldItalic", "Symbol", "ZapfDingbats"}


def variant_of(pdf) -> str:
    return pdf.combo.variant


def note_start(pdf, number: int) -> str:
    """How the footnote of reference `number` starts on the page: 'N. <reference text>'."""
    return f"{number}. {pdf.model.references_by_number[number].text}"


def pages_of_note(pdf, number: int) -> list[int]:
    target = squash(note_start(pdf, number))
    return [i for i, text in enumerate(pdf.page_texts) if target in squash(text)]


# ---------------------------------------------------------------------------- pages and text


def test_page_size(pdf):
    width, height = PAGE_SIZES[pdf.combo.layout]
    assert len(pdf.reader.pages) >= 2
    for page in pdf.reader.pages:
        box = page.mediabox
        assert float(box.left) == 0 and float(box.bottom) == 0
        assert float(box.width) == pytest.approx(width, abs=0.01)
        assert float(box.height) == pytest.approx(height, abs=0.01)


def test_page_x_of_y_on_every_page(pdf):
    total = len(pdf.reader.pages)
    for i, text in enumerate(pdf.norm_pages, start=1):
        found = re.findall(r"Page (\d+) of (\d+)", text)
        assert found == [(str(i), str(total))], f"page {i}: {found}"


def test_title_block_and_footer(pdf):
    m = pdf.model
    first = pdf.norm_pages[0]
    for text in (m.organisation, m.title, m.subtitle, m.variant_label):
        assert norm(text) in first
    for i, text in enumerate(pdf.norm_pages, start=1):
        assert f"{m.title} \u00b7 {m.code}" in text, f"footer title missing on page {i}"


def test_section_headings_in_order(pdf):
    text = pdf.all_text
    positions = [text.find(h) for h in HEADINGS]
    assert -1 not in positions, dict(zip(HEADINGS, positions))
    assert positions == sorted(positions)
    assert [s.heading for s in pdf.model.sections] == HEADINGS


def test_every_text_of_the_model_is_printed(pdf):
    """No paragraph, bullet or panel text is lost: each run of text between markers is in the PDF."""
    body = squash(pdf.all_text)
    assert not missing_texts(pdf.model, body)


def test_key_facts(pdf):
    text = pdf.all_text
    for fact in ("It is used with a thin tube called a catheter.",
                 "Before you get a permanent implant, you can try the therapy for a short time.",
                 "You should not have the operation if you have an active infection at the time it is planned.",
                 "These problems can give you too much medicine (an overdose) or too little (an underdose).",
                 "This can be serious and even life-threatening.",
                 "If you think something is wrong, contact your care team right away.",
                 "Medtronic Patient Services", "Tame the Pain Information Line",
                 "This leaflet does not replace talking with your doctor.",
                 "Last updated: November 1, 2026", "Next review: November 1, 2027",
                 "Leaflet code: DP-01", "Version: 1.0"):
        assert fact in text, fact


def test_variant_specific_text(pdf):
    text = pdf.all_text
    cancer_only = "This therapy may help people who have severe pain caused by cancer."
    non_cancer_only = "This leaflet is for people whose pain is not caused by cancer."
    less_pain = "Less pain. Your pain may go down by half (50%) or more"
    if variant_of(pdf) == "cancer":
        assert cancer_only in text
        assert non_cancer_only not in text and less_pain not in text
        # the evidence group with no cancer references leaves no marker and no stray space
        assert "Less pain medicine by mouth. Some people can even stop it." in text
        assert "For people with cancer pain" in text
    else:
        assert non_cancer_only in text and less_pain in text
        assert cancer_only not in text
        assert "For people with long-lasting pain not caused by cancer" in text


def test_both_phone_numbers_with_tel_links(pdf):
    text = pdf.all_text
    for phone in PHONES:
        assert phone in text
    uris = [a["/A"]["/URI"] for i in range(len(pdf.reader.pages)) for a in pdf.annotations(i)
            if "/A" in a and a["/A"].get("/S") == "/URI"]
    # each number twice: in the help strip on page 1 and in the contact panel
    assert sorted(uris) == ["tel:+18005106735"] * 2 + ["tel:+18884307246"] * 2


# ---------------------------------------------------------------------------- references and footnotes


def test_model_references_are_exactly_those_cited(pdf):
    keys = [r.key for r in pdf.model.references]
    assert keys == EXPECTED_REFERENCES[variant_of(pdf)]
    assert [r.number for r in pdf.model.references] == list(range(1, len(keys) + 1))
    cited = {k for mark in marks_in_order(pdf.model) for k in mark.keys}
    assert cited == set(keys)


def test_pdf_prints_exactly_the_cited_references(pdf, project):
    pages = [squash(t) for t in pdf.page_texts]
    everything = "".join(pages)
    cited = {r.key: r for r in pdf.model.references}
    bibliography = project.bibliography.data["references"]
    for key, entry in bibliography.items():
        text = squash(format_reference(entry))
        if key in cited:
            n = cited[key].number
            assert squash(f"{n}. ") + text in everything, f"reference {n} ({key}) not printed"
            assert sum(p.count(text) for p in pages) == 1, f"reference {key} printed more than once"
        else:
            assert text not in everything, f"{key} is not cited by {variant_of(pdf)} but is printed"


def test_markers_are_superscript_collapsed_and_in_order(pdf):
    # a marker reads " 1" (its ActualText): apart from the word before it; the label is what is printed
    seen = [run.text.strip() for page in pdf.superscripts for run in page]
    assert seen == EXPECTED_MARKERS[variant_of(pdf)]
    assert seen == [collapse_numbers(m.numbers) for m in marks_in_order(pdf.model)]
    for page in pdf.superscripts:
        for run in page:
            assert run.rise > 0
            assert run.size < pdf.layout.text_size, "a marker is as large as the body text"


def test_footnote_on_same_page_as_first_marker_by_snippet(pdf):
    """Locate each reference's first citing text by the ~5 words before its marker."""
    blocks = inline_blocks(pdf.model)
    plain_blocks = [norm(plain_text(b)) for b in blocks]
    first_snippet: dict[int, str] = {}
    for bi, block in enumerate(blocks):
        for ni, node in enumerate(block):
            if not isinstance(node, CitationMark):
                continue
            words = norm(text_before_mark(block, ni)).split()
            n_words = min(5, len(words))
            snippet = " ".join(words[-n_words:])
            # lengthen the snippet until no earlier text contains it
            while n_words < len(words) and any(snippet in p for p in plain_blocks[:bi]):
                n_words += 1
                snippet = " ".join(words[-n_words:])
            for number in node.numbers:
                first_snippet.setdefault(number, snippet)
    assert sorted(first_snippet) == [r.number for r in pdf.model.references]
    for number, snippet in sorted(first_snippet.items()):
        marker_pages = pdf.pages_with(snippet)
        assert marker_pages, f"text {snippet!r} before marker {number} not found"
        note_pages = pages_of_note(pdf, number)
        assert note_pages == [marker_pages[0]], (
            f"footnote {number} is on page(s) {[p + 1 for p in note_pages]}, "
            f"its first marker (after {snippet!r}) on page {marker_pages[0] + 1}")


def test_footnote_on_same_page_as_first_marker_by_superscript(pdf):
    first_page: dict[int, int] = {}
    for page_index, runs in enumerate(pdf.superscripts):
        for run in runs:
            for number in expand_numbers(run.text):
                first_page.setdefault(number, page_index)
    assert sorted(first_page) == [r.number for r in pdf.model.references]
    for number, page_index in first_page.items():
        assert pages_of_note(pdf, number) == [page_index], f"footnote {number}"


def test_footnotes_sit_between_body_and_footer(pdf):
    """Notes must not overlap the body text above them nor the footer below."""
    layout = pdf.layout
    footer_top = layout.margin_bottom + layout.footer_size * 1.5
    for page_index, runs in enumerate(pdf.runs):
        notes = [r for r in runs if r.size == pytest.approx(layout.note_size) and r.text.strip()]
        if not notes:
            continue
        body = [r for r in runs if r.size >= layout.text_size * 0.8 and r.text.strip()]
        lowest_body = min(r.y - r.rise for r in body)
        highest_note = max(r.y for r in notes)
        assert lowest_body - highest_note > layout.note_size, f"page {page_index + 1}"
        assert min(r.y for r in notes) > footer_top, f"page {page_index + 1}"


def test_markers_link_to_their_note(pdf):
    layout = pdf.layout
    for page_index, marks in enumerate(pdf.superscripts):
        links = [a for a in pdf.annotations(page_index) if a.get("/Subtype") == "/Link" and "/Dest" in a]
        assert len(links) == len(marks), f"page {page_index + 1}: {len(marks)} markers, {len(links)} links"
        for mark, link in zip(marks, links):
            x1, y1, x2, y2 = (float(v) for v in link["/Rect"])
            assert y1 <= mark.y <= y2, f"link {link['/Rect']} is not on marker {mark.text!r}"
            dest = link["/Dest"]
            assert dest[1] == "/XYZ"
            number = min(expand_numbers(mark.text))
            note_page = pages_of_note(pdf, number)
            assert [pdf.page_index(dest[0])] == note_page, f"marker {mark.text!r} links to the wrong page"
            # the destination is at the note itself: just above the baseline of its "N." label
            labels = [r for r in pdf.runs[note_page[0]]
                      if r.text.strip() == f"{number}." and r.size == pytest.approx(layout.note_size)]
            assert len(labels) == 1
            assert 0 <= float(dest[3]) - labels[0].y <= layout.note_size * 2


# ---------------------------------------------------------------------------- document structure


def test_outline_lists_sections_and_points_at_them(pdf):
    outline = pdf.reader.outline
    entries = [e for e in outline if not isinstance(e, list)]
    assert [e.title for e in entries] == HEADINGS + ["Who to contact"]     # help is in the bookmarks too
    for entry in entries:
        page = pdf.reader.get_destination_page_number(entry)
        assert entry.title in pdf.norm_pages[page], f"outline entry {entry.title!r} points at page {page + 1}"
        # and at the heading itself: the view opens with the heading at its top
        heading = [r for r in pdf.runs[page] if r.text.strip() == entry.title]
        assert len(heading) == 1 and 0 < float(entry.top) - heading[0].y < 2 * pdf.layout.heading_size


def test_document_language(pdf):
    root = pdf.reader.trailer["/Root"]
    assert root.get("/Lang") == "en"


def test_metadata(pdf):
    meta = pdf.reader.metadata
    m = pdf.model
    assert meta.title == m.title == "Your implanted drug pump"
    assert meta.author == m.organisation
    assert m.variant_label in meta.subject
    assert m.subtitle in meta.subject
    assert variant_of(pdf) in (meta.get("/Keywords") or "")
    assert meta.creator and meta.producer


def test_every_font_embedded_and_subset(pdf):
    fonts = reachable_fonts(pdf.reader)
    assert fonts, "no fonts found"
    for font in fonts:
        base = str(font["/BaseFont"]).lstrip("/")
        assert re.fullmatch(r"[A-Z]{6}\+.+", base), f"{base} is not a subset font"
        assert base.split("+", 1)[1] not in BASE14
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None, f"{base} has no font descriptor (not embedded)"
        files = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor.get_object()]
        assert files == ["/FontFile2"], f"{base}: {files}"
        stream = descriptor.get_object()["/FontFile2"].get_object().get_data()
        original = (REPO / "fonts" / "noto" / (base.split("+", 1)[1] + ".ttf")).stat().st_size
        assert 0 < len(stream) < original / 2, f"{base}: embedded font is not a subset"


def _dictionaries(data: bytes) -> list[str]:
    """Every dictionary of the PDF (also those compressed in object streams, as tagged PDFs keep them), as text."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [repr(o) for o in pdf.objects if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream))]


def test_no_base14_font_anywhere(pdf):
    # read from the parsed objects: the tagged PDF keeps its dictionaries in a compressed object stream
    # (the bytes alone would no longer show a Type1 font)
    objects = "\n".join(_dictionaries(pdf.data))
    assert '"/Font"' in objects
    for name in BASE14:
        assert f'"/{name}"' not in objects, name
    assert '"/Type1"' not in objects  # reportlab's standard fonts are Type1


# ---------------------------------------------------------------------------- determinism


def test_two_builds_are_byte_identical(project, pdf):
    assert build_pdf(project, pdf.combo) == pdf.data


def test_build_in_a_fresh_process_is_byte_identical(built_pdfs, tmp_path):
    """Another interpreter (other hash seed, fresh font registry) gives the same bytes."""
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "generate.py", "build", "--out", str(out), "--variant", "cancer", "--layout", "letter"],
        cwd=REPO, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert proc.returncode == 0, proc.stderr
    data = (out / "drug-pump" / "en" / "cancer-letter.pdf").read_bytes()
    assert data == built_pdfs["cancer-letter"].data


# ---------------------------------------------------------------------------- escaping end to end

EVIL_FONT = ("<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch {target}')]]]\">"
             "exploit</font>")
EVIL_IMG = '<img src="/etc/passwd"/>'
EVIL_LABEL = 'Tom & "Jerry" <help>'
EVIL_URL = "https://example.org/a?b=1&c=2"
EVIL_TEXT = "Tom & Jerry say \"hi\" & 'bye' <b>not bold</b> &amp; &lt;tag&gt; 5 > 3 < 4"


def test_markup_in_content_is_printed_literally(project_copy, edit_file, tmp_path):
    pwned = Path("/tmp/pwned")
    before = pwned.stat().st_mtime_ns if pwned.exists() else None
    local_target = tmp_path / "pwned"
    evil_global = EVIL_FONT.format(target="/tmp/pwned")
    evil_local = EVIL_FONT.format(target=local_target)
    yaml_file = "content/drug-pump/en.yaml"
    edit_file(project_copy, yaml_file,
              '- paragraph: "Your doctor can talk with you about whether it is right for you."',
              f"- paragraph: {json.dumps(evil_global + ' ' + EVIL_IMG)}")
    edit_file(project_copy, yaml_file, '- "a leak of spinal fluid"', f"- {json.dumps(evil_local)}")
    edit_file(project_copy, yaml_file, "heading: Trying it first", f"heading: {json.dumps(EVIL_TEXT)}")
    edit_file(project_copy, yaml_file, '- "headache"', f"- {json.dumps(EVIL_TEXT)}")
    edit_file(project_copy, yaml_file, '"You will find contact details at the end of this leaflet."',
              json.dumps(f"See [{EVIL_LABEL}]({EVIL_URL}) now."))

    proj = load_project(project_copy)
    assert not proj.diagnostics.errors, [d.format() for d in proj.diagnostics.errors]
    data = build_pdf(proj, Combination("drug-pump", "cancer", "en", "a4"))
    reader = PdfReader(io.BytesIO(data))
    text = squash(" ".join(p.extract_text() for p in reader.pages))
    for literal in (evil_global, EVIL_IMG, evil_local, EVIL_TEXT):
        assert squash(literal) in text, f"{literal!r} is not printed as written"
    assert text.count(squash(EVIL_TEXT)) == 2  # heading and bullet
    assert EVIL_TEXT in [e.title for e in reader.outline if not isinstance(e, list)]
    assert squash(f"See {EVIL_LABEL} now.") in text
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots") or []
            if "/A" in a.get_object()]
    assert EVIL_URL in uris, uris
    assert not local_target.exists()
    after = pwned.stat().st_mtime_ns if pwned.exists() else None
    assert after == before, "/tmp/pwned was created or touched while rendering"
    objects = "\n".join(_dictionaries(data))      # parsed: the dictionaries are in an object stream
    assert '"/Font"' in objects and '"/Image"' not in objects
