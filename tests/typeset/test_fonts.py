"""fonts: parsing and registration once per process, and again when a font file changes."""
from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from conftest import widen_font
from leaflets.typeset.fonts import INVISIBLE
from leaflets.build.pipeline import build_pdf
from leaflets.build.project import Combination, load_project


def test_a_font_file_edited_between_two_builds_in_one_process_is_read_again(project_copy):
    """reportlab keeps the first font registered under a name; a process that builds twice (tests,
    a web form) must still draw with the font file as it is now."""
    combo = Combination("drug-pump", "cancer", "ar", "a4")
    before = build_pdf(load_project(project_copy), combo)
    width = pdfmetrics.stringWidth("\u0627", "Noto Sans Arabic-regular", 10)
    widen_font(project_copy / "fonts/noto-arabic/NotoSansArabic-Regular.ttf")
    after = build_pdf(load_project(project_copy), combo)
    assert pdfmetrics.stringWidth("\u0627", "Noto Sans Arabic-regular", 10) > width
    assert after != before


def _texts(project):
    from leaflets.build.coverage import _printed_texts

    for doc in project.contents.values():
        yield from (text for _, text in _printed_texts(doc.data))
    for ref in project.bibliography.data["references"].values():
        yield from (str(value) for value in ref.values())
    yield from ["", " ", "  two  spaces ", "\u200e", "a\u200fb c", "tab\there\nnew line", "(intrathecal) पंप",
                "القراب (intrathecal). اتصل 50%", "药物泵 Medtronic 12%", "ok \u202bمرحبا\u202c ok"]


def test_one_run_when_the_first_family_draws_everything_is_what_the_word_rule_gives(project):
    """FontChain.runs skips the word-by-word rule when the chain's first family draws the whole
    text (every text of the Latin-script locales); both must give the same runs for every text."""
    layout = project.layouts["a4"]
    texts = sorted(set(_texts(project)))
    assert len(texts) > 500
    fast = 0
    for locale in ("en", "ar", "hi", "zh-Hans"):
        for chain in project.chains_for(layout, locale):
            for bold in (False, True):
                faces = chain._faces(bold, False)
                for text in texts:
                    try:
                        expected = chain._runs_by_word(text, faces)
                    except ValueError:          # a character no family has: the coverage check's business
                        continue
                    runs = chain.runs(text, bold)
                    assert runs == expected, (locale, text)
                    fast += len(runs) == 1 and runs[0][0] == next(iter(faces))
    assert fast > 1000


def test_missing_characters_are_those_no_family_draws_in_regular_or_in_bold(project):
    layout = project.layouts["a4"]
    texts = list(_texts(project)) + ["😀 ok", "龘", "\ue000", "ﷺ x"]
    for locale in ("en", "ar", "hi", "zh-Hans"):
        for chain in project.chains_for(layout, locale):
            for text in texts:
                expected = [ch for ch in dict.fromkeys(text) if ch not in INVISIBLE
                            and (chain.face_for(ch) is None or chain.face_for(ch, bold=True) is None)]
                assert chain.missing(text) == expected, (locale, text)
    assert project.chains_for(layout, "en")[0].missing("😀 ok 龘") == ["😀", "龘"]
