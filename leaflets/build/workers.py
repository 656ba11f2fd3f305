"""`build` for many PDFs: skip what is up to date, render the rest on all cores, write each atomically.

    BuildRun(root, out_dir, ...).up_to_date()     no-op check before the project is even loaded
    BuildRun.build(project, combos, jobs)          the stale combinations, in a process pool

Workers are forked from the process that has loaded and checked the project (fonts
parsed and registered, layouts and content parsed once per batch); where fork is
not available they load the project themselves. A worker returns PDF bytes or the
author's diagnostics; only this process writes files, each one atomically, and
prints the written paths in combination order. A failed combination never leaves
a PDF behind; the others are still written and recorded, and every problem is
reported together once all are done, exactly as in a one-process build.
"""
from __future__ import annotations

import datetime as _dt
import gc
import os
import signal
import sys
import time
import traceback
from pathlib import Path

import click

from leaflets.diagnostics import ERROR, Diagnostic, Diagnostics, LeafletError, SourceLocation
from leaflets.build.errors import BuildStopped
from leaflets.build.manifest import MANIFEST_NAME, Manifest, input_key, selection_key
from leaflets.build.session import BuildSession


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class BuildRun:
    """One `build`: the manifest of --out, the digests of the project's files, the selection."""

    def __init__(self, root: Path, out_dir: Path, strict: bool, names: tuple, force: bool = False,
                 today: _dt.date | None = None, session: BuildSession | None = None, clean: bool = False,
                 clinics: tuple = (), shard: tuple[int, int] | None = None):
        self.started = time.perf_counter()
        self.root, self.out_dir, self.strict, self.force, self.clean = root, out_dir, strict, force, clean
        self.today = today or _dt.date.today()
        self.session = session or BuildSession()     # the project is loaded into it (load_project)
        self.shard = shard
        self.manifest = Manifest.load(out_dir, self.session.package, f"{shard[0]}-of-{shard[1]}" if shard else "")
        self.digests = self.manifest.digests(root.resolve())
        self.tree = self.digests.tree()
        self.selection = selection_key(root, *names, strict, clinics) + (
            f" shard {shard[0]}/{shard[1]}" if shard else "")

    def up_to_date(self) -> bool:
        """If nothing changed since the last successful run of the same selection: repeat its warnings, say so."""
        if self.force or self.clean:      # --clean needs the project: what do its combinations make?
            return False
        warnings = self.manifest.unchanged_run(self.selection, self.tree, self.today)
        if warnings is None:
            return False
        for line in warnings:
            click.echo(line, err=True)
        count = len(self.manifest.checked["runs"][self.selection]["outputs"])
        _summary(f"nothing to build: {count} PDF{'s' if count != 1 else ''} up to date (--force rebuilds)")
        return True

    def stale(self, project, combos) -> list[tuple]:
        """(combination, input key) of the combinations whose PDFs must be built."""
        from leaflets.build.pipeline import output_paths  # reason: a no-op rebuild imports no renderer

        out = []
        for combo in combos:
            key = input_key(project, combo, self.digests)
            if self.force or not all(self.manifest.is_current(p, key) for p in output_paths(project, combo)):
                out.append((combo, key))
        return out

    def build(self, project, combos, jobs: int, warnings: list[str]) -> None:
        with project.session.resolved_once():
            self._build(project, combos, jobs, warnings)

    def _build(self, project, combos, jobs: int, warnings: list[str]) -> None:
        from leaflets.build.pipeline import output_paths  # reason: a no-op rebuild imports no renderer

        self._remove_stale_parts(project, combos)
        todo = self.stale(project, combos)
        keys = dict(todo)
        made: dict = {}         # combination -> {output path: PDF bytes}
        problems = Diagnostics()
        built = 0
        processes = processes_for(len(todo), jobs)
        # What loading made lives as long as the run: keep the collector off it (and, in forked
        # workers, keep its memory pages shared). cli.build turned collection off while loading.
        gc.freeze()
        gc.enable()
        completed = False
        try:
            with Workers(project, processes) as workers:
                workers.preflight(list(keys)).raise_if_errors(strict=self.strict)
                if todo:
                    with Progress(len(todo)) as progress:
                        for combo, outputs, diagnostics in workers.render(list(keys)):
                            if outputs is None:
                                problems.extend(diagnostics)
                            else:
                                made[combo] = outputs
                            progress.advance(combo.output_path())
                    # every PDF is made before any is written: a tri-fold whose text does not fit
                    # stops the build with nothing written
                    if not problems.errors:
                        for combo, _ in todo:
                            for line in self._write(keys[combo], made[combo], problems):
                                built += 1
                                click.echo(line)
            completed = not problems.errors
            removed = self._remove_unmade(project) if completed and self.clean else 0
        finally:    # what was written is recorded, also when the build stopped half-way
            if completed:
                self.manifest.remember_run(self.selection, self.tree, self.today,
                                           [p for c in combos for p in output_paths(project, c)], warnings)
            if self.out_dir.is_dir():
                try:
                    self.manifest.save(self.digests)
                except OSError:
                    pass    # the PDFs are written; a manifest that cannot be saved only costs a rebuild
        problems.raise_if_errors()
        fresh = sum(len(output_paths(project, c)) for c in combos if c not in keys)     # files, as `built`
        _summary(self._summary_line(built, processes, fresh, removed))

    def _summary_line(self, built: int, processes: int, fresh: int, removed: int) -> str:
        seconds = time.perf_counter() - self.started
        parts = [f"built {built} PDF{'s' if built != 1 else ''} in {seconds:.2f} s"]
        if self.shard:
            parts[0] = f"shard {self.shard[0]}/{self.shard[1]}: " + parts[0]
        if built > 1:
            parts.append(f"{processes} process{'es' if processes != 1 else ''}")
        if fresh:
            parts.append(f"{fresh} up to date")
        if removed:
            parts.append(f"{removed} removed")
        return ", ".join(parts)

    def _remove_unmade(self, project) -> int:
        """--clean: remove the PDFs this manifest recorded that no combination of the project makes any more
        (a deleted layout's, variant's or locale's), if they are still the files written; nothing else."""
        from leaflets.build.pipeline import output_paths  # reason: a no-op rebuild imports no renderer

        every = project.combinations() + project.clinic_combinations(project.clinics)
        made = {p for c in every for p in output_paths(project, c)}
        removed = 0
        for relative in sorted(set(self.manifest.outputs) - made):
            entry = self.manifest.drop(relative)
            target = self.out_dir / relative
            if _ours_to_remove(relative, target, self.manifest, entry):
                removed += 1
                click.echo(f"removed {target}", err=True)
        return removed

    def _remove_stale_parts(self, project, combos) -> None:
        """The temporary files a killed build left in the folders this one writes (only its own file names)."""
        from leaflets.build.pipeline import output_paths  # reason: a no-op rebuild imports no renderer
        from leaflets.output.writer import remove_stale_parts  # reason: a no-op rebuild writes nothing

        folders: dict[Path, set] = {self.out_dir: {MANIFEST_NAME}}
        for combo in combos:
            for relative in output_paths(project, combo):
                target = self.out_dir / relative
                folders.setdefault(target.parent, set()).add(target.name)
        for folder, names in folders.items():
            remove_stale_parts(folder, names)

    def _write(self, key: str, outputs: dict, problems: Diagnostics):
        """Write one combination's PDFs; yield the path of each written."""
        from leaflets.output.writer import write_atomic  # reason: a no-op rebuild writes nothing

        for relative, data in outputs.items():
            target = self.out_dir / relative
            try:
                write_atomic(target, data)
            except OSError as exc:
                problems.extend([Diagnostic(ERROR, SourceLocation(str(target)), "",
                                            f"cannot write the PDF: {exc.strerror or exc}",
                                            "check that --out names a folder you can write to",
                                            code="pdf-not-written")])
                return
            self.manifest.record(relative, key, data)
            yield str(target)


def _ours_to_remove(relative: str, target: Path, manifest: Manifest, entry: dict) -> bool:
    """Remove target if it is a PDF name inside --out and still the file written; True if removed."""
    if Path(relative).is_absolute() or ".." in Path(relative).parts or not relative.endswith(".pdf"):
        return False    # not a name this program writes
    try:
        if target.is_symlink() or not target.is_file() or not manifest.is_ours(target, entry):
            return False
        target.unlink()
    except OSError:
        return False
    return True


def _summary(text: str) -> None:
    click.echo(text, err=True)


# --------------------------------------------------------------------------- rendering, here or in workers

_PROJECT = None       # the project a worker works on (set before forking)

# A forked worker's first PDF costs about two renders more (its pages are copied as it touches
# them): below this many PDFs per process, one process is faster.
MIN_PDFS_PER_PROCESS = 3
PR_SET_PDEATHSIG = 1      # linux/prctl.h


def processes_for(count: int, jobs: int) -> int:
    return max(1, min(jobs, count // MIN_PDFS_PER_PROCESS))


def _start_worker(parent: int) -> None:
    """Start-up of every worker. Ctrl-C reaches the whole process group: only the parent acts on it
    (it stops the build and says so once). A worker ends when the parent does, even when it is
    killed: else it would live on, holding the build's stdout open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes  # reason: only a worker asks the kernel for its parent's death

        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
            if os.getppid() != parent:      # the parent died before the request
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass        # not Linux: watch the parent instead
    import threading  # reason: as above

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _init_worker(parent: int, root: str, locales) -> None:
    """Start-up of a worker that was not forked from the parent (spawn): load the project itself."""
    global _PROJECT
    from leaflets.build.project import load_project  # reason: a no-op rebuild imports no YAML reader

    _start_worker(parent)
    _PROJECT = load_project(Path(root), locales=locales)


def _preflight(combos) -> Diagnostics:
    from leaflets.build.pipeline import preflight  # reason: a no-op rebuild imports no renderer

    return preflight(_PROJECT, combos)


def _render(combo):
    """(combo, PDF bytes, None) or (combo, None, diagnostics); a bug comes back as its traceback."""
    from leaflets.build.pipeline import build_outputs  # reason: a no-op rebuild imports no renderer

    try:
        return combo, build_outputs(_PROJECT, combo), None
    except LeafletError as exc:
        return combo, None, exc.diagnostics
    except Exception:  # noqa: BLE001 - a bug: carried to the parent and raised there
        return combo, None, traceback.format_exc()


def _render_twins(combos) -> list:
    return [_render(combo) for combo in combos]


def twins(combos: list) -> list[list]:
    """The combinations in groups that differ only in their variant, each made by one process, one after
    the other: they share most paragraphs, laid out once (typeset.memo)."""
    groups: dict = {}
    for combo in combos:
        groups.setdefault((combo.leaflet, combo.locale, combo.layout, combo.clinic), []).append(combo)
    return list(groups.values())


def _checked(combo, data, diagnostics):
    if isinstance(diagnostics, str):
        raise RuntimeError(f"building {combo.output_path()} failed with a bug in leaflets:\n{diagnostics}")
    return combo, data, diagnostics


class Workers:
    """Where PDFs are checked and made: this process, or `processes` processes forked from it."""

    def __init__(self, project, processes: int):
        self.project, self.processes = project, processes
        self.executor = None

    def __enter__(self):
        global _PROJECT
        _PROJECT = self.project
        if self.processes > 1:
            import multiprocessing  # reason: a build in one process starts no pool
            from concurrent.futures import ProcessPoolExecutor  # reason: as above

            if "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux"):
                self.executor = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"),
                                                    initializer=_start_worker, initargs=(os.getpid(),))
            else:
                self.executor = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=_init_worker,
                                                    initargs=(os.getpid(), str(self.project.root),
                                                              self.project.font_locales))
        return self

    def __exit__(self, *exc):
        global _PROJECT
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        _PROJECT = None
        return False

    def preflight(self, combos: list) -> Diagnostics:
        """pipeline.preflight of the combinations, shared out among the processes."""
        if self.executor is None:
            return _preflight(combos)
        found = Diagnostics()
        chunks = [combos[i::self.processes] for i in range(self.processes)]
        for diagnostics in self._results(self.executor.map(_preflight, chunks)):
            found.extend(diagnostics)
        return found

    def render(self, combos: list):
        """Yield (combo, PDF bytes or None, diagnostics or None) in completion order."""
        if self.executor is None:
            for group in twins(combos):
                for combo in group:
                    yield _checked(*_render(combo))
            return
        from concurrent.futures import as_completed  # reason: imported with the pool (__enter__)

        futures = [self.executor.submit(_render_twins, group) for group in twins(combos)]
        for results in self._results(future.result() for future in as_completed(futures)):
            for result in results:
                yield _checked(*result)

    @staticmethod
    def _results(results):
        from concurrent.futures.process import BrokenProcessPool  # reason: imported with the pool (__enter__)

        try:
            yield from results
        except BrokenProcessPool as exc:
            raise BuildStopped(f"a build process stopped unexpectedly ({exc}); try --jobs 1") from None


def render_all(project, combos: list, jobs: int):
    """Yield (combo, PDF bytes or None, diagnostics or None) in completion order."""
    with Workers(project, processes_for(len(combos), jobs)) as workers:
        yield from workers.render(combos)


# --------------------------------------------------------------------------- progress


def interactive(stream) -> bool:
    """A person watching a terminal (not CI, not a pipe or file)."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and not ci and os.environ.get("TERM") != "dumb"


class Progress:
    """Written paths on stdout in combination order; on a terminal also a bar on stderr."""

    def __init__(self, total: int, stream=None):
        self.total, self.count = total, 0
        self.stream = stream or sys.stderr
        self.live = total > 1 and interactive(self.stream)
        self._last = self._label = ""

    def __enter__(self):
        self._draw()
        return self

    def __exit__(self, *exc):
        self._clear()
        return False

    def advance(self, label: str = "") -> None:
        self.count += 1
        self._label = label
        self._draw()

    def echo(self, line: str) -> None:
        self._clear()
        click.echo(line)
        self._draw()

    def _clear(self) -> None:
        if self.live and self._last:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._last = ""

    def _draw(self) -> None:
        if not self.live:
            return
        import shutil  # reason: only a terminal gets a progress bar

        width = shutil.get_terminal_size((80, 24)).columns
        bar = 24
        filled = bar * self.count // max(1, self.total)
        text = f"[{'#' * filled}{'-' * (bar - filled)}] {self.count}/{self.total} {self._label}"[: max(10, width - 1)]
        self.stream.write("\r\033[K" + text)
        self.stream.flush()
        self._last = text
