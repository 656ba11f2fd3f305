"""A corpus of bad inputs, each with the exact diagnostics it must produce.

Every folder tests/bad/<case>/ holds a case.yaml describing one mistake as a
patch to the repository's good project (content/, layouts/, fonts/):

    file: content/drug-pump/en.yaml      # the file to change, create or delete
    edit:                                # a list of {find, replace} edits to the good file,
      - find: "..."                      #   each `find` must occur exactly once
        replace: "..."
    # or  edit: |  <full text of the file>
    # or  from: content/drug-pump/en.yaml  (start a new file from a copy of another)
    # or  generate: <name>               (bytes made by GENERATORS below: bad UTF-8, huge files...)
    # or  delete: true
    # or  symlink_outside: true          (replace the file by a symlink to a copy outside the project)
    files: [...]                         # several of the above, each with `file:`
    command: check                       # the command to run (default: build)
    args: [--strict]                     # extra command-line arguments (optional)
    exit: 1                              # expected exit code (default 1)
    max_seconds: 1                       # the run must take less than this (optional)
    expect:                              # the diagnostics, exactly as printed, in order
      - "content/drug-pump/en.yaml:54:19: error: sections[1]...: unknown citation 'deer2040' (...)"

The test copies the project (its English content only: a case about a
translation brings the translation in with `from:`) into a temporary folder,
applies the case, runs
`leaflets build --root <tmp> --out <tmp>/out` in-process (click's CliRunner,
exceptions not caught, so a crash fails the test) and checks: the exit code,
that the diagnostic lines printed are exactly the expected ones in the
expected order, the "N errors, M warnings" summary, no traceback, and that no
PDF (and no temporary *.part file) was written. A case with `exit: 0` is a
warning that does not stop the build: its PDFs must then exist.

An expectation is the message as it should be: a case whose message the tool
does not (yet) print fails until the package is fixed. Line numbers refer to
the repository's good files; tests/bad cases must be updated if those change.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO
from leaflets.cli import main
from leaflets.build.manifest import MANIFEST_NAME

BAD = Path(__file__).resolve().parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "case.yaml").is_file())

# "path:line:column: severity: ..." or "path: severity: ..." (whole-file problems)
DIAGNOSTIC = re.compile(r"^\S+?(?::\d+:\d+)?: (?:error|warning): ")
GOOD_PDFS: set[str] = set()   # what a build of the good project writes; set by `template`


# --------------------------------------------------------------------------- generated inputs
# Inputs that cannot (or should not) be committed as text: bad bytes, huge or deep files.

def _billion_laughs(good: bytes) -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _replace_once(good: bytes, old: bytes, new: bytes) -> bytes:
    assert good.count(old) == 1, old
    return good.replace(old, new)


def _nesting_100(good: bytes) -> bytes:
    return _replace_once(good, b"title: Your implanted drug pump",
                         b"title: " + b"[" * 100 + b"x" + b"]" * 100)


def _nesting_100000(good: bytes) -> bytes:
    return b"[" * 100_000 + b"]" * 100_000 + b"\n"


def _nesting_block_100(good: bytes) -> bytes:
    return b"- " * 100 + b"x\n"


def _nesting_mapping_100000(good: bytes) -> bytes:
    return b"{a: " * 100_000 + b"x" + b"}" * 100_000 + b"\n"


def _not_utf8(good: bytes) -> bytes:
    return _replace_once(good, b"title: Your implanted", b"title: Your\xff implanted")


def _not_utf8_after_multibyte(good: bytes) -> bytes:
    old = "authors: Winkelmüller M, Winkelmüller W".encode()
    return _replace_once(good, old, "authors: Winkelmüller M, ".encode() + b"\xe9" + "Winkelmüller W".encode())


def _cp1252(good: bytes) -> bytes:
    return good.decode("utf-8").encode("cp1252")


def _utf16(good: bytes) -> bytes:
    return good.decode("utf-8").encode("utf-16")


def _control_character(good: bytes) -> bytes:
    return _replace_once(good, b"title: Your implanted", b"title: Your\x07 implanted")


def _nul_byte(good: bytes) -> bytes:
    return _replace_once(good, b"code: DP-01", b"code: DP-01\x00")


def _two_megabytes(good: bytes) -> bytes:
    filler = b"# " + b"x" * 98 + b"\n"
    data = good + filler * ((2_000_000 - len(good)) // len(filler))
    return data + b"#" * (2_000_000 - len(data) - 1) + b"\n"


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height), "white").save(out, "PNG")
    return out.getvalue()


def _rgb_png(good: bytes) -> bytes:
    """A small, sound RGB photo-like PNG (print shops need CMYK)."""
    return _png(60, 40)


def _cut_short_png(good: bytes) -> bytes:
    """A PNG whose image data stops half-way (a broken download)."""
    data = _png(300, 200)
    return data[: len(data) // 2]


def _huge_png(good: bytes) -> bytes:
    """A PNG whose header says 8000 x 6000 pixels (48 million): refused before it is decoded."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", 8000, 6000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def _six_megabytes(good: bytes) -> bytes:
    """A sound SVG padded with a comment to 6 MB."""
    head, tail = good.split(b"<g ", 1)
    return head + b"<!-- " + b"x" * 6_000_000 + b" -->\n  <g " + tail


GENERATORS = {f.__name__.lstrip("_"): f for f in (
    _billion_laughs, _nesting_100, _nesting_100000, _nesting_block_100, _nesting_mapping_100000,
    _not_utf8, _not_utf8_after_multibyte, _cp1252, _utf16, _control_character, _nul_byte,
    _two_megabytes, _rgb_png, _cut_short_png, _huge_png, _six_megabytes)}


# --------------------------------------------------------------------------- the project copy

def _translations(folder, names):
    """Cases patch the English source; a case about a translation brings it in with `from:`."""
    return [n for n in names if n.endswith(".yaml") and n != "en.yaml" and Path(folder).parent.name == "content"]


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """One real copy of the good project; cases hard-link its font files (they never change)."""
    from leaflets.build.pipeline import output_paths
    from leaflets.build.project import load_project

    root = tmp_path_factory.mktemp("template")
    for name in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / name, root / name, ignore=_translations)
    project = load_project(root)
    problems = [d.format() for d in project.diagnostics.sorted()]
    assert not problems, ("the good project itself has problems (e.g. its review date has passed); "
                          "every case below expects only its own diagnostics:\n" + "\n".join(problems))
    global GOOD_PDFS
    GOOD_PDFS = {path for c in project.combinations() for path in output_paths(project, c)}
    assert "drug-pump/en/cancer-a4.pdf" in GOOD_PDFS and "drug-pump/en/non-cancer-letter.pdf" in GOOD_PDFS
    return root


def _link_or_copy(src, dst):
    if src.endswith(".ttf"):
        try:
            os.link(src, dst)
            return dst
        except OSError:
            pass
    return shutil.copy2(src, dst)


@pytest.fixture
def case_root(tmp_path, template) -> Path:
    root = tmp_path / "project"
    shutil.copytree(template, root, copy_function=_link_or_copy)
    return root


def _write(path: Path, data: bytes) -> None:
    """Write a new file (never through a hard link shared with the template)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        path.unlink()
    path.write_bytes(data)


def _file_specs(case: dict) -> list[dict]:
    if "files" in case:
        return case["files"]
    return [{k: v for k, v in case.items() if k in ("file", "edit", "from", "generate", "delete",
                                                     "symlink_outside")}]


def apply_case(case: dict, root: Path, outside: Path) -> None:
    for spec in _file_specs(case):
        target = root / spec["file"]
        source = root / spec.get("from", spec["file"])
        if "from" in spec and not source.exists():
            source = REPO / spec["from"]
        if spec.get("delete"):
            target.unlink()
        elif spec.get("symlink_outside"):
            outside.mkdir(parents=True, exist_ok=True)
            copy = outside / target.name
            shutil.copyfile(source, copy)
            target.unlink()
            target.symlink_to(copy)
        elif "generate" in spec:
            _write(target, GENERATORS[spec["generate"]](source.read_bytes()))
        elif isinstance(spec.get("edit"), str):
            _write(target, spec["edit"].encode("utf-8"))
        else:
            text = source.read_text(encoding="utf-8")
            for edit in spec.get("edit") or []:
                count = text.count(edit["find"])
                assert count == 1, f"case error: {edit['find']!r} occurs {count} times in {spec['file']}"
                text = text.replace(edit["find"], edit["replace"])
            _write(target, text.encode("utf-8"))


def run_cli(args: list[str]):
    runner = CliRunner()
    try:
        return runner.invoke(main, args, catch_exceptions=False)
    except Exception as exc:  # the CLI would have printed a traceback
        pytest.fail(f"unhandled exception (a traceback for the user): {type(exc).__name__}: {exc}",
                    pytrace=True)


def files_under(folder: Path, pattern: str) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob(pattern)} if folder.exists() else set()


def _summary(expected: list[str]) -> str:
    errors = sum(": error: " in line for line in expected if DIAGNOSTIC.match(line))
    warnings = sum(": warning: " in line for line in expected if DIAGNOSTIC.match(line))
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


# --------------------------------------------------------------------------- the corpus

def load_case(name: str) -> dict:
    return yaml.safe_load((BAD / name / "case.yaml").read_text(encoding="utf-8"))


def test_corpus_is_big_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name, case_root, tmp_path):
    case = load_case(name)
    apply_case(case, case_root, tmp_path / "outside")
    out = tmp_path / "out"
    args = [case.get("command", "build"), "--root", str(case_root)]
    if args[0] == "build":
        args += ["--out", str(out)]
    args += [str(a) for a in case.get("args", [])]

    started = time.perf_counter()
    result = run_cli(args)
    elapsed = time.perf_counter() - started

    output = result.output
    shown = f"\n--- output ---\n{output}--- end ---"
    lines = output.splitlines()
    expected = case["expect"]
    assert "Traceback" not in output, shown
    assert result.exit_code == case.get("exit", 1), f"exit code {result.exit_code}{shown}"
    for line in expected:
        assert line in lines, f"missing line:\n{line}{shown}"
    printed_diagnostics = [line for line in lines if DIAGNOSTIC.match(line)]
    expected_diagnostics = [line for line in expected if DIAGNOSTIC.match(line)]
    assert printed_diagnostics == expected_diagnostics, f"diagnostics differ{shown}"
    if case.get("exit", 1) == 1 and expected_diagnostics:
        assert lines[-1] == _summary(expected), shown
    if "max_seconds" in case:
        assert elapsed < case["max_seconds"], f"took {elapsed:.2f}s"

    assert not files_under(out, "*.part"), "a temporary file was left behind"
    if case.get("exit", 1) == 0 and args[0] == "build":
        # a case that brings in a translation also builds it
        added = {name.replace("/en/", f"/{Path(spec['file']).stem}/")
                 for spec in _file_specs(case) if "from" in spec for name in GOOD_PDFS}
        assert files_under(out, "*.pdf") == GOOD_PDFS | added
    else:
        assert not files_under(out, "*.pdf"), f"a failed build wrote PDFs{shown}"


def test_no_python_object_was_made(tmp_path):
    """The !!python/object/apply case must never run its command (it would create this file)."""
    assert not Path("/tmp/pwned").exists()


# --------------------------------------------------------------------------- atomic output

def _pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def test_failed_build_keeps_the_good_pdfs(case_root, tmp_path):
    out = tmp_path / "out"
    first = run_cli(["build", "--root", str(case_root), "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = _pdfs(out)
    assert set(before) == GOOD_PDFS
    stamps = {p: (out / p).stat().st_mtime_ns for p in before}

    en = case_root / "content/drug-pump/en.yaml"
    _write(en, en.read_bytes().replace(b"@deer2004;", b"@deer2040;"))
    second = run_cli(["build", "--root", str(case_root), "--out", str(out)])
    assert second.exit_code == 1, second.output
    assert "unknown citation 'deer2040'" in second.output
    assert _pdfs(out) == before
    assert {p: (out / p).stat().st_mtime_ns for p in before} == stamps
    assert not files_under(out, "*.part")
    assert not files_under(out, ".*") - {MANIFEST_NAME}, "a temporary file was left behind"


def test_build_that_fails_midway_leaves_no_partial_pdf(case_root, tmp_path):
    """The letter layout's page is too small for the contact panel; the a4 ones are fine.

    Whatever the build writes must be complete PDFs, nothing half-written, no temp files,
    and the PDFs of an earlier good build stay as they were.
    """
    from pypdf import PdfReader

    out = tmp_path / "out"
    assert run_cli(["build", "--root", str(case_root), "--out", str(out)]).exit_code == 0
    before = _pdfs(out)
    _write(case_root / "layouts/letter.yaml",
           b"extends: handout\npage:\n  size: A5\n"
           b"  margins: {top: 150pt, right: 150pt, bottom: 150pt, left: 150pt}\n")
    result = run_cli(["build", "--root", str(case_root), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not files_under(out, "*.part")
    after = _pdfs(out)
    assert set(after) == GOOD_PDFS
    for name, data in after.items():
        assert data.endswith(b"%%EOF\n") or data.rstrip().endswith(b"%%EOF"), name
        assert len(PdfReader(out / name).pages) >= 1
    for name in ("drug-pump/en/cancer-letter.pdf", "drug-pump/en/non-cancer-letter.pdf"):
        assert after[name] == before[name], f"{name} was replaced by a failed build"


def test_write_atomic_leaves_old_file_and_no_part_when_writing_fails(tmp_path, monkeypatch):
    from leaflets.output import writer

    target = tmp_path / "a" / "b.pdf"
    writer.write_atomic(target, b"old")

    def boom(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", boom)
    with pytest.raises(OSError):
        writer.write_atomic(target, b"new and longer")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.pdf"]


# --------------------------------------------------------------------------- content text is text

LOOKALIKES = '<b>not bold</b> & <font size="40">big</font> &amp; &#x41; <br/> <img src="x.png"/> <a href="javascript:alert(1)">x</a>'


def test_markup_lookalikes_print_literally(case_root, tmp_path):
    from pypdf import PdfReader

    en = case_root / "content/drug-pump/en.yaml"
    bib = case_root / "content/bibliography.yaml"
    quoted = LOOKALIKES.replace('"', '\\"')
    text = en.read_text(encoding="utf-8")
    for old, new in [
        ("title: Your implanted drug pump", f'title: "T {quoted}"'),
        ("heading: Trying it first", f'heading: "H {quoted}"'),
        ('"Ask your doctor how the trial works."', f'"P {quoted} [@deer2004]"'),
        ('- "headache"', f'- "B {quoted}"'),
        ("- name: Medtronic Patient Services", f'- name: "N {quoted}"'),
        ('purpose: "Questions about your pump."', f'purpose: "U {quoted}"'),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    _write(en, text.encode("utf-8"))
    bib_text = bib.read_text(encoding="utf-8")
    old = 'title: "Outcome of intrathecal opioids in chronic non-cancer pain"'
    _write(bib, bib_text.replace(old, f'title: "R {quoted}"').encode("utf-8"))

    out = tmp_path / "out"
    result = run_cli(["build", "--root", str(case_root), "--out", str(out), "--layout", "a4",
                      "--variant", "non-cancer"])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out / "drug-pump/en/non-cancer-a4.pdf")
    seen = "".join("".join(page.extract_text().split()) for page in reader.pages)
    want = "".join(LOOKALIKES.split())
    for prefix in "THPBNUR":
        assert prefix + want in seen, f"{prefix}: markup was interpreted instead of printed"


# --------------------------------------------------------------------------- fixed elements that cannot fit

def test_footnotes_that_cannot_fit_on_a_page_are_a_clean_error(case_root, tmp_path):
    """A pocket A5 layout with larger footnotes: every value is within its range, but a bullet
    citing four references needs more room for its footnotes than a page has.

    This must be reported like any other input problem (file:line:column, the layout's name),
    not end in reportlab's LayoutError and a traceback. The exact wording is the package's choice.
    """
    _write(case_root / "layouts/a4.yaml",
           b"extends: handout\npage:\n  size: A5\n"
           b"  margins: {top: 20mm, right: 40mm, bottom: 20mm, left: 40mm}\n"
           b"references:\n  size: 14pt\n")
    out = tmp_path / "out"
    result = run_cli(["build", "--root", str(case_root), "--out", str(out), "--layout", "a4"])
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    diagnostics = [line for line in result.output.splitlines() if DIAGNOSTIC.match(line)]
    assert diagnostics and all(re.match(r"^\S+:\d+:\d+: error: ", line) for line in diagnostics), result.output
    assert any("'a4'" in line for line in diagnostics), result.output
    assert not files_under(out, "*.pdf") and not files_under(out, "*.part")


# --------------------------------------------------------------------------- other usage problems

def test_out_folder_below_a_file_is_a_clean_error(case_root, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run_cli(["build", "--root", str(case_root), "--out", str(blocker / "out")])
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert "not-a-folder" in result.output


def test_missing_root_is_usage_error(tmp_path):
    result = run_cli(["build", "--root", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
