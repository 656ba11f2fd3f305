"""build.session: one run's fonts and models, made once; several sessions in one process build the same bytes."""
from __future__ import annotations

import os
import shutil

from conftest import REPO
from leaflets.build.pipeline import build_pdf, leaflet_for
from leaflets.build.project import Combination, load_project
from leaflets.build.session import BuildSession
from leaflets.typeset.fonts import Family, FontRegistry

A4 = Combination("drug-pump", "cancer", "en", "a4")
LETTER = Combination("drug-pump", "cancer", "en", "letter")
HINDI = Combination("drug-pump", "cancer", "hi", "a4")


def test_within_a_batch_each_model_is_resolved_once(project):
    assert leaflet_for(project, A4) is not leaflet_for(project, LETTER)
    with project.session.resolved_once():
        first = leaflet_for(project, A4)
        assert leaflet_for(project, LETTER) is first
        with project.session.resolved_once():       # a batch inside a batch shares the outer one's models
            assert leaflet_for(project, A4) is first
        assert leaflet_for(project, A4) is first
    assert project.session.models is None
    assert leaflet_for(project, A4) is not first


def test_a_registry_parses_a_file_once_and_again_when_it_changed(tmp_path):
    path = tmp_path / "NotoSans-Regular.ttf"
    shutil.copy(REPO / "fonts/noto/NotoSans-Regular.ttf", path)
    registry = FontRegistry()
    font = registry.ttfont("x-regular", path)
    assert registry.ttfont("x-regular", path) is font
    assert FontRegistry().ttfont("x-regular", path) is not font        # another session parses its own
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert registry.ttfont("x-regular", path) is not font


def _copy(root, tmp_path, name):
    target = tmp_path / name
    for folder in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(root / folder, target / folder)
    return target


def test_sessions_one_after_another_build_the_same_bytes(tmp_path):
    """Each session registers its own fonts under the same names: what one session shaped
    (Hindi) or registered (a font file that is a copy of another style) does not reach the next."""
    first = load_project(REPO, locales={"en", "hi"})
    english, hindi = build_pdf(first, A4), build_pdf(first, HINDI)
    odd = _copy(REPO, tmp_path, "odd")
    shutil.copy(odd / "fonts/noto/NotoSans-BoldItalic.ttf", odd / "fonts/noto/NotoSans-Italic.ttf")
    other = load_project(odd, locales={"en", "hi"}, session=BuildSession())
    assert build_pdf(other, A4) != english                  # its italic is the bold italic
    build_pdf(other, HINDI)
    again = load_project(REPO, locales={"en", "hi"})
    assert build_pdf(again, A4) == english and build_pdf(again, HINDI) == hindi
    assert build_pdf(first, A4) == english and build_pdf(first, HINDI) == hindi


def test_a_family_registered_outside_a_session_is_drawn(project):
    from reportlab.pdfbase import pdfmetrics

    noto = REPO / "fonts" / "noto"
    family = Family("SessionlessNoto", {"regular": noto / "NotoSans-Regular.ttf"}, noto / "OFL.txt")
    registry = FontRegistry()
    registry.register(family)
    assert "SessionlessNoto-regular" in pdfmetrics.getRegisteredFontNames()
    assert build_pdf(project, A4) == build_pdf(load_project(REPO, locales={"en"}), A4)


def test_a_font_shaped_before_another_session_is_clean_when_registered_again(tmp_path):
    """preflight shapes the contact panel's Hindi outside render(); a later session takes the font
    names over; the first session's fonts, registered again, must not remember that shaping."""
    from leaflets.build.pipeline import preflight

    fresh = build_pdf(load_project(REPO, locales={"hi"}), HINDI)
    first = load_project(REPO, locales={"hi"})
    assert not preflight(first, [HINDI]).items
    other = load_project(_copy(REPO, tmp_path, "other"), locales={"hi"})
    build_pdf(other, HINDI)
    assert build_pdf(first, HINDI) == fresh
