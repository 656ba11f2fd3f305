"""What each PDF was built from, so that a rebuild redoes only what changed.

`<out>/.leaflets-manifest.json` records, for every PDF in the folder, one digest of
everything it was made from (`inputs_for`: its content file, the bibliography, its
layout and every layout that one extends, the font definitions and font files it
uses, and the package that renders it) and the PDF's own digest, size and mtime.

`build` then rebuilds a PDF only if that input digest changed, the PDF is missing
or is not the file it wrote; `--force` rebuilds all. A second record, `checked`,
remembers a fully successful run (the digest of every file under content/,
layouts/ and fonts/, the day, the selection and its warnings): when nothing at
all changed since, `build` does not even load the project (the no-op rebuild).
The day is part of it because the checks compare dates with today.

A missing, unreadable or older manifest is ignored: everything is rebuilt.
This module imports no renderer, so the no-op path stays fast.

Several builds may write into one folder: at the same time (each saves under a lock,
re-reading the file and keeping the other's records), or as shards (`build --shard K/N`),
each of which keeps its own `.leaflets-manifest.shard-K-of-N.json`, so shard folders can
also be copied together. Loading reads every manifest file of the folder; for a PDF
recorded in more than one, the record of the latest write (its mtime) counts.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import importlib.util
import json
import os
import stat
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".leaflets-manifest.json"
SHARD_MANIFESTS = ".leaflets-manifest.shard-*.json"
FORMAT = 1
WATCHED = ("content", "layouts", "fonts", "clinics", "profiles")   # every input lives below these folders of a project
# Libraries whose version shapes the bytes of a PDF (python-bidi orders right-to-left
# words, uharfbuzz shapes Arabic and Devanagari), and the file of each that carries
# its version (the package's __init__.py unless named here).
LIBRARIES = ("reportlab", "yaml", "babel", "phonenumbers", "uharfbuzz", "bidi", "svglib", "segno")
# svglib reads its version from its metadata: the converter's own code stands for it
VERSION_FILES = {"uharfbuzz": "_version.py", "svglib": "svglib.py"}
MAX_CHECKED_RUNS = 32


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest() if hasattr(hashlib, "file_digest") \
            else hashlib.sha256(handle.read()).hexdigest()


class FileDigests:
    """Digests of a project's files by relative path, each file read at most once per run.

    `known` is the table of the previous run ({path: [size, mtime_ns, digest]}, see
    Manifest.files): a file whose size and mtime are unchanged, and whose mtime was
    already over a second old when it was recorded, is not read again (git's rule
    against racily clean files). `table` is this run's, to be recorded.
    """

    def __init__(self, root: Path, known: dict | None = None, recorded_ns: int = 0):
        self.root = root
        self.known = known or {}
        self.recorded_ns = recorded_ns
        self.table: dict[str, list] = {}

    def __call__(self, relative: str) -> str:
        if relative not in self.table:
            try:
                st = os.stat(self.root / relative)
                refused = self._refused(relative, st)
                if refused:
                    self.table[relative] = [st.st_size, st.st_mtime_ns, refused]
                    return refused
                old = self.known.get(relative)
                if isinstance(old, list) and len(old) == 3 and old[:2] == [st.st_size, st.st_mtime_ns] \
                        and st.st_mtime_ns < self.recorded_ns - 1_000_000_000:
                    digest = old[2]
                else:
                    digest = digest_file(self.root / relative)
                self.table[relative] = [st.st_size, st.st_mtime_ns, digest]
            except OSError:
                self.table[relative] = [0, 0, "missing"]
        return self.table[relative][2]

    def _refused(self, relative: str, st: os.stat_result) -> str:
        """Why a file is not read: only regular files inside the project are (a link to /dev/zero or a
        FIFO would never end; a link to a file elsewhere would publish that file's digest)."""
        if not stat.S_ISREG(st.st_mode):
            return "not-a-file"
        path = self.root / relative
        if path.is_symlink() or any(p.is_symlink() for p in path.parents if self.root in p.parents):
            try:
                path.resolve(strict=True).relative_to(self.root.resolve())
            except (OSError, ValueError):
                return "outside-the-project"
        return ""

    def tree(self) -> str:
        """One digest of every file (name and bytes) under the watched folders."""
        names = []
        for folder in WATCHED:
            base = self.root / folder
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames.sort()
                rel = Path(dirpath).relative_to(self.root).as_posix()
                names += [f"{rel}/{name}" for name in sorted(filenames)]
        return digest_bytes("\n".join(f"{name}\t{self(name)}" for name in names).encode())


def package_fingerprint() -> str:
    """The leaflets package's own source, the version files of the libraries that shape the PDF,
    and the zlib that compresses it (a session computes it once: BuildSession.package)."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"python {sys.version_info[:2]} zlib {zlib.ZLIB_RUNTIME_VERSION}\0".encode())
    for name in LIBRARIES:
        path = version_file(name)
        h.update(name.encode() + b"\0")
        if path is not None:
            h.update(path.read_bytes())
    return h.hexdigest()


def version_file(name: str) -> Path | None:
    """The file that carries the version of an installed library (found without importing it)."""
    spec = importlib.util.find_spec(name)
    origin = spec.origin if spec and spec.origin else ""
    if not origin or not os.path.isfile(origin):
        return None
    path = Path(origin).with_name(VERSION_FILES[name]) if name in VERSION_FILES else Path(origin)
    return path if path.is_file() else None


def inputs_for(project, combo) -> list[str]:
    """Every file the PDF of `combo` is made from, as paths relative to the project root.

    The one place that knows what an output depends on; extend it when a new kind
    of input appears (a new folder of inputs: then also add it to WATCHED). The leaflet's figures'
    image files are under content/, which is watched.
    A translation is made from its own file and the source it translates (its
    structure, citations, phone numbers and dates come from there), and, if that is
    a translation too, from that one's source. The fonts are those of the locale's
    chains (fonts.yaml `locales:`, then the layout's families).
    """
    from leaflets.layout.settings import extends_chain  # reason: a no-op rebuild imports no YAML or schema code

    root = project.root
    files = ["content/bibliography.yaml"]
    locale, seen_locales = combo.locale, set()
    while locale is not None and locale not in seen_locales:
        seen_locales.add(locale)
        files.append(_relative(project.contents[(combo.leaflet, locale)].path, root))
        locale = project.sources.get((combo.leaflet, locale))
    files += [_relative(doc.path, root) for _, doc in extends_chain(combo.layout, project.layout_docs)]
    files.append("fonts/fonts.yaml")
    files += [image.name for (leaflet, _), image in project.images.items() if leaflet == combo.leaflet]
    layout = project.layouts[combo.layout]
    for chain in project.chains_for(layout, combo.locale):
        for family in chain.families:
            files += [_relative(path, root) for path in family.files.values()]
    if layout.output_intent:
        files.append(f"profiles/{layout.output_intent.profile}")
    if combo.clinic:        # a clinic edition: its clinic file and logo
        clinic = project.clinics[combo.clinic]
        files += [clinic.path] + ([clinic.logo.path] if clinic.logo else [])
    return sorted(set(files))


def _relative(path, root: Path) -> str:
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    try:            # the project's paths are resolved already (load_project, safe_path)
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def input_key(project, combo, digests: FileDigests) -> str:
    """One digest of everything the PDF of `combo` depends on."""
    lines = [f"package\t{project.session.package}", f"combination\t{combo.output_path()}"]
    lines += [f"{name}\t{digests(name)}" for name in inputs_for(project, combo)]
    return digest_bytes("\n".join(lines).encode())


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass
class Manifest:
    out_dir: Path
    shard: str = ""                                # "2-of-4": a shard keeps its own file
    outputs: dict = field(default_factory=dict)    # "drug-pump/en/cancer-a4.pdf" -> {inputs, sha256, size, mtime_ns}
    checked: dict = field(default_factory=dict)    # {"tree", "package", "date", "runs": {selection: {...}}}
    files: dict = field(default_factory=dict)      # input path -> [size, mtime_ns, digest], see FileDigests
    files_root: str = ""                           # the project folder `files` is about
    recorded_ns: int = 0                           # when `files` was taken
    package: str = ""                              # package_fingerprint(), computed once
    _saved: str = ""
    _touched: set = field(default_factory=set)      # outputs recorded or dropped by this run

    def fingerprint(self) -> str:
        if not self.package:
            self.package = package_fingerprint()
        return self.package

    @property
    def path(self) -> Path:
        return self.out_dir / (f".leaflets-manifest.shard-{self.shard}.json" if self.shard else MANIFEST_NAME)

    @classmethod
    def load(cls, out_dir: Path, package: str = "", shard: str = "") -> "Manifest":
        manifest = cls(out_dir, shard=shard, package=package)
        data = _read(manifest.path)
        if data is None:            # missing or unreadable: rebuild everything, write anew
            data = {"outputs": {}}
        else:
            manifest.checked = data.get("checked") if _valid_checked(data.get("checked")) else {}
            if isinstance(data.get("files"), dict) and isinstance(data.get("recorded_ns"), int) \
                    and isinstance(data.get("files_root"), str):
                manifest.files = {k: v for k, v in data["files"].items() if _valid_file(v)}
                manifest.recorded_ns, manifest.files_root = data["recorded_ns"], data["files_root"]
        manifest.outputs = _valid_outputs(data)
        for other in manifest._others():
            _merge_outputs(manifest.outputs, _valid_outputs(_read(other) or {}))
        manifest._saved = manifest._core_text()
        return manifest

    def _others(self) -> list[Path]:
        """The folder's other manifest files (the shards', and the main one for a shard)."""
        try:
            found = sorted(self.out_dir.glob(SHARD_MANIFESTS)) + [self.out_dir / MANIFEST_NAME]
        except OSError:
            return []
        return [f for f in found if f != self.path]

    # ------------------------------------------------------------------ per output

    def is_current(self, relative: str, key: str) -> bool:
        """True if the PDF at relative was built from inputs with this key and is still that file."""
        entry = self.outputs.get(relative)
        if not entry or entry["inputs"] != key:
            return False
        target = self.out_dir / relative
        stat = _stat(target)
        if stat is None:
            return False
        if stat == (entry["size"], entry["mtime_ns"]):
            return True
        try:      # touched or copied: the same bytes still count
            same = stat[0] == entry["size"] and digest_file(target) == entry["sha256"]
        except OSError:
            return False
        if same:
            entry["mtime_ns"] = stat[1]
        return same

    @staticmethod
    def is_ours(target: Path, entry: dict) -> bool:
        """True if the file at target is still the one recorded in entry (same size and bytes)."""
        stat_ = _stat(target)
        if stat_ is None or stat_[0] != entry["size"]:
            return False
        return stat_ == (entry["size"], entry["mtime_ns"]) or digest_file(target) == entry["sha256"]

    def record(self, relative: str, key: str, data: bytes) -> None:
        stat = _stat(self.out_dir / relative) or (len(data), 0)
        self.outputs[relative] = {"inputs": key, "sha256": digest_bytes(data), "size": stat[0], "mtime_ns": stat[1]}
        self._touched.add(relative)

    def drop(self, relative: str) -> dict:
        """Forget a PDF (it is being removed); its record."""
        self._touched.add(relative)
        return self.outputs.pop(relative)

    # ------------------------------------------------------------------ whole runs (the no-op path)

    def unchanged_run(self, selection: str, tree: str, today: _dt.date) -> list[str] | None:
        """The warnings of the last successful run of this selection if nothing changed since, else None."""
        checked = self.checked
        if checked.get("tree") != tree or checked.get("package") != self.fingerprint() \
                or checked.get("date") != today.isoformat():
            return None
        run = (checked.get("runs") or {}).get(selection)
        if not isinstance(run, dict):
            return None
        for relative in run.get("outputs", []):
            entry = self.outputs.get(relative)
            if not entry or _stat(self.out_dir / relative) != (entry["size"], entry["mtime_ns"]):
                return None
        return list(run.get("warnings", []))

    def remember_run(self, selection: str, tree: str, today: _dt.date, outputs: list[str], warnings: list[str]) -> None:
        checked = self.checked
        if checked.get("tree") != tree or checked.get("package") != self.fingerprint() \
                or checked.get("date") != today.isoformat():
            checked = self.checked = {"tree": tree, "package": self.fingerprint(), "date": today.isoformat(),
                                      "runs": {}}
        runs = checked.setdefault("runs", {})
        runs.pop(selection, None)
        runs[selection] = {"outputs": sorted(outputs), "warnings": warnings}
        while len(runs) > MAX_CHECKED_RUNS:
            runs.pop(next(iter(runs)))

    def digests(self, root: Path) -> FileDigests:
        same_root = self.files_root == str(root)
        return FileDigests(root, self.files if same_root else {}, self.recorded_ns)

    def save(self, digests: FileDigests | None = None) -> bool:
        """Write the manifest if it changed (with the file table of `digests`); True if written."""
        from leaflets.output.writer import write_atomic  # reason: a no-op rebuild writes nothing

        core = self._core_text()
        if core == self._saved:
            return False
        if digests is not None:
            self.files = dict(sorted(digests.table.items()))
            self.files_root = str(digests.root)
            self.recorded_ns = time.time_ns()
        with _locked(self.out_dir):
            # another build may have saved since this one loaded: keep its records, add ours
            outputs = _valid_outputs(_read(self.path) or {})
            if not self.shard:
                _merge_outputs(outputs, self.outputs)
            for relative in self._touched:
                outputs.pop(relative, None)
                if relative in self.outputs:
                    outputs[relative] = self.outputs[relative]
            content = {"format": FORMAT, "outputs": dict(sorted(outputs.items())), "checked": self.checked,
                       "files_root": self.files_root, "files": self.files, "recorded_ns": self.recorded_ns}
            write_atomic(self.path, (json.dumps(content, indent=1) + "\n").encode("utf-8"))
        self._saved = core
        return True

    def _core_text(self) -> str:
        """What the manifest says about outputs and runs (the file table is only a cache)."""
        return json.dumps([FORMAT, sorted(self.outputs.items()), self.checked], sort_keys=True)


def _read(path: Path) -> dict | None:
    """A manifest file's data, or None if it is missing, unreadable or of another format."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("outputs"), dict):
        return None
    return data


def _valid_outputs(data: dict) -> dict:
    outputs = data.get("outputs")
    return {k: v for k, v in outputs.items() if _valid_entry(v)} if isinstance(outputs, dict) else {}


def _merge_outputs(into: dict, other: dict) -> None:
    """Add other's records to into; where both record a PDF, the later write (mtime) counts."""
    for relative, entry in other.items():
        mine = into.get(relative)
        if mine is None or entry["mtime_ns"] > mine["mtime_ns"]:
            into[relative] = entry


class _locked:
    """An exclusive lock on a folder (flock on the folder itself, so no lock file is left behind);
    no lock where the platform has no flock."""

    def __init__(self, folder: Path):
        self.folder, self.fd = folder, None

    def __enter__(self):
        try:
            import fcntl  # reason: POSIX only

            self.fd = os.open(self.folder, os.O_RDONLY)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except (ImportError, OSError):
            self._close()
        return self

    def __exit__(self, *exc):
        self._close()

    def _close(self):
        if self.fd is not None:
            os.close(self.fd)       # closing releases the lock
            self.fd = None


def _valid_entry(entry) -> bool:
    return isinstance(entry, dict) and all(isinstance(entry.get(k), t) for k, t in
                                           (("inputs", str), ("sha256", str), ("size", int), ("mtime_ns", int)))


def _valid_checked(checked) -> bool:
    if not isinstance(checked, dict) or not isinstance(checked.get("runs", {}), dict):
        return False
    return all(isinstance(run, dict) and _strings(run.get("outputs")) and _strings(run.get("warnings"))
               for run in checked.get("runs", {}).values())


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _valid_file(entry) -> bool:
    return isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], int) \
        and isinstance(entry[1], int) and isinstance(entry[2], str)


def selection_key(root: Path, leaflets, variants, locales, layouts, strict: bool, clinics=()) -> str:
    chosen = [str(root.resolve()), sorted(leaflets), sorted(variants), sorted(locales), sorted(layouts), bool(strict)]
    return json.dumps(chosen + ([sorted(clinics)] if clinics else []))
