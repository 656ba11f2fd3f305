"""Load -> validate -> resolve -> render, for one combination or many. No file writes here."""
from __future__ import annotations

from .model import Leaflet
from .project import Combination, Project
from .render import render
from .resolve import resolve


def leaflet_for(project: Project, combo: Combination) -> Leaflet:
    doc = project.contents[(combo.leaflet, combo.locale)]
    return resolve(doc, project.bibliography.data, combo.variant)


def build_pdf(project: Project, combo: Combination) -> bytes:
    """The PDF bytes of one combination of a project whose inputs passed validation."""
    layout = project.layouts[combo.layout]
    body, headings = project.families_for(layout)
    return render(leaflet_for(project, combo), layout, body, headings)


def select(project: Project, leaflets=(), variants=(), locales=(), layouts=()) -> list[Combination]:
    def keep(value, wanted):
        return not wanted or value in wanted
    return [c for c in project.combinations()
            if keep(c.leaflet, leaflets) and keep(c.variant, variants)
            and keep(c.locale, locales) and keep(c.layout, layouts)]
