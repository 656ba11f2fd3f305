"""`translations`: the status of each translation, and the `sources:` block of one."""
from __future__ import annotations


from conftest import cli


def _two_leaflets(root):
    """The project copy with a second leaflet, other-pump, a copy of drug-pump in English and Spanish."""
    other = root / "content" / "other-pump"
    other.mkdir()
    for name in ("en.yaml", "es.yaml"):
        text = (root / "content" / "drug-pump" / name).read_text(encoding="utf-8")
        (other / name).write_text(text.replace("leaflet: drug-pump", "leaflet: other-pump", 1), encoding="utf-8")
    return root



def test_sources_of_a_locale_two_leaflets_have_needs_a_leaflet(project_copy):
    root = _two_leaflets(project_copy)
    code, output = cli("translations", "--root", root, "--sources", "es")
    assert code == 2
    assert ("--sources es: leaflets drug-pump and other-pump each have a translation 'es'; "
            "name one with --leaflet") in output
    assert "sources:" not in output
    code, output = cli("translations", "--root", root, "--sources", "es", "--leaflet", "other-pump")
    assert code == 0, output
    assert output.startswith("  sources:\n    front: \"")
