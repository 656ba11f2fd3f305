"""Blocks in the model: step numbers in the locale's digits, and what the one walk reads of each block."""
from __future__ import annotations

import pytest

from leaflets.model.blocks import locale_digits, step_number
from leaflets.model.nodes import Callout, Figure, Steps
from leaflets.model.walk import walk


@pytest.mark.parametrize("locale, number", [
    ("en", "12."), ("zh-Hans", "12."), ("hi", "12."),    # CLDR: these write Latin digits
    ("ar", "12."),                                       # Modern Standard Arabic in general: latn too
    ("ar-EG", "\u0661\u0662."), ("fa", "\u06f1\u06f2."), ("mr", "\u0967\u0968."),
])
def test_steps_are_numbered_in_the_digits_the_locale_writes(locale, number):
    assert step_number(12, locale) == number


def test_latin_digit_locales_need_no_babel_data_and_agree_with_it():
    from babel import Locale
    for locale in ("en", "de", "es", "vi", "zh", "hi", "fr"):
        assert Locale.parse(locale).default_numbering_system == "latn"
        assert locale_digits(locale) == "0123456789"


def test_the_drug_pump_leaflet_has_its_callout_figure_and_steps(project):
    from conftest import VARIANTS
    from leaflets.build.pipeline import leaflet_for
    from leaflets.build.project import Combination

    for variant in VARIANTS:
        model = leaflet_for(project, Combination("drug-pump", variant, "en", "a4"))
        blocks = [b for s in model.sections for b in s.blocks]
        callout = next(b for b in blocks if isinstance(b, Callout))
        assert callout.kind == "urgent" and "overdose or underdose" in callout.blocks[0].content[0].text
        figure = next(b for b in blocks if isinstance(b, Figure))
        assert figure.image.format == "svg" and [l.text for l in figure.labels] == ["Pump", "Catheter", "Spine"]
        assert "pump" in figure.alt and "spine" in figure.alt
        steps = next(b for b in blocks if isinstance(b, Steps))
        assert steps.numbers == ("1.", "2.")


def test_walk_reads_each_block_and_never_the_alt_text(project):
    from leaflets.build.pipeline import leaflet_for
    from leaflets.build.project import Combination

    model = leaflet_for(project, Combination("drug-pump", "cancer", "en", "a4"))
    kinds = [t.kind for t in walk(model)]
    assert kinds.count("figure.label") == 3 and kinds.count("step") == 2
    figure = next(b for s in model.sections for b in s.blocks if isinstance(b, Figure))
    assert figure.alt not in [t.text for t in walk(model)]
    step_texts = [t for t in walk(model) if t.kind == "step"]
    assert step_texts[0].prose and step_texts[0].section.id == "after-surgery"
