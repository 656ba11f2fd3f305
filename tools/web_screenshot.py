#!/usr/bin/env python3
"""The README's screenshot of the web form (docs/web-form.png), taken with Debian's headless Chromium.

    python tools/web_screenshot.py [docs/web-form.png]
"""
from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from leaflets.web.app import create_app  # noqa: E402
from leaflets.web.service import Studio  # noqa: E402


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "web-form.png"
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, create_app(Studio.open(REPO)), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1280, "height": 1180}, locale="en-GB")
            page.goto(f"http://127.0.0.1:{server.server_port}/")
            page.wait_for_selector("#page-image:not([hidden])")
            page.select_option("#clinic_id", "riverside")
            page.select_option("#layout", "a4")
            version = page.get_attribute("#page-image", "data-version")
            page.wait_for_function("v => document.getElementById('page-image').dataset.version !== v", arg=version)
            page.wait_for_function("() => document.getElementById('busy').textContent === ''")
            page.screenshot(path=str(target), full_page=False)
            browser.close()
    finally:
        server.shutdown()
    print(target)


if __name__ == "__main__":
    main()
