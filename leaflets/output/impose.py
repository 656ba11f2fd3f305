"""Imposition with pypdf: the reading-order pages, placed on the sides of the sheets they are printed on.

Pure: PDF bytes in, PDF bytes out. The output keeps what a reader of the
screen PDF gets: title, author, language, links (footnote markers jump to
their note on the sheet that now holds it) and the outline.

Duplex: every second PDF page is the back of the sheet before it. Printed
"flip on short edge", a landscape sheet turns over about its vertical axis,
like a page of a book: the back side comes out upright as it is, and the
half (or panel) behind the right-hand one is the left-hand one of the back.
That is what both the tri-fold and the booklet need, so back sides are NOT
rotated. Only a layout that says `duplex: long-edge` (for a printer that can
only flip on the long edge, which turns a landscape sheet over top to
bottom) gets its back sides turned 180 degrees.
"""
from __future__ import annotations

import io

from leaflets.layout.geometry import Placement, Side, sides_for
from leaflets.layout.settings import Layout
from leaflets.typeset import private


# --- orders -----------------------------------------------------------------


# --- imposing -----------------------------------------------------------------

def _matrix(side: Side, placement: Placement) -> tuple:
    """The PDF matrix that puts a page at its place (turned 180 degrees with the side, if so)."""
    if side.turned:
        return (-1.0, 0.0, 0.0, -1.0, side.width - placement.x, side.height - placement.y)
    return (1.0, 0.0, 0.0, 1.0, placement.x, placement.y)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def impose_for(layout: Layout, data: bytes, rtl: bool = False) -> bytes:
    from pypdf import PdfReader

    count = len(PdfReader(io.BytesIO(data)).pages)
    return impose(data, sides_for(layout, count, rtl))


def impose(data: bytes, sides: list[Side]) -> bytes:
    """Place the pages of `data` on the sides; metadata, links and outline follow the pages."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import (ArrayObject, BooleanObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, TextStringObject)

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    where: dict[int, tuple[int, tuple]] = {}        # source page -> (sheet side, matrix)
    annotations: list[tuple[int, tuple, object]] = []
    for s, side in enumerate(sides):
        sheet = writer.add_blank_page(side.width, side.height)
        for placement in side.placements:
            if placement.page is None:
                continue
            page = reader.pages[placement.page]
            m = _matrix(side, placement)
            where[placement.page] = (s, m)
            for annot in page.get("/Annots") or []:
                annotations.append((s, m, annot.get_object()))
            if "/Annots" in page:
                del page[NameObject("/Annots")]
            sheet.merge_transformed_page(page, Transformation(m))

    ids = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}

    def destination(dest):
        """[page, /XYZ, left, top, zoom] of the reading-order PDF -> the same spot on its sheet."""
        target = ids.get(getattr(dest[0], "idnum", None))
        if target is None or target not in where:
            return None
        s, m = where[target]
        left = float(dest[2]) if len(dest) > 2 and dest[2] is not None else 0.0
        top = float(dest[3]) if len(dest) > 3 and dest[3] is not None else 0.0
        x, y = _apply(m, left, top)
        return s, x, y

    for s, m, annot in annotations:
        x0, y0 = _apply(m, *(float(v) for v in annot["/Rect"][:2]))
        x1, y1 = _apply(m, *(float(v) for v in annot["/Rect"][2:]))
        new = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
            NameObject("/Rect"): ArrayObject(FloatObject(round(v, 4)) for v in
                                             (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))),
        })
        if "/A" in annot:
            action = annot["/A"].get_object()
            if action.get("/S") != "/URI":
                continue
            new[NameObject("/A")] = DictionaryObject({
                NameObject("/S"): NameObject("/URI"), NameObject("/Type"): NameObject("/Action"),
                NameObject("/URI"): TextStringObject(str(action["/URI"]))})
        elif "/Dest" in annot:
            found = destination(annot["/Dest"])
            if found is None:
                continue
            t, x, y = found
            new[NameObject("/Dest")] = ArrayObject([writer.pages[t].indirect_reference, NameObject("/XYZ"),
                                                    FloatObject(round(x, 4)), FloatObject(round(y, 4)),
                                                    NumberObject(0)])
        else:
            continue
        writer.add_annotation(s, new)

    _copy_outline(reader, writer, reader.outline, None, destination)
    meta = {k: v for k, v in (reader.metadata or {}).items() if isinstance(v, str)}
    writer.add_metadata(meta)
    root, catalog = reader.trailer["/Root"], private.catalog(writer)
    if "/Lang" in root:
        catalog[NameObject("/Lang")] = TextStringObject(str(root["/Lang"]))
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    if writer.outline:
        writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_outline(reader, writer, items, parent, destination) -> None:
    from pypdf.generic import Fit

    last = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _copy_outline(reader, writer, item, last, destination)
            continue
        page = reader.get_destination_page_number(item)
        dest = [reader.pages[page].indirect_reference, "/XYZ", item.left, item.top, 0]
        found = destination(dest)
        if found is None:
            continue
        s, x, y = found
        last = writer.add_outline_item(title=item.title, page_number=s, parent=parent,
                                      fit=Fit.xyz(round(x, 4), round(y, 4), 0))
