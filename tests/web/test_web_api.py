"""The web app through Flask's test client: the form page, POST /api/pdf and /api/preview, and every kind of
bad input answered by a 4xx naming the field (never a 500 or a traceback)."""
from __future__ import annotations

import io
import json
import shutil
import threading
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from conftest import REPO, norm
from leaflets.build.project import load_project
from leaflets.web.app import create_app
from leaflets.web.service import Studio

ORDER = {"leaflet": "drug-pump", "variant": "cancer", "locale": "en", "layout": "a4"}


def pdf_text(data: bytes) -> str:
    return norm(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def errors_of(response) -> dict:
    assert response.mimetype == "application/json", response.data[:200]
    assert b"Traceback" not in response.data
    return response.get_json()["errors"]


class _Form(HTMLParser):
    """The ids of the form's controls and the `for` of its labels."""

    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.texts = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs["id"])
        if tag == "label":
            self.labels.add(attrs.get("for"))


def test_the_page_labels_every_control_and_lists_the_project(web_client):
    page = web_client.get("/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    form = _Form()
    form.feed(html)
    assert len(form.controls) >= 14 and set(form.controls) <= form.labels
    assert '<html lang="en">' in html and "Make a leaflet for your clinic" in html
    assert "Riverside Pain Clinic (GB)" in html and "Unidad del Dolor Hospital del Sol (ES)" in html
    catalogue = json.loads(html.split('id="catalogue">')[1].split("</script>")[0])
    leaflet = catalogue["leaflets"][0]
    assert leaflet["title"] == "Your implanted drug pump"
    assert {"id": "es", "name": "español (Spanish)"} in leaflet["locales"]
    assert catalogue["layouts"]["a4-trifold"].startswith("A4 tri-fold brochure")
    assert "https://" not in html.replace("https://)", "")     # nothing from another site (no CDN)


def test_the_page_speaks_spanish(web_client):
    html = web_client.get("/?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in html and "Prepare un folleto para su clínica" in html
    chosen = web_client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"}).get_data(as_text=True)
    assert '<button type="submit" id="download">Descargar el PDF</button>' in chosen


def test_the_static_files_are_served_locally(web_client):
    assert web_client.get("/static/app.js").status_code == 200
    assert web_client.get("/static/app.css").status_code == 200


def test_the_generic_edition_keeps_its_write_in_lines(web_client):
    response = web_client.post("/api/pdf", json=ORDER)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="drug-pump-en-cancer-a4.pdf"'
    assert "Your care team: Phone:" in pdf_text(response.data)


def test_a_saved_clinic_in_spanish(web_client):
    response = web_client.post("/api/pdf", json=ORDER | {"locale": "es", "clinic_id": "sol"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('filename="drug-pump-es-cancer-a4-unidad-del-dolor-hospital-del-sol.pdf"')
    text = pdf_text(response.data)
    assert "Unidad del Dolor Hospital del Sol" in text and "910 00 00 00" in text and "Con quién ponerse" in text


def test_a_typed_clinic_is_printed_as_text_never_as_markup(web_client):
    clinic = {"name": "<b>Smith & Jones</b> <font color='red'>x</font>", "phone": "020 7946 0321",
              "country": "GB", "phone_hours": "**9am** to 5pm &amp; [@deer2004]"}
    response = web_client.post("/api/pdf", json=ORDER | {"clinic": clinic})
    assert response.status_code == 200, response.data
    text = pdf_text(response.data)
    assert "<b>Smith & Jones</b> <font color='red'>x</font>" in text
    assert "**9am** to 5pm &amp; [@deer2004]" in text and "020 7946 0321" in text
    assert PdfReader(io.BytesIO(response.data)).metadata.author == clinic["name"]
    assert response.headers["Content-Disposition"].endswith('-b-smith-jones-b-font-color-red-x-font.pdf"')


def test_markup_in_a_saved_clinic_is_escaped_in_the_page(project_copy):
    shutil.copytree(REPO / "clinics", project_copy / "clinics")
    (project_copy / "clinics" / "odd.yaml").write_text(
        'name: "<script>alert(1)</script> & <b>Co</b>"\ncountry: GB\ndefault_locale: en\n'
        'phones: [{purpose: care-team, number: "020 7946 0111"}]\n', encoding="utf-8")
    client = create_app(Studio.open(project_copy)).test_client()
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<b>Co</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt; (GB)" in html


def test_the_preview_is_a_png_of_the_page_asked_for_and_changes_with_the_clinic(web_client):
    def preview(**extra):
        response = web_client.post("/api/preview", json=ORDER | extra)
        assert response.status_code == 200 and response.mimetype == "image/png", response.data[:300]
        assert response.data.startswith(b"\x89PNG")
        return response
    first = preview(clinic={"name": "Clinic One", "phone": "020 7946 0001", "country": "GB"})
    other = preview(clinic={"name": "Clinic Two", "phone": "020 7946 0001", "country": "GB"})
    assert first.headers["X-Page-Count"] == "5" and first.data != other.data      # 13pt on a 156mm column
    assert preview(clinic={"name": "Clinic One", "phone": "020 7946 0001", "country": "GB"}).data == first.data
    assert preview(clinic={"name": "Clinic One", "phone": "020 7946 0001", "country": "GB"}, page=2).data != first.data
    too_far = web_client.post("/api/preview", json=ORDER | {"page": 9})
    assert too_far.status_code == 422 and errors_of(too_far) == {"page": "the leaflet has 5 pages"}


def test_a_tri_fold_preview_shows_its_panels_in_reading_order(web_client):
    response = web_client.post("/api/preview", json=ORDER | {"layout": "a4-trifold", "clinic_id": "riverside"})
    assert response.status_code == 200 and response.headers["X-Page-Count"] == "6"


BAD = [
    ("not JSON", b"{", 400, {"body": "the body is not JSON (Expecting property name enclosed in double quotes: "
                                     "line 1 column 2 (char 1))"}),
    ("not UTF-8", b'{"leaflet": "\xff"}', 400, {"body": "the body is not UTF-8 text"}),
    ("a list", b"[1, 2]", 422, {"body": 'send a JSON object, e.g. {"leaflet": "drug-pump", ...}'}),
    ("deep", b"[" * 30000 + b"]" * 30000, 400, None),
    ("wrong types", json.dumps(ORDER | {"leaflet": 5, "variant": ["cancer"], "clinic": "Riverside"}).encode(), 422,
     {"leaflet": "expected text, got a number", "variant": "expected text, got a list",
      "clinic": "expected an object with the clinic's name, phone, ..."}),
    ("unknown names", json.dumps({"leaflet": "drug-pum", "variant": "cancr", "locale": "fr", "layout": "a3",
                                  "clinic_id": "riversid", "varient": "red"}).encode(), 422,
     {"varient": "unknown field (did you mean 'variant'?)",
      "leaflet": "unknown leaflet 'drug-pum' (did you mean 'drug-pump'?)",
      "variant": "unknown variant 'cancr' (did you mean 'cancer'?)",
      "locale": "unknown locale 'fr' (choose from: ar, de, en, es, hi, vi, zh-Hans)",
      "layout": "unknown layout 'a3' (choose from: a4, a4-large, a4-print, a4-trifold, a5-booklet, letter, "
                "letter-large, letter-trifold)",
      "clinic_id": "unknown clinic 'riversid' (did you mean 'riverside'?)"}),
    ("missing", b"{}", 422, {"leaflet": "missing: choose one", "variant": "missing: choose one",
                             "locale": "missing: choose one", "layout": "missing: choose one"}),
    ("overlong", json.dumps(ORDER | {"layout": "a" * 5000, "clinic": {"name": "n" * 121, "phone": "020 7946 0001",
                                                                      "country": "GB"}}).encode(), 422,
     {"layout": "too long: at most 200 characters",
      "clinic.name": "text is 121 characters long, over the limit of 120"}),
    ("bad clinic", json.dumps(ORDER | {"clinic": {"phone": "020 7946", "country": "GB", "email": "x",
                                                  "website": "http://a.example", "phnoe": "1"}}).encode(), 422,
     {"clinic.phnoe": "unknown field (did you mean 'phone'?)", "clinic.name": "missing required key 'name' in the top level",
      "clinic.email": "'x' is not valid here (e.g. pain.clinic@example.org)",
      "clinic.website": "'http://a.example' is not valid here (write the whole address, starting with https://)",
      "clinic.phone": "'020 7946' is not a valid phone number in GB (check the digits, or write it in "
                      "international form like '+44 121 234 5678')"}),
    ("bad phone", json.dumps(ORDER | {"clinic": {"name": "A", "phone": "020 7946", "country": "GB"}}).encode(), 422,
     {"clinic.phone": "'020 7946' is not a valid phone number in GB (check the digits, or write it in "
                      "international form like '+44 121 234 5678')"}),
    ("long address", json.dumps(ORDER | {"clinic": {"name": "A", "phone": "020 7946 0001", "country": "GB",
                                                    "address": "line\n" * 7}}).encode(), 422,
     {"clinic.address": "at most 6 lines"}),
    ("both", json.dumps(ORDER | {"clinic_id": "sol", "clinic": {}}).encode(), 422,
     {"clinic": "send either clinic_id or clinic, not both"}),
]


@pytest.mark.parametrize("body, status, expected", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
@pytest.mark.parametrize("path", ["/api/pdf", "/api/preview"])
def test_bad_input_is_named_field_by_field(web_client, path, body, status, expected):
    response = web_client.post(path, data=body, content_type="application/json")
    assert response.status_code == status
    errors = errors_of(response)
    if expected is None:
        assert list(errors) == ["body"] and errors["body"].startswith("the body is not JSON")
    else:
        assert errors == expected


def test_errors_in_the_pages_language(web_client):
    body = ORDER | {"clinic": {"name": "", "phone": "020 7946", "country": "GB", "email": "x"}}
    errors = errors_of(web_client.post("/api/pdf?lang=es", json=body))
    assert errors == {"clinic.name": "Rellene este campo.",
                      "clinic.phone": "No es un número de teléfono del país elegido. Revise las cifras.",
                      "clinic.email": "Escriba una dirección de correo, p. ej. clinica@example.org."}


def test_a_huge_body_is_refused_unread(web_client):
    response = web_client.post("/api/pdf", data=b"x" * 10_000_000, content_type="application/json")
    assert response.status_code == 413 and errors_of(response) == {"body": "the request is too large (at most 64 KB)"}


LONGEST_CLINIC = {"name": "N" * 120, "department": "D " * 59, "phone": "020 7946 0001", "country": "GB",
                  "phone_hours": "word " * 39, "out_of_hours": "020 7946 0002", "out_of_hours_label": "L " * 59}


def test_a_clinic_too_long_for_a_layout_is_a_422_on_the_clinic(web_client):
    """The longest clinic the form takes makes the German non-cancer tri-fold's cover and fold-in panel so
    full that its text no longer fits (the booklet once failed here too: it now makes room, below)."""
    order = ORDER | {"locale": "de", "variant": "non-cancer", "layout": "a4-trifold", "clinic": LONGEST_CLINIC}
    response = web_client.post("/api/pdf", json=order)
    assert response.status_code == 422
    assert errors_of(response)["clinic"].startswith("the text does not fit the four text panels of layout "
                                                    "'a4-trifold' (variant non-cancer)")


def test_the_longest_clinic_still_gets_a_booklet_its_closing_lines_inside(web_client):
    """Its panel fills the back cover; the closing lines end the text inside (typeset.panels)."""
    response = web_client.post("/api/pdf", json=ORDER | {"layout": "a5-booklet", "clinic": LONGEST_CLINIC})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "020 7946 0002" in pdf_text(response.data)


def test_wrong_methods_and_paths_answer_json_on_the_api(web_client):
    assert errors_of(web_client.get("/api/pdf")) == {"body": "The method is not allowed for the requested URL."}
    assert web_client.post("/api/nothing").status_code == 404


def test_concurrent_requests_each_get_their_own_pdf(studio):
    """reportlab's global state: every render holds the studio's lock, so eight threads at once each get
    exactly the clinic they asked for."""
    app = create_app(studio)
    results = {}

    def ask(i):
        clinic = {"name": f"Clinic number {i}", "phone": f"020 7946 0{100 + i}", "country": "GB"}
        response = app.test_client().post("/api/pdf", json=ORDER | {"clinic": clinic})
        results[i] = (response.status_code, pdf_text(response.data))
    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == list(range(8))
    for i, (status, text) in results.items():
        assert status == 200 and f"Clinic number {i}" in text and f"020 7946 0{100 + i}" in text
        assert all(f"Clinic number {j} " not in text for j in range(8) if j != i)


def test_the_studio_refuses_a_project_with_errors(project_copy):
    (project_copy / "clinics").mkdir()
    (project_copy / "clinics" / "bad.yaml").write_text("name: x\n", encoding="utf-8")
    from leaflets.diagnostics import LeafletError
    with pytest.raises(LeafletError, match="clinics/bad.yaml:1:1: error: missing required key 'country'"):
        Studio.open(project_copy)
    assert load_project(project_copy).clinics == {}
