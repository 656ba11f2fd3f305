"""The `verify` and `preview` commands (registered on the main group by cli.py)."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from leaflets.cli.options import narrow_options, root_option, print_warnings, unknown_names
from leaflets.diagnostics import ERROR, Diagnostic, Diagnostics, LeafletError, SourceLocation
from leaflets.inputs.locales import is_rtl


def _date(ctx, param, value):
    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD")


def run_checks(project, combo, out_dir: Path, today: _dt.date, rebuild: bool = True):
    """Every check of one combination -> Outcome. Reads the built PDF; everything else is pure."""
    from leaflets.layout.settings import merged  # deferred: yaml
    from leaflets.layout.geometry import reading_page_sizes  # deferred: yaml
    from leaflets.build.pipeline import build_pdf, build_reading, leaflet_for, reading_path  # deferred: reportlab
    from leaflets.quality.lint import content_places, layout_places, lint, quality_from  # deferred: readability
    from leaflets.quality.reports import CheckResult, Outcome  # deferred: xml.etree
    from leaflets.quality.print_checks import check_imposition  # deferred: pypdf
    from leaflets.quality.verify import verify  # deferred: pypdf

    doc = project.contents[(combo.leaflet, combo.locale)]
    layout = project.layouts[combo.layout]
    lplaces = layout_places(combo.layout, project.layout_docs)
    layout_data = merged(combo.layout, project.layout_docs, Diagnostics()) or {}
    q = quality_from((layout_data.get("quality"), lambda k: lplaces.get(f"layout:quality.{k}")),
                     (doc.data.get("quality"), lambda k: doc.loc(("quality", k))))
    places = {**content_places(doc), **lplaces}
    model = leaflet_for(project, combo)
    target = out_dir / combo.output_path()
    # an imposed layout (tri-fold, booklet) is checked as laid out, in its reading-order file;
    # check_imposition then checks the sheets of the print file against it
    reading = out_dir / reading_path(combo) if layout.imposed else target
    checks = []
    missing = [p for p in dict.fromkeys((target, reading)) if not p.is_file()]
    if missing:
        built = CheckResult("pdf", "the PDF has been built")
        for p in missing:
            built.error(f"{p} not found", hint="run `python generate.py build` first", code="pdf-not-found")
        checks.append(built)
    elif layout.imposed:
        data = reading.read_bytes()
        checks += verify(data, model, layout, q, places,
                         rebuild=(lambda: build_reading(project, combo)) if rebuild else None,
                         page_sizes=reading_page_sizes(layout, 10_000))
        checks.append(check_imposition(target.read_bytes(), data, layout, places, is_rtl(combo.locale)))
    else:
        data = target.read_bytes()
        checks += verify(data, model, layout, q, places,
                         rebuild=(lambda: build_pdf(project, combo)) if rebuild else None)
    checks += lint(model, layout.colours, q, today, places)
    return Outcome(combo, checks, str(target))


@click.command()
@narrow_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder the PDFs were built into.")
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Summary on the terminal, or JSON for other programs.")
@click.option("--junit", "junit_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write JUnit XML (one test suite per PDF, one test case per check) for CI to display.")
@click.option("--today", callback=_date, metavar="YYYY-MM-DD",
              help="Check review dates as if today were this date. Default: today.")
@click.option("--no-rebuild", is_flag=True, help="Skip the check that building again gives the same bytes.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def verify(leaflets, variants, locales, layouts, out_dir, root, fmt, junit_file, today, no_rebuild, strict):
    """Check the built PDFs and the leaflets' patient-information quality.

    Reads every PDF back (page size, fonts, title and language, citation notes,
    page count, file size, safe area, reproducible bytes, body type size,
    contrast, required parts) and lints the words (readability, sentence
    length, review dates). Exit code 1 when any check fails.
    """
    from leaflets.build.project import load_project  # deferred: yaml
    from leaflets.quality.reports import json_report, junit_report, strictly, text_report  # deferred: xml.etree
    from leaflets.build.pipeline import select  # deferred: reportlab
    from leaflets.output.writer import write_output  # deferred: tempfile

    project = load_project(root)
    diagnostics = project.diagnostics
    if diagnostics.errors or (strict and diagnostics.items):
        if junit_file:
            message = "\n".join(d.format() for d in diagnostics.sorted())
            write_output(junit_file, junit_report([], extra=[("project", "inputs are valid", message)]))
        diagnostics.raise_if_errors(strict=strict)
    if fmt == "text":
        print_warnings(project)
    unknown_names(project, leaflets, variants, locales, layouts)
    combos = select(project, leaflets, variants, locales, layouts)
    outcomes = [run_checks(project, c, out_dir, today, rebuild=not no_rebuild) for c in combos]
    if strict:
        strictly(outcomes)
    if junit_file:
        write_output(junit_file, junit_report(outcomes))
    click.echo(json_report(outcomes) if fmt == "json" else text_report(outcomes))
    if any(o.failed for o in outcomes):
        raise SystemExit(1)


@click.command()
@narrow_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder the PDFs were built into.")
@click.option("--to", "to_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the PNGs. Default: previews/ inside --out.")
@click.option("--dpi", type=click.FloatRange(10, 600), default=72, show_default=True,
              help="Resolution of the page PNGs.")
@root_option
@click.option("--update-references", is_flag=True,
              help="Rewrite the visual-regression reference PNGs in tests/reference/ from fresh builds, "
                   "then stop.")
def preview(leaflets, variants, locales, layouts, out_dir, to_dir, dpi, root, update_references):
    """Render the built PDFs as PNG pages, and one contact sheet per leaflet showing all its pages."""
    from leaflets.build.pipeline import select  # deferred: reportlab
    from leaflets.build.previews import (REFERENCE_DIR, contact_sheet, png_bytes,  # deferred: reportlab
                                         reference_images, render_pages)
    try:
        import PIL  # noqa: F401
        import pypdfium2  # noqa: F401
    except ImportError:
        raise click.UsageError("previews need pypdfium2 and pillow: pip install -e '.[preview]'")
    from leaflets.build.project import load_project  # deferred: yaml
    from leaflets.output.writer import write_atomic  # deferred: tempfile

    project = load_project(root)
    project.diagnostics.raise_if_errors()
    if update_references:
        target = root / REFERENCE_DIR
        for name, image in sorted(reference_images(project).items()):
            write_atomic(target / name, png_bytes(image))
            click.echo(str(target / name))
        return
    unknown_names(project, leaflets, variants, locales, layouts)
    combos = select(project, leaflets, variants, locales, layouts)
    to_dir = to_dir or out_dir / "previews"
    missing = [out_dir / c.output_path() for c in combos if not (out_dir / c.output_path()).is_file()]
    if missing:
        raise LeafletError([Diagnostic(ERROR, SourceLocation(str(p)), "", "PDF not found",
                                       "run `python generate.py build` first", code="pdf-not-found") for p in missing])
    rows: dict[str, list] = {}
    for combo in combos:
        data = (out_dir / combo.output_path()).read_bytes()
        pages = render_pages(data, dpi)
        stem = combo.output_path()[: -len(".pdf")]
        for n, image in enumerate(pages, start=1):
            target = to_dir / f"{stem}-p{n}.png"
            write_atomic(target, png_bytes(image))
        click.echo(f"{to_dir / stem}-p*.png ({len(pages)} page{'s' if len(pages) != 1 else ''})")
        rows.setdefault(combo.leaflet, []).append((f"{combo.locale} \u00b7 {combo.variant} \u00b7 {combo.layout}",
                                                   pages))
    first_layout = project.layouts[combos[0].layout] if combos else None
    family = project.families.get(first_layout.body_font) if first_layout else None
    font = family.files.get("regular") if family else None     # labels in the project's own Latin font
    for leaflet, leaflet_rows in rows.items():
        sheet = contact_sheet(f"{leaflet}: {len(leaflet_rows)} PDF{'s' if len(leaflet_rows) != 1 else ''}",
                              leaflet_rows, font)
        target = to_dir / f"{leaflet}-contact-sheet.png"
        write_atomic(target, png_bytes(sheet))
        click.echo(str(target))


def register(main: click.Group) -> None:
    main.add_command(verify)
    main.add_command(preview)
