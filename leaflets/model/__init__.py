"""The leaflet model: the second stage.

Takes checked Documents and gives back, for one variant, a Leaflet (nodes): sections, bullet
lists and inline spans, links and citation marks (inline) with citations numbered and references,
phone numbers and dates formatted (resolve). Before that, rules checks what no single file can:
variants, citations and evidence groups, review dates, phone numbers.
"""
