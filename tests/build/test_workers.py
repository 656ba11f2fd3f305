"""build.workers: rendering here or in worker processes, failures, and the progress display."""
from __future__ import annotations

import io
import os
from concurrent.futures.process import BrokenProcessPool

import pytest
from click.testing import CliRunner

from conftest import REPO
from leaflets.build import workers as batch
from leaflets.build.errors import BuildStopped
from leaflets.build.project import Combination
from leaflets.cli import main


def test_a_bug_in_a_worker_is_raised_not_hidden(monkeypatch, project):
    def broken(*_):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("leaflets.build.pipeline.build_outputs", broken)
    combo = Combination("drug-pump", "cancer", "en", "a4")
    with pytest.raises(RuntimeError, match="ZeroDivisionError: boom"):
        list(batch.render_all(project, [combo], 1))


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_plain_lines_in_ci(monkeypatch, capsys):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    terminal = _Terminal()
    with batch.Progress(3, terminal) as progress:
        for i in range(3):
            progress.advance(f"pdf {i}")
            progress.echo(f"out/{i}.pdf")
    assert "[" in terminal.getvalue() and "3/3" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")
    assert capsys.readouterr().out.splitlines() == ["out/0.pdf", "out/1.pdf", "out/2.pdf"]

    monkeypatch.setenv("CI", "true")
    quiet = _Terminal()
    with batch.Progress(3, quiet) as progress:
        progress.advance("x")
        progress.echo("out/x.pdf")
    assert quiet.getvalue() == ""
    assert not batch.interactive(io.StringIO())


def test_default_jobs_is_the_cpu_count():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert batch.default_jobs() == expected >= 1



def _broken_pool():
    yield from ()
    raise BrokenProcessPool("a child process terminated abruptly")


def test_a_stopped_worker_process_stops_the_build_without_click():
    with pytest.raises(BuildStopped, match=r"^a build process stopped unexpectedly \(a child process terminated "
                                           r"abruptly\); try --jobs 1$"):
        list(batch.Workers._results(_broken_pool()))


def test_the_cli_prints_a_stopped_build_as_an_error(monkeypatch, tmp_path):
    def stopped(*_args, **_kw):
        raise BuildStopped("a build process stopped unexpectedly (boom); try --jobs 1")

    monkeypatch.setattr(batch.BuildRun, "build", stopped)
    result = CliRunner().invoke(main, ["build", "--root", str(REPO), "--out", str(tmp_path), "--locale", "en",
                                       "--layout", "a4"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: a build process stopped unexpectedly (boom); try --jobs 1"


def test_a_build_removes_the_temporary_files_a_killed_build_left(tmp_path):
    """SIGKILL while writing leaves `.<name>.XXXXXXXX.part` files: the next build removes its own old ones."""
    out = tmp_path / "out"
    args = ["build", "--root", str(REPO), "--out", str(out), "--locale", "en", "--layout", "a4"]
    assert CliRunner().invoke(main, args).exit_code == 0
    old = 1_000_000_000
    left = [out / "drug-pump/en/.cancer-a4.pdf.k1ll3d_x.part", out / "..leaflets-manifest.json.abcdefgh.part"]
    kept = [out / "drug-pump/en/.notes.txt.k1ll3d_x.part", out / "drug-pump/en/mine.part"]
    for path in left + kept:
        path.write_bytes(b"half a PDF")
        os.utime(path, (old, old))
    result = CliRunner().invoke(main, args + ["--force"])
    assert result.exit_code == 0, result.output
    assert [p.exists() for p in left + kept] == [False, False, True, True]
