"""gettext PO out and in, through polib (it round-trips PO, contexts and fuzzy flags byte for byte).

msgctxt is the unit's id, msgid the source text with our inline syntax, msgstr the target; the
context note is an extracted comment (#.), a stale target is `fuzzy`, a reviewed one carries the
flag `final`. The header names the leaflet, its source file and both languages, and for a reviewed
translation who reviewed it and when (X-Reviewed-By, X-Reviewed-On).
"""
from __future__ import annotations

import polib

from leaflets.inputs.exchange.units import FINAL, STALE, Review, Unit


def write(units: list[Unit], original: str, leaflet: str, source_locale: str, locale: str,
          review: Review | None = None) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": leaflet,
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Leaflet": leaflet,
        "X-Source-File": original,
        "X-Source-Language": source_locale,
    }
    if review is not None:
        po.metadata["X-Reviewed-By"] = review.by
        if review.on:
            po.metadata["X-Reviewed-On"] = review.on
    for u in units:
        comment = u.note + (f"; at most {u.limit} characters" if u.limit else "")
        flags = ["fuzzy"] if u.state == STALE else ["final"] if u.state == FINAL else []
        po.append(polib.POEntry(msgctxt=u.id, msgid=u.source, msgstr=u.target or "", comment=comment, flags=flags))
    return (str(po) + "\n").encode("utf-8")


def parse(text: str) -> polib.POFile:
    """Raises OSError or ValueError (polib's own messages, with the line) for a broken file."""
    return polib.pofile(text, wrapwidth=0)
