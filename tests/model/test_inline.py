"""Unit tests of leaflets.model.inline: the inline syntax and number ranges."""
from __future__ import annotations

import itertools

import pytest

from leaflets.model.nodes import CitationMark, Link, Span
from leaflets.model.inline import InlineError, collapse_numbers, expand_numbers, parse_inline

EN = "\u2013"

EVIL_FONT = ("<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch /tmp/pwned')]]]\">"
             "exploit</font>")
EVIL_IMG = '<img src="/etc/passwd"/>'


# ---------------------------------------------------------------------------- parse_inline


def test_plain_text():
    assert parse_inline("Just words.") == (Span("Just words."),)


def test_empty_text():
    assert parse_inline("") == ()


def test_bold_and_italic():
    assert parse_inline("a **b** c *d* e") == (
        Span("a "), Span("b", bold=True), Span(" c "), Span("d", italic=True), Span(" e"))


def test_nested_bold_italic():
    assert parse_inline("**bold *both* bold**") == (
        Span("bold ", True, False), Span("both", True, True), Span(" bold", True, False))
    assert parse_inline("***x***") == (Span("x", True, True),)


@pytest.mark.parametrize("text, which", [("**never closed", "**"), ("*never closed", "*"),
                                         ("**a** and **b", "**"), ("ok *a* *b", "*")])
def test_unclosed_emphasis_is_an_error(text, which):
    with pytest.raises(InlineError) as info:
        parse_inline(text)
    assert info.value.message == f"{which} opened but never closed"
    assert "\\*" in info.value.hint


def test_link():
    assert parse_inline("see [the NHS](https://www.nhs.uk/pain) now") == (
        Span("see "), Link("the NHS", "https://www.nhs.uk/pain"), Span(" now"))


def test_link_inside_bold_keeps_the_style():
    assert parse_inline("**call [us](tel:+18005106735)**") == (
        Span("call ", True), Link("us", "tel:+18005106735", True, False))


@pytest.mark.parametrize("url", ["mailto:help@example.org", "http://example.org/a?b=1&c=2", "tel:+44-20-7946-0000"])
def test_allowed_link_schemes(url):
    (link,) = parse_inline(f"[x]({url})")
    assert link == Link("x", url)


@pytest.mark.parametrize("url", ["javascript:alert(1", "file:///etc/passwd", "ftp://example.org",
                                 "data:text/html,hi", "www.example.org", "", "tel:call-me"])
def test_disallowed_link_is_an_error(url):
    with pytest.raises(InlineError) as info:
        parse_inline(f"[x]({url})")
    assert "not allowed" in info.value.message


def test_single_citation():
    assert parse_inline("pain [@deer2004].") == (Span("pain "), CitationMark(("deer2004",)), Span("."))


@pytest.mark.parametrize("cite", ["[@deer2004; @roberts2001]", "[@deer2004;@roberts2001]",
                                  "[@deer2004, @roberts2001]", "[@deer2004 ; @roberts2001 ]"])
def test_several_citations(cite):
    assert parse_inline(f"x{cite}") == (Span("x"), CitationMark(("deer2004", "roberts2001")))


def test_citation_of_an_evidence_group_name():
    assert parse_inline("[@lower-dose]") == (CitationMark(("lower-dose",)),)


@pytest.mark.parametrize("text", ["[@]", "[@Deer2004]", "[@deer 2004]", "[@deer2004;]", "[@2004deer]",
                                  "[@deer2004; roberts_2001]"])
def test_bad_citation_is_an_error(text):
    with pytest.raises(InlineError) as info:
        parse_inline(text)
    assert "is not valid" in info.value.message
    assert "[@deer2004]" in info.value.hint


@pytest.mark.parametrize("text, shown", [
    (r"\*not italic\*", "*not italic*"),
    (r"\*\*not bold\*\*", "**not bold**"),
    (r"\[@deer2004\]", "[@deer2004]"),
    (r"\[label\](https://example.org)", "[label](https://example.org)"),
    (r"email me\@home", "email me@home"),
    (r"back\\slash", "back\\slash"),
    (r"snake\_case", "snake_case"),
    (r"5 \* 3", "5 * 3"),
])
def test_escapes_print_literally(text, shown):
    assert parse_inline(text) == (Span(shown),)


def test_escaped_star_inside_italic():
    assert parse_inline(r"*a \* b*") == (Span("a * b", italic=True),)


def test_markup_characters_are_plain_text():
    for text in ("a < b & c > d", EVIL_FONT, EVIL_IMG, "&amp; &lt; \"q\" 'q'"):
        assert parse_inline(text) == (Span(text),)


# ---------------------------------------------------------------------------- number ranges


@pytest.mark.parametrize("numbers, label", [
    ([1, 2, 3], f"1{EN}3"),
    ([2, 3], "2,3"),
    ([4, 5, 6, 7, 8, 9], f"4{EN}9"),
    ([1], "1"),
    ([], ""),
    ([1, 3, 4, 5, 7], f"1,3{EN}5,7"),
    ([1, 2, 4, 5], "1,2,4,5"),
    ([7, 8, 9, 10, 6], f"6{EN}10"),
    ([3, 1, 2, 2, 3], f"1{EN}3"),
    ([1, 2, 3, 5, 6, 7, 9], f"1{EN}3,5{EN}7,9"),
    ([10, 11, 12, 20, 21], f"10{EN}12,20,21"),
])
def test_collapse_numbers(numbers, label):
    assert collapse_numbers(numbers) == label


@pytest.mark.parametrize("label, numbers", [
    (f"1{EN}3", {1, 2, 3}),
    ("2,3", {2, 3}),
    (f"4{EN}9", {4, 5, 6, 7, 8, 9}),
    (f"1,3{EN}5,7", {1, 3, 4, 5, 7}),
    ("1-3", {1, 2, 3}),
    (f"6{EN}10", {6, 7, 8, 9, 10}),
    ("12", {12}),
    ("", set()),
])
def test_expand_numbers(label, numbers):
    assert expand_numbers(label) == numbers


def test_collapse_then_expand_gives_the_numbers_back():
    universe = range(1, 10)
    for size in range(1, len(universe) + 1):
        for combo in itertools.combinations(universe, size):
            label = collapse_numbers(combo)
            assert expand_numbers(label) == set(combo), label
            # a range is only used for three or more consecutive numbers
            for part in label.split(","):
                if EN in part:
                    a, b = map(int, part.split(EN))
                    assert b - a >= 2, label
