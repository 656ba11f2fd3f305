"""The form end to end in a real browser: Debian's headless Chromium, driven by Playwright.

The issue's "done means": pick the Spanish A4 cancer-pain leaflet for a clinic, see its name and phone in
the preview, download the PDF and read it back. Skipped, with the reason, when no browser can be started.
"""
from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import norm

CHROMIUM = Path(os.environ.get("LEAFLETS_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM} (.ci/run installs Debian's chromium)")
    with sync_api.sync_playwright() as p:
        try:
            launched = p.chromium.launch(executable_path=str(CHROMIUM))
        except Exception as exc:  # noqa: BLE001 - any launch failure is a reason to skip, printed
            pytest.skip(f"{CHROMIUM} cannot be started: {str(exc).splitlines()[0]}")
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(accept_downloads=True, locale="es-ES", viewport={"width": 1280, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    opened.goto(live_server + "/")
    opened.wait_for_selector("#page-image:not([hidden])")
    yield opened
    context.close()


def preview_png(page) -> bytes:
    """The image the page shows now, as the browser decoded it (drawn on a canvas, read back as PNG)."""
    url = page.evaluate("""() => {
        const image = document.getElementById('page-image');
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
        canvas.getContext('2d').drawImage(image, 0, 0);
        return canvas.toDataURL('image/png');
    }""")
    return base64.b64decode(url.split(",", 1)[1])


def wait_for_new_preview(page, version: str) -> str:
    page.wait_for_function("v => document.getElementById('page-image').dataset.version !== v", arg=version)
    page.wait_for_function("() => document.getElementById('busy').textContent === ''")
    return page.get_attribute("#page-image", "data-version")


def rendered(pdf: bytes, number: int) -> bytes:
    """Page `number` of the PDF as the server renders its previews (the same pixels)."""
    from leaflets.build.previews import png_bytes, render_pages
    from leaflets.web.service import PREVIEW_SCALE

    image = render_pages(pdf, dpi=72 * PREVIEW_SCALE, pages=[number])[0]
    return png_bytes(image)


def pixels(png: bytes) -> bytes:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def error_beside(page, field: str) -> str:
    return page.text_content(f"[id='err-{field}']")


def test_a_spanish_a4_leaflet_for_a_typed_clinic(page, tmp_path):
    """Spanish page (the browser asks for Spanish), Spanish A4 cancer-pain leaflet, the clinic typed in."""
    assert page.get_attribute("html", "lang") == "es"
    version = page.get_attribute("#page-image", "data-version")
    page.select_option("#leaflet", "drug-pump")
    page.select_option("#variant", "cancer")
    page.select_option("#locale", "es")
    page.select_option("#layout", "a4")
    version = wait_for_new_preview(page, version)
    before = preview_png(page)                      # a saved clinic's (the first in the list)
    page.check("#mode-typed")
    page.select_option("#clinic-country", "ES")
    page.fill("#clinic-name", "Clínica del Dolor Ejemplo")
    page.fill("#clinic-phone", "910 000 002")
    version = wait_for_new_preview(page, version)
    first = preview_png(page)
    assert pixels(first) != pixels(before)          # the preview follows the form

    with page.expect_download() as download:
        page.click("#download")
    assert download.value.suggested_filename == "drug-pump-es-cancer-a4-clinica-del-dolor-ejemplo.pdf"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    pdf = saved.read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = [norm(p.extract_text()) for p in reader.pages]
    assert reader.metadata.author == "Clínica del Dolor Ejemplo"
    assert "Clínica del Dolor Ejemplo Información para pacientes Su bomba de medicamentos implantada" in text[0]
    contact = next(i for i, t in enumerate(text) if "Con quién ponerse en contacto" in t)
    assert "Su equipo de atención médica 910 00 00 02 Medtronic" in text[contact]
    assert "Su equipo de atención médica:" not in " ".join(text)      # no write-in lines
    assert "Última actualización: 1 de noviembre de 2026" in " ".join(text)

    # the preview shows exactly these pages: the cover with the clinic's name, then the page with its phone
    assert pixels(first) == pixels(rendered(pdf, 1))
    for _ in range(contact):
        page.click("#next")
        version = wait_for_new_preview(page, version)
    assert page.text_content("#page-status") == f"Página {contact + 1} de {len(text)}"
    assert pixels(preview_png(page)) == pixels(rendered(pdf, contact + 1))


def test_mistakes_are_shown_beside_their_fields_in_the_pages_language(page):
    page.check("#mode-typed")
    page.fill("#clinic-phone", "12")
    page.fill("#clinic-website", "www.example.org")
    page.wait_for_function("() => document.getElementById('err-clinic.website').textContent !== ''")
    assert error_beside(page, "clinic.phone") == "Use cifras, espacios y paréntesis, p. ej. 910 000 000."
    assert error_beside(page, "clinic.name") == "Rellene este campo."
    assert error_beside(page, "clinic.website") == "Escriba la dirección completa, empezando por https://."
    assert page.get_attribute("#clinic-phone", "aria-invalid") == "true"
    assert page.is_visible("#summary")
    page.click("#download")                         # nothing downloads; the focus goes to the first mistake
    page.wait_for_function("() => document.activeElement.id === 'clinic-name'")
    version = page.get_attribute("#page-image", "data-version")
    page.select_option("#clinic-country", "GB")
    page.fill("#clinic-name", "Otra clínica")
    page.fill("#clinic-phone", "020 7946 0004")
    page.fill("#clinic-website", "https://otra.example")
    wait_for_new_preview(page, version)
    assert error_beside(page, "clinic.phone") == "" and page.get_attribute("#clinic-phone", "aria-invalid") is None
    assert not page.is_visible("#summary")


def test_the_form_is_used_with_the_keyboard_and_shows_where_the_focus_is(page):
    names = []
    for _ in range(6):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.id"))
    assert names[-4:] == ["leaflet", "variant", "locale", "layout"]
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                         "getComputedStyle(document.activeElement).outlineWidth")
    assert ring == "solid 3px"
    version = page.get_attribute("#page-image", "data-version")
    chosen = page.input_value("#layout")
    page.keyboard.press("ArrowDown")          # a select changes with the arrow keys, and the preview follows
    wait_for_new_preview(page, version)
    assert page.input_value("#layout") != chosen
