"""Every layout in layouts/, both variants: all the words printed, the same bytes on every build,
and large print as large print. (Tri-folds: test_panels.py; booklets: test_impose.py;
print shop and the office paper edge: test_printmarks.py.)"""
from __future__ import annotations

import pytest

from conftest import ALL_LAYOUTS, VARIANTS, missing_texts, norm, squash
from leaflets.model.nodes import plain_text
from leaflets.build.pipeline import build_outputs

ALL = [f"{v}-{l}" for v in VARIANTS for l in ALL_LAYOUTS]
LARGE = [f"{v}-{l}" for v in VARIANTS for l in ("a4-large", "letter-large")]


def as_laid_out(built):
    """The PDF a reader reads: the reading-order pages of an imposed layout, else the PDF itself."""
    return built.reading if built.reading_data else built


def test_the_layouts_are_the_ones_documented(project):
    assert sorted(project.layouts) == sorted(ALL_LAYOUTS)


@pytest.mark.parametrize("name", ALL)
def test_every_word_of_the_leaflet_is_printed(built_pdfs, name):
    """Nothing is dropped to fit a layout: every paragraph, bullet, panel line, the disclaimer and every
    reference of the variant (safety information, when to talk to the doctor, whom to call)."""
    built = built_pdfs[name]
    pdf = as_laid_out(built)
    text = squash(pdf.all_text)
    assert not missing_texts(pdf.model, text)
    for section in pdf.model.sections:
        assert squash(section.heading) in text
    for ref in pdf.model.references:
        assert squash(ref.text) in text
    for label in pdf.model.contact.write_in:
        assert squash(label) in text


@pytest.mark.parametrize("name", ALL)
def test_two_builds_are_byte_identical(project, built_pdfs, name):
    built = built_pdfs[name]
    again = build_outputs(project, built.combo)
    assert list(again.values())[0] == built.data
    if built.reading_data:
        assert list(again.values())[1] == built.reading_data


@pytest.mark.parametrize("name", ALL)
def test_title_language_and_outline_survive(built_pdfs, name):
    pdf = built_pdfs[name]
    assert pdf.reader.metadata.title == pdf.model.title
    assert pdf.reader.trailer["/Root"].get("/Lang") == "en"
    titles = [e.title for e in pdf.reader.outline if not isinstance(e, list)]
    headings = [s.heading for s in pdf.model.sections]      # in order (a tri-fold's flap comes between them)
    assert [t for t in titles if t in headings] == headings


# --- large print --------------------------------------------------------------------------

@pytest.fixture(params=LARGE)
def large(request, built_pdfs):
    return built_pdfs[request.param]


def test_large_print_body_is_16pt_and_headings_larger(large):
    m = large.model
    heading_sizes = set()
    body_sizes = set()
    paragraphs = {norm(plain_text(b.content))[:30] for s in m.sections for b in s.blocks if hasattr(b, "content")}
    for runs in large.runs:
        for run in runs:
            t = norm(run.text)
            if any(t == norm(s.heading) for s in m.sections):
                heading_sizes.add(run.size)
            elif len(t) > 20 and any(p.startswith(t[:20]) for p in paragraphs):
                body_sizes.add(run.size)
    assert body_sizes == {16.0}
    assert heading_sizes and min(heading_sizes) >= 20.0
    # every string a reader reads as text, except the reference list, the footer and the review line
    assert min(r.size for runs in large.runs for r in runs if r.text.strip() and r.rise == 0) >= 12.0


def test_large_print_lines_are_generously_spaced(large):
    """Consecutive lines of one paragraph sit at least 1.5 times the type size apart."""
    gaps = []
    for runs in large.runs:
        body = [r for r in runs if r.size == 16.0 and r.rise == 0]
        for a, b in zip(body, body[1:]):
            gap = a.y - b.y
            if 0 < gap < 30:
                gaps.append(gap)
    assert gaps and min(gaps) >= 16.0 * 1.5 - 0.01


def test_large_print_has_the_same_pages_of_the_same_paper(large):
    width = {"a4-large": 595.28, "letter-large": 612.0}[large.combo.layout]
    assert all(float(p.mediabox.width) == pytest.approx(width, abs=0.01) for p in large.reader.pages)
    assert 5 <= len(large.reader.pages) <= 16
    total = len(large.reader.pages)
    for i, text in enumerate(large.norm_pages, start=1):
        assert f"Page {i} of {total}" in text


LONG_TITLE = "Your implanted drug pump for the long-term relief of pain: what it is, and how it works?"


@pytest.mark.parametrize("layout_name", [name for name in ALL_LAYOUTS if name not in ("a4-trifold", "letter-trifold")])
def test_a_long_title_is_shortened_in_the_footer_and_every_footer_glyph_stays_inside_the_margins(
        project_copy, edit_file, layout_name):
    """An 88-character title (the schema allows 120) ran the footer off the page edge in the A5 booklet
    and large print. Read back: every string of the footer line lies between the page's margins, the
    page number part is whole, and the title is cut at a word boundary with an ellipsis."""
    from leaflets.build.project import Combination, load_project
    from leaflets.quality.scanner import scan

    assert len(LONG_TITLE) == 88
    edit_file(project_copy, "content/drug-pump/en.yaml", "title: Your implanted drug pump",
              f"title: \"{LONG_TITLE}\"")
    proj = load_project(project_copy, locales={"en"})
    assert not proj.diagnostics.errors
    combo = Combination("drug-pump", "cancer", "en", layout_name)
    layout = proj.layouts[layout_name]
    pdf = build_outputs(proj, combo)
    pages = scan(pdf[combo.reading_path()] if layout.imposed else pdf[combo.output_path()]).pages
    footers = 0
    for page in pages:
        x0, y0, x1, _ = page.trimbox or page.mediabox
        footer = sorted((r for r in page.runs if abs(r.baseline - y0 - layout.margin_bottom) < 0.5), key=lambda r: r.x0)
        if not footer:      # a booklet's blank pages and back cover have none
            continue
        footers += 1
        assert all(a.x1 < b.x0 for a, b in zip(footer, footer[1:])), f"{layout_name}: footer strings overlap"
        for run in footer:
            assert run.x0 >= x0 + layout.margin_left - 0.5 and run.x1 <= x1 - layout.margin_right + 0.5, \
                f"{layout_name} page {page.index + 1}: {run.text!r} leaves the footer's width"
        text = " ".join(r.text for r in footer)
        label = f"Page {page.index + 1} of {len(pages)}"
        assert label in text
        title = text.replace(label, "").strip()     # the number is on either side (a booklet: the outer edge)
        assert title.endswith("\u00b7 DP-01")
        shown = title.removesuffix(" \u00b7 DP-01")
        assert shown == LONG_TITLE or (shown.endswith("\u2026") and LONG_TITLE.startswith(shown[:-1])
                                       and LONG_TITLE[len(shown) - 1] in " ,:;"), shown
    assert footers >= len(pages) - 2
