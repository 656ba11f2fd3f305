"""Load -> validate -> resolve -> render, for one combination or many. No file writes here."""
from __future__ import annotations

from dataclasses import replace

from leaflets.build.project import READING_SUFFIX, Combination, Project
from leaflets.diagnostics import Diagnostics, LeafletError
from leaflets.inputs.clinics import Clinic
from leaflets.inputs.locales import is_rtl
from leaflets.layout.settings import defining_doc
from leaflets.model.nodes import Leaflet
from leaflets.model.resolve import resolve
from leaflets.typeset.document import check_panel_fits
from leaflets.typeset.flowables import make_styles
from leaflets.typeset.render import render


def leaflet_for(project: Project, combo: Combination, clinic: Clinic | None = None) -> Leaflet:
    """The model of a combination: its clinic's edition if it names one (or `clinic` is given: a clinic
    typed into the web form), else the generic edition."""
    clinic = clinic or (project.clinics[combo.clinic] if combo.clinic else None)
    doc = project.contents[(combo.leaflet, combo.locale)]
    images = _images(project, combo.leaflet)
    models = project.session.models
    if models is None or (clinic is not None and not combo.clinic):
        return resolve(doc, project.bibliography.data, combo.variant, images, clinic=clinic)
    key = (id(project), combo.leaflet, combo.locale, combo.variant, combo.clinic)   # a batch: one model a variant
    if key not in models:
        models[key] = resolve(doc, project.bibliography.data, combo.variant, images, clinic=clinic)
    return models[key]


def _images(project: Project, leaflet: str) -> dict:
    return {name: image for (owner, name), image in project.images.items() if owner == leaflet}


__all__ = ["READING_SUFFIX", "build_outputs", "build_pdf", "build_reading", "leaflet_for", "output_paths",
           "preflight", "reading_path", "select"]


def reading_path(combo: Combination) -> str:
    """Where an imposed layout's pages go in reading order, next to the print file."""
    return combo.reading_path()


def output_paths(project: Project, combo: Combination) -> list[str]:
    """Every file one combination writes, relative to the output folder; the print file first."""
    if project.layouts[combo.layout].imposed:
        return [combo.output_path(), reading_path(combo)]
    return [combo.output_path()]


def build_reading(project: Project, combo: Combination, clinic: Clinic | None = None) -> bytes:
    """The pages (tri-fold panels) in reading order, as laid out."""
    layout = project.layouts[combo.layout]
    body, headings = project.chains_for(layout, combo.locale)
    try:
        return render(leaflet_for(project, combo, clinic), layout, body, headings)
    except LeafletError as exc:
        raise _in_edition(exc, clinic or project.clinics.get(combo.clinic)) from None


def _in_edition(exc: LeafletError, clinic: Clinic | None) -> LeafletError:
    """A layout problem of a clinic edition says which clinic: its numbers and address make the pages fuller."""
    if clinic is None:
        return exc
    where = f"clinics/{clinic.id}.yaml" if clinic.path else "the clinic's details"
    fix = f"shorten the clinic's labels and hours in {where}, or build that clinic without this layout"
    return LeafletError([replace(d, message=f"{d.message}, in the edition for {clinic.name} ({where})",
                                 hint=f"{d.hint}; or {fix}" if d.hint else fix) for d in exc.diagnostics])


def build_outputs(project: Project, combo: Combination, clinic: Clinic | None = None) -> dict[str, bytes]:
    """output path -> PDF bytes: the print file, and for imposed layouts the reading-order file too."""
    from leaflets.output.impose import impose_for  # reason: pypdf only for imposed layouts

    layout = project.layouts[combo.layout]
    reading = build_reading(project, combo, clinic)
    if not layout.imposed:
        return {combo.output_path(): reading}
    return {combo.output_path(): impose_for(layout, reading, is_rtl(combo.locale)), reading_path(combo): reading}


def build_pdf(project: Project, combo: Combination, clinic: Clinic | None = None) -> bytes:
    """The PDF bytes of one combination of a project whose inputs passed validation (the print file)."""
    return build_outputs(project, combo, clinic)[combo.output_path()]


def select(project: Project, leaflets=(), variants=(), locales=(), layouts=()) -> list[Combination]:
    def keep(value, wanted):
        return not wanted or value in wanted
    return [c for c in project.combinations()
            if keep(c.leaflet, leaflets) and keep(c.variant, variants)
            and keep(c.locale, locales) and keep(c.layout, layouts)]


def preflight(project: Project, combos: list[Combination], fit_panels: bool = False) -> Diagnostics:
    """Problems that only show once content meets a layout: checked for all combinations before any is built.

    fit_panels: also lay out the tri-folds (the only layouts with a fixed number of pages) to see that
    the text fits their panels; `check` asks for it, `build` finds it out while building.
    """
    found = Diagnostics()
    for combo in combos:
        layout = project.layouts[combo.layout]
        body, headings = project.chains_for(layout, combo.locale)
        leaflet = leaflet_for(project, combo)
        position = layout.contact_position
        if position.kind == "after" and position.section not in {s.id for s in leaflet.sections}:
            doc = defining_doc(combo.layout, project.layout_docs, ("contact_panel", "position"))
            known = ", ".join(s.id for s in leaflet.sections)
            found.error(doc.loc(("contact_panel", "position")), "contact_panel.position",
                        f"no section {position.section!r} in {combo.leaflet}/{combo.locale} variant {combo.variant}",
                        f"sections: {known}", code="contact-after-unknown-section")
        try:
            check_panel_fits(leaflet, layout, make_styles(layout, body, headings, combo.locale))
            if fit_panels and layout.imposition == "trifold":
                render(leaflet, layout, body, headings, tagged=False)   # the fit only: the same layout
        except LeafletError as exc:
            found.extend(_in_edition(exc, project.clinics.get(combo.clinic)).diagnostics)
    return found
