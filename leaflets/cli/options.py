"""Options and helpers shared by the commands."""
from __future__ import annotations

import os
from pathlib import Path

import click


ROOT_HELP = "Project folder (holds content/, layouts/, fonts/). Default: the current folder."


root_option = click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path),
                           default=Path("."), help=ROOT_HELP)


def out_folder(ctx, param, value: str) -> Path:
    """--out (given as a str: click's Path type would turn '' into '.' and stat a name too long to stat):
    a folder name the file system can hold; '' would write into the current folder and is refused."""
    if not value:
        raise click.BadParameter("the name is empty (name the folder to write into, e.g. --out out)")
    path = Path(value)
    limit = _name_max(path)
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > limit:
            shown = part[:20] + "..." if len(part) > 20 else part
            raise click.BadParameter(f"the name {shown!r} is {size} bytes long, longer than the {limit} "
                                     "the file system allows")
    if os.path.exists(path) and not os.path.isdir(path):
        raise click.BadParameter(f"Directory {value!r} is a file.")
    return path


def _name_max(path: Path) -> int:
    folder = path.absolute()
    while not os.path.isdir(folder) and folder != folder.parent:     # os.path: False for a name too long
        folder = folder.parent
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


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


def shard_option(ctx, param, value):
    """--shard K/N as (K, N), or None."""
    if value is None:
        return None
    from leaflets.build.shards import parse  # reason: --help imports no build code

    try:
        return parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


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


def clinic_editions(project, names, combos) -> list:
    """The combinations for each clinic --clinic names (see chosen_clinics), in clinic order."""
    return [c.for_clinic(clinic) for clinic in chosen_clinics(project, names) for c in combos]


def chosen_clinics(project, names) -> list[str]:
    """The clinic ids --clinic names ('all': every clinic of clinics/), each known."""
    from leaflets.inputs.schema import did_you_mean  # reason: --help imports no YAML reader

    if "all" in names:
        if not project.clinics:
            raise click.BadParameter("there is no clinic in clinics/ (add clinics/<id>.yaml)", param_hint="--clinic")
        return sorted(project.clinics)
    for name in names:
        if name not in project.clinics:
            hint = did_you_mean(name, project.clinics) or \
                (f"choose from: {', '.join(sorted(project.clinics))}, all" if project.clinics else "clinics/ has none")
            raise click.BadParameter(f"unknown clinic {name!r} ({hint})", param_hint="--clinic")
    return list(dict.fromkeys(names))
