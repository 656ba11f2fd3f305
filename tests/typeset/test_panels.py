"""panels.py: the tri-fold brochures, read back from their real PDFs.

The geometry is checked from the PDF itself (text positions on the sheets, page boxes of the
reading-order panels), not from the code's own numbers: outside of the sheet, left to right, the
fold-in panel (5), the back (6), the cover (1); inside, panels 2, 3, 4; the fold-in leaf narrower by
2mm (A4) or 1/16in (Letter); nothing crossing a fold.
"""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import missing_texts, norm, squash, text_runs
from leaflets.cli import main
from leaflets.model.nodes import plain_text
from leaflets.layout.geometry import trifold_panels
from leaflets.build.pipeline import build_outputs, leaflet_for
from leaflets.build.project import Combination, load_project
from leaflets.inputs.units import PT_PER
from leaflets.typeset.panels import PanelOverflow, _Overflow, raise_if_overflowing

MM, INCH = PT_PER["mm"], 72.0
FOLD_IN = {"a4-trifold": 2 * MM, "letter-trifold": INCH / 16}
SHEETS = {"a4-trifold": (841.8898, 595.2756), "letter-trifold": (792.0, 612.0)}
TRIFOLDS = [f"{v}-{l}" for v in ("cancer", "non-cancer") for l in FOLD_IN]


@pytest.fixture(params=TRIFOLDS)
def trifold(request, built_pdfs):
    return built_pdfs[request.param]


def panel_of(run, layout, side: str):
    """The panel whose area (on that side of the sheet) holds the run's starting point."""
    for panel in trifold_panels(layout):
        if panel.side == side and panel.x <= run.x < panel.x + panel.width:
            return panel
    raise AssertionError(f"{run.text!r} at x={run.x} is on no panel")


def test_one_sheet_two_sides(trifold):
    width, height = SHEETS[trifold.combo.layout]
    assert len(trifold.reader.pages) == 2
    for page in trifold.reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.01)


def test_reading_file_has_six_panels_the_fold_in_leaf_narrower(trifold):
    """Panels 4 and 5 (one leaf) are narrower than the others by exactly the fold-in allowance."""
    width, height = SHEETS[trifold.combo.layout]
    d = FOLD_IN[trifold.combo.layout]
    pages = trifold.reading.reader.pages
    assert len(pages) == 6
    widths = [float(p.mediabox.width) for p in pages]
    wide = (width + d) / 3
    assert widths == pytest.approx([wide, wide, wide, wide - d, wide - d, wide], abs=0.01)
    assert sum(widths[i] for i in (4, 5, 0)) == pytest.approx(width, abs=0.01)   # the outside: 5, 6, 1
    assert sum(widths[i] for i in (1, 2, 3)) == pytest.approx(width, abs=0.01)   # the inside: 2, 3, 4
    assert all(float(p.mediabox.height) == pytest.approx(height, abs=0.01) for p in pages)


def test_panel_order_and_positions_on_the_sheets(trifold):
    """Every string of every panel sits on the sheet where that panel goes, shifted by the panel's
    left edge and nothing else: outside 5 | 6 | 1, inside 2 | 3 | 4."""
    d = FOLD_IN[trifold.combo.layout]
    width, _ = SHEETS[trifold.combo.layout]
    wide = (width + d) / 3
    narrow = wide - d
    left_edges = {5: 0.0, 6: narrow, 1: narrow + wide, 2: 0.0, 3: wide, 4: 2 * wide}
    reading = trifold.reading
    for side, (sheet_page, numbers) in {"outside": (0, (5, 6, 1)), "inside": (1, (2, 3, 4))}.items():
        on_sheet = text_runs(trifold.reader, trifold.reader.pages[sheet_page])
        expected = []
        for number in numbers:
            for run in text_runs(reading.reader, reading.reader.pages[number - 1]):
                expected.append((run.text, round(run.x + left_edges[number], 2), round(run.y, 2)))
        assert [(r.text, round(r.x, 2), round(r.y, 2)) for r in on_sheet] == expected, side


def test_cover_front_contact_on_the_flap_text_in_reading_order(trifold):
    """The front panel (1) is the cover alone, with the cover figure; the fold-in panel (5), seen beside
    panel 2 when the cover opens, holds the contact panel first, then the reference list where it fits
    (end matter, not text) and the closing lines where they fit too (a self-contained panel: no section
    is broken onto it); the text flows through panels 2 to 4 and on to the back (6)."""
    m = trifold.model
    reading = trifold.reading.norm_pages
    cover, flap, back = reading[0], reading[4], reading[5]
    for text in (m.organisation, m.title, m.subtitle, m.variant_label):
        assert norm(text) in cover
    assert not any(norm(s.heading) in cover for s in m.sections)
    assert all(label.text in cover for label in m.cover_figure.labels)     # the pump, on the cover
    assert norm(m.contact.heading) in flap and flap.index(norm(m.contact.heading)) < 40
    for entry in m.contact.entries:
        assert entry.name in flap
    assert not any(norm(s.heading) in flap for s in m.sections)
    # the section headings follow each other through panels 2 to 4 and the back, in the order written
    flow = " ".join(reading[1:4] + reading[5:])
    positions = [flow.find(norm(s.heading)) for s in m.sections]
    assert -1 not in positions and positions == sorted(positions)
    # the references: on the flap under the contact panel, or closing the flow on the back; each once
    where = flap if m.labels.references in flap else back
    assert where.count(m.labels.references) == 1 and m.labels.references not in (back if where is flap else flap)
    if where is back:
        assert back.rfind(m.labels.references) > back.rfind(norm(m.sections[-1].heading))
    for ref in m.references:
        assert squash(f"{ref.number}. {ref.text}") in squash(where)
    # the closing lines end the flap or, when the flap has no room for them, the text on the back
    assert norm(plain_text(m.disclaimer)) in flap + back


def test_on_the_sheets_cover_is_outside_right_and_back_outside_middle(trifold):
    """What the reader sees when it is folded, read straight from the sheets."""
    layout = trifold.layout
    outside = text_runs(trifold.reader, trifold.reader.pages[0])
    title = [r for r in outside if r.text.strip() and r.text.strip() in trifold.model.title]
    assert title and {panel_of(r, layout, "outside").number for r in title} == {1}
    contact = [r for r in outside if r.text.strip() == trifold.model.contact.heading]
    assert len(contact) == 1 and panel_of(contact[0], layout, "outside").number == 5     # the flap
    first_section = [r for r in text_runs(trifold.reader, trifold.reader.pages[1])
                     if r.text.strip() == trifold.model.sections[2].heading]  # "Trying it first"
    assert first_section and panel_of(first_section[0], layout, "inside").number in (2, 3)


def test_nothing_crosses_a_fold_every_panel_keeps_its_margins(trifold):
    """Each string starts and ends inside one panel, at least that panel's margins from its edges."""
    from leaflets.quality.scanner import scan

    layout = trifold.layout
    s = scan(trifold.data)
    for index, side in ((0, "outside"), (1, "inside")):
        page = s.pages[index]
        assert page.runs
        for run in page.runs:
            panel = panel_of(type("R", (), {"x": run.x0, "text": run.text})(), layout, side)
            assert run.x0 >= panel.x + layout.margin_left - 0.5, (side, run.text)
            assert run.x1 <= panel.x + panel.width - layout.margin_right + 0.5, (side, run.text)
            # the font's box reaches a little above its tallest letters (Noto Sans: 1.07em over the baseline)
            assert run.y0 >= layout.margin_bottom - 0.5 and run.y1 <= panel.height - layout.margin_top + 1
        for drawing in page.drawings:        # the contact panel's box, the write-in lines
            panel = panel_of(type("R", (), {"x": drawing.x0, "text": drawing.kind})(), layout, side)
            assert drawing.x1 <= panel.x + panel.width - layout.margin_right + 0.5


def test_fold_in_panel_width_from_the_text(trifold):
    """The left text edge of each panel, measured on the sheets, gives the panel widths: the fold-in
    leaf is narrower by 2mm (A4) or 1/16in (Letter)."""
    layout = trifold.layout
    margin = layout.margin_left
    width, _ = SHEETS[trifold.combo.layout]

    labels = {label.text for s in trifold.model.sections for b in s.blocks for label in getattr(b, "labels", ())}

    def text_starts(page_index):
        # a figure's labels start where their leader lines end, mid-panel: not a panel's text edge
        # (and a space, which draws nothing: the one a line ends with in the text layer)
        runs = [r for r in text_runs(trifold.reader, trifold.reader.pages[page_index])
                if r.text.strip() and r.text.strip() not in labels]
        # where lines start: a string on another baseline than the one drawn before it
        xs = sorted({round(r.x, 2) for before, r in zip([None, *runs], runs)
                     if before is None or round(before.y - before.rise, 2) != round(r.y - r.rise, 2)})
        starts = [xs[0]]
        for x in xs[1:]:
            if x - starts[-1] > 100:        # the next panel starts (indents are a few points)
                starts.append(x)
        return starts

    outside, inside = text_starts(0), text_starts(1)
    assert len(outside) == len(inside) == 3
    fold_in = outside[1] - margin               # panel 5: from the sheet edge to the first fold
    back = outside[2] - outside[1]              # panel 6
    panel2, panel3 = inside[1] - inside[0], inside[2] - inside[1]
    assert back == pytest.approx(panel2, abs=0.02) and panel2 == pytest.approx(panel3, abs=0.02)
    assert back - fold_in == pytest.approx(FOLD_IN[trifold.combo.layout], abs=0.02)
    assert 2 * back + fold_in == pytest.approx(width, abs=0.05)


def test_every_text_of_the_model_is_on_the_panels(trifold):
    body = squash(" ".join(trifold.reading.norm_pages))
    assert not missing_texts(trifold.model, body)


def body_size(built) -> float:
    """The size most of the text is set in: 11pt, or smaller where the text had to shrink to fit the panels."""
    counts: dict = {}
    for page in built.reading.runs:
        for r in page:
            counts[round(r.size, 2)] = counts.get(round(r.size, 2), 0) + len(r.text.strip())
    return max(counts, key=counts.get)


def test_text_is_11pt_and_no_footer(trifold):
    sizes = {round(r.size, 2) for page in trifold.reading.runs for r in page if r.text.strip()}
    # the cancer text is set at 11pt; the longer non-cancer text (10 references) shrinks 0.5pt to fit
    assert body_size(trifold) == (11.0 if trifold.combo.variant == "cancer" else 10.5) and min(sizes) >= 7.0
    assert not any("Page 1 of" in t for t in trifold.reading.norm_pages)


# --- too long for the panels ---------------------------------------------------------------

RISKS = '      - paragraph: "Ask your doctor for the full safety information about your pump."\n'
MORE = ("Some people feel a little sick or dizzy for a day or two after a refill. "
        "Tell your care team if this happens to you. ")


def _lengthen(root, sentences: int) -> None:
    """Add a paragraph to the English text; the translations, which would now miss it, are removed."""
    for translation in (root / "content/drug-pump").glob("*.yaml"):
        if translation.name != "en.yaml":
            translation.unlink()
    path = root / "content/drug-pump/en.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(RISKS) == 1
    path.write_text(text.replace(RISKS, RISKS + f'      - paragraph: "{(MORE * sentences).strip()}"\n'),
                    encoding="utf-8")


def test_text_a_little_too_long_is_set_smaller_down_to_min_size(project_copy):
    """A few more lines than fit at 11pt: the layout allows 10pt, the build sets 10.5pt and keeps every word."""
    _lengthen(project_copy, 3)
    project = load_project(project_copy)
    combo = Combination("drug-pump", "non-cancer", "en", "letter-trifold")
    reading = PdfReader(io.BytesIO(build_outputs(project, combo)["drug-pump/en/non-cancer-letter-trifold-reading.pdf"]))
    sizes = {round(r.size, 2) for page in reading.pages for r in text_runs(reading, page)}
    assert 10.5 in sizes and 11.0 not in sizes
    text = squash(" ".join(p.extract_text() for p in reading.pages))
    assert squash(MORE * 3) in text


def test_text_too_long_is_an_error_naming_layout_and_amount_and_nothing_is_written(project_copy, tmp_path):
    _lengthen(project_copy, 40)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--root", str(project_copy), "--out", str(out),
                                       "--layout", "a4-trifold", "--layout", "a4"], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(lines) == 2, result.output            # both variants, each located at the paragraph that spills
    content = (project_copy / "content/drug-pump/en.yaml").read_text(encoding="utf-8").splitlines()
    paragraph_line = next(i for i, line in enumerate(content, 1) if MORE.strip()[:30] in line)
    for line in lines:
        m = re.match(r"^content/drug-pump/en\.yaml:(\d+):\d+: error: the text does not fit the four text panels "
                     r"of layout 'a4-trifold' \(variant (non-)?cancer\): (\d+)pt \((\d+)mm, about ([\d.]+) "
                     r"(panels|lines of 10pt text)\) too long even at 10pt; panel 6 ends before \"", line)
        assert m, line
        assert int(m.group(1)) >= paragraph_line
        over, mm = int(m.group(3)), int(m.group(4))
        assert over > 400 and abs(mm - over / MM) <= 1       # both rounded from the same length
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.part")), "a failed build wrote files"


def test_check_reports_the_overflow_too(project_copy):
    """`check` validates without writing; a tri-fold that cannot hold the text is a problem it reports."""
    _lengthen(project_copy, 40)
    result = CliRunner().invoke(main, ["check", "--root", str(project_copy)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "layout 'letter-trifold'" in result.output and "layout 'a4-trifold'" in result.output


def test_outline_and_links_point_into_the_sheets(trifold):
    """On the imposed sheets, each outline entry opens at its heading, and each citation marker links to
    its note in the reference list (wherever those landed on the two sides)."""
    reader = trifold.reader
    entries = [e for e in reader.outline if not isinstance(e, list)]
    titles = [e.title for e in entries]
    # in reading order: "Who to contact" where the flap comes, between the panels 4 and 6
    headings = [s.heading for s in trifold.model.sections]
    assert [t for t in titles if t in headings] == headings
    assert sorted(t for t in titles if t not in headings) == ["References", "Who to contact"]   # help in the bookmarks
    runs = [text_runs(reader, page) for page in reader.pages]
    for entry in entries:
        side = reader.get_destination_page_number(entry)
        # the heading's first line (a long heading wraps on a narrow panel)
        scale = body_size(trifold) / trifold.layout.text_size      # headings shrink with the text
        # the reference list's heading on the flap, under the contact panel's, is set smaller (body x 1.1)
        flap = entry.title == trifold.model.labels.references and panel_of(
            SimpleNamespace(x=float(entry.left), text=entry.title), trifold.layout, "outside").number == 5
        size = body_size(trifold) * 1.1 if flap else trifold.layout.heading_size * scale
        heading = [r for r in runs[side] if len(r.text.strip()) > 8 and entry.title.startswith(r.text.strip())
                   and r.size == pytest.approx(size, abs=0.02)]
        assert len(heading) == 1, entry.title
        assert 0 < float(entry.top) - heading[0].y < 2 * trifold.layout.heading_size
        assert abs(float(entry.left) - heading[0].x) < 1
    for side, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" not in annot:
                continue
            target = [i for i, p in enumerate(reader.pages) if p.indirect_reference.idnum == annot["/Dest"][0].idnum]
            assert len(target) == 1
            y = float(annot["/Dest"][3])
            near = [r for r in runs[target[0]] if 0 <= y - r.y <= 2 * trifold.layout.note_size]
            assert any(re.fullmatch(r"\d+\.", r.text.strip()) for r in near), "a marker links to no note"


def test_a_trifold_may_use_footnotes_each_on_its_markers_panel(project):
    """Our tri-folds use endnotes, but a layout that asks for footnotes gets them on the marker's panel."""
    from dataclasses import replace

    from leaflets.quality.lint import Quality
    from leaflets.layout.geometry import reading_page_sizes
    from leaflets.build.pipeline import leaflet_for
    from leaflets.typeset.render import render
    from leaflets.quality.verify import verify

    layout = replace(project.layouts["a4-trifold"], references="footnotes")
    model = leaflet_for(project, Combination("drug-pump", "cancer", "en", "a4-trifold"))
    data = render(model, layout, *project.chains_for(layout, "en"))
    results = {r.check: r for r in verify(data, model, layout, Quality(min_body_size=10), {},
                                          page_sizes=reading_page_sizes(layout, 6))}
    assert results["citations"].status == "pass" and "(footnotes)" in results["citations"].summary
    assert results["page-size"].status == "pass" and len(PdfReader(io.BytesIO(data)).pages) == 6


def test_text_too_long_even_at_the_smallest_size_keeps_its_code(project_copy):
    _lengthen(project_copy, 40)
    project = load_project(project_copy)
    with pytest.raises(PanelOverflow) as caught:
        build_outputs(project, Combination("drug-pump", "cancer", "en", "a4-trifold"))
    [problem] = caught.value.diagnostics
    assert problem.code == "trifold-text-too-long" and "too long even at 10pt" in problem.message


def _overflowed(text_pages, body_end, back_page=None, back_end=None):
    doc = SimpleNamespace(text_pages=text_pages, back_page=back_page, body=_Overflow(), back=_Overflow())
    doc.body.end, doc.back.end = body_end, back_end
    return doc


@pytest.mark.parametrize("doc, code, words", [
    (_overflowed(5, (7, 100.0)), "trifold-text-too-long", "the text does not fit the five text panels"),
    (_overflowed(None, (3, 10.0), back_page=8, back_end=(9, 100.0)), "back-page-too-long",
     "the contact panel and the closing lines do not fit the back cover"),
], ids=["text", "back"])
def test_what_runs_past_its_pages_is_an_error_with_its_code(project, doc, code, words):
    leaflet = leaflet_for(project, Combination("drug-pump", "cancer", "en", "a5-booklet"))
    with pytest.raises(PanelOverflow) as caught:
        raise_if_overflowing(doc, leaflet, project.layouts["a5-booklet"], 500.0, "back cover")
    [problem] = caught.value.diagnostics
    assert problem.code == code and problem.message.startswith(words)


def test_check_of_a_1mb_content_file_stops_laying_out_once_it_is_too_long_for_the_trifold(
        project_copy, monkeypatch):
    """A content file near the 1 MB limit: `check` says it is too long for the tri-folds after laying out
    a few panels twice (the first size, then the smallest), not the whole text at every size."""
    from leaflets.inputs.sources import MAX_BYTES
    from leaflets.typeset import panels, trifold

    for path in (project_copy / "content/drug-pump").glob("*.yaml"):
        if path.name != "en.yaml":
            path.unlink()
    en = project_copy / "content/drug-pump/en.yaml"
    text = en.read_text(encoding="utf-8")
    anchor = '      - paragraph: "Your doctor can talk with you about whether it is right for you."\n'
    sentence = "Keep every appointment to refill your pump. If the pump runs empty, your pain may come back. "
    count = (MAX_BYTES - 40_000 - len(text)) // (len(sentence) * 11 + 30)
    en.write_text(text.replace(anchor, anchor + "".join(f'      - paragraph: "{sentence * 11}{i}"\n'
                                                        for i in range(count))), encoding="utf-8")
    assert MAX_BYTES - 50_000 < en.stat().st_size <= MAX_BYTES
    work = {"passes": 0, "flowables": 0}
    render_panels, after = trifold._render_panels, panels.BackPageDoc.afterFlowable

    def counted_render(*args, **kwargs):
        work["passes"] += 1
        return render_panels(*args, **kwargs)

    def counted_after(self, flowable):
        work["flowables"] += 1
        return after(self, flowable)
    monkeypatch.setattr(trifold, "_render_panels", counted_render)
    monkeypatch.setattr(panels.BackPageDoc, "afterFlowable", counted_after)

    result = CliRunner().invoke(main, ["check", "--root", str(project_copy)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 4 and all("more than 2 panels too long even at 10pt" in line and
                                    "'layouts:'" in line for line in errors), result.output
    combos = 4      # two tri-fold layouts, two variants
    assert work["passes"] <= 2 * combos, work
    assert work["flowables"] <= 150 * combos, work     # laying out all of it took over 6,000 per pass
