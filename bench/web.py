#!/usr/bin/env python3
"""Speed of the web app (issue 16), against its targets, in one run on this machine:

- baseline: a warm `build_pdf` of the generic English A4 cancer-pain leaflet (no web, no clinic);
- pdf: a warm POST /api/pdf of that leaflet for a clinic with a new name every time (so nothing can be
  cached), over real HTTP to the threaded werkzeug server `serve` runs; target: median under 60 ms;
- preview: the same through POST /api/preview (page 1 as PNG); target: median under 150 ms;
- Spanish: the Spanish A4 PDF for a clinic, for reference;
- concurrent: 8 clients at once, 5 requests each: renders hold one lock (reportlab's global state),
  so the wall time is about the serial one and every answer is right.

    pip install -e '.[web]' && python bench/web.py      # about half a minute; --quick for a smoke run
"""
from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from werkzeug.serving import make_server  # noqa: E402

from leaflets.build.pipeline import build_pdf  # noqa: E402
from leaflets.build.project import Combination  # noqa: E402
from leaflets.web.app import create_app  # noqa: E402
from leaflets.web.service import Studio  # noqa: E402

ORDER = {"leaflet": "drug-pump", "variant": "cancer", "locale": "en", "layout": "a4"}
TARGETS = {"pdf": 60.0, "preview": 150.0}


def timed(fn, count: int, warm: int = 5) -> list[float]:
    for i in range(warm):
        fn(-1 - i)
    out = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def post(base: str, path: str, body: dict) -> bytes:
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return response.read()


def clinic(i: int) -> dict:
    return {"name": f"Bench Clinic {i:05d}", "phone": "020 7946 0123", "country": "GB",
            "address": "1 Example Road\nLondon", "phone_hours": "Monday to Friday, 9am to 5pm"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    count = 10 if args.quick else 40
    logging.getLogger("werkzeug").setLevel(logging.ERROR)      # no line per request
    studio = Studio.open(REPO)
    server = make_server("127.0.0.1", 0, create_app(studio), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        combo = Combination(*ORDER.values())
        rows = {
            "baseline: build_pdf, generic English A4 (no web)": timed(lambda i: build_pdf(studio.project, combo), count),
            "pdf: POST /api/pdf, English A4, new clinic each time": timed(
                lambda i: post(base, "/api/pdf", ORDER | {"clinic": clinic(i)}), count),
            "preview: POST /api/preview page 1, English A4, new clinic": timed(
                lambda i: post(base, "/api/preview", ORDER | {"clinic": clinic(i)}), count),
            "Spanish: POST /api/pdf, Spanish A4, new clinic": timed(
                lambda i: post(base, "/api/pdf", ORDER | {"locale": "es", "clinic": clinic(i)}), count),
        }
        serial = sum(rows["pdf: POST /api/pdf, English A4, new clinic each time"][:count])
        start = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda i: post(base, "/api/pdf", ORDER | {"clinic": clinic(10_000 + i)}),
                                    range(40)))
        concurrent_ms = (time.perf_counter() - start) * 1000
    finally:
        server.shutdown()
    print("| measure | median ms | min ms | max ms |\n|---|---|---|---|")
    for name, values in rows.items():
        print(f"| {name} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |")
    print(f"\n8 clients x 5 requests at once: {concurrent_ms:.0f} ms wall for 40 PDFs "
          f"({concurrent_ms / 40:.1f} ms each; serial {serial / count:.1f} ms each), "
          f"{sum(a.startswith(b'%PDF') for a in answers)}/40 PDFs")
    pdf = statistics.median(rows["pdf: POST /api/pdf, English A4, new clinic each time"])
    preview = statistics.median(rows["preview: POST /api/preview page 1, English A4, new clinic"])
    baseline = statistics.median(rows["baseline: build_pdf, generic English A4 (no web)"])
    print(f"{'met' if pdf < TARGETS['pdf'] else 'MISSED'}: PDF for a new clinic {pdf:.1f} ms median "
          f"(target < {TARGETS['pdf']:.0f} ms; baseline build_pdf {baseline:.1f} ms)")
    print(f"{'met' if preview < TARGETS['preview'] else 'MISSED'}: preview {preview:.1f} ms median "
          f"(target < {TARGETS['preview']:.0f} ms)")


if __name__ == "__main__":
    main()
