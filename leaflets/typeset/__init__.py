"""Typesetting: a resolved Leaflet and its Layout in, the pages in reading order out, as PDF bytes.

render.render(leaflet, layout, body, headings), with two FontChains, is the entry point: flowables turns the
model into reportlab paragraphs and panels, document lays them out on pages (footnotes, footers,
outline), panels does tri-folds and back covers. A layout error (text too long for the panels, a
contact panel too tall) is raised as a LeafletError. The only stage that imports reportlab; the
private names of reportlab and pypdf it relies on are all in private.py.
"""
