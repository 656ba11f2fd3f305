"""Layout memoised by content (typeset.memo): the same bytes as without it, reused across renders, bounded."""
from __future__ import annotations

from contextlib import contextmanager

from conftest import widen_font
from leaflets.build.pipeline import build_reading
from leaflets.build.project import Combination, load_project
from leaflets.typeset import memo


def _twins_together(combos):
    """Each combination next to the one that differs only in its variant (they share most paragraphs)."""
    return sorted(combos, key=lambda c: (c.leaflet, c.locale, c.layout, c.variant))


def test_every_pdf_of_the_matrix_has_the_same_bytes_with_and_without_the_memo(project):
    combos = _twins_together(project.combinations())
    memo.clear()
    with_memo = {c: build_reading(project, c) for c in combos}
    reused = memo.stats()
    with memo.off():
        without = {c: build_reading(project, c) for c in combos}
    differ = [f"{c.locale}/{c.variant}-{c.layout}" for c in combos if with_memo[c] != without[c]]
    assert not differ, f"a memoised layout changed these PDFs: {differ}"
    # the memo was used: the second variant of each pair reuses the first's paragraphs and lines
    assert reused["parsed"]["hits"] > len(combos) * 20 and reused["lines"]["hits"] > len(combos) * 10, reused


def test_a_warm_memo_gives_the_same_bytes_in_every_script(project):
    combos = [Combination("drug-pump", "cancer", locale, layout)
              for locale in ("en", "ar", "hi", "zh-Hans") for layout in ("a4", "a4-trifold", "a5-booklet")]
    with memo.off():
        without = [build_reading(project, c) for c in combos]
    memo.clear()
    first, warm, hits = [], [], 0
    for combo in combos:        # each rendered again at once: twelve renders in a row outgrow the memo's caps
        first.append(build_reading(project, combo))
        before = memo.stats()["parsed"]["hits"]
        warm.append(build_reading(project, combo))
        hits += memo.stats()["parsed"]["hits"] - before
    assert hits >= 50 * len(combos)
    assert first == without and warm == without


@contextmanager
def _edited_paragraph(project, combo, new_text):
    body = project.contents[(combo.leaflet, combo.locale)].data["sections"][0]["body"]
    block = next(b for b in body if b.get("paragraph", "").startswith("The pump and the catheter"))
    original = block["paragraph"]
    block["paragraph"] = new_text(original)
    try:
        yield
    finally:
        block["paragraph"] = original


def test_a_render_after_a_one_paragraph_change_lays_out_only_that_paragraph_anew(project):
    combo = Combination("drug-pump", "cancer", "en", "a4")
    build_reading(project, combo)
    before = memo.stats()
    with _edited_paragraph(project, combo, lambda text: text.replace("operation.", "operation today.")):
        edited = build_reading(project, combo)
        after = memo.stats()
        with memo.off():
            assert edited == build_reading(project, combo)
    assert after["parsed"]["misses"] - before["parsed"]["misses"] == 1      # the edited paragraph only
    assert after["lines"]["misses"] - before["lines"]["misses"] <= 2          # (a keep-together, then its frame)
    assert after["parsed"]["hits"] - before["parsed"]["hits"] >= 50


def test_a_changed_font_file_is_not_laid_out_with_the_old_fonts_measures(project_copy):
    combo = Combination("drug-pump", "cancer", "en", "a4")
    old = load_project(project_copy)
    before = build_reading(old, combo)          # the memo now holds the lines of the old font
    widen_font(project_copy / "fonts/noto/NotoSans-Regular.ttf", units=120)
    new = load_project(project_copy)
    after = build_reading(new, combo)
    with memo.off():
        assert after == build_reading(new, combo)
    assert after != before


def test_the_memo_keeps_at_most_its_size_and_forgets_the_least_recently_used():
    cache = memo.LRU(3)
    for key in "abc":
        cache.put(key, key.upper())
    assert cache.get("a") == "A"            # a is now the most recently used
    cache.put("d", "D")
    assert len(cache) == 3 and cache.get("b") is None and cache.get("a") == "A" and cache.get("d") == "D"
    assert (cache.hits, cache.misses) == (3, 1)


def test_many_edits_leave_the_memo_within_its_caps(project):
    combo = Combination("drug-pump", "cancer", "en", "a4")
    sizes = (memo.PARSED.size, memo.LINES.size, memo.MARKUP.size)
    memo.PARSED.size = memo.LINES.size = memo.MARKUP.size = 40
    try:
        for i in range(5):
            with _edited_paragraph(project, combo, lambda text: text.replace("operation.", f"operation {i}.")):
                build_reading(project, combo)
        assert len(memo.PARSED) <= 40 and len(memo.LINES) <= 40 and len(memo.MARKUP) <= 40
    finally:
        memo.PARSED.size, memo.LINES.size, memo.MARKUP.size = sizes
        memo.clear()


def test_clinic_editions_have_the_same_bytes_with_and_without_the_memo(project):
    """Their logo's drawing and website's QR code are kept too; each edition reuses the generic text."""
    combos = [Combination("drug-pump", "cancer", locale, "a4", clinic) for clinic in sorted(project.clinics)
              for locale in ("en", "es")]
    with memo.off():
        without = [build_reading(project, c, project.clinics[c.clinic]) for c in combos]
    memo.clear()
    assert [build_reading(project, c, project.clinics[c.clinic]) for c in combos] == without
    assert [build_reading(project, c, project.clinics[c.clinic]) for c in combos] == without
    assert memo.stats()["qr"]["hits"] > 0
