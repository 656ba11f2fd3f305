"""Translation exchange: a leaflet's words out to translation agencies (XLIFF 1.2, gettext PO) and back.

units: the translatable units of a content file, with stable ids; inline: our inline syntax as
tokens (text, bold and italic pairs, links, citations); xliff and po: the two file formats;
incoming: a returned file checked against the source and rebuilt as a translation file.
"""
