"""verify: real PDFs read back, and PDFs broken on purpose, each failing with a message that names the rule."""
from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject, RectangleObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from conftest import REPO, cli
from leaflets.quality.lint import Quality, content_places, layout_places, lint
from leaflets.build.pipeline import build_pdf, leaflet_for, select
from leaflets.typeset.render import render
from leaflets.quality.reports import FAIL, PASS, SKIP, WARN, Outcome, json_report
from leaflets.quality.print_checks import check_fonts, check_reproducible, check_safe_area
from leaflets.quality.scanner import scan
from leaflets.quality.verify import verify

TODAY = "2026-11-21"


# --- shared inputs, built once per module -----------------------------------------------

@pytest.fixture(scope="module")
def proj(project):
    return project


@pytest.fixture(scope="module")
def combo(proj):
    footnoted = [c for c in select(proj, locales=["en"]) if proj.layouts[c.layout].references == "footnotes"]
    return footnoted[0]


@pytest.fixture(scope="module")
def model(proj, combo):
    return leaflet_for(proj, combo)


@pytest.fixture(scope="module")
def layout(proj, combo):
    return proj.layouts[combo.layout]


@pytest.fixture(scope="module")
def faces(proj, layout):
    return proj.chains_for(layout, "en")


@pytest.fixture(scope="module")
def places(proj, combo):
    return {**content_places(proj.contents[(combo.leaflet, combo.locale)]),
            **layout_places(combo.layout, proj.layout_docs)}


@pytest.fixture(scope="module")
def good(proj, combo):
    return build_pdf(proj, combo)


def by_check(results):
    return {r.check: r for r in results}


def messages(result):
    return "\n".join(f.format() for f in result.findings)


def errors(results):
    return {r.check: messages(r) for r in results if r.status == FAIL}


# --- the real PDF passes ------------------------------------------------------------------

def test_the_built_pdf_passes_every_check(good, model, layout, places, proj, combo):
    results = verify(good, model, layout, Quality(), places, rebuild=lambda: build_pdf(proj, combo))
    checks = by_check(results)
    assert set(checks) == {"page-size", "fonts", "metadata", "page-count", "file-size", "safe-area", "contrast",
                           "composition", "citations", "body-size", "required-parts", "accessibility", "text-layer", "line-breaks",
                           "reproducible"}
    assert errors(results) == {}
    assert all(r.status in (PASS, WARN) for r in results)
    assert checks["body-size"].figures["smallest_body_pt"] == pytest.approx(layout.text_size)
    assert checks["page-count"].figures["pages"] <= 8
    assert checks["file-size"].figures["bytes"] == len(good)
    assert checks["contrast"].figures["lowest_contrast"] >= 4.5
    assert checks["citations"].figures["markers"] >= len(model.references)


# --- each rule broken on purpose --------------------------------------------------------------

def test_too_small_body_text_fails_and_names_the_size(model, layout, faces, places):
    small = render(model, replace(layout, text_size=9.0), *faces)
    result = by_check(verify(small, model, layout, Quality(), places))["body-size"]
    assert result.status == FAIL
    text = messages(result)
    assert "body text is 9.0pt" in text and "need at least 12pt" in text
    assert "text.size" in result.findings[0].hint
    assert str(result.findings[0].location).startswith("layouts/")


def test_large_print_layouts_need_16pt(good, model, layout, places):
    result = by_check(verify(good, model, layout, Quality(large_print=True), places))["body-size"]
    assert result.status == FAIL
    assert "at least 16pt in large print" in messages(result)


def test_low_contrast_text_colour_fails_in_the_pdf(model, layout, faces, places):
    pale = dict(layout.colours, text=("rgb", 0xbb / 255, 0xbb / 255, 0xbb / 255))
    data = render(model, replace(layout, colours=pale), *faces)
    result = by_check(verify(data, model, replace(layout, colours=pale), Quality(), places))["contrast"]
    assert result.status == FAIL
    text = messages(result)
    assert "text colour #bbbbbb (colours.text) on white paper has a contrast of 1.92:1, below 4.5:1" in text
    assert "on #eaf3f7 (colours.panel_background)" in text     # the contact panel's text too


def _drop_note(data: bytes, number: int) -> bytes:
    """The PDF with footnote `number` scrubbed out: its number and its text print nothing."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        content = ContentStream(page.get_contents(), writer)
        ops = content.operations
        blocks, start = [], None
        for i, (_, op) in enumerate(ops):
            if op == b"BT":
                start = i
            elif op == b"ET" and start is not None:
                blocks.append((start, i))
                start = None

        def shown(block):
            return [bytes(args[0]) if not isinstance(args[0], str) else args[0].encode("latin-1")
                    for args, op in ops[block[0]:block[1]] if op == b"Tj"]
        hits = [k for k, block in enumerate(blocks) if shown(block)[:1] == [f"{number}.".encode()]]
        if not hits:
            continue
        for block in blocks[hits[0]:hits[0] + 2]:          # the note's number, then its text
            for j in range(*block):
                if ops[j][1] == b"Tj":
                    ops[j] = ([TextStringObject("")], b"Tj")
        content.operations = ops
        page.replace_contents(content)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    raise AssertionError(f"footnote {number} not found")


def test_a_missing_footnote_fails_and_names_the_note(good, model, layout, places):
    ref = model.references[0]
    data = _drop_note(good, ref.number)
    result = by_check(verify(data, model, layout, Quality(), places))["citations"]
    assert result.status == FAIL
    text = messages(result)
    assert f"footnote {ref.number} ({ref.key}) is missing" in text
    assert "content/" in str(result.findings[0].location)       # points at the paragraph that cites it


def test_endnotes_must_be_in_the_reference_list(model, layout, faces, places):
    endnotes = replace(layout, references="endnotes")
    data = render(model, endnotes, *faces)
    assert by_check(verify(data, model, endnotes, Quality(), places))["citations"].status == PASS
    ref = model.references[-1]
    scrubbed = _drop_note(data, ref.number)
    result = by_check(verify(scrubbed, model, endnotes, Quality(), places))["citations"]
    assert f"reference {ref.number} ({ref.key}) is missing from the reference list" in messages(result)


def test_a_missing_disclaimer_fails(model, layout, faces, places):
    data = render(replace(model, disclaimer=()), layout, *faces)
    result = by_check(verify(data, model, layout, Quality(), places))["required-parts"]
    assert result.status == FAIL
    assert "the disclaimer is missing from the PDF" in messages(result)
    assert "en.yaml" in str(result.findings[0].location) or "content/" in str(result.findings[0].location)


def test_missing_contact_panel_and_dates_fail(model, layout, faces, places):
    # verify against a model whose contact heading and dates the PDF does not print
    other = replace(model, contact=replace(model.contact, heading="Phone us"), last_updated_text="1 May 1999")
    result = by_check(verify(render(model, layout, *faces), other, layout, Quality(), places))["required-parts"]
    text = messages(result)
    assert "the contact panel heading is missing" in text
    assert "the last-updated date is missing" in text


def test_a_leaflet_without_references_fails(model, layout, faces, places):
    bare = replace(model, references=())
    from leaflets.quality.expected import expected
    from leaflets.quality.text_checks import check_required
    s = scan(render(model, layout, *faces))
    result = check_required(s, bare, expected(bare, places, len(s.pages)), places)
    assert "cites no references" in messages(result)


def test_page_size_must_match_the_layout(good, model, proj, places):
    other = next(l for l in proj.layouts.values()
                 if abs(l.page_width - PdfReader(io.BytesIO(good)).pages[0].mediabox.width) > 1)
    result = by_check(verify(good, model, other, Quality(), places))["page-size"]
    assert result.status == FAIL
    assert f"layout {other.name!r} says" in messages(result)


def test_trim_box_is_checked_for_print_ready_files(good, model, layout, places):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good)))
    for page in writer.pages:
        page.trimbox = RectangleObject((9, 9, 300, 400))
    out = io.BytesIO()
    writer.write(out)
    result = by_check(verify(out.getvalue(), model, layout, Quality(), places))["page-size"]
    assert "trim size 102.66mm x 137.94mm" in messages(result)


def test_title_and_language_must_be_set(good, model, layout, places):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good)))
    del writer._root_object[NameObject("/Lang")]
    writer.add_metadata({"/Title": ""})
    out = io.BytesIO()
    writer.write(out)
    text = messages(by_check(verify(out.getvalue(), model, layout, Quality(), places))["metadata"])
    assert "the PDF has no title" in text
    assert "does not say its language" in text


def test_base14_fonts_are_refused():
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Hello")
    c.save()
    result = check_fonts(scan(buffer.getvalue()))
    assert result.status == FAIL
    assert "font Helvetica is a base-14 font reference, not embedded" in messages(result)


def test_page_count_and_file_size_budgets(good, model, layout, places):
    results = by_check(verify(good, model, layout, Quality(max_pages=2, max_file_size=10 * 1024), places))
    assert "more than the limit of 2" in messages(results["page-count"])
    assert "over the budget of 10 KB" in messages(results["file-size"])


def test_text_outside_the_safe_area_fails(layout):
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(layout.page_width, layout.page_height), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(5, 400, "Too close to the edge")
    c.drawString(layout.margin_left, 400, "Fine")
    c.save()
    result = check_safe_area(scan(buffer.getvalue()), layout, Quality(), {})
    assert result.status == FAIL
    assert '"Too close to the edge" reaches outside the safe area' in messages(result)
    assert "Fine" not in messages(result)


def test_reproducibility():
    assert check_reproducible(b"same", lambda: b"same").status == PASS
    stale = check_reproducible(b"old", lambda: b"new")
    assert "differs from a fresh build" in messages(stale) and "run `python generate.py build`" in messages(stale)
    counter = itertools.count()
    flaky = check_reproducible(b"old", lambda: str(next(counter)).encode())
    assert "not deterministic" in messages(flaky)
    assert check_reproducible(b"x", None).status == SKIP


def test_every_finding_has_a_stable_code_that_json_reports(proj, combo, good, model, layout, places):
    """Each kind of problem has its own kebab-case code (the key is the check); JSON carries it."""
    q = Quality(max_pages=1, max_file_size=1000, min_body_size=30, min_contrast=21, max_grade=1, max_sentence=3)
    results = verify(good, model, layout, q, places) + lint(model, layout.colours, q, dt.date(2030, 1, 1), places)
    findings = [f for r in results for f in r.findings]
    assert findings and all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", f.code) for f in findings)
    assert all(f.key == r.check for r in results for f in r.findings)
    assert {"too-many-pages", "file-too-large", "body-text-too-small", "contrast-too-low", "readability-hard",
            "sentence-too-long", "review-date-passed"} <= {f.code for f in findings}
    data = json.loads(json_report([Outcome(combo, results)]))
    codes = {f["code"] for r in data["results"][0]["checks"] for f in r["findings"]}
    assert codes == {f.code for f in findings}


# --- the command line ------------------------------------------------------------------

def copy_project(tmp_path: Path, edit_content=None, edit_layout=None) -> Path:
    root = tmp_path / "project"
    for part in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / part, root / part)
    if edit_content:
        path = root / "content" / "drug-pump" / "en.yaml"
        path.write_text(edit_content(path.read_text(encoding="utf-8")), encoding="utf-8")
    if edit_layout:
        name, edit = edit_layout
        path = root / "layouts" / f"{name}.yaml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return root



def test_build_then_verify_passes_and_writes_junit(tmp_path):
    root = copy_project(tmp_path)
    out = tmp_path / "out"
    code, output = cli("build", "--root", root, "--out", out)
    assert code == 0, output
    report = tmp_path / "report.xml"
    code, output = cli("verify", "--root", root, "--out", out, "--junit", report, "--today", TODAY)
    assert code == 0, output
    lines = [l for l in output.splitlines() if l.startswith(("ok", "FAIL"))]
    # one line per combination; imposed layouts write a reading-order PDF next to the print file
    assert len(lines) == len([p for p in out.rglob("*.pdf") if not p.stem.endswith("-reading")]) == 16 * 7
    assert all(l.startswith("ok") for l in lines)
    english = next(l for l in lines if "drug-pump/en/" in l)
    assert "pages" in english and "body 13.0pt" in english and "FK " in english and "words/sentence" in english
    tree = ET.parse(report).getroot()
    assert tree.tag == "testsuites" and tree.get("failures") == "0"
    suites = tree.findall("testsuite")
    assert len(suites) == len(lines)
    assert {c.get("name").split(":")[0] for c in suites[0].findall("testcase")} >= {"fonts", "body-size",
                                                                                  "readability", "contrast"}

    code, output = cli("verify", "--root", root, "--out", out, "--format", "json", "--today", TODAY,
                       "--no-rebuild", "--locale", "en")     # the format; the whole matrix was checked above
    data = json.loads(output)
    assert data["summary"]["failed"] == 0 and data["summary"]["checked"] == 16 and data["results"][0]["checks"]


def test_verify_without_a_build_says_to_build(tmp_path):
    root = copy_project(tmp_path)
    code, output = cli("verify", "--root", root, "--out", tmp_path / "nothing", "--today", TODAY)
    assert code == 1
    assert "not found" in output and "run `python generate.py build` first" in output


LONG = ("When you go home after the operation you should keep the wound clean and dry and you should not lift "
        "anything heavy or drive a car or go swimming until your doctor or nurse tells you that it is safe. ")


def _long_sentence_and_old_review(text: str) -> str:
    import re
    text = re.sub(r"(?m)^disclaimer: *\"", 'disclaimer: "' + LONG, text, count=1)
    text = re.sub(r"(?m)^last_updated: .*$", "last_updated: 2019-06-01", text, count=1)
    return re.sub(r"(?m)^next_review: .*$", "next_review: 2020-06-01", text, count=1)


def test_content_problems_fail_verify_with_file_and_line(tmp_path):
    root = copy_project(tmp_path, edit_content=_long_sentence_and_old_review)
    out = tmp_path / "out"
    english = ("--locale", "en")      # the problems are in en.yaml: the other locales' PDFs add only time
    assert cli("build", "--root", root, "--out", out, *english)[0] == 0
    report = tmp_path / "report.xml"
    code, output = cli("verify", "--root", root, "--out", out, "--junit", report, "--today", TODAY, *english)
    assert code == 1
    content = root / "content" / "drug-pump" / "en.yaml"
    lines = content.read_text(encoding="utf-8").splitlines()
    disclaimer_line = next(i for i, l in enumerate(lines, 1) if l.startswith("disclaimer:"))
    review_line = next(i for i, l in enumerate(lines, 1) if l.startswith("next_review:"))
    rel = content.relative_to(root).as_posix()
    assert f"{rel}:{disclaimer_line}:" in output and "sentence-length: a sentence of 40 words (at most 25)" in output
    assert f"{rel}:{review_line}:" in output and "the next-review date 2020-06-01 has passed" in output
    failures = ET.parse(report).getroot().iter("failure")
    assert any("a sentence of 40 words" in f.get("message") for f in failures)


def test_pale_layout_colour_fails_verify(tmp_path):
    import re
    root = copy_project(tmp_path, edit_layout=("handout", lambda t: re.sub(r'(?m)^(\s+)text: "#[0-9a-f]{6}"',
                                                                          r'\1text: "#bbbbbb"', t)))
    out = tmp_path / "out"
    english = ("--locale", "en")      # the colour is every locale's: one locale's PDFs show it
    assert cli("build", "--root", root, "--out", out, *english)[0] == 0
    code, output = cli("verify", "--root", root, "--out", out, "--today", TODAY, "--no-rebuild", *english)
    assert code == 1
    assert "layouts/handout.yaml:" in output
    assert "colours.text #bbbbbb on white paper has a contrast of 1.92:1; text needs at least 4.5:1" in output
    assert "contrast: text colour #bbbbbb (colours.text) on white paper" in output


def test_a_content_file_without_disclaimer_fails_verify(tmp_path):
    import re
    root = copy_project(tmp_path, edit_content=lambda t: re.sub(r"(?m)^disclaimer:.*$", "", t))
    report = tmp_path / "report.xml"
    code, output = cli("verify", "--root", root, "--out", tmp_path / "out", "--junit", report)
    assert code == 1
    assert "missing required key 'disclaimer'" in output
    failure = ET.parse(report).getroot().find(".//failure")
    assert "missing required key 'disclaimer'" in failure.get("message")


def test_quality_thresholds_from_the_layout_and_the_leaflet(tmp_path):
    def layout(text):
        return text + "\nquality:\n  max_pages: 2\n"

    def content(text):
        # large_print in the layout itself would need 16pt text there (a load-time error, see
        # tests/bad/layout-large-print-too-small); a leaflet may ask for it of every layout
        return text + "\nquality:\n  max_grade: 2\n  large_print: true\n"
    root = copy_project(tmp_path, edit_content=content, edit_layout=("a4", layout))
    out = tmp_path / "out"
    assert cli("build", "--root", root, "--out", out, "--layout", "a4")[0] == 0
    code, output = cli("verify", "--root", root, "--out", out, "--layout", "a4", "--today", TODAY,
                       "--no-rebuild")
    assert code == 1
    assert "layouts/a4.yaml:" in output and "more than the limit of 2" in output
    assert "at least 16pt in large print" in output
    assert "Flesch-Kincaid grade is" in output and "the limit is 2" in output


# --- imposed layouts and the paper edge ---------------------------------------------------

def test_imposition_check_passes_on_the_built_booklet_and_trifold(built_pdfs, proj):
    from leaflets.quality.print_checks import check_imposition

    for name in ("cancer-a5-booklet", "non-cancer-letter-trifold"):
        built = built_pdfs[name]
        places = layout_places(built.combo.layout, proj.layout_docs)
        result = check_imposition(built.data, built.reading_data, built.layout, places)
        assert result.status == PASS, messages(result)
        assert result.figures["sides"] == len(built.reader.pages)


def test_imposition_check_finds_pages_in_the_wrong_place(built_pdfs, proj):
    """Sheets made with two pages swapped (as an old build or a wrong order would): named by sheet and side."""
    from leaflets.layout.geometry import Placement, Side, booklet_sides
    from leaflets.output.impose import impose
    from leaflets.quality.print_checks import check_imposition

    built = built_pdfs["cancer-a5-booklet"]
    sides = booklet_sides(built.layout, len(built.reading.reader.pages))
    first = sides[0]
    swapped = Side(first.width, first.height, (Placement(first.placements[1].page, first.placements[0].x,
                                                         first.placements[0].y),
                                               Placement(first.placements[0].page, first.placements[1].x,
                                                         first.placements[1].y)))
    wrong = impose(built.reading_data, [swapped] + sides[1:])
    result = check_imposition(wrong, built.reading_data, built.layout,
                              layout_places("a5-booklet", proj.layout_docs))
    assert result.status == FAIL
    text = messages(result)
    assert "sheet 1 front: the place of page 8" in text and "sheet 1 front: the place of page 1" in text
    assert "layouts/a5-booklet.yaml:" in text
    short = impose(built.reading_data, sides[:2])
    assert "2 sheet sides, but 8 pages need 4" in messages(check_imposition(short, built.reading_data,
                                                                           built.layout, {}))


def test_a_line_near_the_paper_edge_fails_the_office_safe_area(layout):
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(layout.page_width, layout.page_height), invariant=1)
    c.setFont("Helvetica", 12)
    c.drawString(layout.margin_left, 400, "Fine")
    c.line(layout.margin_left, 10, 300, 10)       # a rule 3.5mm above the bottom edge
    c.save()
    result = check_safe_area(scan(buffer.getvalue()), layout, Quality(), {})
    assert result.status == FAIL
    assert "page 1: a drawing (stroke) reaches within 6.35mm of the paper edge" in messages(result)


# --- PDFs that are not leaflets (issue 20) -------------------------------------------------

ONE = ("--leaflet", "drug-pump", "--variant", "cancer", "--locale", "en", "--layout", "a4")


@pytest.fixture(scope="module")
def one_built(tmp_path_factory):
    """A project copy with one PDF built: (root, out, the PDF's path)."""
    tmp = tmp_path_factory.mktemp("one")
    root, out = copy_project(tmp), tmp / "out"
    code, output = cli("build", "--root", root, "--out", out, *ONE)
    assert code == 0, output
    return root, out, out / "drug-pump" / "en" / "cancer-a4.pdf"


def _verify_replaced(one_built, data: bytes):
    root, out, pdf = one_built
    good = pdf.read_bytes()
    pdf.write_bytes(data)
    try:
        return (*cli("verify", "--root", root, "--out", out, "--today", TODAY, "--no-rebuild", *ONE), pdf)
    finally:
        pdf.write_bytes(good)


def test_verify_refuses_a_pdf_whose_forms_draw_themselves_without_hanging(one_built):
    import time

    from conftest import form_bomb
    started = time.monotonic()
    code, output, pdf = _verify_replaced(one_built, form_bomb())
    assert time.monotonic() - started < 20
    assert code == 1
    assert (f"{pdf}: error: [drug-pump/en/cancer-a4] pdf: page 1 draws too many nested forms (more than 1,000): "
            "it is not a leaflet this program built (run `python generate.py build`)") in output
    assert "Traceback" not in output


def test_verify_of_garbage_says_the_pdf_cannot_be_read_at_its_path(one_built):
    code, output, pdf = _verify_replaced(one_built, b"%PDF-1.4\nthis is not a PDF at all\n")
    assert code == 1
    assert f"{pdf}: error: [drug-pump/en/cancer-a4] pdf: the PDF cannot be read: " in output


def test_verify_of_a_pdf_it_may_not_read_is_a_located_error(one_built, monkeypatch):
    root, out, pdf = one_built
    read_bytes = Path.read_bytes

    def refuse(path):
        if path == pdf:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)
    monkeypatch.setattr(Path, "read_bytes", refuse)      # the tests may run as root, who reads every file
    code, output = cli("verify", "--root", root, "--out", out, "--today", TODAY, "--no-rebuild", *ONE)
    assert code == 1
    assert (f"{pdf}: error: [drug-pump/en/cancer-a4] pdf: the PDF cannot be read: Permission denied "
            "(check the file's permissions, or run `python generate.py build`)") in output


def _with_unused_reference(root: Path) -> None:
    bib = root / "content" / "bibliography.yaml"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace('    pages: "1304-1313"\n', '    pages: "1304-1313"\n  unused2020:\n    authors: Nobody N\n'
                                '    title: Never cited\n    journal: Pain Med\n    year: 2020\n    volume: "1"\n'
                                '    pages: "1-2"\n', 1), encoding="utf-8")


def test_verify_totals_count_the_warnings_it_printed(one_built, tmp_path):
    """An input warning printed above the report counts, as does the warning of a check."""
    root, out, _ = one_built
    project = tmp_path / "project"
    shutil.copytree(root, project)
    _with_unused_reference(project)
    soon = "2027-10-01"        # 31 days before the next review: a warning of the review-date check
    code, output = cli("verify", "--root", project, "--out", out, "--today", soon, "--no-rebuild", *ONE)
    assert code == 0, output
    assert "warning: references.unused2020: reference is never cited" in output
    assert "warning: [drug-pump/en/cancer-a4] review-date: the next-review date 2027-11-01 is in 31 days" in output
    assert output.rstrip().endswith("1 checked: 1 passed, 0 failed; 0 errors, 2 warnings")


def test_verify_errors_only_shows_errors_and_counts_the_hidden_warnings(one_built, tmp_path):
    root, out, pdf = one_built
    project = tmp_path / "project"
    shutil.copytree(root, project)
    _with_unused_reference(project)
    good = pdf.read_bytes()
    pdf.write_bytes(b"%PDF-1.4\nnot a PDF\n")
    try:
        code, output = cli("verify", "--root", project, "--out", out, "--today", "2027-10-01", "--no-rebuild",
                           "--errors-only", *ONE)
    finally:
        pdf.write_bytes(good)
    assert code == 1
    assert "warning" not in output.replace("warnings not shown", "")
    assert f"{pdf}: error: [drug-pump/en/cancer-a4] pdf: the PDF cannot be read" in output
    assert output.rstrip().endswith("1 checked: 0 passed, 1 failed; 1 error (2 warnings not shown: --errors-only)")


def test_a_reference_broken_over_a_page_is_in_the_reference_list(proj, model):
    """The next page's footer is drawn before the rest of the reference: it is found whole all the same."""
    from leaflets.quality.expected import page_text, squash
    from leaflets.quality.verify import check_citations
    large = next(c for c in select(proj, locales=["en"], variants=[model.variant]) if c.layout == "a4-large")
    layout = proj.layouts[large.layout]
    refs = list(model.references)
    # references are kept whole on a page: only one longer than a page breaks over two
    refs[1] = replace(refs[1], text=" ".join([refs[1].text] * 40))
    long = replace(model, references=tuple(refs))
    s = scan(render(long, layout, *proj.chains_for(layout, "en")))
    texts = [squash(page_text(p)) for p in s.pages]
    assert not any(squash(refs[1].text) in t for t in texts), "the reference should break over a page"
    result = check_citations(s, long, layout, {})
    assert result.status == PASS, messages(result)


def test_a_missing_reference_is_located_in_the_bibliography(proj, model, layout, faces, places):
    from leaflets.quality.lint import bibliography_places
    endnotes = replace(layout, references="endnotes")
    ref = model.references[-1]
    scrubbed = _drop_note(render(model, endnotes, *faces), ref.number)
    where = {**places, **bibliography_places(proj.bibliography)}
    result = by_check(verify(scrubbed, model, endnotes, Quality(), where))["citations"]
    line = next(i for i, l in enumerate((REPO / "content" / "bibliography.yaml").read_text(encoding="utf-8")
                                        .splitlines(), 1) if l.strip() == f"{ref.key}:")
    assert f"content/bibliography.yaml:{line}:3: error: citations: reference {ref.number} ({ref.key}) is " \
           "missing from the reference list" in messages(result)
