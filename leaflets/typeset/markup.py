"""Content text -> reportlab paragraph markup, every character escaped: text is never markup."""
from __future__ import annotations

from leaflets.model.inline import collapse_numbers
from leaflets.model.nodes import CitationMark, Inline, Link


def escape(data: str, entities: dict | None = None) -> str:
    """xml.sax.saxutils.escape, without its import of urllib.request (about 20 ms at every start)."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data


def to_markup(inline: Inline, fonts, link_colour: str = "#0b5c7a", note_prefix: str = "fn", bold: bool = False,
              marker: tuple | None = None) -> str:
    """Model inline nodes -> reportlab paragraph markup; all text escaped.

    `fonts` maps (bold, italic) to registered font names, or is a FontChain
    that picks a font for each character; markers link to anchors named
    f"{note_prefix}{number}". `bold` makes every span bold (headings). `marker`: (size, rise) of the
    markers in points (default: reportlab's, 2pt smaller and raised half the size).
    """
    def runs(text, b, i):
        if hasattr(fonts, "runs"):
            return fonts.runs(text, b or bold, i)
        return [(fonts[(b or bold, i)], text)]

    def font(text, b, i):
        return "".join(f'<font face="{face}">{escape(run)}</font>' for face, run in runs(text, b, i))

    out: list[str] = []
    for node in inline:
        if isinstance(node, CitationMark):
            label = collapse_numbers(node.numbers)
            first = min(node.numbers)
            sup = f'<super size="{marker[0]:.2f}" rise="{marker[1]:.2f}">' if marker else "<super>"
            out.append(f'{sup}<a href="#{note_prefix}{first}" color="{link_colour}">{font(label, False, False) if hasattr(fonts, "runs") else escape(label)}</a></super>')
            continue
        body = font(node.text, node.bold, node.italic)
        if isinstance(node, Link):
            body = f'<a href="{escape(node.url, {chr(34): "&quot;"})}" color="{link_colour}"><u>{body}</u></a>'
        out.append(body)
    return "".join(out)
