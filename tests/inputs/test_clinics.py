"""inputs.clinics and inputs.logos: a clinic file's mistakes at file:line:column, the logo's safety rules."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from leaflets.build.project import load_project
from leaflets.diagnostics import Diagnostics
from leaflets.inputs.clinics import clinic_from_fields

GOOD = """\
name: Test Clinic
country: GB
default_locale: en
phones:
  - purpose: care-team
    number: "020 7946 0999"
"""


def problems(root, text: str, name: str = "test.yaml", files: dict | None = None) -> list[str]:
    (root / "clinics").mkdir(exist_ok=True)
    (root / "clinics" / name).write_text(text, encoding="utf-8")
    for relative, data in (files or {}).items():
        (root / "clinics" / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / "clinics" / relative).write_bytes(data)
    project = load_project(root)
    return [d.format() for d in project.diagnostics.sorted() if d.location.path.startswith("clinics/")]


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def real_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def test_a_good_clinic_loads(project_copy):
    assert problems(project_copy, GOOD) == []
    clinic = load_project(project_copy).clinics["test"]
    assert (clinic.name, clinic.country, clinic.phones[0].number) == ("Test Clinic", "GB", "020 7946 0999")


@pytest.mark.parametrize("old, new, expected", [
    ('"020 7946 0999"', '"020 7946"',
     "clinics/test.yaml:6:13: error: phones[0].number: '020 7946' is not a valid phone number in GB "
     "(check the digits, or write it in international form like '+44 121 234 5678')"),
    ("purpose: care-team", "purpose: out-of-hours",
     "clinics/test.yaml:5:5: error: phones[0]: a out-of-hours number needs a label (add label: with the name to "
     "print above it, e.g. 'Out of hours')"),
    ("country: GB", "country: ZZ", "clinics/test.yaml:2:10: error: country: 'ZZ' is not a country code "
                                   "(write the two-letter ISO 3166 code, e.g. GB, ES, US)"),
    ("name: Test Clinic", "name: Test Clinic\nwebsite: http://example.org",
     "clinics/test.yaml:2:10: error: website: 'http://example.org' is not valid here (write the whole address, "
     "starting with https://)"),
    ("name: Test Clinic", "nmae: Test Clinic",
     "clinics/test.yaml:1:1: error: nmae: unknown key 'nmae' (did you mean 'name'?)"),
])
def test_mistakes_are_located(project_copy, old, new, expected):
    assert expected in problems(project_copy, GOOD.replace(old, new))


def test_a_clinic_needs_a_care_team_number(project_copy):
    text = GOOD.replace("purpose: care-team", "purpose: other\n    label: Reception")
    assert problems(project_copy, text) == [
        "clinics/test.yaml:5:3: error: phones: no care-team number (add one: - {purpose: care-team, "
        "number: '+44 121 234 5678'})"]


def test_an_unknown_locale_is_a_warning(project_copy):
    assert problems(project_copy, GOOD.replace("default_locale: en", "default_locale: fr")) == [
        "clinics/test.yaml:3:17: warning: default_locale: no leaflet is written in 'fr' "
        "(locales: ar, de, en, es, hi, vi, zh-Hans)"]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'


@pytest.mark.parametrize("logo, files, expected", [
    ("../fonts/fonts.yaml", {}, "the logo '../fonts/fonts.yaml' is outside clinics/"),
    ("/etc/passwd", {}, "the logo '/etc/passwd' is outside clinics/"),
    ("logo.gif", {"logo.gif": b"GIF89a"}, "the logo 'logo.gif' is not a PNG, JPEG or SVG file"),
    ("missing.png", {}, "logo 'missing.png' not found"),
    ("fake.png", {"fake.png": b"<svg/>"}, "logo 'fake.png' is not a PNG image (its first bytes say otherwise)"),
    ("fake.jpg", {"fake.jpg": real_png(10, 10)}, "logo 'fake.jpg' is a PNG file, not JPEG"),
    ("short.png", {"short.png": png(10, 10)}, "logo 'short.png' is damaged or not an image"),
    ("huge.png", {"huge.png": png(20000, 10)}, "logo 'huge.png' is 20000 x 10 pixels, over the limit of 6000 a side"),
    ("big.png", {"big.png": png(10, 10) + b"\0" * 1_200_000}, "logo 'big.png' is 1.2 MB, over the limit of 1 MB"),
    ("far.svg", {"far.svg": SVG + b'<use href="file:///etc/passwd"/></svg>'},
     "logo 'far.svg' line 1: refers to 'file:///etc/passwd' (<use href>)"),
    ("picture.svg", {"picture.svg": SVG + b'<image href="#a"/></svg>'}, "has an embedded image (<image>)"),
    ("style.svg", {"style.svg": SVG + b'<rect style="fill:url(http://x.example/a)"/></svg>'},
     "refers to 'http://x.example/a' (url(...))"),
    ("bomb.svg", {"bomb.svg": b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>'},
     "has a DOCTYPE, which can load other files"),
    ("script.svg", {"script.svg": SVG + b"<script>alert(1)</script></svg>"}, "has a script (<script>)"),
    ("words.svg", {"words.svg": SVG + b"<text>Riverside</text></svg>"},
     "has text (<text>) (convert the text to outlines (paths) in your drawing program"),
    ("broken.svg", {"broken.svg": SVG + b"<g></svg>"}, "logo 'broken.svg' is not a valid SVG file: mismatched tag"),
    ("sizeless.svg", {"sizeless.svg": b"<svg></svg>"}, "has no size: give the <svg> element a viewBox"),
])
def test_logo_rules(project_copy, logo, files, expected):
    found = problems(project_copy, GOOD + f"logo: {logo}\n", files=files)
    assert len(found) == 1 and found[0].startswith("clinics/test.yaml:7:7: error: logo: ") and expected in found[0]


def test_good_logos_load(project_copy):
    for name, data in (("a.png", real_png(300, 100)), ("b.svg", b'<svg xmlns="http://www.w3.org/2000/svg" '
                                                          b'width="10" height="10"><use href="#x"/></svg>')):
        assert problems(project_copy, GOOD + f"logo: {name}\n", files={name: data}) == []


def test_a_typed_clinic_is_checked_by_field_and_may_not_name_a_file():
    found = Diagnostics()
    assert clinic_from_fields({"name": "x", "country": "GB", "default_locale": "en", "logo": "a.png",
                               "phones": [{"purpose": "care-team", "number": "020 7946 0999"}]}, found) is None
    assert [(d.key, d.message) for d in found.errors] == [("logo", "a logo can only come from a clinic file")]
