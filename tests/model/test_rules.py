"""rules.known_locale: answered from Babel's data files where it can, by Babel itself where not."""
from __future__ import annotations

import os

import pytest
from babel import Locale, UnknownLocaleError

from leaflets.model import rules


def babel_knows(tag: str) -> bool:
    try:
        Locale.parse(tag.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def test_babel_parses_every_locale_it_has_a_data_file_for():
    """The fast path (a data file of that name exists) never says yes where Babel would say no."""
    names = [n[:-4] for n in os.listdir(rules._babel_data()) if n.endswith(".dat")]
    assert len(names) > 500 and "en" in names and "zh_Hans" in names
    assert all(babel_knows(name) for name in names)


@pytest.mark.parametrize("tag", ["en", "es", "de", "vi", "zh-Hans", "ar", "hi", "en-GB", "de-DE", "zh-Hans-CN",
                                 "EN", "en-gb", "xx", "english", "", "en_", "../en", "en-XX", "zz-Hans", "root"])
def test_known_locale_says_what_babel_says(tag):
    rules.known_locale.cache_clear()
    assert rules.known_locale(tag) == babel_knows(tag)
