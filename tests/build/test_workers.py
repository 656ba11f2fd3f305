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


# --------------------------------------------------------------------------- the process tree (issue 20)

def _start_build(tmp_path, **popen):
    import subprocess
    import sys
    import time

    process = subprocess.Popen([sys.executable, str(REPO / "generate.py"), "build", "--root", str(REPO),
                                "--out", str(tmp_path / "out"), "--force", "--jobs", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)
    children = f"/proc/{process.pid}/task/{process.pid}/children"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with open(children) as handle:
            workers = [int(pid) for pid in handle.read().split()]
        if len(workers) == 2:
            return process, workers
        time.sleep(0.05)
    process.kill()
    pytest.fail("the build started no worker processes")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads the process tree from /proc")
def test_workers_end_when_the_build_is_killed(tmp_path):
    """Killed workers would keep ~90 MB each and the build's stdout open: a caller waiting for the end hangs."""
    import signal
    import threading
    import time

    process, workers = _start_build(tmp_path)
    try:
        time.sleep(1.5)         # rendering
        process.send_signal(signal.SIGKILL)
        closed = threading.Event()
        reader = threading.Thread(target=lambda: (process.stdout.read(), closed.set()), daemon=True)
        reader.start()
        assert closed.wait(20), "stdout is still held open by the workers"
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        process.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads the process tree from /proc")
def test_ctrl_c_stops_the_build_with_one_line_and_exit_130(tmp_path):
    """Ctrl-C goes to the whole process group (the build and its workers), as a terminal sends it."""
    import signal
    import time

    process, _ = _start_build(tmp_path, start_new_session=True)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert stderr.decode().splitlines() == ["Interrupted: build stopped; every file written so far is complete"]
    assert process.returncode == 130
    assert not list((tmp_path / "out").rglob("*.part"))


def test_the_variants_of_one_leaflet_locale_and_layout_are_made_one_after_the_other(project):
    """(they share most paragraphs: the second reuses the first's layout, typeset.memo)"""
    combos = sorted(project.combinations())
    groups = batch.twins(combos)
    assert sorted(c for group in groups for c in group) == combos
    assert all(len({(c.leaflet, c.locale, c.layout) for c in group}) == 1 for group in groups)
    assert {len(group) for group in groups} == {2}
    made = [combo for combo, _, _ in batch.render_all(project, combos[:3] + combos[56:59], 1)]
    assert made[:2] == [combos[0], combos[56]] and len(made) == 6
