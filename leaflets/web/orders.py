"""What a form or API request asks for, checked field by field: (Order, {}) or (None, {field: Problem}).

A request is a JSON object: "leaflet", "variant", "locale", "layout", and a clinic: "clinic_id" (a
file of clinics/) or "clinic" (its details: name, department, address, country, phone, out_of_hours,
email, website, or a whole "phones" list as in a clinic file); neither gives the generic edition.
Every mistake is named by its field; nothing here raises for a user's mistake.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from leaflets.build.project import Combination, Project
from leaflets.diagnostics import Diagnostics
from leaflets.inputs.clinics import Clinic, clinic_from_fields
from leaflets.inputs.schema import did_you_mean

MAX_FIELD = 200          # characters, any one text of a request (the clinic schema's limits are lower)
MAX_PAGE = 500
MAX_ADDRESS_LINES = 6
CLINIC_FIELDS = ("name", "department", "address", "country", "default_locale", "phone", "phone_hours",
                 "out_of_hours", "out_of_hours_label", "email", "website", "phones")
# The out-of-hours number's name when the form gives none, in the languages the form speaks
OUT_OF_HOURS = {"en": "Out of hours", "es": "Fuera de horario"}


@dataclass(frozen=True)
class Problem:
    code: str                 # what kind of mistake (messages.py words it in the page's language)
    message: str              # in English, for the API and as the fallback
    values: tuple = ()        # what the message names, e.g. ("200",) for a length


@dataclass(frozen=True)
class Order:
    combo: Combination
    clinic: Clinic | None
    page: int = 1


def parse_order(project: Project, body, want_page: bool = False) -> tuple[Order | None, dict]:
    if not isinstance(body, dict):
        return None, {"body": Problem("wrong-type", "send a JSON object, e.g. {\"leaflet\": \"drug-pump\", ...}")}
    errors: dict = {}
    known = {"leaflet", "variant", "locale", "layout", "clinic", "clinic_id"} | ({"page"} if want_page else set())
    for key in body:
        if key not in known:
            hint = did_you_mean(key, known) or f"fields: {', '.join(sorted(known))}"
            errors[str(key)[:60]] = Problem("unknown-field", f"unknown field ({hint})")
    names = {name: _text(body, name, errors) for name in ("leaflet", "variant", "locale", "layout")}
    combo = _combination(project, names, errors)
    clinic = _clinic(project, body, names["locale"], errors)
    page = _page(body, errors) if want_page else 1
    if errors:
        return None, errors
    return Order(combo, clinic, page), {}


def _text(body: dict, name: str, errors: dict, required: bool = True) -> str:
    value = body.get(name)
    if value is None or value == "":
        if required:
            errors[name] = Problem("missing", "missing: choose one")
        return ""
    if not isinstance(value, str):
        errors[name] = Problem("wrong-type", f"expected text, got {json_kind(value)}")
        return ""
    if len(value) > MAX_FIELD:
        errors[name] = Problem("too-long", f"too long: at most {MAX_FIELD} characters", (str(MAX_FIELD),))
        return ""
    return value


def json_kind(value) -> str:
    """What a JSON value is, in JSON's words."""
    if isinstance(value, bool):
        return "true/false"
    return {int: "a number", float: "a number", list: "a list", dict: "an object"}.get(type(value), "nothing")


def _combination(project: Project, names: dict, errors: dict) -> Combination | None:
    combos = project.combinations()
    chosen = {}
    for field in ("leaflet", "variant", "locale", "layout"):
        value = names[field]
        choices = sorted({getattr(c, field) for c in combos})
        if value and value not in choices:
            hint = did_you_mean(value, choices) or f"choose from: {', '.join(choices)}"
            errors[field] = Problem("unknown-choice", f"unknown {field} {value!r} ({hint})", (value,))
        chosen[field] = value
    if any(field in errors for field in chosen):
        return None
    combo = Combination(**chosen)
    if combo not in set(combos):
        errors["layout"] = Problem("not-made", f"the leaflet {combo.leaflet!r} is not made in layout "
                                               f"{combo.layout!r} (or has no variant {combo.variant!r})")
        return None
    return combo


def _clinic(project: Project, body: dict, locale: str, errors: dict) -> Clinic | None:
    if "clinic_id" in body and "clinic" in body:
        errors["clinic"] = Problem("both", "send either clinic_id or clinic, not both")
        return None
    if "clinic_id" in body:
        ident = _text(body, "clinic_id", errors)
        if ident and ident not in project.clinics:
            hint = did_you_mean(ident, project.clinics) or f"saved clinics: {', '.join(sorted(project.clinics))}"
            errors["clinic_id"] = Problem("unknown-choice", f"unknown clinic {ident!r} ({hint})", (ident,))
        return project.clinics.get(ident)
    fields = body.get("clinic")
    if fields is None:
        return None
    if not isinstance(fields, dict):
        errors["clinic"] = Problem("wrong-type", "expected an object with the clinic's name, phone, ...")
        return None
    return _typed_clinic(fields, locale, errors)


def _typed_clinic(fields: dict, locale: str, errors: dict) -> Clinic | None:
    data: dict = {}
    for key, value in fields.items():
        if key not in CLINIC_FIELDS:
            hint = did_you_mean(key, CLINIC_FIELDS) or f"fields: {', '.join(CLINIC_FIELDS)}"
            errors[f"clinic.{str(key)[:60]}"] = Problem("unknown-field", f"unknown field ({hint})")
        elif value not in (None, "", []):
            data[key] = value
    if isinstance(data.get("address"), str):
        data["address"] = [line.strip() for line in data["address"].splitlines() if line.strip()] or data["address"]
    if isinstance(data.get("address"), list) and len(data["address"]) > MAX_ADDRESS_LINES:
        errors["clinic.address"] = Problem("too-many-lines", f"at most {MAX_ADDRESS_LINES} lines")
        data.pop("address")
    data.setdefault("default_locale", locale or "en")
    phones = data.pop("phones", None)
    if phones is None:
        phones = [{"purpose": "care-team", "number": data.pop("phone", "")}]
        if "phone_hours" in data:
            phones[0]["hours"] = data.pop("phone_hours")
        label = data.pop("out_of_hours_label", OUT_OF_HOURS.get((locale or "en").split("-")[0]))
        if "out_of_hours" in data:
            phones.append({"purpose": "out-of-hours", "number": data.pop("out_of_hours")} | ({"label": label} if label else {}))
    elif "phone" in data or "out_of_hours" in data:
        errors["clinic.phones"] = Problem("both", "send either phones or phone and out_of_hours, not both")
        return None
    data["phones"] = phones
    found = Diagnostics()
    clinic = clinic_from_fields(data, found)
    for diagnostic in found.errors:
        name = _field_of(diagnostic.key, diagnostic.message, "phones" in fields)
        errors.setdefault(name, Problem(diagnostic.code, _plain(diagnostic.message, diagnostic.hint),
                                        _values(diagnostic.message)))
    return clinic


def _field_of(key: str, message: str, full_phones: bool) -> str:
    """The form field a clinic diagnostic is about: 'phones[0].number' is the care team's phone."""
    if not key:
        missing = re.search(r"missing required key '(\w+)'", message)
        return f"clinic.{missing.group(1)}" if missing else "clinic"
    if key == "phones" and "missing required key 'number'" in message:
        return "clinic.phone"
    if full_phones or not key.startswith("phones"):
        if key.startswith("phones[") and "missing required key" in message:
            return f"clinic.{key}"
        return "clinic.address" if key.startswith("address[") else f"clinic.{key}"
    index = re.match(r"phones\[(\d+)\]", key)
    if index and index.group(1) != "0":
        return "clinic.out_of_hours_label" if key.endswith(".label") or "needs a label" in message \
            else "clinic.out_of_hours"
    return "clinic.phone_hours" if key.endswith(".hours") else "clinic.phone"


def _plain(message: str, hint: str) -> str:
    return f"{message} ({hint})" if hint else message


def _values(message: str) -> tuple:
    limit = re.search(r"over the limit of (\d+)", message)
    return (limit.group(1),) if limit else ()


def _page(body: dict, errors: dict) -> int:
    value = body.get("page", 1)
    if isinstance(value, bool) or not isinstance(value, int):
        errors["page"] = Problem("wrong-type", "expected a whole number, e.g. 1")
        return 1
    if not 1 <= value <= MAX_PAGE:
        errors["page"] = Problem("out-of-range", f"{value} is not a page number (1 or more)")
        return 1
    return value
