"""The translatable units of a content file, and a translation file rebuilt from them."""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import REPO
from leaflets.inputs.exchange.inline import Unbalanced, text_of, tokens
from leaflets.inputs.exchange.rebuild import targets_by_path, to_yaml, translation_data
from leaflets.inputs.exchange.units import FINAL, NEW, STALE, TRANSLATED, units

LOCALES = ["es", "de", "vi", "zh-Hans", "hi", "ar"]


def _units(project, locale):
    source = project.contents[("drug-pump", "en")].data
    return source, units(source, project.contents[("drug-pump", locale)].data,
                         project.translations[("drug-pump", locale)].data)


def test_ids_are_source_paths_with_section_ids(project):
    found = units(project.contents[("drug-pump", "en")].data)
    ids = [u.id for u in found]
    assert len(ids) == len(set(ids))
    assert ids[0] == "title"
    assert "sections.benefits.heading" in ids
    assert "sections.benefits.body[2].bullets[0]" in ids
    assert "contact.entries[0].purpose" in ids and ids[-1] == "disclaimer"
    assert all(u.state == NEW and u.target is None for u in found)


def test_notes_give_section_and_variants(project):
    found = {u.id: u for u in units(project.contents[("drug-pump", "en")].data)}
    note = found["sections.benefits.body[2].bullets[0]"].note
    assert "section 'benefits'" in note and "only in the variant non-cancer" in note
    assert "in every variant" in found["sections.benefits.body[0]"].note
    assert found["title"].limit == 120


@pytest.mark.parametrize("locale", LOCALES)
def test_existing_translation_gives_every_target(project, locale):
    _, found = _units(project, locale)
    assert all(u.target and u.state == TRANSLATED for u in found)


def test_a_changed_source_part_makes_its_units_stale(project):
    source = copy.deepcopy(project.contents[("drug-pump", "en")].data)
    source["sections"][1]["heading"] = "How it may help"
    tr = copy.deepcopy(project.translations[("drug-pump", "es")].data)
    found = units(source, project.contents[("drug-pump", "es")].data, tr)
    states = {u.part: u.state for u in found}
    assert states["benefits"] == STALE and states["trial"] == TRANSLATED
    tr["translation"]["status"] = "reviewed"
    assert {u.state for u in units(source, project.contents[("drug-pump", "es")].data, tr)} == {STALE, FINAL}


@pytest.mark.parametrize("locale", LOCALES)
def test_rebuilt_translation_is_the_file_itself(project, locale):
    source, found = _units(project, locale)
    info = project.translations[("drug-pump", locale)].data["translation"]
    text = to_yaml(translation_data(source, "drug-pump", locale, info, targets_by_path(found)))
    original = (REPO / "content" / "drug-pump" / f"{locale}.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == yaml.safe_load(original)
    assert text == original


@pytest.mark.parametrize("text", ["plain", "**b** and *i* [@a; @b] [x](https://e.org) \\* \\[@no]"])
def test_tokens_write_back_the_same_text(text):
    assert text_of(tokens(text)) == text


@pytest.mark.parametrize("text", ["**open", "*a **b* c**"])
def test_unbalanced_markup_is_refused(text):
    with pytest.raises(Unbalanced):
        tokens(text)
