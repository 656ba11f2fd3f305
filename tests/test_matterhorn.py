"""The Matterhorn protocol's machine-checkable conditions (quality/matterhorn.py) over every on-screen PDF
of the matrix (conftest's `matrix`, rendered once per session), and each condition failing on a PDF
broken on purpose for it: a check that cannot fail would prove nothing."""
from __future__ import annotations

import io
import re

import pikepdf
import pytest

from leaflets.quality.matterhorn import failures

SAMPLE = "drug-pump/en/cancer-a4"       # footnotes (Notes), a figure, bullets, links


def test_every_on_screen_pdf_of_the_matrix_meets_every_condition(matrix):
    found = {}
    for name, (tagged, _) in matrix.items():
        with pikepdf.open(io.BytesIO(tagged)) as pdf:
            if bad := failures(pdf):
                found[name] = bad[:3]
    assert found == {}


def _elements(node):
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _first(pdf, role: str):
    return next(e for e in _elements(pdf.Root.StructTreeRoot) if e.S == role)


def _xmp(pdf, old: str, new: str) -> None:
    text = pdf.Root.Metadata.read_bytes().decode("utf-8")
    pdf.Root.Metadata = pdf.make_stream(re.sub(old, new, text).encode("utf-8"), Type=pikepdf.Name.Metadata,
                                        Subtype=pikepdf.Name.XML)


def _content(pdf, edit) -> None:
    """Page 1's content stream, edited as a list of instructions."""
    page = pdf.pages[0]
    ops = list(pikepdf.parse_content_stream(page))
    edit(ops)
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def _after_first(ops, tag: str, inserted: list) -> None:
    at = next(i for i, (operands, op) in enumerate(ops) if str(op) in ("BDC", "BMC") and str(operands[0]) == tag
              and (tag == "/Artifact" or "/MCID" in operands[1]))
    ops[at + 1:at + 1] = inserted


def _op(operands, operator):
    return pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(operator))


def _annotated_page(pdf):
    return next(p for p in pdf.pages if p.get("/Annots"))


def _link_annotation(pdf):
    return next(a for a in _annotated_page(pdf).Annots if a.Subtype == "/Link")


def _parent_of(pdf, annot):
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return next(nums[i + 1] for i in range(0, len(nums), 2) if int(nums[i]) == int(annot.StructParent))


def _first_font(pdf):
    return next(iter(pdf.pages[0].Resources.Font.values()))


def _wrong_owner(pdf) -> None:
    """Page 1's first MCID said to belong to the Document element, which holds none."""
    pdf.Root.StructTreeRoot.ParentTree.Nums[1][0] = pdf.Root.StructTreeRoot.K


BROKEN = {
    "01-004": lambda pdf: _content(pdf, lambda ops: _after_first(
        ops, "/P", [_op([pikepdf.Name.Artifact], "BMC"), _op([], "EMC")])),
    "01-007": lambda pdf: _content(pdf, lambda ops: _after_first(
        ops, "/Artifact", [_op([pikepdf.Name.P, pikepdf.Dictionary(MCID=999)], "BDC"), _op([], "EMC")])),
    "01-005": lambda pdf: _content(pdf, lambda ops: ops.extend(
        [_op([0, 0, 1, 1], "re"), _op([], "f")])),
    "ParentTree": _wrong_owner,
    "02-001": lambda pdf: setattr(_first(pdf, "/P"), "S", pikepdf.Name("/Callout")),
    "02-004": lambda pdf: setattr(pdf.Root.StructTreeRoot, "RoleMap", pikepdf.Dictionary(P=pikepdf.Name.Span)),
    "06-001": lambda pdf: delattr(pdf.Root, "Metadata"),
    "06-002": lambda pdf: _xmp(pdf, r"<pdfuaid:part>1</pdfuaid:part>", ""),
    "06-003": lambda pdf: _xmp(pdf, r"<dc:title>.*?</dc:title>", ""),
    "07-001": lambda pdf: delattr(pdf.Root, "ViewerPreferences"),
    "07-002": lambda pdf: setattr(pdf.Root.ViewerPreferences, "DisplayDocTitle", False),
    "09-004": lambda pdf: setattr(_first(pdf, "/LI"), "S", pikepdf.Name.TR),
    "09-005": lambda pdf: setattr(_first(pdf, "/L"), "S", pikepdf.Name.Div),
    "11-001": lambda pdf: delattr(pdf.Root, "Lang"),
    "13-004": lambda pdf: delattr(_first(pdf, "/Figure"), "Alt"),
    "14-002": lambda pdf: setattr(_first(pdf, "/H1"), "S", pikepdf.Name.H2),
    "14-003": lambda pdf: setattr(_first(pdf, "/H2"), "S", pikepdf.Name.H3),
    "19-003": lambda pdf: delattr(_first(pdf, "/Note"), "ID"),
    "19-004": lambda pdf: [setattr(n, "ID", pikepdf.String("fn1")) for n in _elements(pdf.Root.StructTreeRoot)
                           if n.S == "/Note"],
    "28-002": lambda pdf: delattr(_link_annotation(pdf), "StructParent"),
    "28-011": lambda pdf: setattr(_parent_of(pdf, _link_annotation(pdf)), "S", pikepdf.Name.Span),
    "7.18.5": lambda pdf: delattr(_link_annotation(pdf), "Contents"),
    "7.18.3": lambda pdf: delattr(_annotated_page(pdf), "Tabs"),
    "31-009": lambda pdf: delattr(_first_font(pdf).FontDescriptor, "FontFile2"),
    "10-001": lambda pdf: delattr(_first_font(pdf), "ToUnicode"),
}


@pytest.mark.parametrize("condition", sorted(BROKEN))
def test_each_condition_fails_on_a_pdf_broken_for_it(matrix, condition):
    with pikepdf.open(io.BytesIO(matrix[SAMPLE][0])) as pdf:
        assert failures(pdf) == []
        BROKEN[condition](pdf)
        out = io.BytesIO()
        pdf.save(out)
    with pikepdf.open(io.BytesIO(out.getvalue())) as broken:
        found = failures(broken)
    assert condition in {c for c, _ in found}, found


def test_an_untagged_pdf_is_told_so_and_nothing_else(matrix):
    with pikepdf.open(io.BytesIO(matrix[SAMPLE][1])) as pdf:
        assert [c for c, _ in failures(pdf)] == ["7.1"]
