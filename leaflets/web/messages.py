"""The web page's own words, in the languages it speaks (English, and a draft Spanish that follows it).

Error messages are worded here by the kind of mistake (its code); a kind not listed keeps the
checker's own English message, which names the problem exactly.
"""
from __future__ import annotations

PAGE_LANGUAGES = ("en", "es")

WORDS = {
    "en": {
        "title": "Make a leaflet for your clinic",
        "intro": "Choose a leaflet, its language and its paper, add your clinic, check the preview, then download "
                 "the PDF to print.",
        "leaflet": "Leaflet", "variant": "Who it is for", "locale": "Language", "layout": "Paper and folding",
        "clinic": "Clinic", "clinic_none": "No clinic (the general edition, with lines to write on)",
        "clinic_saved": "A saved clinic", "clinic_typed": "Type your clinic's details",
        "clinic_id": "Saved clinic", "name": "Clinic name", "department": "Department or hospital",
        "address": "Address (one line each)", "country": "Country (phone numbers and dates in its style)",
        "phone": "Care team phone", "phone_hours": "When to call the care team",
        "out_of_hours": "Out-of-hours phone", "out_of_hours_label": "Name printed above the out-of-hours phone",
        "email": "Email", "website": "Website (starting with https://)",
        "optional": "optional", "preview": "Preview", "page": "Page", "of": "of", "previous": "Previous page",
        "next": "Next page", "download": "Download the PDF", "updating": "Updating the preview\u2026",
        "fix": "Please fix the fields marked below.", "language": "Page language",
        "preview_alt": "Page {page} of the leaflet as it will print",
        "server_error": "Something went wrong on the server. Please try again.",
        "print_duplex": "Print on both sides, flip on the short edge, at actual size; then fold.",
    },
    "es": {
        "title": "Prepare un folleto para su clínica",
        "intro": "Elija un folleto, su idioma y su papel, añada su clínica, revise la vista previa y descargue el "
                 "PDF para imprimirlo.",
        "leaflet": "Folleto", "variant": "Para quién es", "locale": "Idioma", "layout": "Papel y plegado",
        "clinic": "Clínica", "clinic_none": "Sin clínica (la edición general, con líneas para escribir)",
        "clinic_saved": "Una clínica guardada", "clinic_typed": "Escriba los datos de su clínica",
        "clinic_id": "Clínica guardada", "name": "Nombre de la clínica", "department": "Servicio u hospital",
        "address": "Dirección (una línea cada vez)",
        "country": "País (teléfonos y fechas en su formato)",
        "phone": "Teléfono del equipo de atención", "phone_hours": "Cuándo llamar al equipo de atención",
        "out_of_hours": "Teléfono fuera de horario",
        "out_of_hours_label": "Nombre impreso sobre el teléfono fuera de horario",
        "email": "Correo electrónico", "website": "Sitio web (empieza por https://)",
        "optional": "opcional", "preview": "Vista previa", "page": "Página", "of": "de",
        "previous": "Página anterior", "next": "Página siguiente", "download": "Descargar el PDF",
        "updating": "Actualizando la vista previa\u2026", "fix": "Corrija los campos marcados abajo.",
        "language": "Idioma de la página", "preview_alt": "Página {page} del folleto tal como se imprimirá",
        "server_error": "Algo ha fallado en el servidor. Inténtelo de nuevo.",
        "print_duplex": "Imprima a doble cara, volteando por el borde corto, a tamaño real; después, doble.",
    },
}

ERRORS = {
    "en": {
        "missing": "Please fill this in.", "empty-text": "Please fill this in.",
        "missing-key": "Please fill this in.",
        "too-long": "This is too long: at most {0} characters.",
        "text-too-long": "This is too long: at most {0} characters.",
        "phone-invalid": "This is not a phone number of the chosen country. Check the digits.",
        "phone-unparseable": "This is not a phone number. Use digits, spaces and brackets.",
        "unknown-choice": "Please choose one from the list.",
        "wrong-type": "This value has the wrong type.",
        "clinic-country-unknown": "Choose a country.",
    },
    "es": {
        "missing": "Rellene este campo.", "empty-text": "Rellene este campo.", "missing-key": "Rellene este campo.",
        "too-long": "Es demasiado largo: como máximo {0} caracteres.",
        "text-too-long": "Es demasiado largo: como máximo {0} caracteres.",
        "phone-invalid": "No es un número de teléfono del país elegido. Revise las cifras.",
        "phone-unparseable": "No es un número de teléfono. Use cifras, espacios y paréntesis.",
        "unknown-choice": "Elija una opción de la lista.",
        "wrong-type": "Este valor no es del tipo correcto.",
        "clinic-country-unknown": "Elija un país.",
    },
}

# Per field, for a value of the wrong form (pattern-mismatch): what the field needs
PATTERNS = {
    "en": {"clinic.country": "Choose a country.", "clinic.email": "Write an email address, e.g. clinic@example.org.",
           "clinic.website": "Write the whole address, starting with https://.",
           "clinic.phone": "Use digits, spaces and brackets, e.g. 020 7946 0123.",
           "clinic.out_of_hours": "Use digits, spaces and brackets, e.g. 020 7946 0123."},
    "es": {"clinic.country": "Elija un país.",
           "clinic.email": "Escriba una dirección de correo, p. ej. clinica@example.org.",
           "clinic.website": "Escriba la dirección completa, empezando por https://.",
           "clinic.phone": "Use cifras, espacios y paréntesis, p. ej. 910 000 000.",
           "clinic.out_of_hours": "Use cifras, espacios y paréntesis, p. ej. 910 000 000."},
}


def page_language(asked: str | None, accept) -> str:
    """?lang= if the page speaks it, else the browser's best choice among PAGE_LANGUAGES."""
    if asked in PAGE_LANGUAGES:
        return asked
    return accept.best_match(PAGE_LANGUAGES, default="en") if accept is not None else "en"


def worded(problems: dict, language: str) -> dict:
    """{field: words} for the page: by kind in its language where it has them, else the checker's message."""
    out = {}
    for name, problem in problems.items():
        words = ERRORS[language].get(problem.code)
        if problem.code == "pattern-mismatch":
            words = PATTERNS[language].get(name)
        out[name] = words.format(*problem.values) if words and (problem.values or "{0}" not in words) \
            else problem.message
    return out
