"""Our inline syntax (**bold**, *italic*, [@key] citations, [text](url) links, backslash escapes) as tokens.

The same token rules as leaflets.model.inline (which this layer may not import), kept to what the
exchange needs: which parts are words to translate and which are placeholders to keep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\\(?P<esc>[*\[\]@\\_])"
    r"|\[@(?P<cite>[^\]\n]*)\]"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]*)\)"
    r"|(?P<star>\*\*|\*)"
)
BOLD, ITALIC, LINK, CITE = "bold", "italic", "link", "cite"
STAR = {BOLD: "**", ITALIC: "*"}


@dataclass(frozen=True)
class Token:
    """kind: "text" (value: the literal words), "open"/"close" (value: bold or italic),
    "link" (value: the URL, label: its words), "cite" (value: the citation as written)."""
    kind: str
    value: str
    label: str = ""


class Unbalanced(ValueError):
    pass


def tokens(text: str) -> list[Token]:
    """The tokens of text; raises Unbalanced when a ** or * is opened and never closed."""
    out: list[Token] = []
    open_: list[str] = []
    pos = 0

    def literal(words: str):
        if words:
            if out and out[-1].kind == "text":
                out[-1] = Token("text", out[-1].value + words)
            else:
                out.append(Token("text", words))

    for m in _TOKEN.finditer(text):
        literal(text[pos:m.start()])
        pos = m.end()
        if m.group("esc") is not None:
            literal(m.group("esc"))
        elif m.group("cite") is not None:
            out.append(Token(CITE, m.group(0)))
        elif m.group("label") is not None:
            out.append(Token(LINK, m.group("url"), m.group("label")))
        else:
            kind = BOLD if m.group("star") == "**" else ITALIC
            if kind in open_:
                if open_[-1] != kind:
                    raise Unbalanced(f"{STAR[open_[-1]]} and {STAR[kind]} overlap")
                open_.pop()
                out.append(Token("close", kind))
            else:
                open_.append(kind)
                out.append(Token("open", kind))
    literal(text[pos:])
    if open_:
        raise Unbalanced(f"{STAR[open_[-1]]} opened but never closed")
    return out


def escape(words: str) -> str:
    """Literal words written in our syntax: the characters that would start a token get a backslash."""
    out = re.sub(r"([\\*])", r"\\\1", words)
    return re.sub(r"\[(?=@|[^\]\n]+\]\()", r"\\[", out)


def text_of(toks: list[Token]) -> str:
    """Tokens written back in our syntax."""
    out = []
    for t in toks:
        if t.kind == "text":
            out.append(escape(t.value))
        elif t.kind in ("open", "close"):
            out.append(STAR[t.value])
        elif t.kind == LINK:
            out.append(f"[{escape(t.label)}]({t.value})")
        else:
            out.append(t.value)
    return "".join(out)


def placeholders(toks: list[Token]) -> list[tuple[str, str]]:
    """What a translation must keep: the citations and links, in order, as (kind, value)."""
    return [(t.kind, re.sub(r"\s+", "", t.value) if t.kind == CITE else t.value)
            for t in toks if t.kind in (CITE, LINK)]
