"""Machine-checkable failure conditions of the Matterhorn protocol 1.1 (PDF/UA-1) that apply to these
leaflets, read with pikepdf: what veraPDF would check, for the parts this project writes.

Pure: a pikepdf.Pdf in, a list of (condition, message) out, one entry per failure found. The
conditions, by their Matterhorn number (PDF/UA-1 clause where the protocol names none):
7.1 a structure tree and MarkInfo Marked, 01-004 an Artifact inside tagged content, 01-007 tagged content inside an Artifact,
01-005/01-006 content neither tagged nor an Artifact, ParentTree (7.1) every MCID of a page
reached from the element that holds it, 02-001 a non-standard structure type not role-mapped,
02-004 a standard type remapped, 06-001/06-002/06-003 XMP metadata with pdfuaid:part and dc:title, 07-001/07-002 DisplayDocTitle,
09-004 TR in a table and TH/TD in a TR, 09-005 LI in an L and Lbl/LBody in an LI, 11-001 the
document's language, 13-004 a Figure without Alt, 14-002/14-003 headings from H1 without a
skipped level, 19-003/19-004 every Note with an ID, none twice, 28-002/28-011 every link
annotation in a Link element, with /Contents (7.18.5), Tabs /S on a page with annotations (7.18.3),
31-009 every font embedded (and mapped to Unicode, 10-001).
"""
from __future__ import annotations

import re

STANDARD = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI "
    "Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP "
    "Warichu WT WP Figure Formula Form".split())
PARENTS = {"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"}, "LI": {"L"},
           "Lbl": {"LI"}, "LBody": {"LI"}, "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"}}
PAINTING = frozenset(["Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"])


def failures(pdf) -> list[tuple[str, str]]:
    """Every failure of the conditions above in an open pikepdf.Pdf (none: it passes)."""
    found: list[tuple[str, str]] = []
    root = pdf.Root
    tree = root.get("/StructTreeRoot")
    if tree is None or not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        return [("7.1", "no structure tree, or MarkInfo not Marked: the PDF is not tagged")]
    _catalog(root, found)
    elements = list(_elements(tree))
    _roles(tree, elements, found)
    _notes_and_figures(elements, found)
    parents = _parent_tree(tree)
    for index, page in enumerate(pdf.pages):
        _content(page, index, parents, found)
        _annotations(page, index, parents, found)
        _fonts(page, index, found)
    return found


def _catalog(root, found: list) -> None:
    xmp = root.Metadata.read_bytes().decode("utf-8", "replace") if "/Metadata" in root else ""
    if not xmp:
        found.append(("06-001", "no XMP metadata stream"))
    if xmp and not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
        found.append(("06-002", "the XMP metadata does not say pdfuaid:part 1"))
    if xmp and not re.search(r"<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>[^<]+</rdf:li>", xmp):
        found.append(("06-003", "the XMP metadata has no dc:title"))
    prefs = root.get("/ViewerPreferences")
    if prefs is None:
        found.append(("07-001", "no ViewerPreferences dictionary"))
    elif not bool(prefs.get("/DisplayDocTitle", False)):
        found.append(("07-002", "ViewerPreferences DisplayDocTitle is not true"))
    if not str(root.get("/Lang", "")).strip():
        found.append(("11-001", "the document's language (/Lang) is not set"))


def _elements(node, parent=None):
    """(element, its parent element or None) of the tree, in reading order."""
    import pikepdf

    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid, parent
            yield from _elements(kid, kid)


def _role(element, role_map: dict) -> str:
    name = str(element.S)[1:]
    return role_map.get(name, name)


def _roles(tree, elements: list, found: list) -> None:
    role_map = {str(k)[1:]: str(v)[1:] for k, v in tree.get("/RoleMap", {}).items()}
    for name in role_map:
        if name in STANDARD:
            found.append(("02-004", f"the standard type {name} is remapped"))
    levels = []
    for element, parent in elements:
        role = _role(element, role_map)
        if role not in STANDARD:
            found.append(("02-001", f"the structure type {role} is neither standard nor role-mapped"))
        want = PARENTS.get(role)
        held_by = _role(parent, role_map) if parent is not None else "StructTreeRoot"
        if want and held_by not in want:
            found.append(("09-004" if role in ("TR", "TH", "TD", "THead", "TBody", "TFoot") else "09-005",
                          f"{role} inside {held_by}, not inside {' or '.join(sorted(want))}"))
        if re.fullmatch(r"H[1-6]", role):
            levels.append(int(role[1]))
    if levels and levels[0] != 1:
        found.append(("14-002", f"the first heading is H{levels[0]}, not H1"))
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            found.append(("14-003", f"H{after} follows H{before}: a heading level is skipped"))


def _notes_and_figures(elements: list, found: list) -> None:
    ids = []
    for element, _ in elements:
        role = str(element.S)[1:]
        if role == "Note":
            if "/ID" not in element:
                found.append(("19-003", "a Note has no ID"))
            else:
                ids.append(bytes(element.ID))
        if role == "Figure" and not str(element.get("/Alt", "")).strip() and "/ActualText" not in element:
            found.append(("13-004", "a Figure has no alternative text (/Alt)"))
    for note_id in sorted({i for i in ids if ids.count(i) > 1}):
        found.append(("19-004", f"the Note ID {note_id.decode('latin-1')} is used twice"))


def _parent_tree(tree) -> dict:
    nums = tree.get("/ParentTree", {}).get("/Nums", [])
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}


def _content(page, index: int, parents: dict, found: list) -> None:
    """Marked content: every painting operator tagged or an Artifact, neither inside the other, and every
    MCID reached back from the element the ParentTree names for it."""
    import pikepdf

    stack: list[str] = []
    loose, mcids = 0, []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            is_mcid = op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
            kind = "artifact" if str(operands[0]) == "/Artifact" else "mcid" if is_mcid else "span"
            if kind == "artifact" and "mcid" in stack:
                found.append(("01-004", f"page {index + 1}: an Artifact inside tagged content"))
            if kind == "mcid" and "artifact" in stack:
                found.append(("01-007", f"page {index + 1}: tagged content inside an Artifact"))
            if kind == "mcid":
                mcids.append(int(operands[1].MCID))
            stack.append(kind)
        elif op == "EMC" and stack:
            stack.pop()
        elif op in PAINTING and "mcid" not in stack and "artifact" not in stack:
            loose += 1
    if loose:
        found.append(("01-005", f"page {index + 1}: {loose} operators neither tagged nor an Artifact"))
    key = page.get("/StructParents")
    owners = parents.get(int(key)) if key is not None else None
    for mcid in mcids:
        owner = owners[mcid] if isinstance(owners, pikepdf.Array) and mcid < len(owners) else None
        if not isinstance(owner, pikepdf.Dictionary) or mcid not in _own_mcids(owner, page):
            found.append(("ParentTree", f"page {index + 1}: MCID {mcid} is not reached from its element"))


def _own_mcids(element, page) -> set[int]:
    import pikepdf

    kids = element.get("/K")
    out = set()
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, int):
            if element.get("/Pg") is not None and element.Pg.objgen == page.objgen:
                out.add(int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR" and kid.Pg.objgen == page.objgen:
            out.add(int(kid.MCID))
    return out


def _annotations(page, index: int, parents: dict, found: list) -> None:
    import pikepdf

    annots = [a for a in page.get("/Annots", []) if a.get("/Subtype") not in ("/Popup",)]
    if annots and page.get("/Tabs") != "/S":
        found.append(("7.18.3", f"page {index + 1} has annotations but no /Tabs /S"))
    for annot in annots:
        key = annot.get("/StructParent")
        element = parents.get(int(key)) if key is not None else None
        if not isinstance(element, pikepdf.Dictionary):
            found.append(("28-002", f"page {index + 1}: an annotation is not in the structure tree"))
        elif annot.get("/Subtype") == "/Link" and element.get("/S") != "/Link":
            found.append(("28-011", f"page {index + 1}: a link annotation is not inside a Link element"))
        if annot.get("/Subtype") == "/Link" and not str(annot.get("/Contents", "")).strip():
            found.append(("7.18.5", f"page {index + 1}: a link annotation has no /Contents"))


def _fonts(page, index: int, found: list) -> None:
    resources = page.get("/Resources", {})
    for name, font in resources.get("/Font", {}).items():
        descriptor = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0":
            descriptor = font.DescendantFonts[0].get("/FontDescriptor")
        if font.get("/Subtype") != "/Type3" and (descriptor is None or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))):
            found.append(("31-009", f"page {index + 1}: the font {font.get('/BaseFont')} is not embedded"))
        if "/ToUnicode" not in font:
            found.append(("10-001", f"page {index + 1}: the font {font.get('/BaseFont')} has no ToUnicode map"))
