"""`translations export` and `translations import`: a leaflet's words out to an agency and back."""
from __future__ import annotations

from pathlib import Path

import click

from leaflets.cli.options import root_option


@click.command("export")
@click.option("--leaflet", required=True, metavar="NAME", help="The leaflet to translate.")
@click.option("--locale", required=True, metavar="LOCALE", help="The language to translate it into (new or existing).")
@click.option("--format", "fmt", type=click.Choice(["xliff", "po"]), required=True,
              help="XLIFF 1.2 (Trados, memoQ, Phrase) or gettext PO (Poedit, Weblate, Crowdin).")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The file to write.")
@click.option("--from", "from_locale", metavar="LOCALE",
              help="The source to translate from (default: the existing translation's, or the leaflet's one source).")
@root_option
def export(leaflet, locale, fmt, out_file, from_locale, root):
    """Write one unit per translatable string, with the existing translation's text as targets."""
    from leaflets.build.project import load_project  # reason: --help imports no YAML reader
    from leaflets.inputs.exchange import po, xliff  # reason: as above
    from leaflets.inputs.exchange.units import review_of, units  # reason: as above
    from leaflets.output.writer import write_output  # reason: --help imports no tempfile

    project = load_project(root)
    source_locale = _source_locale(project, leaflet, locale, from_locale)
    source = project.contents.get((leaflet, source_locale))
    if source is None:
        raise click.ClickException(f"content/{leaflet}/{source_locale}.yaml has errors: run `python generate.py check`")
    existing = project.translations.get((leaflet, locale))
    merged = project.contents.get((leaflet, locale)) if existing is not None else None
    if existing is not None and merged is None:
        raise click.ClickException(f"content/{leaflet}/{locale}.yaml has errors: run `python generate.py check`, "
                                   "or export it with --from and a new file name for a fresh start")
    found = units(source.data, merged and merged.data, existing and existing.data)
    review = review_of(existing and existing.data)
    if fmt == "xliff":
        data = xliff.write(found, source.path, source_locale, locale, review)
    else:
        data = po.write(found, source.path, leaflet, source_locale, locale, review)
    write_output(out_file, data)
    done = sum(1 for u in found if u.target is not None)
    click.echo(f"{out_file}: {len(found)} units, {done} translated, {len(found) - done} to translate")


def _source_locale(project, leaflet: str, locale: str, from_locale: str | None) -> str:
    sources = sorted(loc for (name, loc) in project.contents if name == leaflet
                     and (name, loc) not in project.translations)
    if not sources and not any(name == leaflet for name, _ in project.translations):
        raise click.BadParameter(f"no leaflet {leaflet!r} in content/", param_hint="--leaflet")
    if locale in sources:
        raise click.BadParameter(f"{locale!r} is the source of {leaflet!r}, not a translation", param_hint="--locale")
    existing = project.translations.get((leaflet, locale))
    if from_locale:
        return from_locale
    if existing is not None:
        return existing.data["translation"]["of"]
    if len(sources) != 1:
        raise click.UsageError(f"leaflet {leaflet!r} has the sources {', '.join(sources) or 'none'}: "
                               "name the one to translate from with --from")
    return sources[0]


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--leaflet", metavar="NAME", help="Refuse the file unless it is for this leaflet.")
@click.option("--locale", metavar="LOCALE", help="Refuse the file unless it is for this language.")
@root_option
def import_(file, leaflet, locale, root):
    """Check a translated XLIFF or PO file and write content/<leaflet>/<locale>.yaml from it (all or nothing)."""
    from leaflets.build.project import load_project  # reason: --help imports no YAML reader
    from leaflets.diagnostics import Diagnostics  # reason: as above
    from leaflets.inputs.exchange.incoming import rebuild  # reason: as above
    from leaflets.inputs.exchange.returned import read  # reason: as above
    from leaflets.inputs.exchange.units import units  # reason: as above
    from leaflets.inputs.sources import display_path  # reason: as above
    from leaflets.output.writer import write_output  # reason: --help imports no tempfile

    project = load_project(root)
    d = Diagnostics()
    returned = read(file.read_bytes(), display_path(file, Path.cwd()), d)
    d.raise_if_errors()
    source = _identity(project, returned, leaflet, locale, d)
    d.raise_if_errors()
    target = f"content/{returned.leaflet}/{returned.locale}.yaml"
    existing = project.translations.get((returned.leaflet, returned.locale))
    text = rebuild(source, returned.source_locale, returned, units(source.data), existing and existing.data,
                   target, d)
    d.raise_if_errors()
    write_output(project.root / target, text.encode("utf-8"))
    for warning in d.sorted():
        click.echo(warning.format(), err=True)
    status = "reviewed" if "status: reviewed" in text else "draft"
    click.echo(f"{target}: {len(returned.units)} units from {returned.path}, status {status}")


def _identity(project, returned, leaflet, locale, d):
    """The source document the file translates, or None with an error if it is for another leaflet or locale."""
    from leaflets.diagnostics import SourceLocation  # reason: --help imports no diagnostics

    where = SourceLocation(returned.path, 1, 1)
    problems = []
    if leaflet and returned.leaflet != leaflet:
        problems.append(f"is for leaflet {returned.leaflet!r}, not {leaflet!r}")
    if locale and returned.locale != locale:
        problems.append(f"is for language {returned.locale!r}, not {locale!r}")
    sources = {loc for (name, loc) in project.contents if name == returned.leaflet
               and (name, loc) not in project.translations}
    existing = project.translations.get((returned.leaflet, returned.locale))
    if not sources and existing is None:
        problems.append(f"is for leaflet {returned.leaflet!r}, which content/ does not have")
    elif returned.locale in sources or not returned.locale:
        problems.append(f"is for language {returned.locale!r}, which is a source of the leaflet, not a translation")
    elif existing is not None and existing.data["translation"]["of"] != returned.source_locale:
        problems.append(f"translates {returned.source_locale!r} where content/{returned.leaflet}/{returned.locale}"
                        f".yaml translates {existing.data['translation']['of']!r}")
    source = project.contents.get((returned.leaflet, returned.source_locale))
    if not problems and source is None:
        problems.append(f"translates content/{returned.leaflet}/{returned.source_locale}.yaml, which is missing "
                        "or has errors")
    for problem in problems:
        d.error(where, "", f"the file {problem}", "import the file exported for this leaflet and language",
                code="exchange-wrong-file")
    return source


def register(group: click.Group) -> None:
    group.add_command(export)
    group.add_command(import_)
