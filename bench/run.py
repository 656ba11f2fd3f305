#!/usr/bin/env python3
"""Speed benchmark of leaflets (issue 7), printed as one Markdown table.

    pip install -e '.[bench]'      # adds typst (the Python binding) for the comparison
    python bench/run.py            # about two minutes on 2 cores; --quick for a smoke run

It measures, on this machine and in one run:

- warm: milliseconds per render of the English A4 cancer-pain leaflet in a process that
  has rendered it before (median of >= 20 renders after 5 warm-up renders), for
  leaflets (`build_pdf`: resolve + render, project loaded once), for the floor (a
  minimal hand-written reportlab platypus script of the same leaflet,
  bench/floor_reportlab.py) and for Typst (`typst.compile` of bench/leaflet.typ, the
  same leaflet written in Typst, with a counter comment that changes every render);
- tagging: the same warm render of the leaflet (render alone, model resolved once) with its
  structure tree and text layer (PDF/UA-1, the default) and without (render's tagged=False),
  taking turns in one process (so both meet the same load on a shared machine): issue 14 allows
  tagging at most 15% more time;
- live edit: the same warm render with one paragraph's text changed on every render, against
  Typst compiling its leaflet with the same paragraph changed on every compile (one Compiler,
  which keeps its caches);
- cold: seconds for a whole new process (median of 5 after one unmeasured run that
  writes the bytecode caches): `python generate.py build` of that one PDF into an empty
  folder, `python bench/floor_reportlab.py`, and a Python process calling `typst.compile`;
- also warm renders of the same leaflet in Chinese, Hindi and Arabic (CJK line
  breaking, shaping, right-to-left layout), and a cold build of the Arabic one (its
  fonts, HarfBuzz and python-bidi loaded), for reference;
- batch: the repository's whole matrix (7 locales x 2 variants x 8 layouts: 112
  combinations, 154 PDFs with the tri-folds' and booklet's reading-order files) with
  `build --force --jobs 1` and with the default (one process per CPU);
- no-op: `build` when nothing changed;
- matrix: the whole matrix on all cores, and the same for the program and project of an older
  commit (`--baseline REV`, unpacked with `git archive`), re-measured in the same run;
- clinic batch: `build --clinic all` of the English A4 leaflet for 200 generated clinics on all
  cores, against Typst compiling its leaflet 200 times in one warm process, its organisation's
  name changed each time;
- memory: resident memory growth over 1,000 renders in one process, one paragraph changed on each
  (the layout memo takes new entries and must stay within its caps), and its peak;
- size: bytes of the PDF from leaflets, the floor and Typst;
- imports: which optional heavy libraries a one-PDF build imports (`python -X importtime`).

Child processes run without PYTHONDONTWRITEBYTECODE (as users run them) and with CI=true.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PY = sys.executable
COMBO = ("drug-pump", "cancer", "en", "a4")
# tagged and untagged renders taken in turns, as many as this: on one tree, three runs of 30 pairs gave
# ratios of 1.133 to 1.156 (and once 1.27, under load), three of 100 pairs 1.127 to 1.144
TAGGING_PAIRS = 100
ONE_PDF = ["--leaflet", "drug-pump", "--variant", "cancer", "--locale", "en", "--layout", "a4"]
ONE_ARABIC_PDF = ["--leaflet", "drug-pump", "--variant", "cancer", "--locale", "ar", "--layout", "a4"]
SCRIPTS = ("zh-Hans", "hi", "ar")
HEAVY = ("pypdf", "babel", "phonenumbers", "uharfbuzz", "pypdfium2", "PIL", "textstat", "bidi")
NOT_IN_ONE_ENGLISH_PDF = ("pypdf", "uharfbuzz", "bidi", "babel", "pypdfium2")
# The commit the speed-at-scale issue measured its matrix on (6.15 s on 2 cores): re-measured in each run.
BASELINE = "59871c1"


# --------------------------------------------------------------------------- child measurements


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@functools.lru_cache(maxsize=None)
def _leaflets(locale: str):
    """The project (loaded once) and the combination of the benchmark's leaflet in a locale."""
    sys.path.insert(0, str(REPO))
    from leaflets.build.project import Combination, load_project

    leaflet, variant, _, layout = COMBO
    return load_project(REPO, locales={locale}), Combination(leaflet, variant, locale, layout)


def _renderer(kind: str):
    """A function that renders the leaflet once and returns the PDF bytes."""
    if kind == "leaflets" or kind.startswith("leaflets:"):    # leaflets:<locale> for a translation
        from leaflets.build.pipeline import build_pdf

        project, combo = _leaflets(kind.partition(":")[2] or COMBO[2])
        return lambda i: build_pdf(project, combo)
    if kind == "leaflets-nomemo":   # for reference: every paragraph laid out anew (typeset.memo off)
        from leaflets.build.pipeline import build_pdf
        from leaflets.typeset import memo

        project, combo = _leaflets(COMBO[2])

        def unmemoised(i):
            with memo.off():
                return build_pdf(project, combo)
        return unmemoised
    if kind == "leaflets-edit":     # a writer editing: one paragraph's text changes on every render
        from leaflets.build.pipeline import build_pdf

        project, combo = _leaflets(COMBO[2])
        body = project.contents[(combo.leaflet, combo.locale)].data["sections"][0]["body"]
        block = next(b for b in body if b.get("paragraph", "").startswith("The pump and the catheter"))
        original = block["paragraph"]

        def edited(i):
            block["paragraph"] = original.replace("operation.", f"operation {i}.")
            return build_pdf(project, combo)
        return edited
    if kind in ("tagged", "untagged"):      # the same render with and without its structure tree and text layer
        from leaflets.build.pipeline import leaflet_for
        from leaflets.typeset.render import render

        project, combo = _leaflets(COMBO[2])
        layout = project.layouts[combo.layout]
        model, chains = leaflet_for(project, combo), project.chains_for(layout, combo.locale)
        return lambda i: render(model, layout, *chains, tagged=kind == "tagged")
    if kind == "floor":
        sys.path.insert(0, str(BENCH))
        import floor_reportlab

        return lambda i: floor_reportlab.render()
    import typst

    source = (BENCH / "leaflet.typ").read_bytes()
    if kind == "typst":
        fonts = [str(REPO / "fonts" / "noto")]
        return lambda i: typst.compile(source + f"\n// render {i}\n".encode(), font_paths=fonts,
                                       ignore_system_fonts=True)
    if kind == "typst-kept":   # one Compiler (fonts loaded once), text size nudged so every render lays out anew
        compiler = typst.Compiler(font_paths=[str(REPO / "fonts" / "noto")], ignore_system_fonts=True)
        return lambda i: compiler.compile(source.replace(b"size: 12pt, fill: ink",
                                                         f"size: 12pt + {i} * 0.000001pt, fill: ink".encode()))
    if kind == "typst-edit":   # one Compiler keeps its caches; one paragraph changes on every compile
        compiler = typst.Compiler(font_paths=[str(REPO / "fonts" / "noto")], ignore_system_fonts=True)
        marker = b"This is done in an operation."
        assert marker in source
        return lambda i: compiler.compile(source.replace(marker, f"This is done in an operation {i}.".encode()))
    raise SystemExit(f"unknown renderer {kind}")


def child_warm(kind: str, renders: int) -> dict:
    render = _renderer(kind)
    for i in range(5):
        data = render(i)
    times = []
    for i in range(renders):
        start = time.perf_counter()
        render(1000 + i)
        times.append(time.perf_counter() - start)
    return {"ms": statistics.median(times) * 1000, "min_ms": min(times) * 1000, "bytes": len(data)}


def child_tagging(renders: int) -> dict:
    """The warm render tagged and untagged, one after the other `renders` times in one process: the
    median of each (a shared machine's load then slows both alike)."""
    renderers = {kind: _renderer(kind) for kind in ("tagged", "untagged")}
    for i in range(5):
        data = {kind: render(i) for kind, render in renderers.items()}
    times = {kind: [] for kind in renderers}
    for i in range(renders):
        for kind, render in renderers.items():
            start = time.perf_counter()
            render(1000 + i)
            times[kind].append(time.perf_counter() - start)
    return {kind: {"ms": statistics.median(t) * 1000, "min_ms": min(t) * 1000, "bytes": len(data[kind])}
            for kind, t in times.items()}


def child_typst_batch(count: int) -> dict:
    """Typst compiling its leaflet `count` times in one warm process, the organisation's name changed
    each time (as a clinic edition changes it): the wall time."""
    import typst

    source = (BENCH / "leaflet.typ").read_bytes()
    compiler = typst.Compiler(font_paths=[str(REPO / "fonts" / "noto")], ignore_system_fonts=True)
    compiler.compile(source)
    start = time.perf_counter()
    for i in range(count):
        compiler.compile(source.replace(b"Pain Management Service", f"Clinic number {i}".encode()))
    return {"seconds": time.perf_counter() - start}


def child_memory(renders: int) -> dict:
    """Renders with one paragraph changed each time: the memo (typeset.memo) takes a new entry on every
    render and must stay within its caps."""
    from leaflets.typeset import memo

    render = _renderer("leaflets-edit")
    for i in range(10):
        render(-1 - i)
    before = _rss_mb()
    for i in range(renders):
        render(i)
    entries = sum(s["entries"] for s in memo.stats().values())
    return {"growth_mb": _rss_mb() - before, "rss_mb": _rss_mb(), "peak_mb": _peak_mb(), "memo_entries": entries}


# --------------------------------------------------------------------------- running things


def child_env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["CI"] = "true"
    return env


def run_child(*args) -> dict:
    proc = subprocess.run([PY, str(Path(__file__)), "--child", *map(str, args)], capture_output=True, text=True,
                          env=child_env(), cwd=REPO)
    if proc.returncode:
        raise SystemExit(f"bench child {args} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def seconds(cmd: list[str], cwd: Path = REPO, prepare=None) -> float:
    if prepare:
        prepare()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    return elapsed


def median_seconds(cmd: list[str], times: int, cwd: Path = REPO, prepare=None, warmup: bool = True) -> float:
    if warmup:
        seconds(cmd, cwd, prepare)
    return statistics.median(seconds(cmd, cwd, prepare) for _ in range(times))


def imported_heavy(tmp: Path) -> list[str]:
    """The optional heavy libraries loaded (not merely looked for) by a one-PDF build."""
    code = ("import json, runpy, sys\n"
            "sys.argv = ['generate.py', 'build', *sys.argv[1:]]\n"
            "try:\n    runpy.run_path('generate.py', run_name='__main__')\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print(json.dumps(sorted({n.split('.')[0] for n, m in sys.modules.items()\n"
            "                         if type(m).__name__ != '_Deferred'})))\n")   # a stand-in, not loaded
    proc = subprocess.run([PY, "-c", code, *ONE_PDF, "--out", str(tmp / "imports")], cwd=REPO, env=child_env(),
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"import check failed:\n{proc.stderr}")
    loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    return [name for name in HEAVY if name in loaded]


def matrix_cmd(root: Path, tmp: Path, program: Path = REPO) -> list[str]:
    return [PY, str(program / "generate.py"), "build", "--root", str(root), "--out", str(tmp / f"out-{root.name}"),
            "--force"]


def batch(root: Path, tmp: Path, repeats: int, program: Path = REPO) -> dict:
    out = tmp / f"out-{root.name}"
    cmd = matrix_cmd(root, tmp, program)[:-1]
    serial = median_seconds(cmd + ["--force", "--jobs", "1"], repeats)
    pooled = median_seconds(cmd + ["--force"], repeats)
    seconds(cmd + ["--force"])
    noop = median_seconds(cmd, 5)
    count = len(list(out.rglob("*.pdf")))
    return {"pdfs": count, "serial": serial, "pooled": pooled, "noop": noop}


# --------------------------------------------------------------------------- the table


def clinic_batch(tmp: Path, count: int) -> dict:
    """`build --clinic all` of the English A4 cancer-pain leaflet for `count` clinics, on all cores: seconds."""
    root = tmp / "clinics-project"
    for name in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / name, root / name)
    template = (REPO / "clinics" / "riverside.yaml").read_text(encoding="utf-8")
    (root / "clinics").mkdir()
    shutil.copytree(REPO / "clinics" / "logos", root / "clinics" / "logos")
    for i in range(count):
        text = template.replace("name: Riverside Pain Clinic", f"name: Clinic number {i}")
        (root / "clinics" / f"clinic-{i:03d}.yaml").write_text(text, encoding="utf-8")
    cmd = [PY, str(REPO / "generate.py"), "build", "--root", str(root), "--out", str(tmp / "out-clinics"),
           "--clinic", "all", *ONE_PDF, "--force"]
    return {"seconds": median_seconds(cmd, 1), "pdfs": len(list((tmp / "out-clinics").rglob("*.pdf")))}


def baseline_tree(rev: str, tmp: Path) -> Path:
    """The program and project of an older commit, unpacked, to re-measure its figures in this run."""
    tree = tmp / f"baseline-{rev}"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import reportlab

    try:
        from importlib.metadata import version
        typst_version = version("typst")
    except Exception:  # noqa: BLE001
        typst_version = "not installed"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{model}, {cores} cores; {platform.system()} {platform.release()}; Python {platform.python_version()}; "
            f"reportlab {reportlab.Version}; typst {typst_version}")


def verdict(ok: bool, text: str) -> str:
    return f"{'met' if ok else 'MISSED'}: {text}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    parser.add_argument("--renders", type=int, default=30, help="timed warm renders (default 30)")
    parser.add_argument("--baseline", default=BASELINE, metavar="REV",
                        help=f"the commit whose matrix build is re-measured in the same run (default {BASELINE})")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind = args.child[0]
        if kind == "typst-batch":
            result = child_typst_batch(int(args.child[1]))
        elif kind == "tagging":
            result = child_tagging(int(args.child[1]))
        else:
            result = child_memory(int(args.child[1])) if kind == "memory" else child_warm(args.child[1],
                                                                                            int(args.child[2]))
        print(json.dumps(result))
        return

    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    renders = 20 if args.quick else max(20, args.renders)
    cold_n = 3 if args.quick else 5
    print(f"machine: {machine()}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="leaflets-bench-") as tmp_name:
        tmp = Path(tmp_name)
        print("warm renders ...", file=sys.stderr)
        warm = {kind: run_child("warm", kind, renders)
                for kind in ("leaflets", "floor", "typst", "typst-kept", "leaflets-edit", "typst-edit",
                             "leaflets-nomemo")}
        pairs = renders if args.quick else max(renders, TAGGING_PAIRS)
        warm.update(run_child("tagging", pairs))
        scripts = {locale: run_child("warm", f"leaflets:{locale}", renders) for locale in SCRIPTS}

        print("cold processes ...", file=sys.stderr)
        fresh = tmp / "cold"

        def empty_out():
            shutil.rmtree(fresh, ignore_errors=True)

        cold = {
            "leaflets": median_seconds([PY, "generate.py", "build", *ONE_PDF, "--out", str(fresh)], cold_n,
                                       prepare=empty_out),
            "floor": median_seconds([PY, str(BENCH / "floor_reportlab.py"), str(tmp / "floor.pdf")], cold_n),
            "typst": median_seconds([PY, "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
                                     "font_paths=[sys.argv[3]], ignore_system_fonts=True)",
                                     str(BENCH / "leaflet.typ"), str(tmp / "typst.pdf"), str(REPO / "fonts/noto")],
                                    cold_n),
        }
        cold_arabic = median_seconds([PY, "generate.py", "build", *ONE_ARABIC_PDF, "--out", str(fresh)], cold_n,
                                     prepare=empty_out)
        heavy = imported_heavy(tmp)

        print("batches ...", file=sys.stderr)
        small = tmp / "small"
        for name in ("content", "layouts", "fonts", "profiles"):
            shutil.copytree(REPO / name, small / name)
        batches = {"repository": batch(small, tmp, 3 if args.quick else 5)}
        print(f"the matrix at {args.baseline} ...", file=sys.stderr)
        base = baseline_tree(args.baseline, tmp)
        baseline = batch(base, tmp, 3 if args.quick else 5, program=base)
        # the two matrices once more, taking turns, so that both meet the same load on a shared machine
        mine, theirs = matrix_cmd(small, tmp), matrix_cmd(base, tmp, base)
        turns = [(seconds(mine), seconds(theirs)) for _ in range(3 if args.quick else 5)]
        batches["repository"]["pooled_turns"] = statistics.median(t[0] for t in turns)
        baseline["pooled_turns"] = statistics.median(t[1] for t in turns)

        clinics_n = 40 if args.quick else 200
        print(f"{clinics_n} clinic editions ...", file=sys.stderr)
        clinics = clinic_batch(tmp, clinics_n)
        typst_batch = run_child("typst-batch", clinics_n)

        print("memory ...", file=sys.stderr)
        memory = run_child("memory", 200 if args.quick else 1000)

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    w_ratio = warm["leaflets"]["ms"] / warm["typst"]["ms"]
    e_ratio = warm["leaflets-edit"]["ms"] / warm["typst-edit"]["ms"]
    c_ratio = cold["leaflets"] / cold["floor"]
    size_ratio = warm["leaflets"]["bytes"] / warm["typst"]["bytes"]
    t_ratio = warm["tagged"]["ms"] / warm["untagged"]["ms"]
    script_ms = " / ".join(f"{scripts[locale]['ms']:.1f}" for locale in SCRIPTS)
    rows = [
        "| measure | leaflets | floor: bare reportlab | Typst | ratio | target |",
        "|---|---:|---:|---:|---:|---|",
        f"| warm render, ms (median of {renders}) | {warm['leaflets']['ms']:.1f} | {warm['floor']['ms']:.1f} | "
        f"{warm['typst']['ms']:.1f} | {w_ratio:.2f} x Typst | "
        f"{verdict(w_ratio <= 1.0, 'ratio <= 1.0')} |",
        f"| warm render, Typst with fonts loaded once and a relayout forced each render, ms | | | "
        f"{warm['typst-kept']['ms']:.1f} | {warm['leaflets']['ms'] / warm['typst-kept']['ms']:.2f} x | (for reference) |",
        f"| warm render with the layout memo off (typeset.memo), ms | {warm['leaflets-nomemo']['ms']:.1f} | | | "
        f"{warm['leaflets-nomemo']['ms'] / warm['leaflets']['ms']:.2f} x with it | (for reference) |",
        f"| live edit: warm render with one paragraph changed each time, ms | {warm['leaflets-edit']['ms']:.1f} | | "
        f"{warm['typst-edit']['ms']:.1f} | {e_ratio:.2f} x Typst | {verdict(e_ratio <= 1.0, 'ratio <= 1.0')} |",
        f"| warm render, tagged (PDF/UA-1) / untagged, ms (medians of {pairs} in turns) | {warm['tagged']['ms']:.1f} / "
        f"{warm['untagged']['ms']:.1f} | | | {t_ratio:.3f} x untagged | {verdict(t_ratio <= 1.15, 'ratio <= 1.15 (tagging at most 15% slower)')} |",
        f"| cold process, one PDF, s (median of {cold_n}) | {cold['leaflets']:.3f} | {cold['floor']:.3f} | "
        f"{cold['typst']:.3f} | {c_ratio:.2f} x floor | {verdict(c_ratio <= 1.2, 'ratio <= 1.2 x floor')} |",
        f"| warm render, same leaflet in {' / '.join(SCRIPTS)}, ms | "
        f"{script_ms} | | | | (for reference) |",
        f"| cold process, one Arabic PDF, s (median of {cold_n}) | {cold_arabic:.3f} | | | | (for reference) |",
        f"| PDF size, bytes | {warm['leaflets']['bytes']:,} | {warm['floor']['bytes']:,} | "
        f"{warm['typst']['bytes']:,} | {size_ratio:.2f} x Typst | {verdict(size_ratio <= 1.0, '<= Typst')} |",
    ]
    for name, b in batches.items():
        speedup = b["serial"] / b["pooled"]
        if b["pdfs"] < 2 * 3:   # batch.MIN_PDFS_PER_PROCESS: a pool would be slower, both build in one process
            target = "n/a: fewer than 3 PDFs per process are built in one process"
        else:
            target = verdict(speedup >= 1.7 or cores < 2, ">= 1.7 x on 2 cores")
        rows.append(f"| batch, {name} matrix ({b['pdfs']} PDFs), s: --jobs 1 / --jobs {cores} | "
                    f"{b['serial']:.2f} / {b['pooled']:.2f} | | | {speedup:.2f} x faster | {target} |")
        rows.append(f"| no-op rebuild, {name} matrix ({b['pdfs']} PDFs), s | {b['noop']:.3f} | | | | "
                    f"{verdict(b['noop'] < 0.2, '< 0.2 s')} |")
    m_ratio = batches["repository"]["pooled_turns"] / baseline["pooled_turns"]
    rows.append(f"| matrix on {cores} processes, s: this tree ({batches['repository']['pdfs']} PDFs) / "
                f"{args.baseline} ({baseline['pdfs']} PDFs), built in turns | "
                f"{batches['repository']['pooled_turns']:.2f} / "
                f"{baseline['pooled_turns']:.2f} | | | {m_ratio:.2f} x | {verdict(m_ratio <= 0.7, '<= 0.7 x (30% faster)')} |")
    b_ratio = clinics["seconds"] / typst_batch["seconds"]
    rows.append(f"| {clinics_n} clinic editions (English A4): `build --clinic all` on {cores} processes / Typst "
                f"in one warm process, s | {clinics['seconds']:.2f} ({clinics['pdfs']} PDFs) | | "
                f"{typst_batch['seconds']:.2f} | {b_ratio:.2f} x Typst | {verdict(b_ratio <= 0.5, 'ratio <= 0.5')} |")
    rows.append(f"| memory: resident growth over {200 if args.quick else 1000} renders with one paragraph changed "
                f"each time, MB (peak; memo entries at the end) | "
                f"{memory['growth_mb']:.1f} ({memory['peak_mb']:.0f}; {memory['memo_entries']}) | | | | "
                f"{verdict(memory['growth_mb'] < 20, '< 20 MB')} |")
    rows.append(f"| optional libraries a one-PDF build imports | {', '.join(heavy) or 'none'} | | | | "
                f"{verdict(not set(NOT_IN_ONE_ENGLISH_PDF) & set(heavy), 'no ' + ', '.join(NOT_IN_ONE_ENGLISH_PDF))} |")
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"- Machine: {machine()}")
    print(f"- Load average (1 min) before / after: {load_before:.2f} / {load_after:.2f} "
          f"(other work on the machine slows every figure)\n")
    print("\n".join(rows))
    print("\nThe web app's latencies: `python bench/web.py` (needs `pip install -e '.[web]'`).")


if __name__ == "__main__":
    main()
