"""Every on-screen PDF of the repository's matrix is tagged: pdfua (an independent PDF/UA-1 checker)
finds nothing, verify's own accessibility checks pass, and tagging changes no pixel.

The on-screen PDFs are the single-sheet layouts and the reading-order files of the tri-folds and the
booklet (the imposed sheets are for the printer). Each is rendered tagged and untagged (render's
switch) once, in the session fixture `matrix` (conftest.py), which test_matterhorn shares.
"""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from pdfua import Severity, validate

from leaflets.build.pipeline import leaflet_for
from leaflets.quality.accessibility import check_structure, check_text_layer

SCALE = 0.55        # 40 dpi, as the reference images: every rule, glyph and band shows; a few seconds for the matrix


def _pixels(data: bytes) -> list[bytes]:
    """Every page in colour and in greyscale (pdfium's greyscale rendering moves a glyph by a fraction of a
    pixel when a text operator is split or grows, which the colour rendering does not show)."""
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].render(scale=SCALE, grayscale=grey).to_pil().tobytes()
                for i in range(len(doc)) for grey in (False, True)]
    finally:
        doc.close()


def test_the_matrix_has_every_locale_and_layout(matrix):
    assert len(matrix) == 112
    assert {name.split("/")[1] for name in matrix} == {"en", "de", "es", "vi", "ar", "hi", "zh-Hans"}


def test_pdfua_finds_no_error_or_warning_in_any_on_screen_pdf(matrix, tmp_path):
    """...and runs every rule it has: none is left unevaluated (its heading rule cannot read a heading
    whose content is an array with pikepdf 10, so a heading must be one marked sequence)."""
    found = {}
    for name, (tagged, _) in matrix.items():
        path = tmp_path / (name.replace("/", "_") + ".pdf")
        path.write_bytes(tagged)
        report = validate(str(path))
        bad = [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity >= Severity.WARNING]
        bad += [f"{o.rule_id} not evaluated: {o.skipped_reason}" for o in report.skipped]
        if bad:
            found[name] = bad[:3]
    assert found == {}


def test_verify_accessibility_checks_pass_on_every_on_screen_pdf(matrix):
    failed = {name: [f.format() for f in r.findings]
              for name, (tagged, _) in matrix.items() if (r := check_structure(tagged, {})).findings}
    assert failed == {}


def test_the_text_of_every_on_screen_pdf_reads_back_as_written(project, matrix):
    """Every block NFC-equal in the text pdfium extracts, every word whole, in every script, Arabic too
    (its bidi marks aside): no finding at all."""
    failed = {}
    for combo in project.combinations():
        name = f"{combo.leaflet}/{combo.locale}/{combo.variant}-{combo.layout}"
        result = check_text_layer(matrix[name][0], leaflet_for(project, combo), {})
        if result.findings:
            failed[name] = [f.message for f in result.findings][:2]
    assert failed == {}


def test_an_untagged_pdf_fails_them(matrix):
    untagged = next(iter(matrix.values()))[1]
    assert [f.code for f in check_structure(untagged, {}).findings] == ["pdf-not-tagged"]


def test_tagging_changes_no_pixel_of_any_page(matrix):
    changed = [name for name, (tagged, untagged) in matrix.items() if _pixels(tagged) != _pixels(untagged)]
    assert changed == []


def _elements(node):
    import pikepdf  # reason: only these structure walks need it

    yield node
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _elements(kid)


@pytest.mark.parametrize("locale", ["en", "ar", "zh-Hans"])
def test_figures_carry_their_alt_text_and_steps_are_a_list(project, matrix, locale):
    import io  # reason: as _elements
    import pikepdf  # reason: as _elements

    from leaflets.model.nodes import Figure, Steps  # reason: the model's blocks, to compare with

    name = f"drug-pump/{locale}/cancer-a4"
    model = leaflet_for(project, next(c for c in project.combinations()
                                      if f"{c.leaflet}/{c.locale}/{c.variant}-{c.layout}" == name))
    blocks = [b for s in model.sections for b in s.blocks]
    figures = [b for b in blocks if isinstance(b, Figure)]
    steps = [b for b in blocks if isinstance(b, Steps)]
    assert figures and steps
    with pikepdf.open(io.BytesIO(matrix[name][0])) as pdf:
        tree = list(_elements(pdf.Root.StructTreeRoot))
        alts = [str(e.get("/Alt")) for e in tree if e.get("/S") == "/Figure"]
        assert [f.alt for f in figures] == [a for a in alts if not a.startswith("QR code")]
        lists = [e for e in tree if e.get("/S") == "/L"]
        sizes = [sum(1 for k in _elements(e) if k.get("/S") == "/LI" and k is not e) for e in lists]
        assert len(steps[0].items) in sizes
