"""The command line: build, list, check, schemas."""
from __future__ import annotations

import gc
import json
from pathlib import Path

import click

from leaflets.build.errors import BuildStopped
from leaflets.cli.startup import defer
from leaflets.diagnostics import LeafletError
from leaflets.cli.options import (clinic_editions, load_or_fail, narrow_options, out_folder, print_warnings,
                                  root_option, shard_option, unknown_names)


def run() -> None:
    """generate.py and the `leaflets` command: main(), then leave the objects of the ending process
    out of the collector's final pass (about 15 ms of every run)."""
    try:
        main()
    finally:
        gc.freeze()


class _Reported(click.ClickException):
    """A LeafletError on its way out of click: its diagnostics on stderr, no "Error:" prefix."""

    def __init__(self, error: LeafletError):
        super().__init__(error.render())
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(self.message, file=file, err=True)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LeafletError as error:
            raise _Reported(error) from None
        except BuildStopped as stopped:
            raise click.ClickException(str(stopped)) from None
        except KeyboardInterrupt:   # written files are complete (atomic writes); the manifest records them
            click.echo(f"Interrupted: {ctx.invoked_subcommand or 'the command'} stopped; "
                       "every file written so far is complete", err=True)
            raise click.exceptions.Exit(130) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="leaflets")
def main():
    """Build printable PDF patient leaflets from YAML content and layouts."""
    defer("uharfbuzz")     # before reportlab is imported: only Arabic and Devanagari need shaping


@main.command()
@narrow_options
@click.option("--out", "out_dir", metavar="DIRECTORY", default="out", callback=out_folder,
              show_default=True, help="Folder to write the PDFs into.")
@root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Build with N processes. Default: one per CPU.")
@click.option("--force", is_flag=True,
              help="Rebuild every PDF, also those whose inputs have not changed since they were built.")
@click.option("--clean", is_flag=True,
              help="Also remove the PDFs in --out that an earlier build wrote and no combination makes any more "
                   "(a deleted layout's, variant's or translation's); nothing else is removed.")
@click.option("--clinic", "clinics", multiple=True, metavar="ID",
              help="Build the clinic edition for clinics/ID.yaml into --out/clinics/ID/ instead of the generic "
                   "edition (repeatable; 'all' for every clinic).")
@click.option("--shard", metavar="K/N", callback=shard_option,
              help="Build only share K of N of the selected combinations (for N machines running the same command).")
def build(leaflets, variants, locales, layouts, out_dir, root, strict, jobs, force, clean, clinics, shard):
    """Validate the inputs, then build every leaflet x variant x locale x layout (or the ones named).

    Only PDFs whose inputs (content, bibliography, layouts, fonts, this program) changed
    since they were built into --out are built again; see --force. Every PDF is made before
    any is written: a problem that only shows in layout (text too long for a tri-fold's
    panels) stops the build with nothing written, and all such problems are reported together.
    """
    from leaflets.build.workers import BuildRun, default_jobs  # reason: --help loads no build code

    gc.disable()    # loading makes many lasting objects and no cyclic garbage; batch turns it on to render
    try:
        if shard and clean:
            raise click.UsageError("--clean removes files of every share: run it once, without --shard")
        this = BuildRun(root, out_dir, strict, (leaflets, variants, locales, layouts), force=force, clean=clean,
                        clinics=clinics, shard=shard)
        if this.up_to_date():
            return
        from leaflets.build.pipeline import select  # reason: a no-op rebuild imports no renderer

        project = load_or_fail(root, strict, locales=locales or None, session=this.session)  # their fonts only
        print_warnings(project)
        unknown_names(project, leaflets, variants, locales, layouts)
        combos = select(project, leaflets, variants, locales, layouts)
        if clinics:
            combos = clinic_editions(project, clinics, combos)
        if shard:
            from leaflets.build.shards import share  # reason: as select

            combos = share(project, combos, *shard)
        this.build(project, combos, jobs or default_jobs(), [d.format() for d in project.diagnostics.sorted()])
    finally:
        gc.enable()
        gc.unfreeze()


@main.command("list")
@narrow_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@root_option
def list_(leaflets, variants, locales, layouts, fmt, root):
    """List the combinations that can be built."""
    from leaflets.build.pipeline import select  # reason: --help imports no renderer

    project = load_or_fail(root, strict=False)
    unknown_names(project, leaflets, variants, locales, layouts)
    combos = select(project, leaflets, variants, locales, layouts)
    if fmt == "json":
        click.echo(json.dumps([c.as_dict() for c in combos], indent=2))
    else:
        for c in combos:
            click.echo(f"{c.leaflet}\t{c.variant}\t{c.locale}\t{c.layout}")


@main.command()
@click.option("--leaflet", "leaflets", multiple=True, metavar="NAME", help="Only report on this leaflet (repeatable).")
@click.option("--file", "only_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Only report problems in this file.")
@root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(leaflets, only_file, root, strict):
    """Validate every input without writing anything (tri-folds are laid out to see that the text fits)."""
    from leaflets.build.pipeline import preflight, select  # reason: --help imports no renderer
    from leaflets.build.project import load_project  # reason: --help imports no YAML reader
    from leaflets.inputs.sources import display_path  # reason: as above
    from leaflets.cli.quality import check_layouts  # reason: --help imports no YAML reader

    project = load_project(root)
    shown = display_path(only_file, project.root) if only_file is not None else None
    elsewhere = _keep_only(project.diagnostics, shown) if shown else 0
    if leaflets:
        keep = {f"content/{name}/" for name in leaflets}
        project.diagnostics.items = [d for d in project.diagnostics.items
                                     if not d.location.path.startswith("content/") or
                                     d.location.path == "content/bibliography.yaml" or
                                     any(d.location.path.startswith(k) for k in keep)]
    project.diagnostics.raise_if_errors(strict=strict)
    if elsewhere:       # the checks across files need every file loaded without errors
        print_warnings(project)
        click.echo(f"{shown}: no errors; other files have {elsewhere} error{'s' if elsewhere != 1 else ''}, not shown "
                   "(run check without --file to see them and to check across files)")
        return
    combos = select(project, leaflets)
    found = preflight(project, combos, fit_panels=True)
    layouts = check_layouts(project, combos, lay_out=not found.errors).items
    found.extend([d for d in layouts if shown is None or d.location.path == shown])
    found.raise_if_errors(strict=strict)
    print_warnings(project)
    n = len(project.contents)
    click.echo(f"ok: {n} content file{'s' if n != 1 else ''}, {len(project.layouts)} layouts, "
               f"{len(project.diagnostics.items)} warning{'s' if len(project.diagnostics.items) != 1 else ''}")


def _keep_only(diagnostics, path: str) -> int:
    """Keep the problems of one file; return how many errors the others have."""
    elsewhere = len([d for d in diagnostics.errors if d.location.path != path])
    diagnostics.items = [d for d in diagnostics.items if d.location.path == path]
    return elsewhere


@main.group(invoke_without_command=True)
@click.option("--leaflet", "leaflets", multiple=True, metavar="NAME", help="Only this leaflet (repeatable).")
@click.option("--sources", "sources_for", metavar="LOCALE",
              help="Print the `sources:` block that records the current source text for this locale's translation.")
@root_option
@click.pass_context
def translations(ctx, leaflets, sources_for, root):
    """Each translation's status (draft or reviewed) and the parts of its source that changed since.

    With `export` or `import`: a leaflet's words out to a translation agency as XLIFF 1.2 or PO,
    and the translated file back in as content/<leaflet>/<locale>.yaml."""
    if ctx.invoked_subcommand is not None:
        return
    from leaflets.build.project import load_project  # reason: --help imports no YAML reader
    from leaflets.inputs.translation import check_fresh, fingerprints  # reason: as above

    project = load_project(root)
    if sources_for:
        having = sorted(leaflet for leaflet, locale in project.translations
                        if locale == sources_for and (not leaflets or leaflet in leaflets))
        if len(having) > 1:
            raise click.UsageError(f"--sources {sources_for}: leaflets {', '.join(having[:-1])} and {having[-1]} "
                                   f"each have a translation {sources_for!r}; name one with --leaflet")
    rows = []
    for (leaflet, locale), doc in sorted(project.translations.items()):
        if leaflets and leaflet not in leaflets:
            continue
        source_locale = doc.data["translation"]["of"]
        source = project.contents.get((leaflet, source_locale))
        if sources_for:
            if locale == sources_for and source is not None:
                click.echo("  sources:")
                for name, value in fingerprints(source.data).items():
                    click.echo(f"    {name}: \"{value}\"")
                return
            continue
        if (leaflet, locale) not in project.contents or source is None:
            state = "has errors: run `python generate.py check`"
        else:
            stale = check_fresh(source, doc, type(project.diagnostics)())
            if not doc.data["translation"].get("sources"):
                state = "no record of the source text it translates"
            else:
                state = "up to date" if not stale else "out of date: " + ", ".join(stale)
        rows.append((leaflet, locale, f"of {source_locale}", doc.data["translation"]["status"], state))
    if sources_for:
        raise click.BadParameter(f"no translation {sources_for!r} (or its source has errors)", param_hint="--sources")
    for row in rows:
        click.echo("\t".join(row))


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
              show_default=True)
def schemas(out_dir):
    """Write the JSON Schema files editors use to check and complete the YAML files."""
    from leaflets.inputs.schemas import ALL, json_schema  # reason: --help imports no YAML reader
    from leaflets.output.writer import write_output  # reason: --help imports no tempfile

    for name in ALL:
        target = out_dir / f"{name}.schema.json"
        write_output(target, (json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n").encode())
        click.echo(str(target))
@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. The default lets only this computer in.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@root_option
def serve(host, port, root):
    """Start the web page for clinic staff: pick a leaflet, add the clinic, preview, download the PDF."""
    try:
        from leaflets.web.app import serve as run_server  # reason: --help and build import no Flask
    except ImportError as exc:
        raise click.ClickException(f"the web app needs its libraries ({exc.name} is missing): "
                                   "pip install -e '.[web]'") from None
    if host not in LOCAL_HOSTS:
        click.echo(f"warning: listening on {host}: anyone who can reach this computer on port {port} can use the "
                   "page and the API (there is no login); use --host 127.0.0.1 to let only this computer in",
                   err=True)
    click.echo(f"Open http://{'localhost' if host in LOCAL_HOSTS else host}:{port}/ in your browser "
               "(Ctrl-C stops the server)", err=True)
    run_server(root, host, port)


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


from leaflets.cli.quality import register; register(main)  # noqa: E402  verify and preview
from leaflets.cli.exchange import register as _exchange; _exchange(translations)  # noqa: E402  export, import
