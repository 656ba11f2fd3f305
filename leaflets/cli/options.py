"""Options and helpers shared by the commands."""
from __future__ import annotations

from pathlib import Path

import click


ROOT_HELP = "Project folder (holds content/, layouts/, fonts/). Default: the current folder."


root_option = click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path),
                           default=Path("."), help=ROOT_HELP)


def load_or_fail(root: Path, strict: bool, only_file: Path | None = None, locales=None, session=None):
    from leaflets.build.project import load_project  # reason: --help imports no YAML reader

    project = load_project(root, only_file, locales=locales, session=session)
    project.diagnostics.raise_if_errors(strict=strict)
    return project


def print_warnings(project) -> None:
    for diag in project.diagnostics.sorted():
        click.echo(diag.format(), err=True)


def narrow_options(f):
    for name, help_ in reversed([
        ("leaflet", "Only this leaflet (repeatable)."), ("variant", "Only this variant (repeatable)."),
        ("locale", "Only this locale (repeatable)."), ("layout", "Only this layout (repeatable).")]):
        f = click.option(f"--{name}", f"{name}s", multiple=True, metavar="NAME", help=help_)(f)
    return f


def unknown_names(project, leaflets, variants, locales, layouts) -> None:
    from leaflets.inputs.schema import did_you_mean  # reason: --help imports no YAML reader

    known = {
        "--leaflet": {c.leaflet for c in project.combinations()},
        "--variant": {c.variant for c in project.combinations()},
        "--locale": {c.locale for c in project.combinations()},
        "--layout": set(project.layouts),
    }
    for option, wanted in (("--leaflet", leaflets), ("--variant", variants), ("--locale", locales), ("--layout", layouts)):
        for name in wanted:
            if name not in known[option]:
                hint = did_you_mean(name, known[option]) or f"choose from: {', '.join(sorted(known[option]))}"
                raise click.BadParameter(f"unknown name {name!r} ({hint})", param_hint=option)
