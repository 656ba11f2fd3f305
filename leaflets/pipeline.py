"""Load -> validate -> resolve -> render, for one combination or many. No file writes here."""
from __future__ import annotations

from contextlib import contextmanager

from .errors import Diagnostics, LeafletError
from .model import Leaflet
from .project import Combination, Project
from .render import render
from .resolve import resolve


_resolved: dict | None = None    # (project, leaflet, locale, variant) -> Leaflet, while a batch runs


def leaflet_for(project: Project, combo: Combination) -> Leaflet:
    if _resolved is not None:       # a batch: every layout of a variant shares one model
        key = (id(project), combo.leaflet, combo.locale, combo.variant)
        if key not in _resolved:
            _resolved[key] = resolve(project.contents[(combo.leaflet, combo.locale)], project.bibliography.data,
                                     combo.variant)
        return _resolved[key]
    doc = project.contents[(combo.leaflet, combo.locale)]
    return resolve(doc, project.bibliography.data, combo.variant)


@contextmanager
def resolved_once():
    """Within the block, each leaflet x locale x variant is resolved once (the model is frozen),
    also for the workers forked inside it."""
    global _resolved
    outer = _resolved
    _resolved = {} if outer is None else outer
    try:
        yield
    finally:
        _resolved = outer


def build_pdf(project: Project, combo: Combination) -> bytes:
    """The PDF bytes of one combination of a project whose inputs passed validation."""
    layout = project.layouts[combo.layout]
    body, headings = project.chains_for(layout, combo.locale)
    return render(leaflet_for(project, combo), layout, body, headings)


def select(project: Project, leaflets=(), variants=(), locales=(), layouts=()) -> list[Combination]:
    def keep(value, wanted):
        return not wanted or value in wanted
    return [c for c in project.combinations()
            if keep(c.leaflet, leaflets) and keep(c.variant, variants)
            and keep(c.locale, locales) and keep(c.layout, layouts)]


def preflight(project: Project, combos: list[Combination]) -> Diagnostics:
    """Problems that only show once content meets a layout: checked for all combinations before any is built."""
    from .flowables import make_styles
    from .render import check_panel_fits

    found = Diagnostics()
    for combo in combos:
        layout = project.layouts[combo.layout]
        body, headings = project.chains_for(layout, combo.locale)
        leaflet = leaflet_for(project, combo)
        position = layout.contact_position
        if position.startswith("after:") and position[6:] not in {s.id for s in leaflet.sections}:
            doc = project.layout_docs[combo.layout]
            known = ", ".join(s.id for s in leaflet.sections)
            found.error(doc.loc(("contact_panel", "position")), "contact_panel.position",
                        f"no section {position[6:]!r} in {combo.leaflet}/{combo.locale} variant {combo.variant}",
                        f"sections: {known}")
        try:
            check_panel_fits(leaflet, layout, make_styles(layout, body, headings, combo.locale))
        except LeafletError as exc:
            found.extend(exc.diagnostics)
    return found
