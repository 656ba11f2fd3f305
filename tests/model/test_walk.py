"""leaflets.model.walk: the model's texts in reading order, the contact panel where the layout puts it."""
from __future__ import annotations

import pytest

from leaflets.build.pipeline import leaflet_for, select
from leaflets.model.nodes import CitationMark
from leaflets.model.walk import PROSE, walk


@pytest.fixture(scope="module")
def model(project):
    return leaflet_for(project, select(project, locales=["en"])[0])


def _kinds(texts):
    return [t.kind for t in texts]


def test_title_block_sections_panel_disclaimer(model):
    texts = list(walk(model))
    kinds = _kinds(texts)
    assert kinds[:3] == ["title", "subtitle", "variant"] and kinds[-1] == "disclaimer"
    assert [t.text for t in texts if t.kind == "heading"] == [s.heading for s in model.sections]
    panel = kinds.index("contact.heading")
    assert panel > max(i for i, k in enumerate(kinds) if k in ("paragraph", "item"))     # at the end by default
    assert kinds[panel:panel + 2] == ["contact.heading", "contact.intro"]
    assert kinds.count("contact.phone") == len(model.contact.entries)
    assert all(t.section is not None for t in texts if t.kind in ("heading", "paragraph", "item"))


@pytest.mark.parametrize("position", ["start", "after", "end", "back"])
def test_the_contact_panel_goes_where_the_layout_says(model, position):
    second = model.sections[1]
    where = (position == "start", second.id if position == "after" else "")
    kinds = _kinds(walk(model, *where))
    texts = list(walk(model, *where))
    panel = kinds.index("contact.heading")
    if position == "start":
        assert panel == 3
    elif position == "after":
        last_of_second = max(i for i, t in enumerate(texts) if t.section is second)
        assert panel == last_of_second + 1
    else:
        assert panel > max(i for i, t in enumerate(texts) if t.section is not None)
    assert sorted(kinds) == sorted(_kinds(walk(model)))       # every text once, wherever the panel is


def test_prose_is_the_running_text_and_carries_the_citations(model):
    prose = [t for t in walk(model) if t.prose]
    assert {t.kind for t in prose} <= PROSE and {"paragraph", "item", "disclaimer"} <= {t.kind for t in prose}
    assert any(isinstance(n, CitationMark) for t in prose for n in t.inline)
    assert not any(isinstance(n, CitationMark) for t in walk(model) if not t.prose for n in t.inline)
