"""The structure tree of a tagged PDF, added to the bytes reportlab saved.

Takes the PDF and the Tagger that recorded its drawing (tagging.py); returns the PDF with a
StructTreeRoot (the elements in reading order, a ParentTree from each page's MCIDs and each link
annotation back to its element, an IDTree of the notes, a RoleMap of any non-standard role),
/StructParents and /Tabs /S on the pages, /StructParent and /Contents on the link annotations,
MarkInfo, XMP metadata (dc:title, dc:language, pdfuaid:part 1) and PDF 1.7.

reportlab writes every object but the streams as plain text, with one cross-reference table, so
its objects are read by their offsets and written again with the few that change and the new ones
(_Writer), without a PDF library: a few milliseconds, and the same bytes each time.
This module imports nothing from reportlab.
"""
from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from itertools import accumulate, chain, pairwise, repeat

from leaflets.typeset import pdfx
from leaflets.typeset.markup import escape as xml_escape
from leaflets.typeset.tagging import Element, Tagger
from leaflets.typeset.textlayer import pdf_text

_REF = re.compile(rb"(\d+) 0 R")


def _deflate(data: bytes, window: int = 15, memory: int = 8) -> bytes:
    """zlib's fast deflate (level 3): the object stream is about 3% larger than at the default 6, and a
    tagged render 0.2 ms faster (bench/run.py, tagging cost). A compressobj starts some 40 microseconds
    sooner than zlib.compress (Python 3.11, measured); a smaller `window` and `memory` for a small input
    (the cross-reference stream) sooner still."""
    packer = zlib.compressobj(3, zlib.DEFLATED, window, memory)
    return packer.compress(data) + packer.flush()


class _Pdf:
    """The objects of reportlab's output, by number, and its trailer."""

    def __init__(self, data: bytes):
        self.data = data
        start = int(data[data.rindex(b"startxref") + 9:].split()[0])
        self.xref = start
        trailer = data[data.index(b"trailer", start):]
        self.size = int(re.search(rb"/Size (\d+)", trailer).group(1))
        self.root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
        self.info = int(re.search(rb"/Info (\d+) 0 R", trailer).group(1))
        found = re.search(rb"/ID\s*(\[<[0-9a-fA-F]+><[0-9a-fA-F]+>\])", trailer)
        self.id = found.group(1) if found else b""
        self.offsets = {}
        lines = data[start:data.index(b"trailer", start)].split(b"\n")
        count = int(lines[1].split()[1])
        for number in range(count):
            entry = lines[2 + number]
            if entry.endswith(b"n") or entry.rstrip().endswith(b"n"):
                self.offsets[number] = int(entry[:10])
        starts = sorted(self.offsets.values()) + [start]
        following = dict(pairwise(starts))
        self.ends = {n: following[at] for n, at in self.offsets.items()}     # where the next object starts

    def body(self, number: int) -> bytes:
        """An object's text between `obj` and `endobj` (reportlab writes them one after another)."""
        at = self.offsets[number]
        end = self.ends[number]
        return self.data[self.data.index(b"obj\n", at, end) + 4:self.data.rindex(b"\nendobj", at, end)]

    def refs(self, body: bytes, key: bytes) -> list[int]:
        m = re.search(re.escape(key) + rb"\s*\[([^\]]*)\]", body)
        return [int(n) for n in _REF.findall(m.group(1))] if m else []


def _add_keys(body: bytes, keys: str) -> bytes:
    """A dictionary's text with more entries before its closing >>."""
    end = body.rstrip().rindex(b">>")
    return body[:end] + keys.encode("latin-1") + b"\n" + body[end:]


def write_structure(data: bytes, tagger: Tagger, title: str, lang: str, intent=None) -> bytes:
    """The tagged PDF; with a print-shop layout's OutputIntent, also PDF/X-4 (typeset.pdfx)."""
    pdf = _Pdf(data)
    catalog = pdf.body(pdf.root)
    pages_obj = int(re.search(rb"/Pages (\d+) 0 R", catalog).group(1))
    pages = pdf.refs(pdf.body(pages_obj), b"/Kids")
    out = _Writer(pdf.size)
    order: list = []
    _preorder(tagger.root, None, order)
    numbers = [out.reserve() for _ in order]
    refs = {e: f"{number} 0 R" for (e, _), number in zip(order, numbers)}
    root_number, tree_number, ids_number, xmp_number = out.reserve(), out.reserve(), out.reserve(), out.reserve()

    nums, next_key = [], len(pages)
    page_refs = [f"{page} 0 R" for page in pages]
    annot_refs = []
    for index, page in enumerate(pages):
        body = pdf.body(page)
        annots = pdf.refs(body, b"/Annots")
        annot_refs.append([f"{annot} 0 R" for annot in annots])
        marks = tagger.pages[index] if index < len(tagger.pages) else []
        if marks:
            array = out.add("[" + " ".join([refs[e] for e in marks]) + "]")
            nums.append(f"{index} {array} 0 R")
        keys = f" /StructParents {index}" + (" /Tabs /S" if annots else "")
        out.replace(page, _add_keys(body, keys))
        links = tagger.annots[index] if index < len(tagger.annots) else []
        for k, annot in enumerate(annots):
            link = links[k] if k < len(links) else None
            if link not in refs:
                continue
            nums.append(f"{next_key} {refs[link]}")
            annot_body = pdf.body(annot).replace(b"/Contents ()", b"")
            out.replace(annot, _add_keys(annot_body, f" /StructParent {next_key} /Contents {pdf_text(link.contents)}"))
            next_key += 1

    root_ref = f"{root_number} 0 R"
    for (element, parent), number in zip(order, numbers):
        out.put(number, _element(element, refs[parent] if parent else root_ref, refs, page_refs, annot_refs))
    notes = sorted((e.note_id, refs[e]) for e, _ in order if e.note_id)
    role_map = "".join(f" /{k} /{v}" for k, v in sorted(tagger.roles.items()))
    out.put(tree_number, f"<< /Nums [{' '.join(nums)}] >>")
    out.put(ids_number, "<< /Names [" + " ".join(f"({n}) {r}" for n, r in notes) + "] >>")
    out.put(root_number, f"<< /Type /StructTreeRoot /K {refs[tagger.root]} /ParentTree {tree_number} 0 R "
                         f"/ParentTreeNextKey {next_key} /IDTree {ids_number} 0 R"
                         + (f" /RoleMap <<{role_map} >>" if role_map else "") + " >>")
    version, extra = "1.7", ""
    if intent is not None:
        version, extra = pdfx.PDF_VERSION, pdfx.output_intents(intent, out.add(pdfx.profile_stream(intent)))
        info = pdf.body(pdf.info)
        out.replace(pdf.info, _add_keys(info, pdfx.info_keys()))
    xmp = _xmp(title, lang, pdfx.xmp_properties(info, pdf.id) if intent is not None else ("", "")).encode("utf-8")
    out.put(xmp_number, f"<< /Type /Metadata /Subtype /XML /Length {len(xmp)} >>\nstream\n".encode("latin-1")
            + xmp + b"\nendstream")
    keys = (f" /MarkInfo << /Marked true >> /StructTreeRoot {root_number} 0 R /Metadata {xmp_number} 0 R"
            f" /Version /{version}{extra}")
    out.replace(pdf.root, _add_keys(catalog, keys))
    out.version = version.encode()
    if tagger.right_to_left:
        _rewrite_to_unicode(pdf, out, tagger.glyphs)
    return out.finish(pdf)


_FONT = re.compile(rb"/BaseFont /[A-Z]{6}\+(\S+)[^>]*?/ToUnicode (\d+) 0 R")
_MAP = re.compile(rb"<([0-9A-F]{2,4})> <([0-9A-F]{4,})>")


def _letters(code: int, glyphs: dict) -> str:
    """What a glyph stored as `code` reads as: the letters of a glyph with no character of its own
    (textlayer.record_glyphs), the letters of an Arabic presentation form (joined forms, ligatures).

    The glyphs of a right-to-left line stand in visual order, and pdfium and poppler put a line in
    reading order by reversing the characters they map to, a ligature's too: so a ligature's letters
    are written here from last to first (لا as ا then ل), and come back in the order they are written."""
    if 0xE000 <= code <= 0xF8FF:
        letters = glyphs.get(code, "")
    elif 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC:
        letters = unicodedata.normalize("NFKC", chr(code))
    else:
        return ""
    return letters[::-1] if len(letters) > 1 and all(_right_to_left(ch) for ch in letters) else letters


def _right_to_left(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("AL", "R", "NSM")


def _rewrite_to_unicode(pdf: _Pdf, out: "_Writer", glyphs: dict) -> None:
    """Each font's ToUnicode with its joined forms and ligatures mapped to the letters they draw."""
    done = set()
    for number in sorted(pdf.offsets):
        for m in _FONT.finditer(pdf.body(number)):
            name, target = m.group(1).decode("latin-1"), int(m.group(2))
            if target in done:
                continue
            done.add(target)
            body = pdf.body(target)
            start = body.index(b"stream", body.index(b">>")) + len(b"stream")
            start += 2 if body[start:start + 2] == b"\r\n" else 1
            length = int(re.search(rb"/Length (\d+)", body).group(1))
            cmap = zlib.decompress(body[start:start + length])

            def mapped(line, font=glyphs.get(name, {})):
                letters = _letters(int(line.group(2)[:4], 16), font) if len(line.group(2)) == 4 else ""
                if not letters:
                    return line.group(0)
                return b"<%s> <%s>" % (line.group(1), letters.encode("utf-16-be").hex().upper().encode())

            new = _MAP.sub(mapped, cmap)
            if new != cmap:
                packed = _deflate(new)
                out.replace(target, b"<<\n/Filter [ /FlateDecode ] /Length %d\n>>\nstream\n" % len(packed)
                            + packed + b"\nendstream")


def _element(element: Element, parent: str, refs: dict, page_refs: list, annot_refs: list) -> str:
    own_page = None       # the page of its first marked content: its /Pg, which its MCIDs there need not repeat
    kids = []
    for kid in element.kids:
        if kid.__class__ is Element:
            if kid in refs:
                kids.append(refs[kid])
        elif kid[0] == "annot":
            kids.append(f"<< /Type /OBJR /Obj {annot_refs[kid[1]][kid[2]]} /Pg {page_refs[kid[1]]} >>")
        elif own_page is None or kid[0] == own_page:
            own_page = kid[0]
            kids.append(str(kid[1]))
        else:
            kids.append(f"<< /Type /MCR /Pg {page_refs[kid[0]]} /MCID {kid[1]} >>")
    k = kids[0] if len(kids) == 1 else "[" + " ".join(kids) + "]"
    text = f"<< /Type /StructElem /S /{element.role} /P {parent} /K {k}"
    if own_page is not None:
        text += f" /Pg {page_refs[own_page]}"
    if element.lang:
        text += f" /Lang {pdf_text(element.lang)}"
    if element.note_id:
        text += f" /ID ({element.note_id})"
    if element.alt:
        text += f" /Alt {pdf_text(element.alt)}"
    if element.attributes:
        text += " " + element.attributes
    return text + " >>"


def _preorder(element: Element, parent, order: list) -> bool:
    """Add (element, parent) to `order` for the element and each element inside it, in reading order,
    leaving out (and taking from their parents' kids) those that hold nothing: a container none of
    whose content was drawn. Whether the element is kept."""
    at = len(order)
    order.append((element, parent))
    kept = [kid for kid in element.kids if kid.__class__ is not Element or _preorder(kid, element, order)]
    element.kids = kept
    if kept or element.role == "Document":
        return True
    del order[at:]
    return False


def _xmp(title: str, lang: str, more: tuple[str, str]) -> str:
    """The XMP packet; `more`: (namespace declarations, properties) to add (typeset.pdfx)."""
    t, l = xml_escape(title), xml_escape(lang)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            f' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"{more[0]}>\n'
            f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>\n'
            f'   <dc:language><rdf:Bag><rdf:li>{l}</rdf:li></rdf:Bag></dc:language>\n'
            '   <pdfuaid:part>1</pdfuaid:part>\n'
            + more[1] +
            '  </rdf:Description>\n'
            ' </rdf:RDF>\n'
            '</x:xmpmeta>\n'
            '<?xpacket end="w"?>')


class _Writer:
    """The PDF written again: its streams as they are, every other object (reportlab's dictionaries,
    the structure tree) compressed in one object stream, and a cross-reference stream (PDF 1.5):
    the tagged file is about the size of the untagged one."""

    def __init__(self, size: int):
        self.next = size
        self.objects: dict[int, bytes] = {}
        self.version = b"1.7"

    def reserve(self) -> int:
        self.next += 1
        return self.next - 1

    def put(self, number: int, body) -> None:
        self.objects[number] = body if isinstance(body, bytes) else body.encode("latin-1")

    def add(self, body) -> int:
        number = self.reserve()
        self.put(number, body)
        return number

    def replace(self, number: int, body: bytes) -> None:
        self.objects[number] = body

    def finish(self, pdf: _Pdf) -> bytes:
        objects = {n: pdf.body(n) for n in pdf.offsets if n and n not in self.objects}
        objects.update(self.objects)
        streams, packed = [], []
        for n in sorted(objects):
            (streams if objects[n].endswith(b"endstream") else packed).append(n)
        head = b"%%PDF-%s\n%%\x93\x8c\x8b\x9e leaflets\n" % self.version
        chunks, where, at = [head], {0: (0, 0, 65535)}, len(head)
        for n in streams:
            where[n] = (1, at, 0)
            chunk = b"%d 0 obj\n%s\nendobj\n" % (n, objects[n])
            chunks.append(chunk)
            at += len(chunk)
        box = self.reserve()
        bodies = [objects[n] for n in packed]
        where.update((n, (2, box, i)) for i, n in enumerate(packed))
        offsets = accumulate((len(b) + 1 for b in bodies), initial=0)
        first = b" ".join([b"%d %d" % pair for pair in zip(packed, offsets)]) + b"\n"
        data = _deflate(first + b"\n".join(bodies) + b"\n")
        chunk = (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
                 % (box, len(packed), len(first), len(data)) + data + b"\nendstream\nendobj\n")
        where[box] = (1, at, 0)
        chunks.append(chunk)
        at += len(chunk)
        xref = self.reserve()
        where[xref] = (1, at, 0)
        entries = chain.from_iterable(map(where.get, range(self.next), repeat((0, 0, 0))))    # 0: free
        rows = _deflate(struct.pack(">" + "BIH" * self.next, *entries), 11, 4)
        trailer = (b"<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R%s /Filter /FlateDecode "
                   b"/Length %d >>" % (self.next, pdf.root, pdf.info, b" /ID " + pdf.id if pdf.id else b"", len(rows)))
        chunks.append(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
                      % (xref, trailer, rows, at))
        return b"".join(chunks)
