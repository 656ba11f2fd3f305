"""What the form offers: the project's leaflets, variants, languages, layouts and saved clinics, each
with the words that describe it (from the content and layout files themselves)."""
from __future__ import annotations

from leaflets.build.project import Project
from leaflets.layout.settings import defining_doc

# Countries the form lists first; any two-letter country can be typed through the API
COUNTRIES = ("GB", "IE", "ES", "US", "CA", "AU", "DE", "AT", "CH", "FR", "MX", "AR", "CO", "VN", "IN", "AE", "SA",
             "EG", "CN", "SG")


def language_name(locale: str, page: str) -> str:
    """'español (Spanish)' on an English page: the language in its own words, then in the page's."""
    from babel import Locale, UnknownLocaleError  # reason: Babel's data only for the form

    try:
        own = Locale.parse(locale.replace("-", "_"))
        native = own.get_display_name(own) or locale
        in_page = own.get_display_name(Locale.parse(page)) or locale
    except (UnknownLocaleError, ValueError):
        return locale
    return native if native == in_page else f"{native} ({in_page})"


def country_name(code: str, page: str) -> str:
    from babel import Locale  # reason: as above

    return Locale.parse(page).territories.get(code, code)


def catalogue(project: Project, page: str) -> dict:
    """{"leaflets": [{id, title, subtitle, variants: [{id, label}], locales: [{id, name}], layouts: [...]}],
    "layouts": {id: description}, "clinics": [{id, name, country, default_locale}], "countries": [...]}"""
    combos = project.combinations()
    leaflets = []
    for leaflet in sorted({c.leaflet for c in combos}):
        mine = [c for c in combos if c.leaflet == leaflet]
        locales = sorted({c.locale for c in mine})
        words = project.contents.get((leaflet, page)) or project.contents[(leaflet, _source(project, leaflet))]
        variants = words.data["variants"]
        leaflets.append({
            "id": leaflet, "title": words.data["title"], "subtitle": words.data.get("subtitle", ""),
            "variants": [{"id": v, "label": variants[v]["label"]} for v in sorted({c.variant for c in mine})],
            "locales": [{"id": loc, "name": language_name(loc, page)} for loc in locales],
            "layouts": sorted({c.layout for c in mine}),
        })
    layouts = {name: defining_doc(name, project.layout_docs, ("description",)).data.get("description", name)
               for name in sorted(project.layouts)}
    clinics = [{"id": c.id, "name": c.name, "country": c.country, "default_locale": c.default_locale}
               for c in sorted(project.clinics.values(), key=lambda c: c.name)]
    countries = [{"id": code, "name": country_name(code, page)} for code in COUNTRIES]
    return {"leaflets": leaflets, "layouts": layouts, "clinics": clinics, "countries": countries}


def _source(project: Project, leaflet: str) -> str:
    """The locale a leaflet is written in first (the one that is not a translation)."""
    return next(loc for (lf, loc) in sorted(project.contents) if lf == leaflet and (lf, loc) not in project.sources)
