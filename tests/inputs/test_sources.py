"""sources.parse_yaml reads valid YAML with libyaml's events and falls back to the pure-Python
loader for anything it objects to: the Document (data and every location) and every message
must be exactly what the pure-Python loader gives."""
from __future__ import annotations

import pytest

from conftest import REPO
from leaflets.inputs import sources
from leaflets.diagnostics import LeafletError

pytestmark = pytest.mark.skipif(sources._FastLoader is None, reason="PyYAML without libyaml")

TRICKY = [
    "a: 1\nb: [x, 'y', \"z\\u00e9\"]\nc: {d: 2026-11-01, e: ~, f: true, g: 1.5}\n",
    "text: >\n  folded\n  lines\n\n  kept\nlit: |\n  keep\n   indent\n",
    "q: 'it''s'\nd: \"tab\\there\"\nplain: a: b\n",
    "k: \u00e9l\u00e8ve \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629\n# comment\nx: - not a list\n",
    "- one\n- two: 2\n  three: 3\n- [a, {b: c}]\n",
    "key: =\nother: <<\nn: 0x1F\no: 0o17\nt: 12:30:00\n",
    "",
    "# only a comment\n",
]
BAD = [
    "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a:\n\t- b\n", "a: [1, 2\n", "a: !!python/object:os.system x\n",
    "--- a\n--- b\n", "a: " + "[" * 60 + "]" * 60 + "\n", "a: b: c\n", "date: 2026-13-45\n",
]


def _outcome(loader, text):
    try:
        doc = sources._parse_yaml(text, "t.yaml", loader)
    except LeafletError as exc:
        return [d.format() for d in exc.diagnostics]
    return doc.data, doc.value_locations, doc.key_locations


@pytest.mark.parametrize("text", TRICKY + [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("*/**/*.yaml"))
                                           if ".venv" not in p.parts and "bad" not in p.parts])
def test_fast_loader_gives_the_same_document(text):
    pure = _outcome(sources._StrictLoader, text)
    fast = _outcome(sources._FastLoader, text)
    if isinstance(fast, tuple):      # where libyaml's events are accepted, the Document is the same
        assert fast == pure
    try:
        doc = sources.parse_yaml(text, "t.yaml")
        assert (doc.data, doc.value_locations, doc.key_locations) == pure
    except LeafletError as exc:
        assert [d.format() for d in exc.diagnostics] == pure


def test_the_repository_is_read_by_the_fast_loader():
    for path in [REPO / "content/drug-pump/en.yaml", REPO / "content/bibliography.yaml", REPO / "layouts/handout.yaml"]:
        assert isinstance(_outcome(sources._FastLoader, path.read_text(encoding="utf-8")), tuple), path


@pytest.mark.parametrize("text", BAD)
def test_problems_are_reported_in_the_pure_loaders_words(text):
    with pytest.raises(LeafletError) as fast:
        sources.parse_yaml(text, "t.yaml")
    assert [d.format() for d in fast.value.diagnostics] == _outcome(sources._StrictLoader, text)
