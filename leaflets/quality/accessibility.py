"""Accessibility checks of an on-screen PDF: tagged (PDF/UA-1) and with a text layer that reads as written.

Pure: PDF bytes (and the model) in, CheckResults out. The structure is read with pikepdf, the
text as a reader extracts it with pdfium (which honours ActualText, as screen readers' hosts do).
Follows the machine-checkable conditions of the Matterhorn protocol that apply to these leaflets:
structure tree and MarkInfo (01-001, 06-*), every content operator either tagged or an Artifact
and no tagged sequence inside another (01-005, 01-006), headings in order without skipped levels
(14-002, 14-003), every link annotation in a Link element (28-008, 28-011), a document title shown
(07-001) and a language (11-001).
"""
from __future__ import annotations

import io
import re
import unicodedata

from leaflets.model.inline import collapse_numbers
from leaflets.model.nodes import CitationMark, Leaflet
from leaflets.model.walk import walk
from leaflets.quality.expected import running_texts
from leaflets.quality.readability import UNSPACED, language
from leaflets.quality.reports import CheckResult

PAINTING = frozenset(["Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"])


def check_structure(data: bytes, places: dict) -> CheckResult:
    """Structure tree, marked content, headings and links of a tagged PDF."""
    import pikepdf

    r = CheckResult("accessibility", "tagged PDF: structure tree, marked content, headings, links")
    where = places.get("content")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        tree = root.get("/StructTreeRoot")
        marked = bool(root.get("/MarkInfo", {}).get("/Marked", False))
        if tree is None or not marked:
            r.error("the PDF is not tagged (no structure tree, or MarkInfo not Marked): screen readers "
                    "cannot tell headings, lists and notes apart", where, "build the PDF again with this "
                    "version", code="pdf-not-tagged")
            r.summary = "not tagged"
            return r
        _check_catalog(r, pdf, where)
        for index, page in enumerate(pdf.pages):
            _check_page_content(r, page, index, where)
        headings = _headings(tree)
        _check_headings(r, headings, where)
        links = _check_links(r, pdf, tree, where)
        r.summary = f"{len(pdf.pages)} pages marked, {len(headings)} headings, {links} links in the tree"
        r.figures.update(headings=len(headings), links=links)
    return r


def _check_catalog(r: CheckResult, pdf, where) -> None:
    root = pdf.Root
    prefs = root.get("/ViewerPreferences", {})
    if not bool(prefs.get("/DisplayDocTitle", False)):
        r.error("the PDF does not ask viewers to show its title (DisplayDocTitle)", where, code="pdf-title-not-shown")
    metadata = root.get("/Metadata")
    xmp = metadata.read_bytes().decode("utf-8", "replace") if metadata is not None else ""
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp or "<dc:title>" not in xmp:
        r.error("the PDF's XMP metadata does not declare PDF/UA-1 (pdfuaid:part) and its title (dc:title)",
                where, code="pdfua-metadata-missing")


def _check_page_content(r: CheckResult, page, index: int, where) -> None:
    """Every painting operator inside a tagged sequence (one with an MCID) or an Artifact; no tagged
    sequence inside another."""
    import pikepdf

    stack: list[str] = []
    loose = nested = 0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BMC", "BDC"):
            tag = str(operands[0])
            has_mcid = op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
            kind = "artifact" if tag == "/Artifact" else "mcid" if has_mcid else "span"
            if kind == "mcid" and "mcid" in stack:
                nested += 1
            stack.append(kind)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in PAINTING and "mcid" not in stack and "artifact" not in stack:
            loose += 1
    if loose:
        r.error(f"page {index + 1}: {loose} drawing operator{'s' if loose != 1 else ''} neither tagged nor "
                "marked as an artifact (a screen reader skips or misreads them)", where, code="content-not-marked")
    if nested:
        r.error(f"page {index + 1}: {nested} tagged sequence{'s' if nested != 1 else ''} inside another",
                where, code="marked-content-nested")


def _elements(node):
    """The structure elements under a node, in reading order."""
    import pikepdf

    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def _headings(tree) -> list[int]:
    return [int(str(e.S)[2:]) for e in _elements(tree) if re.fullmatch(r"/H[1-6]", str(e.S))]


def _check_headings(r: CheckResult, levels: list[int], where) -> None:
    if not levels:
        r.error("the structure tree has no headings", where, code="headings-missing")
        return
    if levels[0] != 1:
        r.error(f"the first heading is H{levels[0]}, not H1 (the title)", where, code="heading-skipped")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            r.error(f"heading H{after} follows H{before}: a level is skipped", where, code="heading-skipped")
            break


def _check_links(r: CheckResult, pdf, tree, where) -> int:
    """Every link annotation reached from a Link element of the tree (its StructParent in the ParentTree)."""
    import pikepdf

    parents = {}
    nums = tree.get("/ParentTree", {}).get("/Nums", [])
    for i in range(0, len(nums) - 1, 2):
        parents[int(nums[i])] = nums[i + 1]
    count = 0
    for index, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            count += 1
            key = annot.get("/StructParent")
            element = parents.get(int(key)) if key is not None else None
            if not isinstance(element, pikepdf.Dictionary) or element.get("/S") != "/Link":
                r.error(f"page {index + 1}: a link annotation is in no Link element of the structure tree",
                        where, code="link-not-tagged")
            elif not str(annot.get("/Contents", "")).strip():
                r.error(f"page {index + 1}: a link annotation has no description (/Contents)", where,
                        code="link-not-described")
    return count


# --- the text layer ------------------------------------------------------------------------

def model_texts(leaflet: Leaflet) -> list[str]:
    """What the leaflet's words are, block by block, as a reader should get them back (markers included)."""
    return [text for text, _ in model_blocks(leaflet)]


def model_blocks(leaflet: Leaflet, places: dict | None = None) -> list[tuple]:
    """(text, where it is written or None) of each block (model_texts): where content_places says (the
    parts the model keeps no location of), else the model's own, else its section's."""
    places, blocks = places or {}, []
    for t in walk(leaflet):
        parts = [" " + collapse_numbers(n.numbers) if isinstance(n, CitationMark) else n.text for n in t.inline]
        if "".join(parts).strip():
            blocks.append(("".join(parts), places.get(t.kind) or t.source or (t.section.source if t.section else None)))
    return blocks + [(ref.text, places.get(f"reference:{ref.key}")) for ref in leaflet.references]


# the invisible marks of direction a text layer may hold (typeset.textlayer puts RLM and LRM where
# pdfium and poppler need them to read a right-to-left line in order) or a reader adds (poppler's
# embeddings): not part of the text
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_marks(text: str) -> str:
    return text.translate(_BIDI_MARKS)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _unhyphened(text: str) -> str:
    return text.replace("-", "")


def _words(text: str) -> list[str]:
    """The words of a text, NFC, without the punctuation at their ends (a marker's full stop)."""
    out = []
    for token in unicodedata.normalize("NFC", text).split():
        start, end = 0, len(token)
        while start < end and unicodedata.category(token[start]).startswith("P"):
            start += 1
        while end > start and unicodedata.category(token[end - 1]).startswith("P"):
            end -= 1
        if token[start:end]:
            out.append(token[start:end])
    return out


def extracted_text(data: bytes) -> list[str]:
    """Each page's text as pdfium extracts it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return [without_marks(doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


def check_text_layer(data: bytes, leaflet: Leaflet, places: dict) -> CheckResult:
    """Text round trip: every block of the model found, NFC-equal, in the text pdfium extracts (joined over
    the pages without their footers and footnotes, so a paragraph broken over a page is found whole);
    no private-use character anywhere."""
    r = CheckResult("text-layer", "the text extracted from the PDF reads as written")
    try:
        pages = extracted_text(data)
    except ImportError:
        r.skipped = "pypdfium2 is not installed (pip install pypdfium2)"
        r.summary = r.skipped
        return r
    where = places.get("content")
    text = _squash("".join(pages))
    private = sorted({ch for ch in text if 0xE000 <= ord(ch) <= 0xF8FF})
    if private:
        r.error(f"the text layer holds {len(private)} private-use character{'s' if len(private) != 1 else ''}: "
                "copied, searched or read aloud, some words come out wrong", where, code="text-private-use")
    whole = text
    for running in sorted({_squash(t) for t in running_texts(leaflet, len(pages))}, key=len, reverse=True):
        text = text.replace(running, "")
    body = text         # without the footers: a reference broken over a page reads whole here
    for ref in leaflet.references:
        text = text.replace(_squash(f"{ref.number}.{ref.text}"), "")
    blocks = model_blocks(leaflet, places)
    # pdfium joins a word that breaks at its hyphen at the end of a line and drops the hyphen
    # ("low-|dose" reads "lowdose"): a reader's habit, not a fault of the text layer
    readings = [text, body, whole]
    readings += [_unhyphened(t) for t in readings]
    missing = {b: "" for b in blocks
               if not any(_squash(b[0]) in t or _unhyphened(_squash(b[0])) in t for t in readings)}
    if language(leaflet.locale) not in UNSPACED:      # and each word whole (no space inside a word)
        seen = set(_words(" ".join(pages)))
        for b in blocks:
            broken = [w for w in _words(b[0]) if w not in seen and not ("-" in w and _unhyphened(w) in seen)]
            if broken and b not in missing:
                missing[b] = f" (not read back as one word: {', '.join(broken[:3])})"
    for (block, source), why in list(missing.items())[:5]:
        r.error(f"this text does not read back from the PDF as written: \"{block[:60]}\"{why}", source or where,
                "a script's text layer is broken (shaping or direction); report it with the leaflet and locale",
                code="text-round-trip")
    if len(missing) > 5:
        r.error(f"{len(missing) - 5} more blocks do not read back as written", where, code="text-round-trip")
    r.summary = f"{len(blocks) - len(missing)} of {len(blocks)} blocks read back as written"
    r.figures["blocks_missing"] = len(missing)
    return r
