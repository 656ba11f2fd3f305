"""Atomic output: a file appears complete or not at all.

    write_atomic(path, data)     a temporary file beside it, then a rename (OSError if it cannot)
    write_output(path, data)     the same for a command's output: a WriteError (located, no traceback)
    remove_stale_parts(folder)   temporary files a killed run of ours left behind

A path that is not a regular file (a terminal, a pipe, /dev/stdout, /dev/null) is written
through, never replaced. Files get the permissions the umask gives (tempfile makes them 0600).
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from pathlib import Path

from leaflets.diagnostics import ERROR, Diagnostic, LeafletError, SourceLocation

PART = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.part")     # what tempfile.mkstemp makes below
STALE_SECONDS = 60      # a .part file is renamed within a moment of being written: older ones are left over


class WriteError(LeafletError):
    """An output file that cannot be written: reported as `path: error: cannot write ...`, exit 1."""


def write_output(path: Path, data: bytes, hint: str = "check that the folder exists and you can write to it") -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        # mkdir says "File exists" and open "Not a directory" for a file where a folder should be
        reason = "a file stands where its folder should be" if isinstance(exc, (FileExistsError, NotADirectoryError)) \
            else exc.strerror or str(exc)
        raise WriteError(Diagnostic(ERROR, SourceLocation(str(path)), "", f"cannot write: {reason}", hint,
                                    code="file-not-written")) from None


def write_atomic(path: Path, data: bytes) -> None:
    if _is_stream(path):
        with open(path, "ab") as handle:
            handle.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _is_stream(path: Path) -> bool:
    """A device, pipe or socket (also through a link such as /dev/stdout): written through, not replaced."""
    if str(Path(path).absolute()).startswith(("/dev/", "/proc/")):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_parts(folder: Path, names, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporary files of write_atomic for these file names in `folder` that are older than
    `older_than` seconds (a run that was killed while writing); return them."""
    names, removed = set(names), []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    limit = time.time() - older_than
    for entry in entries:
        match = PART.fullmatch(entry.name)
        try:
            if match and match["name"] in names and entry.is_file(follow_symlinks=False) \
                    and entry.stat(follow_symlinks=False).st_mtime < limit:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass        # gone already, or not ours to remove
    return removed
