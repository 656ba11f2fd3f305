"""Where pages break around figures and short lists, read back from built PDFs."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from leaflets.build.pipeline import build_reading
from leaflets.build.project import Combination


def pages_of(project, locale: str, layout: str, variant: str = "cancer") -> list[str]:
    doc = pdfium.PdfDocument(build_reading(project, Combination("drug-pump", variant, locale, layout)))
    return [page.get_textpage().get_text_range() for page in doc]


@pytest.mark.parametrize("locale, layout, labels", [("hi", "a4", ("पंप", "रीढ़")), ("en", "letter", ("Pump", "Catheter"))])
def test_a_figure_a_little_taller_than_the_rest_of_the_page_is_made_smaller_to_fit_it(project, locale, layout, labels):
    """It once went to page 2 and left a third of page 1 empty below the text that leads into it."""
    first = [line.strip() for line in pages_of(project, locale, layout)[0].splitlines()]
    assert all(label in first for label in labels)      # a label is a line of its own


def the_figure(project):
    from leaflets.build.pipeline import leaflet_for
    from leaflets.layout.settings import for_locale
    from leaflets.model.nodes import Figure
    from leaflets.typeset.blocks import FigureBlock, block_flowables
    from leaflets.typeset.flowables import make_styles

    leaflet = leaflet_for(project, Combination("drug-pump", "cancer", "en", "a4"))
    layout = for_locale(project.layouts["a4"], "en")
    styles = make_styles(layout, *project.chains_for(layout, "en"), "en")
    block = next(b for s in leaflet.sections for b in s.blocks if isinstance(b, Figure))
    return next(f for f in block_flowables(block, styles, layout) if isinstance(f, FigureBlock))


def test_a_figure_is_made_at_most_30_percent_smaller(project):
    figure = the_figure(project)
    _, natural = figure.wrap(440, 1000)
    assert figure.split(440, natural + 1) == []                 # it fits: nothing to do
    [smaller] = figure.split(440, natural * 0.8)
    _, height = smaller.wrap(440, natural * 0.8)
    assert natural * 0.7 < height <= natural * 0.8
    assert figure.split(440, natural * 0.6) == []               # far too little room: the next page


def test_a_list_of_three_items_is_not_broken_over_a_page(project):
    """'• infection' stood alone at the foot of page 2 of the Letter handout, its two siblings on page 3."""
    pages = [[line.strip() for line in page.splitlines()] for page in pages_of(project, "en", "letter")]
    [page] = [lines for lines in pages if "\u2022 infection" in lines]
    assert "\u2022 a leak of spinal fluid" in page and "\u2022 headache" in page
