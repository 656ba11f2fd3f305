"""The structure a screen reader gets from the content blocks: a table is Table > TR > TH/TD with its
title as Caption and its header cells scoped to their column (the header row repeated after a page
break is an Artifact: read once, not as a row in the middle of the data), a callout is one Div with its
title, text and bullets inside, a captioned figure is a Div of the Figure and its Caption. Built from
tests/blocks-demo (English, Arabic) and its long table (test_blocks_pdf's fixtures)."""
from __future__ import annotations

import io

import pikepdf
import pytest

from test_blocks_pdf import demo, pdfs  # noqa: F401 - the fixtures, shared with the block tests


_OPEN: list = []       # the PDFs whose elements the tests hold


def _walk(node, parent=None):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid, parent
            yield from _walk(kid, kid)


def _tree(data: bytes) -> list:
    """(role, parent's role, element) in reading order; the PDF stays open while its elements are read."""
    pdf = pikepdf.open(io.BytesIO(data))
    _OPEN.append(pdf)
    return [(str(e.S), str(p.S) if p is not None else "", e) for e, p in _walk(pdf.Root.StructTreeRoot)]


def _roles(element) -> list[str]:
    kids = element.get("/K")
    return [str(k.S) for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
            if isinstance(k, pikepdf.Dictionary) and "/S" in k]


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_a_table_is_table_rows_and_cells_with_scoped_header_cells(pdfs, locale):
    tree = _tree(pdfs["blocks-demo", locale, "a4"])
    tables = [e for role, _, e in tree if role == "/Table"]
    assert len(tables) == 1
    assert _roles(tables[0]) == ["/Caption"] + ["/TR"] * 4      # the title, the header row and three rows
    rows = [e for role, parent, e in tree if role == "/TR"]
    assert [_roles(r) for r in rows] == [["/TH", "/TH"]] + [["/TD", "/TD"]] * 3
    headers = [e for role, _, e in tree if role == "/TH"]
    assert all(h.A.O == "/Table" and h.A.Scope == "/Column" for h in headers)
    assert {parent for role, parent, _ in tree if role in ("/TD", "/TH")} == {"/TR"}


def test_a_right_to_left_table_keeps_its_columns_in_reading_order(pdfs):
    """The Arabic table is drawn mirrored (its first column at the right, drawn last): the tree still
    has the first column's cells first."""
    data = pdfs["blocks-demo", "ar", "a4"]
    tree = _tree(data)
    first_row = next(e for role, _, e in tree if role == "/TR")
    cells = list(first_row.K)
    assert int(cells[0].K) > int(cells[1].K)    # drawn second (its MCID is higher), read first


def test_the_header_row_repeated_after_a_page_break_is_an_artifact(pdfs):
    data = pdfs["blocks-long", "en", "a4"]
    tree = _tree(data)
    rows = [e for role, _, e in tree if role == "/TR"]
    assert len(rows) == 41
    headers = [e for role, _, e in tree if role == "/TH"]
    assert len(headers) == 2
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        cell_pages = {pages[e.Pg.objgen] for role, _, e in tree if role == "/TD"}
        assert len(cell_pages) >= 2                                     # the table does run over a page
        assert {pages[h.Pg.objgen] for h in headers} == {min(cell_pages)}
        for h in headers:                                               # one marked sequence each, on one page
            assert isinstance(h.K, int)
        later = pdf.pages[max(cell_pages)]
        shown = [str(ops[0]) for ops, op in pikepdf.parse_content_stream(later) if str(op) == "BDC"]
        assert "/TD" in shown and "/TH" not in shown       # the header drawn again there is an Artifact


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_a_callout_is_one_div_with_its_title_text_and_bullets_inside(pdfs, locale):
    tree = _tree(pdfs["blocks-demo", locale, "a4"])
    first_section = next(i for i, (role, _, _) in enumerate(tree) if role == "/H2")
    divs = [e for role, parent, e in tree[first_section:]        # (the cover's help strip, before it, is a Div too)
            if role == "/Div" and "/Figure" not in _roles(e) and "/H2" not in _roles(e)]
    assert [_roles(d) for d in divs] == [["/P", "/P", "/L"], ["/P", "/P"]]     # info (title, text, bullets), warning
    bullets = next(e for e in divs[0].K if e.S == "/L")
    assert _roles(bullets) == ["/LI", "/LI"]


def test_a_captioned_figure_is_a_div_of_the_figure_and_its_caption(pdfs):
    tree = _tree(pdfs["blocks-demo", "en", "a4"])
    groups = [e for role, _, e in tree if role == "/Div" and "/Figure" in _roles(e)]
    assert groups and all(_roles(g) == ["/Figure", "/Caption"] for g in groups)
    assert all(str(next(iter(g.K)).get("/Alt", "")).strip() for g in groups)


@pytest.mark.parametrize("layout", ["a4", "a4-trifold", "a5-booklet"])
@pytest.mark.parametrize("locale", ["en", "ar", "zh-Hans"])
def test_every_block_meets_the_matterhorn_conditions(pdfs, locale, layout):
    """The demo's table, callouts, figures and QR code (the drug-pump matrix has no table or QR code), in the
    single-sheet layout and the reading files of the tri-fold and the booklet."""
    from leaflets.quality.matterhorn import failures  # reason: the checks of test_matterhorn, on the blocks

    with pikepdf.open(io.BytesIO(pdfs["blocks-demo", locale, layout])) as pdf:
        assert failures(pdf) == []
