"""Unit tests of leaflets.typeset.markup: safe reportlab markup from inline nodes."""
from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from leaflets.model.nodes import CitationMark, Link, Span
from leaflets.typeset.markup import to_markup

EN = "\u2013"
FACES = {(False, False): "Helvetica", (True, False): "Helvetica-Bold",
         (False, True): "Helvetica-Oblique", (True, True): "Helvetica-BoldOblique"}

EVIL_FONT = ("<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch /tmp/pwned')]]]\">"
             "exploit</font>")
EVIL_IMG = '<img src="/etc/passwd"/>'


# ---------------------------------------------------------------------------- to_markup


def _paragraph_text(markup: str) -> str:
    """What reportlab's own parser makes of the markup (raises if it is not valid)."""
    para = Paragraph(markup, ParagraphStyle("t", fontName="Helvetica"))
    return "".join(frag.text for frag in para.frags)


@pytest.mark.parametrize("text", [
    "a < b", "a > b", "Tom & Jerry", "\"double\" and 'single'", "&amp; &lt;b&gt; &#60;",
    EVIL_FONT, EVIL_IMG, "<b>not bold</b>", "<super>1</super>", '<a href="https://evil.example">x</a>',
    "<![CDATA[x]]>", "<!-- comment -->", "]]> ><<", "<para>nested</para>",
])
def test_to_markup_escapes_text(text):
    markup = to_markup((Span(text),), FACES)
    assert markup.startswith('<font face="Helvetica">') and markup.endswith("</font>")
    body = markup[len('<font face="Helvetica">'):-len("</font>")]
    assert "<" not in body and ">" not in body
    assert _paragraph_text(markup) == text


def test_to_markup_escapes_the_exploit_strings_exactly():
    markup = to_markup((Span(EVIL_FONT + EVIL_IMG),), FACES)
    assert "&lt;font color=" in markup
    assert "&lt;img src=\"/etc/passwd\"/&gt;" in markup
    assert "<img" not in markup and '<font color="[[[' not in markup


def test_to_markup_styles():
    markup = to_markup((Span("a"), Span("b", True), Span("c", False, True), Span("d", True, True)), FACES)
    assert markup == ('<font face="Helvetica">a</font><font face="Helvetica-Bold">b</font>'
                      '<font face="Helvetica-Oblique">c</font><font face="Helvetica-BoldOblique">d</font>')


def test_to_markup_link_escapes_label_and_address():
    markup = to_markup((Link("<b>&</b>", 'https://e.org/?a=1&b="2"'),), FACES, link_colour="#123456")
    assert 'href="https://e.org/?a=1&amp;b=&quot;2&quot;"' in markup
    assert 'color="#123456"' in markup
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in markup
    assert _paragraph_text(markup) == "<b>&</b>"


def test_to_markup_citation_is_a_superscript_link_to_the_first_note():
    markup = to_markup((Span("pain"), CitationMark(("a", "b", "c", "e"), (5, 3, 4, 7))), FACES,
                       link_colour="#0b5c7a", note_prefix="fn")
    assert markup == ('<font face="Helvetica">pain</font>'
                      f'<super><a href="#fn3" color="#0b5c7a">3{EN}5,7</a></super>')
    para = Paragraph(markup, ParagraphStyle("t", fontName="Helvetica", fontSize=12))
    marker = [f for f in para.frags if f.text == f"3{EN}5,7"]
    assert len(marker) == 1 and marker[0].rise > 0 and marker[0].fontSize < 12
