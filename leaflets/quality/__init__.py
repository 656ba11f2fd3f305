"""The quality stage: checks of a built leaflet for print and for patients.

Takes the bytes of a built PDF (and, for an imposed layout, of its sheets), the
model it was built from, its Layout and the thresholds (lint.Quality), and gives
back CheckResults, one per check, whose findings are Diagnostics with a stable
code. scanner.py reads the PDF back once; print_checks.py and text_checks.py
check it against the layout and the model; lint.py checks the words and colours
without the PDF; reports.py turns the results into text, JSON and JUnit XML.
Nothing here reads or writes files.
"""
