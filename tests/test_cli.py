"""The command line (leaflets.cli.main) through click's CliRunner, and generate.py once for real."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ALL_LAYOUTS, REPO, VARIANTS, output_files
from leaflets.cli import main
from leaflets.build.manifest import MANIFEST_NAME

LOCALES = ["ar", "de", "en", "es", "hi", "vi", "zh-Hans"]
ALL = {("drug-pump", v, loc, l) for loc in LOCALES for v in VARIANTS for l in ALL_LAYOUTS}


def files_for(variants=VARIANTS, layouts=ALL_LAYOUTS, locales=LOCALES) -> list[str]:
    """What a build of these writes under drug-pump/, in the order it prints them."""
    return [f"drug-pump/{loc}/{name}" for v in sorted(variants) for loc in sorted(locales) for l in sorted(layouts)
            for name in output_files(v, l)]


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return invoke


def pdfs_under(folder: Path) -> set[str]:
    """Every file build wrote, except its manifest (what each PDF was built from)."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST_NAME}


# ---------------------------------------------------------------------------- build


def test_build_without_arguments_builds_everything_into_out(project_copy, monkeypatch, built_pdfs):
    monkeypatch.chdir(project_copy)
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    expected = [f"out/{p}" for p in files_for()]
    assert len(expected) == len(LOCALES) * 2 * (8 + 3)     # 2 variants x 8 layouts, 3 of them imposed (+ reading order)
    assert result.stdout.splitlines() == [str(Path(p)) for p in expected]
    assert pdfs_under(project_copy / "out") == {p[len("out/"):] for p in expected}
    for name in ("cancer-a4", "cancer-letter", "non-cancer-a4", "non-cancer-letter", "cancer-a4-trifold",
                 "non-cancer-a5-booklet"):
        built = built_pdfs[name]
        data = (project_copy / "out" / "drug-pump" / "en" / f"{name}.pdf").read_bytes()
        assert data == built.data, name
        if built.reading_data:
            data = (project_copy / "out" / "drug-pump" / "en" / f"{name}-reading.pdf").read_bytes()
            assert data == built.reading_data, name


def test_build_with_root_and_out(run, tmp_path):
    out = tmp_path / "pdfs"
    result = run("build", "--root", REPO, "--out", out)
    assert result.exit_code == 0, result.output
    printed = result.stdout.splitlines()
    assert len(printed) == len(LOCALES) * 22
    for line in printed:
        path = Path(line)
        assert path.is_file() and path.read_bytes().startswith(b"%PDF-")
        assert path.parent.parent == out / "drug-pump" and path.parent.name in LOCALES
    assert pdfs_under(out) == set(files_for())
    assert not list(out.rglob("*.part")), "temporary files left behind"


@pytest.mark.parametrize("options, names", [
    (["--variant", "cancer", "--layout", "a5-booklet"], {"cancer-a5-booklet", "cancer-a5-booklet-reading"}),
    (["--layout", "letter"], {"cancer-letter", "non-cancer-letter"}),
    (["--variant", "non-cancer", "--layout", "a4"], {"non-cancer-a4"}),
    (["--layout", "a4", "--layout", "letter", "--variant", "cancer"], {"cancer-a4", "cancer-letter"}),
    (["--variant", "cancer", "--variant", "non-cancer", "--layout", "letter"], {"cancer-letter", "non-cancer-letter"}),
    (["--leaflet", "drug-pump", "--locale", "en", "--layout", "a4-print"], {"cancer-a4-print",
                                                                           "non-cancer-a4-print"}),
])
def test_build_narrowed(run, tmp_path, options, names):
    result = run("build", "--root", REPO, "--out", tmp_path, *options)
    assert result.exit_code == 0, result.output
    locales = ["en"] if "--locale" in options else LOCALES
    expected = {f"drug-pump/{loc}/{n}.pdf" for loc in locales for n in names}
    assert pdfs_under(tmp_path) == expected
    assert {Path(line).relative_to(tmp_path).as_posix() for line in result.stdout.splitlines()} == expected


@pytest.mark.parametrize("option, value, suggestion", [
    ("--variant", "cancr", "cancer"), ("--layout", "a5", None), ("--leaflet", "drug-pmp", "drug-pump"),
    ("--locale", "fr", None),
])
def test_build_unknown_name_fails_and_writes_nothing(run, tmp_path, option, value, suggestion):
    result = run("build", "--root", REPO, "--out", tmp_path / "out", option, value)
    assert result.exit_code != 0
    assert value in result.output and option in result.output
    if suggestion:
        assert f"did you mean {suggestion!r}" in result.output
    assert not (tmp_path / "out").exists()


def test_build_with_broken_input_fails_with_location(run, project_copy, edit_file, tmp_path):
    edit_file(project_copy, "content/drug-pump/en.yaml", "[@less-by-mouth]", "[@less-by-mout]")
    lines = (project_copy / "content/drug-pump/en.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "less-by-mout]" in text)
    result = run("build", "--root", project_copy, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"content/drug-pump/en.yaml:{line}:" in result.output
    assert "unknown citation 'less-by-mout'" in result.output
    assert "did you mean 'less-by-mouth'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_build_missing_root_fails(run, tmp_path):
    result = run("build", "--root", tmp_path / "nope", "--out", tmp_path / "out")
    assert result.exit_code != 0
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------- list


def test_list_json(run):
    result = run("list", "--format", "json", "--root", REPO)
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert isinstance(items, list) and len(items) == 16 * len(LOCALES)
    for item in items:
        assert set(item) == {"leaflet", "variant", "locale", "layout"}
    assert {(i["leaflet"], i["variant"], i["locale"], i["layout"]) for i in items} == ALL


def test_list_json_narrowed(run):
    result = run("list", "--format", "json", "--root", REPO, "--variant", "non-cancer", "--layout", "letter",
                 "--locale", "en")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"leaflet": "drug-pump", "variant": "non-cancer", "locale": "en", "layout": "letter"}]


def test_list_text(run):
    result = run("list", "--root", REPO)
    assert result.exit_code == 0, result.output
    assert {tuple(line.split("\t")) for line in result.stdout.splitlines()} == ALL


def test_list_unknown_name_fails(run):
    result = run("list", "--root", REPO, "--layout", "A4")
    assert result.exit_code != 0
    assert "'A4'" in result.output


# ---------------------------------------------------------------------------- check, schemas, help


def test_check_passes_on_the_repository(run):
    result = run("check", "--root", REPO)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"ok: {len(LOCALES)} content files, 8 layouts, 0 warnings")


def test_check_fails_on_broken_input(run, project_copy, edit_file):
    edit_file(project_copy, "content/drug-pump/en.yaml", "code: DP-01", "code: DP-01\ncode: DP-02")
    lines = (project_copy / "content/drug-pump/en.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("code: DP-02") + 1
    result = run("check", "--root", project_copy)
    assert result.exit_code == 1
    assert f"content/drug-pump/en.yaml:{line}:1: error: code: duplicate key 'code'" in result.output


def test_schemas_written(run, tmp_path):
    result = run("schemas", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(Path(line).name for line in result.stdout.splitlines())
    assert written == sorted(p.name for p in (REPO / "schemas").glob("*.schema.json"))
    for line in result.stdout.splitlines():
        assert isinstance(json.loads(Path(line).read_text(encoding="utf-8")), dict)


@pytest.mark.parametrize("command, must_mention", [
    ([], ["build", "list", "check", "schemas"]),
    (["build"], ["--leaflet", "--variant", "--locale", "--layout", "--out", "--root", "--strict"]),
    (["list"], ["--format", "--leaflet", "--variant", "--locale", "--layout", "--root"]),
    (["check"], ["--root", "--strict", "--file", "--leaflet"]),
    (["schemas"], ["--out"]),
])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_every_command(run, command, must_mention, flag):
    result = run(*command, flag)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage:")
    for word in must_mention:
        assert word in result.stdout, word


def test_generate_py_help_from_repo_root():
    proc = subprocess.run([sys.executable, "generate.py", "--help"], cwd=REPO, capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": ""})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage:")
    for command in ("build", "list", "check", "schemas"):
        assert command in proc.stdout


# ---------------------------------------------------------------------------- where output goes (issue 20)


def test_built_files_get_the_permissions_the_umask_gives(run, tmp_path):
    import stat

    old = os.umask(0o022)
    try:
        result = run("build", "--root", REPO, "--out", tmp_path / "out", "--locale", "en", "--layout", "a4")
        schemas = run("schemas", "--out", tmp_path / "schemas")
    finally:
        os.umask(old)
    assert result.exit_code == 0 and schemas.exit_code == 0, result.output + schemas.output
    written = [p for p in (tmp_path).rglob("*") if p.is_file()]
    assert (tmp_path / "out" / MANIFEST_NAME) in written and len(written) > 5
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {p.name: "0o644" for p in written}


@pytest.mark.parametrize("command", [["schemas", "--out", "{blocker}/schemas"],
                                     ["verify", "--root", str(REPO), "--out", "{tmp}/nothing", "--locale", "en",
                                      "--layout", "a4", "--no-rebuild", "--junit", "{blocker}/report.xml"]],
                         ids=["schemas", "verify-junit"])
def test_output_that_cannot_be_written_is_a_located_error(run, tmp_path, command):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run(*[a.format(blocker=blocker, tmp=tmp_path) for a in command])
    assert result.exit_code == 1, result.output
    target = f"{blocker}/{'schemas/content.schema.json' if command[0] == 'schemas' else 'report.xml'}"
    assert result.output.splitlines()[-2:] == [
        f"{target}: error: cannot write: a file stands where its folder should be "
        "(check that the folder exists and you can write to it)", "1 error, 0 warnings"]


def test_previews_that_cannot_be_written_are_a_located_error(run, tmp_path):
    out = tmp_path / "out"
    built = run("build", "--root", REPO, "--out", out, "--variant", "cancer", "--locale", "en", "--layout", "a4")
    assert built.exit_code == 0, built.output
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run("preview", "--root", REPO, "--out", out, "--variant", "cancer", "--locale", "en", "--layout", "a4",
                 "--to", blocker / "png")
    assert result.exit_code == 1, result.output
    last, summary = result.output.splitlines()[-2:]
    assert last.startswith(f"{blocker}/png/") and last.endswith(
        ".png: error: cannot write: a file stands where its folder should be "
        "(check that the folder exists and you can write to it)"), result.output
    assert summary == "1 error, 0 warnings"


def test_verify_junit_through_a_link_to_a_device_keeps_the_link(run, tmp_path):
    link = tmp_path / "report.xml"
    link.symlink_to("/dev/null")
    result = run("verify", "--root", REPO, "--out", tmp_path / "nothing", "--locale", "en", "--layout", "a4",
                 "--no-rebuild", "--junit", link)
    assert result.exit_code == 1 and "not found" in result.output
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


def test_the_summary_counts_files_in_both_halves(run, tmp_path):
    """A tri-fold writes two files: "built 2 PDFs" and "4 up to date" are both files, not combinations."""
    out = tmp_path / "out"
    args = ["build", "--root", REPO, "--out", out, "--locale", "en", "--layout", "a4", "--layout", "a4-trifold"]
    assert run(*args).exit_code == 0
    (out / "drug-pump/en/cancer-a4-trifold.pdf").unlink()
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out / "drug-pump/en/cancer-a4-trifold.pdf"),
                                          str(out / "drug-pump/en/cancer-a4-trifold-reading.pdf")]
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("built 2 PDFs in ") and summary.endswith(", 1 process, 4 up to date"), summary


def test_build_clean_removes_only_recorded_pdfs_no_combination_makes(run, project_copy, tmp_path):
    out = tmp_path / "out"
    (project_copy / "layouts/a4-extra.yaml").write_text("extends: a4\nfooter: {show: false}\n")
    base = ["build", "--root", project_copy, "--out", out, "--locale", "en"]
    assert run(*base, "--layout", "a4", "--layout", "a4-extra").exit_code == 0
    extra = [out / "drug-pump/en/cancer-a4-extra.pdf", out / "drug-pump/en/non-cancer-a4-extra.pdf"]
    assert all(p.is_file() for p in extra)
    mine = out / "drug-pump/en/mine.pdf"          # never recorded: never removed
    mine.write_bytes(b"%PDF- my own")
    outside = tmp_path / "outside.pdf"            # a manifest entry pointing out of --out is not followed
    outside.write_bytes(b"%PDF-")
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    manifest["outputs"]["../outside.pdf"] = {"inputs": "x", "sha256": "y", "size": 5, "mtime_ns": 0}
    (out / MANIFEST_NAME).write_text(json.dumps(manifest))
    (project_copy / "layouts/a4-extra.yaml").unlink()

    kept = run(*base, "--layout", "a4")
    assert kept.exit_code == 0 and all(p.is_file() for p in extra), "removed without --clean"
    result = run(*base, "--layout", "a4", "--clean")
    assert result.exit_code == 0, result.output
    assert [p.exists() for p in extra] == [False, False]
    assert [line for line in result.stderr.splitlines() if line.startswith("removed ")] == [
        f"removed {p}" for p in extra]
    assert result.stderr.splitlines()[-1].endswith(", 2 up to date, 2 removed")
    assert mine.is_file() and outside.is_file()
    assert (out / "drug-pump/en/cancer-a4.pdf").is_file() and (out / "drug-pump/en/non-cancer-a4.pdf").is_file()
    recorded = json.loads((out / MANIFEST_NAME).read_text())["outputs"]
    assert sorted(recorded) == ["drug-pump/en/cancer-a4.pdf", "drug-pump/en/non-cancer-a4.pdf"]


# ---------------------------------------------------------------------------- check --file


def _cite_unknown_key(root: Path) -> None:
    path = root / "content/drug-pump/en.yaml"
    text = path.read_text(encoding="utf-8")
    assert "@deer2004;" in text
    path.write_text(text.replace("@deer2004;", "@deer2040;", 1), encoding="utf-8")


def test_check_of_one_clean_file_while_another_has_errors_says_so_without_a_traceback(run, project_copy):
    _cite_unknown_key(project_copy)
    result = run("check", "--root", project_copy, "--file", project_copy / "layouts/a4.yaml")
    assert result.exit_code == 0, result.output
    assert "deer2040" not in result.output
    assert result.output.splitlines()[-1] == ("layouts/a4.yaml: no errors; other files have 1 error, not shown "
                                              "(run check without --file to see them and to check across files)")


def test_check_of_the_file_with_the_error_reports_it(run, project_copy):
    _cite_unknown_key(project_copy)
    result = run("check", "--root", project_copy, "--file", project_copy / "content/drug-pump/en.yaml")
    assert result.exit_code == 1
    assert "unknown citation 'deer2040'" in result.output
    assert "zh-Hans.yaml" not in result.output


def test_check_of_a_file_that_does_not_exist_is_a_usage_error(run, project_copy):
    result = run("check", "--root", project_copy, "--file", project_copy / "layouts/a44.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.output
