"""build.manifest: what each PDF is made from, and the fingerprint of the program that makes it."""
from __future__ import annotations

import os

import pytest

from conftest import REPO
from leaflets.build import manifest
from leaflets.build.manifest import inputs_for
from leaflets.build.project import Combination, load_project
from leaflets.build.session import BuildSession


def test_inputs_for_names_every_file_a_pdf_is_made_from(project):
    combo = Combination("drug-pump", "cancer", "en", "letter")
    assert inputs_for(project, combo) == [
        "content/bibliography.yaml", "content/drug-pump/en.yaml", "content/drug-pump/images/pump.svg", "fonts/fonts.yaml",
        "fonts/noto/NotoSans-Bold.ttf", "fonts/noto/NotoSans-BoldItalic.ttf", "fonts/noto/NotoSans-Italic.ttf",
        "fonts/noto/NotoSans-Regular.ttf", "layouts/handout.yaml", "layouts/letter.yaml"]
    for name in inputs_for(project, combo):
        assert (REPO / name).is_file(), name


NOTO = ["fonts/noto/NotoSans-Bold.ttf", "fonts/noto/NotoSans-BoldItalic.ttf", "fonts/noto/NotoSans-Italic.ttf",
        "fonts/noto/NotoSans-Regular.ttf"]


@pytest.mark.parametrize("locale, script_fonts", [
    ("es", []),
    ("ar", ["fonts/noto-arabic/NotoSansArabic-Bold.ttf", "fonts/noto-arabic/NotoSansArabic-Regular.ttf"]),
    ("hi", ["fonts/noto-devanagari/NotoSansDevanagari-Bold.ttf",
            "fonts/noto-devanagari/NotoSansDevanagari-Regular.ttf"]),
    ("zh-Hans", ["fonts/noto-cjk/LeafletsNotoSansSC-Bold.ttf", "fonts/noto-cjk/LeafletsNotoSansSC-Regular.ttf"]),
])
def test_a_translation_is_made_from_its_source_and_its_locales_fonts(project, locale, script_fonts):
    combo = Combination("drug-pump", "non-cancer", locale, "a4")
    assert inputs_for(project, combo) == sorted(
        ["content/bibliography.yaml", "content/drug-pump/en.yaml", f"content/drug-pump/{locale}.yaml",
         "content/drug-pump/images/pump.svg",
         "fonts/fonts.yaml", "layouts/a4.yaml", "layouts/handout.yaml"] + NOTO + script_fonts)


def test_a_translation_of_a_translation_is_made_from_both_sources(project_copy):
    spanish = (project_copy / "content/drug-pump/es.yaml").read_text(encoding="utf-8")
    (project_copy / "content/drug-pump/es-MX.yaml").write_text(
        spanish.replace("\nlocale: es\n", "\nlocale: es-MX\n").replace("  of: en\n", "  of: es\n"), encoding="utf-8")
    proj = load_project(project_copy)
    assert not proj.diagnostics.errors, [d.format() for d in proj.diagnostics.errors]
    files = inputs_for(proj, Combination("drug-pump", "cancer", "es-MX", "a4"))
    assert {"content/drug-pump/en.yaml", "content/drug-pump/es.yaml", "content/drug-pump/es-MX.yaml"} <= set(files)


@pytest.mark.parametrize("module, distribution", [
    ("reportlab", "reportlab"), ("yaml", "PyYAML"), ("babel", "babel"), ("phonenumbers", "phonenumbers"),
    ("uharfbuzz", "uharfbuzz"), ("bidi", "python-bidi"), ("segno", "segno")])
def test_the_package_fingerprint_covers_each_library_version(module, distribution):
    """A new version of a library that shapes the bytes (shaping, bidi, dates, ...) rebuilds every PDF."""
    from importlib.metadata import version

    assert module in manifest.LIBRARIES
    text = manifest.version_file(module).read_text(encoding="utf-8")
    wanted = version(distribution)
    assert wanted in text or repr(tuple(int(p) for p in wanted.split("."))) in text, (module, wanted)



def test_the_package_fingerprint_covers_every_stage(monkeypatch):
    """A change in any module of leaflets (not only build/) rebuilds every PDF."""
    read = []
    real = manifest.Path.read_bytes
    monkeypatch.setattr(manifest.Path, "read_bytes", lambda path: read.append(path) or real(path))
    manifest.package_fingerprint()
    package = REPO / "leaflets"
    stages = {path.relative_to(package).parts[0] for path in read if package in path.parents}
    assert {"build", "typeset", "layout", "model", "inputs", "quality", "output", "cli", "diagnostics.py"} <= stages


def test_a_session_and_a_manifest_compute_the_fingerprint_once(tmp_path, monkeypatch):
    session = BuildSession()
    assert session.package == manifest.package_fingerprint()
    monkeypatch.setattr(manifest, "package_fingerprint", lambda: pytest.fail("computed again"))
    assert session.package
    loaded = manifest.Manifest.load(tmp_path, session.package)
    assert loaded.fingerprint() == session.package


# --------------------------------------------------------------------------- only regular files inside the project

def _small_project(root):
    for name in ("content", "layouts", "fonts", "profiles"):
        (root / name).mkdir(parents=True)
    (root / "fonts/fonts.yaml").write_text("families: {}\n")
    return root


def _with_alarm(seconds, call):
    import signal

    class Hangs(BaseException):
        pass

    def timeout(*_):
        raise Hangs(f"still hashing after {seconds} s")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        return call()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_a_link_to_a_device_or_a_fifo_under_fonts_is_not_read(tmp_path):
    """/dev/zero never ends and a FIFO waits for a writer: the walk of the watched folders
    (the no-op check of every build) must not read them."""
    root = _small_project(tmp_path / "project")
    (root / "fonts/zero.ttf").symlink_to("/dev/zero")
    os.mkfifo(root / "fonts/waiting.ttf")
    digests = manifest.FileDigests(root)
    tree = _with_alarm(5, digests.tree)
    assert tree == _with_alarm(5, manifest.FileDigests(root).tree)
    assert digests("fonts/zero.ttf") == digests("fonts/waiting.ttf") == "not-a-file"


def test_a_link_to_a_file_outside_the_project_is_not_hashed(tmp_path):
    """Its digest would publish (in the manifest) a fingerprint of a file that is not the project's."""
    root = _small_project(tmp_path / "project")
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not the project's business\n")
    (root / "fonts/secret.ttf").symlink_to(secret)
    (root / "fonts/real.ttf").write_bytes(b"font")
    (root / "fonts/inside.ttf").symlink_to("real.ttf")      # inside the project: fine
    digests = manifest.FileDigests(root)
    digests.tree()
    assert digests("fonts/secret.ttf") == "outside-the-project"
    assert digests("fonts/inside.ttf") == digests("fonts/real.ttf") == manifest.digest_bytes(b"font")
    saved = manifest.Manifest(tmp_path / "out")
    saved.outputs["x.pdf"] = {"inputs": "k", "sha256": "s", "size": 1, "mtime_ns": 1}
    assert saved.save(digests)
    assert manifest.digest_bytes(secret.read_bytes()) not in saved.path.read_text()


# --------------------------------------------------------------------------- a corrupt manifest only means a full rebuild

def _build(root, out, *extra):
    from click.testing import CliRunner
    from leaflets.cli import main

    return CliRunner().invoke(main, ["build", "--root", str(root), "--out", str(out), "--locale", "en",
                                     "--layout", "a4", *extra], catch_exceptions=False)


@pytest.mark.parametrize("corrupt", [
    lambda data: {**data, "checked": {**data["checked"], "runs": []}},
    lambda data: {**data, "checked": {**data["checked"], "runs": {k: [] for k in data["checked"]["runs"]}}},
    lambda data: {**data, "checked": {**data["checked"], "runs": {k: {"outputs": 3, "warnings": {}}
                                                                  for k in data["checked"]["runs"]}}},
    lambda data: {**data, "files": {k: ["x", None, 3] for k in data["files"]}},
    lambda data: "[" * 100_000 + "]" * 100_000,
], ids=["runs-a-list", "run-a-list", "run-fields", "files-wrong-types", "deeply-nested"])
def test_a_corrupt_manifest_means_a_full_rebuild_and_is_rewritten(tmp_path, corrupt):
    import json

    out = tmp_path / "out"
    assert _build(REPO, out).exit_code == 0
    path = out / manifest.MANIFEST_NAME
    bad = corrupt(json.loads(path.read_text()))
    path.write_text(bad if isinstance(bad, str) else json.dumps(bad))
    for extra in ([], ["--force"], []):
        result = _build(REPO, out, *extra)
        assert result.exit_code == 0, result.output
    assert json.loads(path.read_text())["checked"]["runs"], "the manifest was not rewritten"
    assert "nothing to build" in _build(REPO, out).output
