"""The `verify` and `preview` commands (registered on the main group by cli.py)."""
from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path

import click

from leaflets.cli.options import clinic_editions, narrow_options, root_option, print_warnings, unknown_names
from leaflets.diagnostics import ERROR, Diagnostic, Diagnostics, LeafletError, SourceLocation
from leaflets.inputs.locales import is_rtl


def _date(ctx, param, value):
    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD")


def quality_for(project, combo):
    """The thresholds of one combination (its layout's `quality:`, then its leaflet's), and where its
    layout's settings are written."""
    from leaflets.layout.settings import merged  # deferred: yaml
    from leaflets.quality.lint import layout_places, quality_from  # deferred: readability

    doc = project.contents[(combo.leaflet, combo.locale)]
    lplaces = layout_places(combo.layout, project.layout_docs)
    layout_data = merged(combo.layout, project.layout_docs, Diagnostics()) or {}
    q = quality_from((layout_data.get("quality"), lambda k: lplaces.get(f"layout:quality.{k}")),
                     (doc.data.get("quality"), lambda k: doc.loc(("quality", k))))
    return q, lplaces


def check_layouts(project, combos, lay_out: bool = True) -> Diagnostics:
    """What `check` can know of a layout without a built PDF: the contrast of its text colours, and
    (lay_out: laying the leaflets out) the page limit it sets in quality.max_pages. Each problem once."""
    from leaflets.build.pipeline import build_reading  # deferred: reportlab
    from leaflets.layout.settings import defining_doc  # deferred: yaml
    from leaflets.quality.lint import check_layout_contrast  # deferred: readability

    found, seen = Diagnostics(), set()
    for combo in combos:
        q, places = quality_for(project, combo)
        layout = project.layouts[combo.layout]
        for f in check_layout_contrast(layout.colours, q, places).findings:
            if f not in seen:
                seen.add(f)
                found.items.append(f)
        limit = defining_doc(combo.layout, project.layout_docs, ("quality", "max_pages"))
        if not lay_out or "max_pages" not in (limit.data.get("quality") or {}) or layout.imposition == "trifold":
            continue
        pages = _pages(build_reading(project, combo))
        if pages > q.max_pages:
            found.error(q.at("max_pages", places.get("layout")), "quality.max_pages",
                        f"{combo.leaflet}/{combo.locale} variant {combo.variant} has {pages} pages in layout "
                        f"{combo.layout!r}, more than the limit of {q.max_pages}",
                        "shorten the text, or raise quality.max_pages if the leaflet really needs them",
                        code="too-many-pages")
    return found


def _pages(data: bytes) -> int:
    from pypdf import PdfReader  # deferred: pypdf

    return len(PdfReader(io.BytesIO(data)).pages)


def run_checks(project, combo, out_dir: Path, today: _dt.date, rebuild: bool = True):
    """Every check of one combination -> Outcome. Reads the built PDF; everything else is pure."""
    from leaflets.layout.geometry import reading_page_sizes  # deferred: yaml
    from leaflets.build.pipeline import build_pdf, build_reading, leaflet_for, reading_path  # deferred: reportlab
    from leaflets.quality.lint import bibliography_places, content_places, lint  # deferred: readability
    from leaflets.quality.reports import CheckResult, Outcome  # deferred: xml.etree
    from leaflets.quality.print_checks import check_imposition  # deferred: pypdf
    from leaflets.quality.verify import verify  # deferred: pypdf

    doc = project.contents[(combo.leaflet, combo.locale)]
    layout = project.layouts[combo.layout]
    q, lplaces = quality_for(project, combo)
    places = {**content_places(doc), **bibliography_places(project.bibliography), **lplaces}
    model = leaflet_for(project, combo)
    target = out_dir / combo.output_path()
    # an imposed layout (tri-fold, booklet) is checked as laid out, in its reading-order file;
    # check_imposition then checks the sheets of the print file against it
    reading = out_dir / reading_path(combo) if layout.imposed else target
    checks = []
    missing = [p for p in dict.fromkeys((target, reading)) if not p.is_file()]
    built = CheckResult("pdf", "the PDF has been built")
    for p in missing:
        built.error(f"{p} not found", hint="run `python generate.py build` first", code="pdf-not-found")
    data = None if missing else _read(reading, built)
    sheets = _read(target, built) if layout.imposed and not missing else data
    if built.findings:
        checks.append(built)
    elif layout.imposed:
        checks += verify(data, model, layout, q, places,
                         rebuild=(lambda: build_reading(project, combo)) if rebuild else None,
                         page_sizes=reading_page_sizes(layout, 10_000), pdf=str(reading))
        checks.append(check_imposition(sheets, data, layout, places, is_rtl(combo.locale), pdf=str(target)))
    else:
        checks += verify(data, model, layout, q, places,
                         rebuild=(lambda: build_pdf(project, combo)) if rebuild else None, pdf=str(target))
    checks += lint(model, layout.colours, q, today, places)
    return Outcome(combo, checks, str(target))


def _read(path: Path, finding) -> bytes | None:
    """The bytes of a built PDF, or None and an error on `finding` (a CheckResult) saying why not."""
    try:
        return path.read_bytes()
    except OSError as exc:
        finding.error(f"the PDF cannot be read: {exc.strerror or exc}", SourceLocation(str(path)),
                      "check the file's permissions, or run `python generate.py build`", code="pdf-unreadable")
        return None


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
@click.option("--errors-only", is_flag=True, help="Show errors alone; the totals say how many warnings were hidden.")
@click.option("--clinic", "clinics", multiple=True, metavar="ID",
              help="Check the clinic edition for clinics/ID.yaml in --out/clinics/ID/ instead of the generic "
                   "edition (repeatable; 'all' for every clinic), as `build --clinic` wrote it.")
def verify(leaflets, variants, locales, layouts, out_dir, root, fmt, junit_file, today, no_rebuild, strict,
           errors_only, clinics):
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
    if fmt == "text" and not errors_only:
        print_warnings(project)
    unknown_names(project, leaflets, variants, locales, layouts)
    combos = select(project, leaflets, variants, locales, layouts)
    if clinics:
        combos = clinic_editions(project, clinics, combos)
    outcomes = [run_checks(project, c, out_dir, today, rebuild=not no_rebuild) for c in combos]
    if strict:
        strictly(outcomes)
    if junit_file:
        write_output(junit_file, junit_report(outcomes))
    click.echo(json_report(outcomes) if fmt == "json" else
               text_report(outcomes, printed=tuple(project.diagnostics.items), errors_only=errors_only))
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
    from leaflets.output.writer import write_output  # deferred: tempfile

    project = load_project(root)
    project.diagnostics.raise_if_errors()
    if update_references:
        target = root / REFERENCE_DIR
        for name, image in sorted(reference_images(project).items()):
            write_output(target / name, png_bytes(image))
            click.echo(str(target / name))
        return
    unknown_names(project, leaflets, variants, locales, layouts)
    combos = select(project, leaflets, variants, locales, layouts)
    to_dir = to_dir or out_dir / "previews"
    pdfs = _readable_pdfs(combos, out_dir, dpi)
    rows: dict[str, list] = {}
    for combo in combos:
        try:
            pages = render_pages(pdfs[combo], dpi)
        except ValueError as exc:
            raise LeafletError([Diagnostic(ERROR, SourceLocation(str(out_dir / combo.output_path())), "preview",
                                           str(exc), "run `python generate.py build`", code="pdf-unreadable")])
        stem = combo.output_path()[: -len(".pdf")]
        for n, image in enumerate(pages, start=1):
            target = to_dir / f"{stem}-p{n}.png"
            write_output(target, png_bytes(image))
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
        write_output(target, png_bytes(sheet))
        click.echo(str(target))


def _readable_pdfs(combos, out_dir: Path, dpi: float) -> dict:
    """combination -> the bytes of its built PDF; refuses them all, before anything is rendered, when
    one is missing, cannot be read or would take the renderer too long or too much memory."""
    from leaflets.build.previews import preview_problems  # deferred: reportlab

    pdfs, problems = {}, []
    for combo in combos:
        path = out_dir / combo.output_path()
        if not path.is_file():
            problems.append(Diagnostic(ERROR, SourceLocation(str(path)), "", "PDF not found",
                                       "run `python generate.py build` first", code="pdf-not-found"))
            continue
        try:
            pdfs[combo] = path.read_bytes()
        except OSError as exc:
            problems.append(Diagnostic(ERROR, SourceLocation(str(path)), "preview",
                                       f"the PDF cannot be read: {exc.strerror or exc}",
                                       "check the file's permissions", code="pdf-unreadable"))
            continue
        problems += preview_problems(pdfs[combo], str(path), dpi)
    if problems:
        raise LeafletError(problems)
    return pdfs


def register(main: click.Group) -> None:
    main.add_command(verify)
    main.add_command(preview)
