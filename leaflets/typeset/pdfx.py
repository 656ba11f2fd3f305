"""PDF/X-4 for a print shop: the output intent, the Info and XMP entries that say the file is PDF/X-4.

A print-shop layout names its printing condition (`print.output_intent`): its CMYK profile is
embedded as the OutputIntent's DestOutputProfile, with the condition's name in the ICC registry.
The file also says it is PDF/X-4 in its Info dictionary (GTS_PDFXVersion) and its XMP
(pdfxid:GTS_PDFXVersion, with the Info entries repeated there as PDF/X asks: dates, producer,
trapping, document and version IDs). PDF/X-4 is PDF 1.6. The tagged PDF/UA-1 file keeps its
structure and pdfuaid: the two standards do not conflict.
This module imports nothing from reportlab; typeset.structure writes what it returns.
"""
from __future__ import annotations

import re
import zlib

from leaflets.layout.settings import OutputIntent
from leaflets.typeset.markup import escape as xml_escape
from leaflets.typeset.textlayer import pdf_text

VERSION = "PDF/X-4"
PDF_VERSION = "1.6"
REGISTRY = "http://www.color.org"


def profile_stream(intent: OutputIntent) -> bytes:
    """The ICC profile as a PDF stream object's body (four components: CMYK)."""
    packed = zlib.compress(intent.data, 9)
    return (b"<< /N 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)) + packed + b"\nendstream"


def output_intents(intent: OutputIntent, profile_number: int) -> str:
    """The catalog's /OutputIntents entry."""
    return (f" /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier "
            f"{_string(intent.condition)} /OutputCondition {_string(intent.info or intent.condition)} "
            f"/RegistryName ({REGISTRY}) /Info {_string(intent.info or intent.condition)} "
            f"/DestOutputProfile {profile_number} 0 R >>]")


def info_keys() -> str:
    return f" /GTS_PDFXVersion ({VERSION})"


def _string(text: str) -> str:
    if text.isascii():
        return "(" + re.sub(r"([\\()])", r"\\\1", text) + ")"
    return pdf_text(text)


_INFO = re.compile(rb"/(CreationDate|ModDate|Producer|Creator|Author|Subject|Keywords|Trapped) "
                   rb"(\((?:\\.|[^\\)])*\)|/\w+)")


def xmp_properties(info: bytes, document_id: bytes) -> tuple[str, str]:
    """(namespace declarations, properties) for the XMP description: the Info entries PDF/X asks to
    find there too, and the PDF/X version. `info` is the Info dictionary's text, `document_id` the
    trailer's /ID array (the document and version IDs are made from it: the same bytes each build)."""
    found = {m.group(1).decode(): m.group(2).decode("latin-1") for m in _INFO.finditer(info)}
    text = {k: _unescape(v) for k, v in found.items() if v.startswith("(")}
    ident = re.findall(rb"<([0-9a-fA-F]+)>", document_id)
    uuid = _uuid(ident[0] if ident else b"0" * 32)
    props = [f"<xmp:CreateDate>{_date(text.get('CreationDate', ''))}</xmp:CreateDate>",
             f"<xmp:ModifyDate>{_date(text.get('ModDate', ''))}</xmp:ModifyDate>",
             f"<xmp:MetadataDate>{_date(text.get('ModDate', ''))}</xmp:MetadataDate>",
             f"<xmp:CreatorTool>{xml_escape(text.get('Creator', ''))}</xmp:CreatorTool>",
             f"<pdf:Producer>{xml_escape(text.get('Producer', ''))}</pdf:Producer>",
             f"<pdf:Keywords>{xml_escape(text.get('Keywords', ''))}</pdf:Keywords>",
             f"<pdf:Trapped>{found.get('Trapped', '/False')[1:]}</pdf:Trapped>",
             f"<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>",
             f"<xmpMM:VersionID>1</xmpMM:VersionID>",
             "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
             f"<pdfxid:GTS_PDFXVersion>{VERSION}</pdfxid:GTS_PDFXVersion>"]
    if text.get("Author"):
        props.append(f"<dc:creator><rdf:Seq><rdf:li>{xml_escape(text['Author'])}</rdf:li></rdf:Seq></dc:creator>")
    if text.get("Subject"):
        props.append('<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
                     f"{xml_escape(text['Subject'])}</rdf:li></rdf:Alt></dc:description>")
    spaces = (' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
              ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"')
    return spaces, "".join(f"   {p}\n" for p in props)


def _unescape(literal: str) -> str:
    """A PDF literal string's text: reportlab writes non-ASCII Info text as UTF-16BE with a BOM."""
    raw = re.sub(r"\\([0-7]{1,3}|.)", lambda m: chr(int(m.group(1), 8)) if m.group(1).isdigit()
                 else {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(m.group(1), m.group(1)),
                 literal[1:-1]).encode("latin-1", "replace")
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _date(pdf_date: str) -> str:
    """D:20000101000000+00'00' as 2000-01-01T00:00:00+00:00."""
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)'?(\d\d)'?|Z)?", pdf_date)
    if not m:
        return "2000-01-01T00:00:00Z"
    y, mo, d, h, mi, s, sign, zh, zm = m.groups()
    zone = f"{sign}{zh}:{zm}" if sign else "Z"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _uuid(hex_id: bytes) -> str:
    h = (hex_id.decode("ascii").lower() + "0" * 32)[:32]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
