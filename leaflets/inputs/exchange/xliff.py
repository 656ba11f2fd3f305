"""XLIFF 1.2 out and in, with the standard library (xml.sax.saxutils to write, expat to read).

Written by hand rather than through translate-toolkit: it writes XLIFF 1.1 unless started from a
1.2 skeleton and flattens inline tags in its own checks (DESIGN.md), while ours needs exact
control of <x/> and <g> and byte-identical output on every run. Inline syntax travels as XLIFF
inline elements, numbered per unit in the order of the source: a citation is
<x id="N" ctype="x-citation" equiv-text="[@key]"/>, bold and italic are <g ctype="bold|italic">
pairs, a link is <g ctype="link"> around its words, its address in a note (never translated:
an import takes it from the source by the element's id).
"""
from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from leaflets.inputs.exchange.inline import BOLD, CITE, ITALIC, LINK, Token, tokens
from leaflets.inputs.exchange.units import FINAL, NEW, Review, Unit

NS = "urn:oasis:names:tc:xliff:document:1.2"
_CTYPE = {BOLD: "bold", ITALIC: "italic", LINK: "link"}


@dataclass
class Slot:
    """A placeholder of a unit's source: its id, kind (cite, link, bold, italic) and value."""
    id: str
    kind: str
    value: str


def slots(unit: Unit) -> list[Slot]:
    """The source's placeholders, numbered 1, 2, ... in reading order (a pair takes one number)."""
    if not unit.inline:
        return []
    out, n = [], 0
    for t in tokens(unit.source):
        if t.kind in (CITE, LINK) or t.kind == "open":
            n += 1
            out.append(Slot(str(n), t.value if t.kind == "open" else t.kind, t.value))
    return out


def _inline_xml(text: str, unit_slots: list[Slot]) -> str:
    """Text in our syntax as XLIFF content; each placeholder takes the id of the source's like it."""
    unused = list(unit_slots)
    fresh = len(unit_slots)
    opened: list[str] = []

    def take(kind, value):
        nonlocal fresh
        for s in unused:
            if s.kind == kind and (kind in (BOLD, ITALIC) or s.value == value):
                unused.remove(s)
                return s.id
        fresh += 1
        return str(fresh)

    out = []
    for t in tokens(text):
        if t.kind == "text":
            out.append(escape(t.value))
        elif t.kind == CITE:
            out.append(f'<x id="{take(CITE, t.value)}" ctype="x-citation" equiv-text={quoteattr(t.value)}/>')
        elif t.kind == LINK:
            out.append(f'<g id="{take(LINK, t.value)}" ctype="link">{escape(t.label)}</g>')
        elif t.kind == "open":
            out.append(f'<g id="{take(t.value, "")}" ctype="{_CTYPE[t.value]}">')
            opened.append(t.value)
        else:
            out.append("</g>")
    return "".join(out)


def _content(unit: Unit, text: str) -> str:
    return _inline_xml(text, slots(unit)) if unit.inline else escape(text)


def write(units: list[Unit], original: str, source_locale: str, locale: str, review: Review | None = None) -> bytes:
    """The XLIFF 1.2 document of a leaflet's units; the same units give the same bytes.

    A reviewed translation's reviewer goes in the header as a phase of the process "review"."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff version="1.2" xmlns="{NS}">',
             f'  <file original={quoteattr(original)} source-language={quoteattr(source_locale)} '
             f'target-language={quoteattr(locale)} datatype="x-leaflets-yaml">']
    if review is not None:
        date = f" date={quoteattr(review.on + 'T00:00:00Z')}" if review.on else ""
        lines += ["    <header>", "      <phase-group>",
                  f'        <phase phase-name="review" process-name="review" contact-name={quoteattr(review.by)}{date}/>',
                  "      </phase-group>", "    </header>"]
    lines.append("    <body>")
    for u in units:
        limit = f' maxwidth="{u.limit}" size-unit="char"' if u.limit else ""
        approved = ' approved="yes"' if u.state == FINAL else ""
        lines.append(f'      <trans-unit id={quoteattr(u.id)} xml:space="preserve"{limit}{approved}>')
        lines.append(f"        <source>{_content(u, u.source)}</source>")
        if u.target is None or u.state == NEW:
            lines.append('        <target state="needs-translation"></target>')
        else:
            lines.append(f'        <target state="{u.state}">{_content(u, u.target)}</target>')
        lines.append(f'        <note from="leaflets">{escape(u.note)}</note>')
        for s in slots(u):
            if s.kind == LINK:
                lines.append(f'        <note from="leaflets">element {s.id} links to {escape(s.value)} '
                             "(the address is kept as it is)</note>")
        lines.append("      </trans-unit>")
    lines += ["    </body>", "  </file>", "</xliff>", ""]
    return "\n".join(lines).encode("utf-8")


@dataclass
class Node:
    """An element read back, with the line it starts on; children mix str (text) and Node."""
    tag: str
    attrs: dict
    line: int
    children: list = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]


class XliffError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def parse(raw: bytes) -> Node:
    """The element tree of an XLIFF file, each element with its line; no DTDs, no entities of its own."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    stack: list[Node] = [Node("", {}, 0)]

    def refuse(*_):
        raise XliffError(parser.CurrentLineNumber, "a DOCTYPE or entity declaration is not allowed in XLIFF")

    def start(name, attrs):
        tag = name.split("}", 1)[1] if "}" in name else name
        node = Node(tag, {k.split("}")[-1]: v for k, v in attrs.items()}, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def data(text):
        kids = stack[-1].children
        if kids and isinstance(kids[-1], str):
            kids[-1] += text
        else:
            kids.append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: stack.pop()
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        raise XliffError(exc.lineno, f"not well-formed XML: {xml.parsers.expat.ErrorString(exc.code)}") from None
    roots = stack[0].find("xliff")
    if not roots or roots[0].attrs.get("version") != "1.2":
        raise XliffError(1, "not an XLIFF 1.2 file (<xliff version=\"1.2\">)")
    return roots[0]


__all__ = ["Token", "write", "parse", "slots", "Slot", "Node", "XliffError"]
