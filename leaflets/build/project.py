"""Finds and loads a project's inputs: content, bibliography, layouts and fonts.

Layout of a project folder:
    content/bibliography.yaml          every reference
    content/<leaflet>/<locale>.yaml    a leaflet's words in one language
    layouts/<name>.yaml                page layouts (may `extends` another)
    fonts/fonts.yaml                   font families and their files
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from leaflets.build.coverage import check_coverage
from leaflets.build.figures import check_print_colours, load_figures
from leaflets.build.session import BuildSession
from leaflets.model import rules
from leaflets.inputs import schema, schemas
from leaflets.diagnostics import Diagnostics, LeafletError, SourceLocation
from leaflets.typeset.fonts import STYLES, Family, FontChain
from leaflets.layout.rules import check_rules
from leaflets.layout.settings import Layout, build_layout, check_complete, defining_doc, merged
from leaflets.inputs.schema import did_you_mean
from leaflets.inputs.sources import Document, display_path, load_file
from leaflets.inputs.translation import check_fresh, is_translation, merge
from leaflets.inputs.clinics import CLINICS_DIR, check_clinic, clinic_paths
from leaflets.inputs.profiles import read_profile


@dataclass(frozen=True, order=True)
class Combination:
    leaflet: str
    variant: str
    locale: str
    layout: str
    clinic: str = ""        # a clinic edition: the clinic's id (clinics/<id>.yaml); "" for the generic one

    def as_dict(self) -> dict:
        made = {"leaflet": self.leaflet, "variant": self.variant, "locale": self.locale, "layout": self.layout}
        return made | ({"clinic": self.clinic} if self.clinic else {})

    def output_path(self) -> str:
        edition = f"{CLINICS_DIR}/{self.clinic}/" if self.clinic else ""
        return f"{edition}{self.leaflet}/{self.locale}/{self.variant}-{self.layout}.pdf"

    def for_clinic(self, clinic: str) -> "Combination":
        return replace(self, clinic=clinic)

    def reading_path(self) -> str:
        """Where an imposed layout's pages go in reading order, next to the print file."""
        return self.output_path()[: -len(".pdf")] + READING_SUFFIX + ".pdf"


READING_SUFFIX = "-reading"


@dataclass
class Project:
    root: Path
    contents: dict = field(default_factory=dict)      # (leaflet, locale) -> Document
    bibliography: Document | None = None
    layout_docs: dict = field(default_factory=dict)   # name -> Document
    layouts: dict = field(default_factory=dict)       # name -> Layout (buildable ones)
    families: dict = field(default_factory=dict)      # name -> Family
    declared_families: set = field(default_factory=set)
    locale_fonts: dict = field(default_factory=dict)  # locale or language -> [family name, ...]
    translations: dict = field(default_factory=dict)  # (leaflet, locale) -> the translation's own Document
    sources: dict = field(default_factory=dict)       # (leaflet, locale) -> its source locale, for translations
    broken_contents: list = field(default_factory=list)   # content files with errors that may be sources
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    fonts_doc: Document | None = None
    font_locales: frozenset | None = None             # the locales whose fonts were checked (None: all)
    checked_families: set = field(default_factory=set)
    clinics: dict = field(default_factory=dict)       # id -> inputs.clinics.Clinic (the valid ones)
    images: dict = field(default_factory=dict)        # (leaflet, file name) -> Image, the figures' files
    session: BuildSession = field(default_factory=BuildSession, repr=False)    # fonts and models of this run

    def combinations(self) -> list[Combination]:
        combos = []
        for (leaflet, locale), doc in self.contents.items():
            chosen = doc.data.get("layouts")      # a translation's data has its source's choice
            for variant in doc.data["variants"]:
                for layout in self.layouts:
                    if chosen is None or layout in chosen:
                        combos.append(Combination(leaflet, variant, locale, layout))
        return sorted(combos)

    def clinic_combinations(self, clinics) -> list[Combination]:
        """Every combination of the generic edition, for each of these clinics."""
        return [c.for_clinic(clinic) for clinic in clinics for c in self.combinations()]

    def families_for(self, layout: Layout) -> tuple[Family, Family]:
        return self.families[layout.body_font], self.families[layout.heading_font]

    def script_family_names(self, locale: str) -> list[str]:
        return list(self.locale_fonts.get(locale) or self.locale_fonts.get(locale.split("-")[0]) or [])

    def script_families(self, locale: str) -> list[Family]:
        return [self.families[n] for n in self.script_family_names(locale) if n in self.families]

    def chains_for(self, layout: Layout, locale: str) -> tuple[FontChain, FontChain]:
        """Body and heading font chains: the locale's script families, then the layout's family."""
        if self.font_locales is not None and locale not in self.font_locales:
            raise ValueError(f"the fonts of locale {locale!r} were not checked: load the project with "
                             f"locales=None or a set of locales that includes it")
        script = self.script_families(locale)
        body, headings = self.families_for(layout)
        fonts = self.session.fonts
        return (FontChain(tuple(dict.fromkeys(script + [body])), fonts),
                FontChain(tuple(dict.fromkeys(script + [headings])), fonts))


def _load(path: Path, root: Path, diagnostics: Diagnostics) -> Document | None:
    try:
        return load_file(path, root)
    except LeafletError as exc:
        diagnostics.extend(exc.diagnostics)
        return None


def safe_path(root: Path, relative: str, base: Path) -> Path | None:
    """Resolve a path named in an input; None if it leaves the project or is absolute."""
    candidate = Path(relative)
    if candidate.is_absolute() or relative.startswith("~"):
        return None
    resolved = (base / candidate).resolve()
    try:
        resolved.relative_to(root.resolve())
    except ValueError:
        return None
    return resolved


def load_project(root: Path, only_file: Path | None = None, locales=None,
                 session: BuildSession | None = None) -> Project:
    """Load and check every input; problems are collected in project.diagnostics.

    `locales`: the locales that will be built (None: all). Font files are parsed only
    for the families those locales and the layouts use (the CJK font alone is 2 MB of
    tables), and glyph coverage is checked only for those locales; every other input
    is checked whatever `locales` says. `session`: the run's fonts and models (default: a new one);
    its diagnostics become project.diagnostics.
    """
    root = root.resolve()
    session = session or BuildSession()
    project = Project(root, font_locales=None if locales is None else frozenset(locales), session=session,
                      diagnostics=session.diagnostics)
    for step in LOAD_STEPS:
        step(project)
    if only_file is not None:
        shown = display_path(only_file, root)
        project.diagnostics.items = [x for x in project.diagnostics.items if x.location.path == shown]
    return project


def _load_fonts(project: Project) -> None:
    d, root = project.diagnostics, project.root
    fonts_path = root / "fonts" / "fonts.yaml"
    if not fonts_path.exists():
        d.error(SourceLocation("fonts/fonts.yaml"), "", "file not found", "every project needs fonts/fonts.yaml",
                code="file-not-found")
        return
    fonts_doc = _load(fonts_path, root, d)
    if fonts_doc and schema.validate(fonts_doc, schemas.FONTS, d):
        _load_families(project, fonts_doc)
        if project.font_locales is None:
            _check_families(project, list(project.families))
        else:
            _check_families(project, [n for locale in sorted(project.font_locales)
                                      for n in project.script_family_names(locale)])


def _load_bibliography(project: Project) -> None:
    d, root = project.diagnostics, project.root
    bib_path = root / "content" / "bibliography.yaml"
    if not bib_path.exists():
        d.error(SourceLocation("content/bibliography.yaml"), "", "file not found",
                "create it with a 'references:' mapping, even if empty", code="file-not-found")
        return
    project.bibliography = _load(bib_path, root, d)
    if project.bibliography and not schema.validate(project.bibliography, schemas.BIBLIOGRAPHY, d):
        project.bibliography = None


def _load_contents(project: Project) -> None:
    """Every content/<leaflet>/<locale>.yaml: sources go to contents, translations wait for theirs."""
    d, root = project.diagnostics, project.root
    for path in sorted((root / "content").glob("*/*.yaml")):
        if not _utf8_name(path, root, d):
            continue
        doc = _load(path, root, d)
        translated = doc is not None and is_translation(doc)
        if (doc is None or not schema.validate(doc, schemas.TRANSLATION if translated else schemas.CONTENT, d)
                or not _named_like_its_file(doc, path, d)):
            if not translated:
                project.broken_contents.append(display_path(path, root))
            continue
        leaflet, locale = path.parent.name, path.stem
        if translated:
            project.translations[(leaflet, locale)] = doc
        else:
            project.contents[(leaflet, locale)] = doc


def _utf8_name(path: Path, root: Path, d: Diagnostics) -> bool:
    """A file or folder name that is not UTF-8 is reported at the folder that holds it."""
    parts = path.relative_to(root).parts
    for i, part in enumerate(parts):
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:
            shown = repr(os.fsencode(part))[2:-1]
            kind = "file" if i == len(parts) - 1 else "folder"
            d.error(SourceLocation("/".join(parts[:i])), "",
                    f"the {kind} name '{shown}' is not UTF-8, so it cannot be read as a locale or leaflet",
                    "rename it in letters, digits and hyphens, e.g. en.yaml", code="file-name-not-utf8")
            return False
    return True


def _named_like_its_file(doc: Document, path: Path, d: Diagnostics) -> bool:
    leaflet, locale = path.parent.name, path.stem
    ok = True
    if doc.data["leaflet"] != leaflet:
        d.error(doc.loc(("leaflet",)), "leaflet", f"says {doc.data['leaflet']!r} but the file is in content/{leaflet}/",
                f"write 'leaflet: {leaflet}' or move the file", code="leaflet-folder-mismatch")
        ok = False
    if doc.data["locale"] != locale:
        d.error(doc.loc(("locale",)), "locale", f"says {doc.data['locale']!r} but the file is named {path.name}",
                f"write 'locale: {locale}' or rename the file", code="locale-file-mismatch")
        ok = False
    return ok


def _add_translations(project: Project) -> None:
    """Each translation after its source, which may itself be a translation (de of es, es of en)."""
    pending = dict(sorted(project.translations.items()))
    while pending:
        ready = [key for key, doc in pending.items()
                 if (key[0], _of(doc)) not in pending or _of(doc) == key[1]]
        if not ready:
            _report_cycle(project, pending)
            return
        for key in ready:
            _add_translation(project, key, pending.pop(key))


def _of(doc: Document) -> str:
    return doc.data["translation"]["of"]


def _report_cycle(project: Project, pending: dict) -> None:
    for (leaflet, locale), doc in pending.items():
        project.translations.pop((leaflet, locale))
        chain = ", ".join(sorted(loc for (lf, loc) in pending if lf == leaflet))
        project.diagnostics.error(doc.loc(("translation", "of")), "translation.of",
                                  f"{_of(doc)!r} leads to no source: the translations {chain} are made from "
                                  "one another", "name the locale they were translated from, e.g. of: en",
                                  code="translation-cycle")


def _load_layouts(project: Project) -> None:
    """Every layouts/<name>.yaml; the complete, sound ones with known fonts become Layouts."""
    d, root = project.diagnostics, project.root
    broken: set[str] = set()
    for path in sorted((root / "layouts").glob("*.yaml")):
        doc = _load(path, root, d)
        if doc is not None and schema.validate(doc, schemas.LAYOUT_FILE, d):
            project.layout_docs[path.stem] = doc
        else:
            broken.add(path.stem)
    for name, doc in project.layout_docs.items():
        if doc.data.get("abstract"):
            continue
        data = merged(name, project.layout_docs, d, broken)
        if data is None or not check_complete(name, data, doc, d) or not check_rules(name, data, project.layout_docs, d):
            continue
        if _layout_fonts_known(project, name, data) and project.families:
            layout = _with_profile(project, name, build_layout(name, data))
            if layout is not None:
                project.layouts[name] = layout


def _with_profile(project: Project, name: str, layout: Layout) -> Layout | None:
    """The layout with its output intent's profile read from profiles/ (None if it cannot be)."""
    intent = layout.output_intent
    if intent is None:
        return layout
    data, problem, hint = read_profile(intent.profile, project.root)
    if data is None:
        key = ("print", "output_intent", "profile")
        where = defining_doc(name, project.layout_docs, key)
        project.diagnostics.error(where.loc(key), ".".join(key), problem, hint, code="layout-profile-unusable")
        return None
    return replace(layout, output_intent=replace(intent, data=data))


def _layout_fonts_known(project: Project, name: str, data: dict) -> bool:
    d = project.diagnostics
    known = True
    for role in ("body", "headings"):
        family = data["fonts"][role]
        _check_families(project, [family])
        if family not in project.families and family in project.declared_families:
            known = False  # its own error is reported at fonts/fonts.yaml
        elif family not in project.families and project.families:
            where = defining_doc(name, project.layout_docs, ("fonts", role))
            d.error(where.loc(("fonts", role)), f"fonts.{role}", f"unknown font family {family!r}",
                    did_you_mean(family, project.families) or f"known families: {', '.join(project.families)}",
                    code="unknown-font-family")
            known = False
    return known


def _check_across_files(project: Project) -> None:
    """Rules between content, bibliography, layouts and fonts: citations, variants, glyph coverage, file names."""
    if project.bibliography is not None:
        rules.check_contents(project)
        check_coverage(project, project.font_locales)
    _check_layout_choices(project)
    _check_output_names(project)
    check_print_colours(project)


def _check_layout_choices(project: Project) -> None:
    """Every name under a leaflet's `layouts:` is a layout that can be built (a source's choice: translations
    inherit it)."""
    d = project.diagnostics
    buildable = [name for name, doc in project.layout_docs.items() if not doc.data.get("abstract")]
    for key, doc in sorted(project.contents.items()):
        if key in project.sources:
            continue
        for i, name in enumerate(doc.data.get("layouts") or []):
            if name in buildable:
                continue
            if name in project.layout_docs:
                message, hint = f"layout {name!r} is abstract (a base for other layouts)", "name a layout that extends it"
            else:
                message = f"unknown layout {name!r}"
                hint = did_you_mean(name, buildable) or f"layouts: {', '.join(buildable)}"
            d.error(doc.loc(("layouts", i)), f"layouts[{i}]", message, hint, code="unknown-layout")


def _check_output_names(project: Project) -> None:
    """Two combinations must not write the same file: variant 'cancer' in layout 'a4-large' and
    variant 'cancer-a4' in layout 'large' both make cancer-a4-large.pdf. Checked in source
    locales only: a translation has its source's variants and layouts."""
    made: dict[str, Combination] = {}
    for combo in project.combinations():
        if (combo.leaflet, combo.locale) in project.sources:
            continue
        imposed = project.layouts[combo.layout].imposed
        for path in [combo.output_path()] + ([combo.reading_path()] if imposed else []):
            first = made.setdefault(path, combo)
            if first is combo:
                continue
            doc = project.contents[(combo.leaflet, combo.locale)]
            project.diagnostics.error(
                doc.loc(("variants", combo.variant)), f"variants.{combo.variant}",
                f"variant {combo.variant!r} in layout {combo.layout!r} and variant {first.variant!r} in layout "
                f"{first.layout!r} would both be written to {path}",
                "rename the variant or the layout: a file is named <variant>-<layout>.pdf",
                code="output-name-collision")
            break


def _load_clinics(project: Project) -> None:
    """Every clinics/<id>.yaml; a clinic's default locale should be one the leaflets are written in."""
    d, root = project.diagnostics, project.root
    locales = {locale for _, locale in project.contents}
    for path in clinic_paths(root):
        doc = _load(path, root, d)
        if doc is not None and _clinic_named_well(doc, path, d):
            clinic = check_clinic(doc, path.stem, d, root)
            if clinic is not None:
                project.clinics[path.stem] = clinic
                if locales and clinic.default_locale not in locales:
                    d.warning(doc.loc(("default_locale",)), "default_locale",
                              f"no leaflet is written in {clinic.default_locale!r}",
                              did_you_mean(clinic.default_locale, locales) or f"locales: {', '.join(sorted(locales))}",
                              code="clinic-locale-unknown")


def _clinic_named_well(doc: Document, path: Path, d: Diagnostics) -> bool:
    if re.fullmatch(schema.ID_PATTERN, path.stem):
        return True
    d.error(SourceLocation(doc.path), "", f"{path.name!r} is not a clinic id",
            "name the file in lower-case letters, digits and hyphens, e.g. clinics/riverside.yaml",
            code="clinic-file-name")
    return False


# The order matters: translations need their sources, layouts the fonts, the cross-file rules all of it.
LOAD_STEPS = (_load_fonts, _load_bibliography, _load_contents, _add_translations, load_figures, _load_layouts,
              _check_across_files, _load_clinics)


def _add_translation(project: Project, key: tuple, doc: Document) -> None:
    d = project.diagnostics
    leaflet, locale = key
    info = doc.data["translation"]
    source = project.contents.get((leaflet, info["of"]))
    if info["of"] == locale:
        d.error(doc.loc(("translation", "of")), "translation.of", "a translation cannot be of its own locale",
                "name the locale it was translated from, e.g. of: en", code="translation-of-itself")
        return
    if source is None and (project.root / "content" / leaflet / f"{info['of']}.yaml").exists():
        return  # the source has errors of its own, reported at its file
    if source is None:
        found = sorted(loc for (lf, loc) in project.contents if lf == leaflet)
        d.error(doc.loc(("translation", "of")), "translation.of",
                f"no source {info['of']!r} for leaflet {leaflet!r} (content/{leaflet}/{info['of']}.yaml)",
                f"source locales: {', '.join(found)}" if found else "add the source file first",
                code="translation-source-missing")
        return
    if info["status"] == "reviewed" and not info.get("reviewed_by"):
        d.error(doc.loc(("translation", "status")), "translation.status",
                "a reviewed translation must say who reviewed it", "add reviewed_by: and reviewed_on:",
                code="translation-reviewer-missing")
    if info["status"] == "draft" and "draft" not in doc.data["labels"]:
        d.error(doc.loc(("labels",)), "labels", "missing label 'draft' for a draft translation",
                "a draft is printed with a notice that no person has reviewed it yet; add labels.draft in its language",
                code="translation-draft-label-missing")
    known = project.bibliography.data["references"] if project.bibliography else None
    merged_doc = merge(source, doc, d, known)
    if merged_doc is None:
        return
    check_fresh(source, doc, d)
    project.contents[key] = merged_doc
    project.translations[key] = doc
    project.sources[key] = info["of"]


def _check_families(project: Project, names) -> None:
    """Parse the font files of these families, once: a family that reportlab cannot read is
    reported at fonts/fonts.yaml and dropped (layouts naming it are then not built)."""
    d, doc = project.diagnostics, project.fonts_doc
    for name in names:
        if name in project.checked_families or name not in project.families:
            continue
        project.checked_families.add(name)
        family = project.families[name]
        for style, path in family.files.items():
            problem = project.session.fonts.unreadable(f"{name}-{style}", path)
            if problem:
                d.error(doc.loc(("families", name, style)), f"families.{name}.{style}",
                        f"{doc.data['families'][name][style]!r} cannot be used: {problem}",
                        "use a TrueType (.ttf) font file with glyf outlines", code="font-unreadable")
                project.families.pop(name, None)


def _load_families(project: Project, doc: Document) -> None:
    d = project.diagnostics
    fonts_dir = project.root / "fonts"
    project.fonts_doc = doc
    project.declared_families = set(doc.data["families"])
    for name, spec in doc.data["families"].items():
        files: dict = {}
        ok = True
        for style in STYLES + ("licence",):
            if style not in spec:
                continue
            key = ("families", name, style)
            path = safe_path(project.root, spec[style], fonts_dir)
            if path is None:
                d.error(doc.loc(key), f"families.{name}.{style}", f"path {spec[style]!r} leaves the project",
                        "name a file inside fonts/, relative to it, without '..'", code="path-outside-project")
                ok = False
            elif not path.is_file():
                d.error(doc.loc(key), f"families.{name}.{style}", f"file {spec[style]!r} not found in fonts/",
                        code="font-missing-file")
                ok = False
            elif style != "licence" and path.suffix.lower() not in (".ttf",):
                d.error(doc.loc(key), f"families.{name}.{style}",
                        f"{spec[style]!r} is not a TrueType (.ttf) font",
                        "reportlab embeds TrueType outlines only; convert OTF/CFF fonts with fontTools",
                        code="font-not-truetype")
                ok = False
            else:
                files[style] = path
        if ok:
            licence = files.pop("licence")
            project.families[name] = Family(name, files, licence)    # its files are parsed by _check_families
    for locale, names in doc.data.get("locales", {}).items():
        for i, name in enumerate(names):
            if name not in doc.data["families"]:
                d.error(doc.loc(("locales", locale, i)), f"locales.{locale}[{i}]", f"unknown font family {name!r}",
                        did_you_mean(name, doc.data["families"]) or f"families: {', '.join(doc.data['families'])}",
                        code="unknown-font-family")
        project.locale_fonts[locale] = list(names)
