"""document.py: the errors of a layout too small for what it must hold, each with its code."""
from __future__ import annotations

import dataclasses
import io

import pytest
from reportlab.platypus import Spacer

from leaflets.build.pipeline import leaflet_for
from leaflets.build.project import Combination
from leaflets.diagnostics import LeafletError
from leaflets.typeset.document import LeafletPage, check_panel_fits, new_doc, page_box
from leaflets.typeset.flowables import make_styles


def _english(project, **changes):
    leaflet = leaflet_for(project, Combination("drug-pump", "cancer", "en", "a4"))
    layout = dataclasses.replace(project.layouts["a4"], **changes)
    return leaflet, layout, make_styles(layout, *project.chains_for(layout, "en"), "en")


def test_a_contact_panel_taller_than_an_empty_page_is_an_error_with_its_code(project):
    leaflet, layout, styles = _english(project, page_height=250.0)
    with pytest.raises(LeafletError) as caught:
        check_panel_fits(leaflet, layout, styles)
    [problem] = caught.value.diagnostics
    assert (problem.code, problem.key, problem.location) == ("contact-panel-too-tall", "contact", leaflet.contact.source)
    assert "the contact panel is" in problem.message and "too tall" in problem.message


def test_a_block_too_tall_for_an_empty_page_is_an_error_with_its_code(project):
    leaflet, layout, styles = _english(project)
    box = page_box(layout)
    doc = new_doc(io.BytesIO(), leaflet, layout, styles, None)
    doc.addPageTemplates([LeafletPage("page", box, layout, None, first=True)])
    with pytest.raises(LeafletError) as caught:
        doc.build([Spacer(1, 2 * box.h)])
    [problem] = caught.value.diagnostics
    assert problem.code == "block-too-tall"
    assert problem.message.startswith("this text cannot fit on one page of layout 'a4'")
