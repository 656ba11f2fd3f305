"""Clinic files: `clinics/<id>.yaml`, the clinic a clinic edition is printed for.

A clinic edition prints the clinic as the organisation, its phone numbers first in the
contact panel (care team first) and dates and numbers in its country's style. The same
schema checks a clinic typed into the web form (`clinic_from_fields`), so its mistakes
are named by field instead of file:line:column.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from leaflets.diagnostics import Diagnostics
from leaflets.inputs import schema
from leaflets.inputs.logos import Logo, check_logo
from leaflets.inputs.phones import PhoneError, example, parse_phone
from leaflets.inputs.schema import Enum, Field, Ident, ListOf, OneOrMany, Struct, Text
from leaflets.inputs.sources import Document

CLINICS_DIR = "clinics"
PHONE_KINDS = ("care-team", "out-of-hours", "other")

# Plain text only: a clinic's words are printed as typed (no inline syntax), so the limits are
# those of one line of the contact panel or cover.
_LINE = 120

PHONE = Struct({
    "purpose": Field(Enum(PHONE_KINDS, "What the number is for: the care team's is printed first"), True),
    "number": Field(Text("The number as people in the clinic's country write it (020 7946 0123), or in "
                         "international form (+44 20 7946 0123)", max_length=40,
                         pattern=r"^(\+[0-9]|[0-9(])[0-9 ()-]{6,}$",
                         pattern_hint="digits, spaces, brackets and hyphens, e.g. '020 7946 0123'"), True),
    "label": Field(Text("The name printed above the number (default for the care team: the leaflet's own "
                        "words for it, e.g. 'Your care team'); needed for out-of-hours and other numbers",
                        max_length=_LINE)),
    "hours": Field(Text("When to call, printed under the number, e.g. 'Monday to Friday, 9am to 5pm'",
                        max_length=200)),
}, "A phone number of the clinic")

CLINIC = Struct({
    "name": Field(Text("The clinic's name, printed as the leaflet's organisation (cover, footer, PDF author)",
                       max_length=_LINE), True),
    "department": Field(Text("The department or hospital, printed under the name", max_length=_LINE)),
    "address": Field(OneOrMany(Text(max_length=_LINE), "The address: one line, or a list of lines")),
    "country": Field(Text("Two-letter country of the clinic: numbers and dates are printed in its style "
                          "(GB: 020 7946 0123, 1 November 2026)", max_length=2, pattern=r"^[A-Z]{2}$",
                          pattern_hint="e.g. GB, ES, US (in quotes for NO)"), True),
    "default_locale": Field(Text("The language the clinic's staff and patients mostly use, picked first in "
                                 "the web form, e.g. en or es", max_length=20,
                                 pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", pattern_hint="e.g. en, es"), True),
    "phones": Field(ListOf(PHONE, min_items=1, max_items=6,
                           description="The clinic's numbers; at least the care team's"), True),
    "email": Field(Text("An email address patients may write to", max_length=120,
                        pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", pattern_hint="e.g. pain.clinic@example.org")),
    "website": Field(Text("The clinic's web page, starting with https://", max_length=200,
                          pattern=r"^https://[^\s<>\"]+\.[^\s<>\"]+$",
                          pattern_hint="write the whole address, starting with https://")),
    "logo": Field(Text("A PNG, JPEG or SVG file under clinics/, e.g. logos/riverside.png (at most 1 MB)",
                       max_length=200)),
}, "A clinic: the organisation a clinic edition of a leaflet is printed for")

CLINIC_ID = Ident("The clinic's id: its file name, clinics/<id>.yaml")


@dataclass(frozen=True)
class ClinicPhone:
    kind: str
    number: str         # as written in the file
    label: str
    hours: str


@dataclass(frozen=True)
class Clinic:
    id: str
    name: str
    department: str
    address: tuple[str, ...]
    country: str
    default_locale: str
    phones: tuple[ClinicPhone, ...]   # care team first, then as written
    email: str = ""
    website: str = ""
    logo: Logo | None = None
    path: str = ""                    # clinics/<id>.yaml, "" for a clinic typed into the web form

    @property
    def heading(self) -> str:
        """The clinic as the organisation line: its name and department."""
        return f"{self.name}, {self.department}" if self.department else self.name


def check_clinic(doc: Document, clinic_id: str, diagnostics: Diagnostics, root: Path | None = None) -> Clinic | None:
    """A validated clinic, or None with its problems in diagnostics. `root`: the project (to read the logo).

    The phone numbers are checked also when another field has a mistake, so that all are told at once."""
    before = len(diagnostics.items)
    valid = schema.validate(doc, CLINIC, diagnostics)
    data = doc.data
    if not isinstance(data, dict):
        return None
    flagged = {d.key for d in diagnostics.items[before:]}
    check = schema.Check(doc, diagnostics)
    ok = _check_phones(data, check, flagged) and valid
    logo = None
    if "logo" in data and root is None:
        check.error(("logo",), "a logo can only come from a clinic file",
                    "save the clinic as clinics/<id>.yaml with its logo beside it", code="clinic-logo-not-here")
        ok = False
    elif "logo" in data and "logo" not in flagged:
        logo = check_logo(data["logo"], root, ("logo",), check)
        ok &= logo is not None
    if not ok:
        return None
    phones = [ClinicPhone(p["purpose"], p["number"], p.get("label", ""), p.get("hours", "")) for p in data["phones"]]
    phones.sort(key=lambda p: p.kind != "care-team")
    address = data.get("address", ())
    return Clinic(clinic_id, data["name"], data.get("department", ""),
                  (address,) if isinstance(address, str) else tuple(address), data["country"],
                  data["default_locale"], tuple(phones), data.get("email", ""), data.get("website", ""), logo,
                  doc.path if root is not None else "")


def _check_phones(data: dict, check: schema.Check, flagged: set) -> bool:
    """Each number is one of the clinic's country (or in international form), a care-team number is there.
    `flagged`: the keys the schema found mistakes at (not checked again)."""
    country, phones = data.get("country"), data.get("phones")
    if "country" in flagged or not isinstance(country, str) or "phones" in flagged or not isinstance(phones, list):
        return False
    if country not in phonenumbers.SUPPORTED_REGIONS:
        check.error(("country",), f"{country!r} is not a country code",
                    "write the two-letter ISO 3166 code, e.g. GB, ES, US", code="clinic-country-unknown")
        return False
    ok = True
    for i, phone in enumerate(phones):
        if f"phones[{i}]" in flagged or not isinstance(phone, dict):
            ok = False
            continue
        if f"phones[{i}].number" not in flagged:
            try:
                parse_phone(phone["number"], country)
            except PhoneError as exc:
                check.error(("phones", i, "number"), exc.message, exc.hint, code=exc.code)
                ok = False
        if phone["purpose"] in PHONE_KINDS[1:] and "label" not in phone:
            check.error(("phones", i), f"a {phone['purpose']} number needs a label",
                        "add label: with the name to print above it, e.g. 'Out of hours'", code="clinic-phone-label")
            ok = False
    if ok and not any(p["purpose"] == "care-team" for p in phones):
        check.error(("phones",), "no care-team number",
                    f"add one: - {{purpose: care-team, number: '{example(country)}'}}",
                    code="clinic-care-team-missing")
        ok = False
    return ok


def clinic_from_fields(fields: dict, diagnostics: Diagnostics) -> Clinic | None:
    """A clinic typed into the web form or sent to the API (no logo: files come only from clinics/)."""
    return check_clinic(Document("clinic", fields), "custom", diagnostics, None)


def clinic_paths(root: Path) -> list[Path]:
    return sorted((root / CLINICS_DIR).glob("*.yaml"))
