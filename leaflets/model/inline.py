"""The project's own inline syntax, and its safe conversion to reportlab markup.

Syntax: **bold**, *italic*, [@key] or [@key1; @key2] citations,
[text](https://example.org) links, and a backslash before any of * [ ] @ \\
to print it literally. Everything else is text: <, > and & are printed as
they are and never reach reportlab's markup parser unescaped.
"""
from __future__ import annotations

import re

from leaflets.model.nodes import CitationMark, Inline, Link, Span


_TOKEN = re.compile(
    r"\\(?P<esc>[*\[\]@\\_])"
    r"|\[@(?P<cite>[^\]\n]*)\]"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]*)\)"
    r"|(?P<star>\*\*|\*)"
)
_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
_URL = re.compile(r"^(https?://[^\s<>\"]+|mailto:[^\s<>\"]+|tel:\+?[0-9-]+)$")


class InlineError(ValueError):
    def __init__(self, message: str, hint: str = "", *, code: str):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


def parse_inline(text: str) -> Inline:
    """Parse inline syntax into Span/Link/CitationMark nodes; raises InlineError."""
    nodes: list = []
    buf: list[str] = []
    bold = italic = False

    def flush():
        if buf:
            nodes.append(Span("".join(buf), bold, italic))
            buf.clear()

    pos = 0
    for m in _TOKEN.finditer(text):
        buf.append(text[pos:m.start()])
        pos = m.end()
        if m.group("esc") is not None:
            buf.append(m.group("esc"))
        elif m.group("cite") is not None:
            flush()
            keys = tuple(k.strip().lstrip("@").strip() for k in re.split(r"[;,]", m.group("cite")))
            bad = [k for k in keys if not _KEY.fullmatch(k)]
            if bad or not keys:
                raise InlineError(f"citation {m.group(0)!r} is not valid",
                                  "write citations as [@deer2004] or [@deer2004; @roberts2001]",
                                  code="inline-bad-citation")
            nodes.append(CitationMark(keys))
        elif m.group("label") is not None:
            url = m.group("url")
            if not _URL.fullmatch(url):
                raise InlineError(f"link address {url!r} is not allowed",
                                  "links must start with https://, http://, mailto: or tel:",
                                  code="inline-bad-link")
            flush()
            nodes.append(Link(m.group("label"), url, bold, italic))
        else:
            flush()
            if m.group("star") == "**":
                bold = not bold
            else:
                italic = not italic
    buf.append(text[pos:])
    if bold or italic:
        which = "**" if bold else "*"
        raise InlineError(f"{which} opened but never closed",
                          f"close it with {which}, or write \\* for a literal asterisk",
                          code="inline-unclosed")
    flush()
    return tuple(_merge(nodes))


def _merge(nodes):
    out: list = []
    for n in nodes:
        if out and isinstance(n, Span) and isinstance(out[-1], Span) \
                and (out[-1].bold, out[-1].italic) == (n.bold, n.italic):
            out[-1] = Span(out[-1].text + n.text, n.bold, n.italic)
        elif not (isinstance(n, Span) and not n.text):
            out.append(n)
    return out


def collapse_numbers(numbers) -> str:
    """[1,2,3] -> '1–3'; [2,3] -> '2,3'; [1,3,4,5,7] -> '1,3–5,7'."""
    nums = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{nums[i]}\u2013{nums[j]}")
        else:
            parts.extend(str(n) for n in nums[i:j + 1])
        i = j + 1
    return ",".join(parts)


def expand_numbers(marker: str) -> set[int]:
    """The inverse of collapse_numbers: '1,3–5' -> {1, 3, 4, 5}."""
    found: set[int] = set()
    for part in marker.replace("-", "\u2013").split(","):
        part = part.strip()
        if "\u2013" in part:
            a, b = part.split("\u2013", 1)
            if a.isdigit() and b.isdigit():
                found.update(range(int(a), int(b) + 1))
        elif part.isdigit():
            found.add(int(part))
    return found


