"""Content files found under content/: names that cannot be read are reported, never skipped."""
from __future__ import annotations

import os

from click.testing import CliRunner

from leaflets.cli import main


def test_a_file_name_that_is_not_utf8_is_reported_at_its_folder(project_copy):
    folder = project_copy / "content" / "drug-pump"
    os.link(folder / "es.yaml", os.fsencode(folder) + b"/\xff.yaml")
    result = CliRunner().invoke(main, ["check", "--root", str(project_copy)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "content/drug-pump: error: the file name '\\xff.yaml' is not UTF-8, so it cannot be read as a locale or "
        "leaflet (rename it in letters, digits and hyphens, e.g. en.yaml)",
        "1 error, 0 warnings"]



def test_a_translation_of_a_translation_that_sorts_first_is_not_dropped(project_copy):
    """German made from the Spanish ('de' sorts before 'es'): it was dropped without a word."""
    import json

    german = project_copy / "content" / "drug-pump" / "de.yaml"
    german.write_text(german.read_text(encoding="utf-8").replace("  of: en\n", "  of: es\n"), encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--root", str(project_copy)], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    assert "content/drug-pump/de.yaml" in checked.output     # its sources are now the Spanish's: stale
    listed = runner.invoke(main, ["list", "--root", str(project_copy), "--format", "json", "--layout", "a4"],
                           catch_exceptions=False)
    assert {c["locale"] for c in json.loads(listed.output)} >= {"de", "es", "en"}
