"""The block flowables on their own: what splits, what never does, and where the numbers go."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from leaflets.typeset.blocks import CalloutBox, StepList
from leaflets.typeset.flowables import colour

STYLE = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12, spaceAfter=3)


def _steps(n: int) -> StepList:
    return StepList([Paragraph(f"Step text {i}", STYLE, bulletText=f"{i}.") for i in range(1, n + 1)])


def test_steps_split_between_steps_and_keep_their_numbers():
    steps = _steps(10)
    _, height = steps.wrap(300, 10_000)
    first, rest = steps.split(300, height / 2)
    assert [p.bulletText for p in first.items] + [p.bulletText for p in rest.items] == [f"{i}." for i in range(1, 11)]
    assert first.wrap(300, 10_000)[1] <= height / 2
    assert rest.items[0].bulletText == f"{len(first.items) + 1}."


def test_a_long_step_is_split_inside_when_no_whole_step_fits():
    long = StepList([Paragraph("word " * 400, STYLE, bulletText="1.")])
    long.wrap(300, 10_000)
    parts = long.split(300, 100)
    assert len(parts) == 2 and parts[0].wrap(300, 10_000)[1] <= 100


def test_a_callout_never_splits_and_draws_its_bar_on_the_start_side():
    box = CalloutBox("urgent", [Paragraph("text " * 200, STYLE)], colour(("rgb", 1, 0.9, 0.9)),
                     colour(("rgb", 0.6, 0.1, 0.1)), 1.5, 8, mirrored=False, space=6)
    _, height = box.wrap(300, 10_000)
    assert box.split(300, height / 2) == []
    assert box.bar == 4.5 and box.getSpaceBefore() == 6
