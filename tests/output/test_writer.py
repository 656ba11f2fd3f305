"""output.writer: atomic writes with the umask's permissions, streams written through, clean errors."""
from __future__ import annotations

import os
import stat
import threading
import time

import pytest

from leaflets.diagnostics import LeafletError
from leaflets.output import writer


@pytest.fixture
def umask():
    def set_(mask):
        os.umask(mask)
    old = os.umask(0o022)
    yield set_
    os.umask(old)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_files_get_the_permissions_the_umask_gives(tmp_path, umask, mask, mode):
    """A web server serving out/ must be able to read what was built (tempfile alone makes 0600)."""
    umask(mask)
    target = tmp_path / "a" / "b.pdf"
    writer.write_atomic(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_link_to_a_device_is_written_through_not_replaced(tmp_path):
    """As `verify --junit /dev/stdout` must write to stdout, not replace the link by a file."""
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    writer.write_atomic(link, b"<xml/>")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        writer.write_atomic(fifo, b"report")
        assert os.read(reader, 100) == b"report"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_stdout_redirected_to_a_file_is_written_through(tmp_path):
    """/proc/self/fd/1 (where /dev/stdout leads) is a link to the file the shell opened: appended to.
    (Never test with /dev/stdout itself: a writer that replaces it would break the machine's /dev.)"""
    import subprocess
    import sys

    log = tmp_path / "log.txt"
    with open(log, "wb") as handle:
        subprocess.run([sys.executable, "-c", "from pathlib import Path; from leaflets.output.writer import "
                        "write_atomic; print('first', flush=True); write_atomic(Path('/proc/self/fd/1'), b'second')"],
                       stdout=handle, check=True)
    assert log.read_text() == "first\nsecond"


def test_an_unwritable_place_is_a_located_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(LeafletError) as caught:
        writer.write_output(blocker / "report.xml", b"x")
    assert caught.value.render().splitlines() == [
        f"{blocker / 'report.xml'}: error: cannot write: a file stands where its folder should be "
        "(check that the folder exists and you can write to it)", "1 error, 0 warnings"]


def test_stale_part_files_of_ours_are_removed_and_nothing_else(tmp_path):
    old = time.time() - 3600
    names = {".cancer-a4.pdf.ab12_xyz.part": True,       # ours, a killed run's: removed
             ".cancer-a4.pdf.zz99abcd.part": False,      # ours, but being written now (fresh)
             ".notes.txt.ab12_xyz.part": False,          # not a file we write here
             "cancer-a4.pdf.ab12_xyz.part": False,       # not our pattern
             ".cancer-a4.pdf.part": False}
    for name, stale in names.items():
        (tmp_path / name).write_bytes(b"x")
        if stale or name != ".cancer-a4.pdf.zz99abcd.part":
            os.utime(tmp_path / name, (old, old))
    removed = writer.remove_stale_parts(tmp_path, ["cancer-a4.pdf", "cancer-a4-reading.pdf"])
    assert [p.name for p in removed] == [".cancer-a4.pdf.ab12_xyz.part"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, stale in names.items() if not stale)
