"""build.project: loading a project folder, step by step, into a Project that carries its session."""
from __future__ import annotations

import pytest

from conftest import REPO
from leaflets.build.project import LOAD_STEPS, load_project
from leaflets.build.session import BuildSession


def test_a_project_loaded_for_some_locales_refuses_the_fonts_of_others(project_copy):
    proj = load_project(project_copy, locales={"en"})
    assert not proj.diagnostics.errors
    layout = proj.layouts["a4"]
    assert [f.name for f in proj.chains_for(layout, "en")[0].families] == ["Noto Sans"]
    with pytest.raises(ValueError, match="'ar'"):
        proj.chains_for(layout, "ar")



def test_loading_runs_named_steps_in_order():
    assert [step.__name__ for step in LOAD_STEPS] == [
        "_load_fonts", "_load_bibliography", "_load_contents", "_add_translations", "load_figures",
        "_load_layouts", "_check_across_files", "_load_clinics"]


def test_a_project_is_loaded_into_the_session_it_is_given():
    session = BuildSession()
    proj = load_project(REPO, locales={"en"}, session=session)
    assert proj.session is session and proj.diagnostics is session.diagnostics
    body, headings = proj.chains_for(proj.layouts["a4"], "en")
    assert body.registry is headings.registry is session.fonts
    assert load_project(REPO, locales={"en"}).session is not session


def test_a_missing_fonts_file_or_bibliography_has_a_code(tmp_path):
    (tmp_path / "content").mkdir()
    found = load_project(tmp_path).diagnostics.items
    assert [(d.location.path, d.message, d.code) for d in found] == [
        ("fonts/fonts.yaml", "file not found", "file-not-found"),
        ("content/bibliography.yaml", "file not found", "file-not-found")]


def test_font_problems_have_codes(project_copy, edit_file):
    edit_file(project_copy, "fonts/fonts.yaml", "bold: noto-arabic/NotoSansArabic-Bold.ttf", "bold: noto/NoSuch.ttf")
    edit_file(project_copy, "layouts/handout.yaml", "body: Noto Sans", "body: Noto Sanz")
    found = load_project(project_copy).diagnostics.sorted()       # one per layout that extends handout
    assert [(d.location.path, d.key, d.code) for d in found] == [
        ("fonts/fonts.yaml", "families.Noto Sans Arabic.bold", "font-missing-file"),
        ("layouts/handout.yaml", "fonts.body", "unknown-font-family")]


@pytest.mark.parametrize("keep", [0.003, 0.1, 0.33, 0.5, 0.79, 0.9, 0.999])
def test_a_truncated_font_file_is_a_located_error(project_copy, keep):
    """A TrueType file cut short anywhere (a broken download): one located error, no struct.error."""
    font = project_copy / "fonts/noto/NotoSans-Italic.ttf"
    data = font.read_bytes()
    font.write_bytes(data[:int(len(data) * keep)])
    found = load_project(project_copy, locales={"en"}).diagnostics.errors
    assert [(d.location.path, d.location.line, d.key, d.code) for d in found] == [
        ("fonts/fonts.yaml", 7, "families.Noto Sans.italic", "font-unreadable")]
    assert found[0].message.startswith("'noto/NotoSans-Italic.ttf' cannot be used: ")


def test_a_leaflet_is_built_in_the_layouts_it_lists_and_its_translations_too(project_copy, edit_file):
    edit_file(project_copy, "content/drug-pump/en.yaml", "disclaimer: \"This leaflet does not replace",
              "layouts: [a4, a5-booklet]\ndisclaimer: \"This leaflet does not replace")
    proj = load_project(project_copy, locales={"en", "es"})
    assert not proj.diagnostics.errors
    made = {(c.locale, c.layout) for c in proj.combinations()}
    assert made == {(locale, layout) for locale in ("de", "en", "es", "vi", "ar", "hi", "zh-Hans")
                    for layout in ("a4", "a5-booklet")}
    assert "a4-trifold" in proj.layouts      # still a layout of the project, for other leaflets
