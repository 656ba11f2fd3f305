"""build on many cores and incremental rebuilds (build.workers, build.manifest), through the CLI.

The bytes must not depend on how a PDF was built (in this process, --jobs 1, a pool of
workers); a rebuild with no changed input writes nothing; a changed input rebuilds
exactly the PDFs made from it.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import LAYOUTS, REPO, VARIANTS, widen_font
from leaflets.build import workers as batch
from leaflets.build import manifest
from leaflets.cli import main
from leaflets.build.manifest import MANIFEST_NAME, Manifest
from leaflets.build.pipeline import READING_SUFFIX, build_outputs, build_pdf, output_paths, select
from leaflets.build.project import Combination, load_project

LOCALES = ("ar", "de", "en", "es", "hi", "vi", "zh-Hans")
ALL = {f"drug-pump/{loc}/{v}-{l}.pdf" for loc in LOCALES for v in VARIANTS for l in LAYOUTS}


@pytest.fixture
def project_copy(project_copy):
    """The repository's project with the two handout layouts only (the 28 PDFs of ALL): what is
    rebuilt when an input changes does not depend on how many layouts there are."""
    for path in (project_copy / "layouts").glob("*.yaml"):
        if path.stem not in ("handout", *LAYOUTS):
            path.unlink()
    return project_copy


def of(locale: str | None = None, layout: str | None = None) -> set[str]:
    """The PDFs of ALL of one locale and/or one layout."""
    return {name for name in ALL if (locale is None or f"/{locale}/" in name)
            and (layout is None or name.endswith(f"-{layout}.pdf"))}


def combo_of(name: str) -> Combination:
    """The combination that writes the PDF `name` (also an imposed layout's reading-order file)."""
    leaflet, locale, stem = Path(name).parent.parent.name, Path(name).parent.name, Path(name).stem
    stem = stem.removesuffix(READING_SUFFIX)
    variant = next(v for v in VARIANTS if stem.startswith(v + "-"))
    return Combination(leaflet, variant, locale, stem[len(variant) + 1:])


DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: (error|warning): ")


def run(*args, env=None):
    return CliRunner(env=env).invoke(main, [str(a) for a in args], catch_exceptions=False)


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def stamps(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in sorted(out.rglob("*")) if p.is_file()}


def written(result, out: Path) -> set[str]:
    return {Path(line).relative_to(out).as_posix() for line in result.stdout.splitlines()}


def build(root: Path, out: Path, *options):
    result = run("build", "--root", root, "--out", out, *options)
    assert result.exit_code == 0, result.output
    return result


# ---------------------------------------------------------------------------- same bytes however built


@pytest.fixture
def small_pools(monkeypatch):
    """Use worker processes even for a handful of PDFs (normally built in one process)."""
    monkeypatch.setattr(batch, "MIN_PDFS_PER_PROCESS", 1)


def test_pool_one_process_and_in_process_builds_are_byte_identical(project, built_pdfs, tmp_path, small_pools):
    """The whole repository (every locale and layout, the imposed sheets and their reading-order files):
    workers, one process and build_outputs in this process (fonts already registered, shaping and
    bidi already imported, other PDFs rendered before) give the same bytes."""
    pooled, serial = tmp_path / "pooled", tmp_path / "serial"
    assert "2 processes" in build(REPO, pooled, "--jobs", "2").stderr
    build(REPO, serial, "--jobs", "1")
    made = pdfs(pooled)
    assert set(made) == {name for combo in project.combinations() for name in output_paths(project, combo)}
    assert ALL < set(made) and any(READING_SUFFIX in name for name in made)
    assert made == pdfs(serial)
    for combo in project.combinations():
        assert build_outputs(project, combo) == {name: made[name] for name in output_paths(project, combo)}, combo
        if combo.locale == "en":
            assert made[combo.output_path()] == built_pdfs[f"{combo.variant}-{combo.layout}"].data, combo


def test_pool_prints_paths_in_combination_order(project, tmp_path, small_pools):
    result = build(REPO, tmp_path, "--jobs", "3", "--layout", "a4", "--layout", "a5-booklet")
    combos = select(project, layouts=("a4", "a5-booklet"))
    assert result.stdout.splitlines() == [str(tmp_path / name) for combo in combos
                                          for name in output_paths(project, combo)]
    assert [combo_of(Path(line).relative_to(tmp_path).as_posix()) for line in result.stdout.splitlines()] == \
        [combo for combo in combos for _ in output_paths(project, combo)]


def test_a_bigger_matrix_is_the_same_from_the_pool_as_from_build_pdf(project_copy, tmp_path):
    """8 locales x 2 variants x 3 layouts: models resolved once per batch, shared by the workers."""
    english = (project_copy / "content/drug-pump/en.yaml").read_text(encoding="utf-8")
    (project_copy / "content/drug-pump/en-GB.yaml").write_text(english.replace("\nlocale: en\n", "\nlocale: en-GB\n"),
                                                               encoding="utf-8")
    (project_copy / "layouts/a5.yaml").write_text("extends: handout\npage:\n  size: A5\n"
                                                  "references:\n  placement: endnotes\n  size: 9pt\n"
                                                  "  rule_length: 30mm\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build(project_copy, out, "--jobs", "2")
    assert "2 processes" in result.stderr
    built = pdfs(out)
    assert len(built) == 48
    proj = load_project(project_copy)
    for combo in proj.combinations():
        assert built[combo.output_path()] == build_pdf(proj, combo), combo


def test_a_few_pdfs_are_built_in_one_process(tmp_path):
    result = build(REPO, tmp_path, "--jobs", "2", "--locale", "en", "--layout", "a4", "--layout", "letter")
    assert re.search(r"^built 4 PDFs in [0-9.]+ s, 1 process$", result.stderr, re.M), result.stderr


def test_jobs_must_be_positive(tmp_path):
    result = run("build", "--root", REPO, "--out", tmp_path, "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------------------- incremental


def test_noop_rebuild_writes_nothing_and_does_not_load_the_project(project_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(project_copy, out)
    before, files = stamps(out), pdfs(out)

    import leaflets.build.project

    def must_not_load(*_args, **_kw):
        raise AssertionError("a no-op rebuild loaded the project")

    monkeypatch.setattr(leaflets.build.project, "load_project", must_not_load)
    result = build(project_copy, out)
    assert result.stdout == ""
    assert "nothing to build: 28 PDFs up to date" in result.stderr
    assert stamps(out) == before and pdfs(out) == files


def test_touched_but_unchanged_inputs_rebuild_nothing(project_copy, tmp_path):
    out = tmp_path / "out"
    build(project_copy, out)
    before = stamps(out)
    for path in (project_copy / "layouts/a4.yaml", project_copy / "fonts/noto/NotoSans-Regular.ttf"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    result = build(project_copy, out)
    assert result.stdout == ""
    assert {k: v for k, v in stamps(out).items() if k != MANIFEST_NAME} == \
        {k: v for k, v in before.items() if k != MANIFEST_NAME}


@pytest.mark.parametrize("path, old, new, rebuilt", [
    ("layouts/letter.yaml", "margins: {top: 0.7in", "margins: {top: 0.8in", of(layout="letter")),
    ("layouts/a4.yaml", "description: A4 single-column handout", "description: A4 handout", of(layout="a4")),
    ("layouts/handout.yaml", 'muted: "#4a4a4a"', 'muted: "#404040"', ALL),
    ("content/bibliography.yaml", "Neuromodulation", "Neuromodulation (Oxford)", ALL),
    # every translation is made from the English: its structure, citations, phone numbers and dates
    ("content/drug-pump/en.yaml", "Ask your doctor how the trial works.", "Ask your doctor about the trial.", ALL),
    ("content/drug-pump/es.yaml", "Pregunte a su médico cómo funciona el periodo de prueba.",
     "Pregunte a su médico cómo funciona la prueba.", of("es")),
    ("fonts/fonts.yaml", "# Font families that layouts may name.", "# Font families.", ALL),
])
def test_a_changed_input_rebuilds_exactly_its_dependants(project_copy, edit_file, tmp_path, path, old, new, rebuilt):
    out = tmp_path / "out"
    build(project_copy, out)
    before = pdfs(out)
    edit_file(project_copy, path, old, new)
    result = build(project_copy, out)
    assert written(result, out) == rebuilt
    after = pdfs(out)
    for name in ALL - rebuilt:
        assert after[name] == before[name]
    build(project_copy, tmp_path / "fresh")
    assert after == pdfs(tmp_path / "fresh"), "an incremental build differs from a fresh one"
    assert build(project_copy, out).stdout == ""


def test_a_changed_font_file_rebuilds_the_pdfs_that_use_it(project_copy, tmp_path):
    out = tmp_path / "out"
    build(project_copy, out)
    italic = project_copy / "fonts/noto/NotoSans-Italic.ttf"
    italic.write_bytes((project_copy / "fonts/noto/NotoSans-BoldItalic.ttf").read_bytes())
    assert written(build(project_copy, out), out) == ALL     # the last font of every locale's chain


@pytest.mark.parametrize("folder, family, locale", [
    ("noto-arabic", "NotoSansArabic", "ar"),
    ("noto-devanagari", "NotoSansDevanagari", "hi"),
    ("noto-cjk", "LeafletsNotoSansSC", "zh-Hans"),
])
def test_a_changed_script_font_rebuilds_only_its_locale(project_copy, tmp_path, folder, family, locale):
    """A family named under `locales:` in fonts.yaml is an input of that locale's PDFs and of no other
    (and this process, which has the old font registered, draws with the new one)."""
    out = tmp_path / "out"
    build(project_copy, out)
    before = pdfs(out)
    widen_font(project_copy / "fonts" / folder / f"{family}-Regular.ttf")
    result = build(project_copy, out)
    assert written(result, out) == of(locale)
    after = pdfs(out)
    assert all(after[name] == before[name] for name in ALL - of(locale))
    assert any(after[name] != before[name] for name in of(locale)), "the new font is not in the PDFs"
    build(project_copy, tmp_path / "fresh", "--locale", locale)
    assert {k: v for k, v in after.items() if k in of(locale)} == pdfs(tmp_path / "fresh")


def test_a_new_layout_builds_only_its_pdfs(project_copy, tmp_path):
    out = tmp_path / "out"
    build(project_copy, out)
    (project_copy / "layouts/a5.yaml").write_text("extends: handout\npage:\n  size: A5\n", encoding="utf-8")
    assert written(build(project_copy, out), out) == {name.replace("-a4.pdf", "-a5.pdf") for name in of(layout="a4")}


def test_deleted_or_edited_pdfs_are_rebuilt(project_copy, tmp_path):
    out = tmp_path / "out"
    build(project_copy, out)
    good = pdfs(out)
    (out / "drug-pump/en/cancer-a4.pdf").unlink()
    (out / "drug-pump/ar/non-cancer-letter.pdf").write_bytes(b"%PDF-1.4 not what build wrote")
    result = build(project_copy, out)
    assert written(result, out) == {"drug-pump/en/cancer-a4.pdf", "drug-pump/ar/non-cancer-letter.pdf"}
    assert pdfs(out) == good


def test_force_rebuilds_everything(project_copy, tmp_path):
    out = tmp_path / "out"
    build(project_copy, out)
    assert written(build(project_copy, out, "--force"), out) == ALL


def test_narrowed_builds_share_the_manifest(project_copy, tmp_path):
    out = tmp_path / "out"
    assert written(build(project_copy, out, "--layout", "a4"), out) == of(layout="a4")
    assert written(build(project_copy, out, "--locale", "en", "--locale", "ar"), out) == {
        "drug-pump/en/cancer-letter.pdf", "drug-pump/en/non-cancer-letter.pdf",
        "drug-pump/ar/cancer-letter.pdf", "drug-pump/ar/non-cancer-letter.pdf"}
    assert written(build(project_copy, out), out) == of(layout="letter") - of("en") - of("ar")
    assert build(project_copy, out, "--layout", "a4").stdout == ""


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": 0, "outputs": {}}', b"[1, 2]",
                                     b'{"format": 1, "outputs": {"drug-pump/en/cancer-a4.pdf": 5}, "checked": 3}',
                                     b"\xff\xfe"])
def test_a_corrupt_or_old_manifest_rebuilds_everything(project_copy, tmp_path, content):
    out = tmp_path / "out"
    build(project_copy, out)
    (out / MANIFEST_NAME).write_bytes(content)
    result = build(project_copy, out)
    assert written(result, out) == ALL
    assert json.loads((out / MANIFEST_NAME).read_text())["format"] == manifest.FORMAT


def test_a_new_day_checks_the_inputs_again(project_copy, tmp_path):
    out = tmp_path / "out"
    build(project_copy, out)
    loaded = Manifest.load(out)
    run_ = json.loads(next(iter(loaded.checked["runs"])))
    assert run_[0] == str(project_copy.resolve())
    selection = next(iter(loaded.checked["runs"]))
    tree = manifest.FileDigests(project_copy.resolve()).tree()
    today = _dt.date.today()
    assert loaded.unchanged_run(selection, tree, today) == []
    assert loaded.unchanged_run(selection, tree, today + _dt.timedelta(days=1)) is None
    assert loaded.unchanged_run(selection, "other tree", today) is None


def test_warnings_are_repeated_by_a_noop_rebuild(project_copy, edit_file, tmp_path):
    edit_file(project_copy, "content/drug-pump/en.yaml", "next_review: 2027-11-01", "next_review: 2026-11-02")
    out = tmp_path / "out"
    first = build(project_copy, out)
    warnings = [line for line in first.stderr.splitlines() if DIAGNOSTIC.match(line)]
    if not warnings:
        pytest.skip("the review date has not passed yet on this machine's clock")
    second = build(project_copy, out)
    assert [line for line in second.stderr.splitlines() if DIAGNOSTIC.match(line)] == warnings
    assert run("build", "--root", project_copy, "--out", out, "--strict").exit_code == 1


# ---------------------------------------------------------------------------- only the locales built


def test_a_narrowed_build_checks_only_the_fonts_and_coverage_of_its_locales(project_copy, edit_file, tmp_path):
    """A broken Arabic font or an undrawable Chinese character stops the builds of those
    locales (and of everything), not a build of English alone."""
    (project_copy / "fonts/noto-arabic/NotoSansArabic-Bold.ttf").write_bytes(b"this is not a font")
    edit_file(project_copy, "content/drug-pump/zh-Hans.yaml", 'title: "您的', 'title: "\u9f98您的')
    english = build(project_copy, tmp_path / "en", "--locale", "en", "--locale", "es")
    assert written(english, tmp_path / "en") == of("en") | of("es")
    for locales, expected in ((["ar"], "families.Noto Sans Arabic.bold"), (["zh-Hans"], "U+9F98"),
                              ([], "families.Noto Sans Arabic.bold"), ([], "U+9F98")):
        result = run("build", "--root", project_copy, "--out", tmp_path / "other",
                     *[a for locale in locales for a in ("--locale", locale)])
        assert result.exit_code == 1 and expected in result.output, result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "other").exists()


_COLD = """
import json, sys
from leaflets.typeset import fonts
from leaflets.cli import main
parsed, ttfont = set(), fonts.FontRegistry.ttfont
fonts.FontRegistry.ttfont = lambda self, name, path: parsed.add(path.name) or ttfont(self, name, path)
main(["build", "--root", sys.argv[1], "--out", sys.argv[2], "--leaflet", "drug-pump", "--variant", "cancer",
      "--locale", "en", "--layout", "a4"], standalone_mode=False)
print(json.dumps({"parsed": sorted(parsed),
                  "loaded": sorted(name for name, m in sys.modules.items() if type(m).__name__ != "_Deferred")}))
"""


def test_a_cold_english_build_loads_no_script_library_or_script_font(tmp_path):
    """One English PDF, in a fresh process: no shaping (uharfbuzz), no bidi, no Babel (CLDR data),
    no PDF reader, and only the fonts of the English chain are parsed."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-X", "importtime", "-c", _COLD, str(REPO), str(tmp_path)],
                            capture_output=True, text=True, cwd=tmp_path, check=True)
    assert (tmp_path / "drug-pump/en/cancer-a4.pdf").is_file()
    report = json.loads(result.stdout.splitlines()[-1])
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    for name in ("uharfbuzz", "bidi", "babel", "pypdf", "pypdfium2"):
        assert not [m for m in imported | set(report["loaded"]) if m == name or m.startswith(name + ".")], name
    assert "reportlab.pdfbase.ttfonts" in report["loaded"]      # which asked for uharfbuzz, and got a stand-in
    assert report["parsed"] == ["NotoSans-Bold.ttf", "NotoSans-BoldItalic.ttf", "NotoSans-Italic.ttf",
                                "NotoSans-Regular.ttf"]


# ---------------------------------------------------------------------------- failures in workers


def _pocket_a4(root: Path) -> None:
    """A4 becomes a narrow A5: most leaflets' footnotes no longer fit beside their text (found while
    rendering, in the workers); the contact panel still fits (checked before rendering)."""
    (root / "layouts/a4.yaml").write_text(
        "extends: handout\npage:\n  size: A5\n  margins: {top: 20mm, right: 32mm, bottom: 20mm, left: 32mm}\n"
        "references:\n  size: 14pt\ntext:\n  size: 12pt\n", encoding="utf-8")     # 12pt: the contact panel fits


_CANNOT_FIT = re.compile(r"^content/drug-pump/([\w-]+)\.yaml:\d+:\d+: error: .* cannot fit on one page of layout 'a4' "
                         r".* in variant ([\w-]+) ")


def test_a_failing_pdf_reports_the_same_with_one_or_many_processes(project_copy, tmp_path, small_pools):
    _pocket_a4(project_copy)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = run("build", "--root", project_copy, "--out", out, "--jobs", jobs)
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        diagnostics = [line for line in result.output.splitlines() if DIAGNOSTIC.match(line)]
        failed = {f"drug-pump/{m[1]}/{m[2]}-a4.pdf" for m in map(_CANNOT_FIT.match, diagnostics) if m}
        assert diagnostics and len(failed) == len(diagnostics), result.output
        assert of(layout="a4") - failed, "every a4 PDF failed: the test no longer tells one PDF from another"
        # the PDFs that were made are not written either: nothing half-built, nothing half-written
        assert result.stdout == ""
        assert not out.exists() or not [p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST_NAME]
        outputs.append(result.stderr.splitlines()[-1 - len(diagnostics):])
    assert outputs[0] == outputs[1]


def test_a_failed_build_writes_nothing_and_the_next_builds_all_that_changed(project_copy, edit_file, tmp_path):
    """The letter PDFs made during a failed build were not written: the next build makes them."""
    out = tmp_path / "out"
    build(project_copy, out)
    good = pdfs(out)
    edit_file(project_copy, "layouts/letter.yaml", "margins: {top: 0.7in", "margins: {top: 0.8in")
    _pocket_a4(project_copy)
    assert run("build", "--root", project_copy, "--out", out).exit_code == 1
    assert pdfs(out) == good and not list(out.rglob("*.part"))
    (project_copy / "layouts/a4.yaml").write_text("extends: handout\npage:\n  size: A4\n", encoding="utf-8")
    assert written(build(project_copy, out), out) == of(layout="a4") | of(layout="letter")
    assert build(project_copy, out).stdout == ""


# ---------------------------------------------------------------------------- the manifest of a real build


def test_manifest_in_the_repository_project_lists_every_built_pdf(project, tmp_path):
    out = tmp_path / "out"
    build(REPO, out, "--locale", "en", "--locale", "ar")
    recorded = json.loads((out / MANIFEST_NAME).read_text())["outputs"]
    assert set(recorded) == {name for combo in select(project, locales=("en", "ar"))
                             for name in output_paths(project, combo)}
    digests = manifest.FileDigests(REPO)
    for name, entry in recorded.items():
        combo = combo_of(name)
        assert entry["inputs"] == manifest.input_key(project, combo, digests)
        assert entry["sha256"] == manifest.digest_file(out / name)


def _age(root: Path, seconds: int = 3600) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_unchanged_files_are_not_read_again_but_edits_are_seen(project_copy, edit_file, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _age(project_copy)
    build(project_copy, out)
    build(project_copy, out, "--force")        # records the digests of files that are now old enough to trust
    read = []
    real = manifest.digest_file
    monkeypatch.setattr(manifest, "digest_file", lambda path: read.append(path) or real(path))
    assert build(project_copy, out).stdout == ""
    assert not [p for p in read if project_copy in p.parents], "unchanged inputs were read again"
    edit_file(project_copy, "layouts/letter.yaml", "margins: {top: 0.7in", "margins: {top: 0.8in")
    assert written(build(project_copy, out), out) == of(layout="letter")


def _build_at_once(out, *selections):
    """Several `build` processes into one folder at the same time; their summary lines."""
    import subprocess  # reason: these builds must be separate processes running at once
    import sys  # reason: as above

    procs = [subprocess.Popen([sys.executable, str(REPO / "generate.py"), "build", "--root", str(root), "--out",
                               str(out), "--jobs", "1", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) for root, args in selections]
    lines = []
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        lines.append(err.strip().splitlines()[-1])
    return lines


def test_shards_built_at_once_into_one_folder_leave_nothing_to_build(project_copy, tmp_path):
    out = tmp_path / "out"
    lines = _build_at_once(out, *[(project_copy, ["--shard", f"{k}/3"]) for k in (1, 2, 3)])
    counts = [int(re.search(r"built (\d+) PDFs", line)[1]) for line in lines]
    assert all(line.startswith(f"shard {k}/3: built ") for k, line in zip((1, 2, 3), lines)), lines
    assert sum(counts) == len(ALL) and min(counts) > 0
    result = run("build", "--root", project_copy, "--out", out)
    assert result.exit_code == 0 and f"{len(ALL)} up to date" in result.stderr and "built 0 PDFs" in result.stderr
    # shards built into their own folders, then copied together (as CI artifacts are)
    together = tmp_path / "together"
    for k in (1, 2):
        part = tmp_path / f"part{k}"
        assert run("build", "--root", project_copy, "--out", part, "--shard", f"{k}/2").exit_code == 0
        for path in part.rglob("*"):
            if path.is_file():
                (together / path.relative_to(part)).parent.mkdir(parents=True, exist_ok=True)
                (together / path.relative_to(part)).write_bytes(path.read_bytes())
    result = run("build", "--root", project_copy, "--out", together)
    assert result.exit_code == 0 and "built 0 PDFs" in result.stderr, result.stderr


def test_two_builds_at_once_into_one_folder_keep_each_others_records(project_copy, tmp_path):
    out = tmp_path / "out"
    _build_at_once(out, (project_copy, ["--locale", "en", "--locale", "de", "--locale", "es"]),
                   (project_copy, ["--locale", "ar", "--locale", "hi", "--locale", "vi", "--locale", "zh-Hans"]))
    assert set(Manifest.load(out).outputs) == ALL
    result = run("build", "--root", project_copy, "--out", out)
    assert "built 0 PDFs" in result.stderr, result.stderr


def test_a_shard_cannot_clean(tmp_path):
    result = run("build", "--out", tmp_path, "--shard", "1/2", "--clean")
    assert result.exit_code == 2 and "run it once, without --shard" in result.output
