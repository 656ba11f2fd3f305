"""Glyph coverage: every printed character of every content file must be drawable by its locale's fonts."""
from __future__ import annotations

from leaflets.inputs.content import as_date
from leaflets.inputs.sources import format_path
from leaflets.model.resolve import format_date
from leaflets.model.rules import known_locale
from leaflets.typeset.fonts import describe_character


_NOT_PRINTED = {"leaflet", "locale", "translation", "evidence", "only", "id", "country", "quality", "phone",
                "last_updated", "next_review", "figure", "alt", "x", "y", "width", "callout"}


def _printed_texts(value, path=()):
    """(path, text) of every string of a content document that ends up on paper."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_PRINTED:
                yield from _printed_texts(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _printed_texts(item, path + (i,))
    elif isinstance(value, str):
        yield path, value


def check_coverage(project, locales=None) -> None:
    """Every character of every text must be drawable by the locale's font chain, in every layout.

    Only for `locales` (None: every locale): the check reads the character maps of
    each chain's fonts, so a build of some locales parses only the fonts they use."""
    d = project.diagnostics
    families = {(layout.body_font, layout.heading_font): layout for layout in project.layouts.values()}
    if not families:
        return
    reported: set = set()
    refs = project.bibliography.data["references"] if project.bibliography else {}
    for (leaflet, locale), doc in sorted(project.contents.items()):
        if locales is not None and locale not in locales:
            continue
        chains = []
        for layout in families.values():
            chains.extend(project.chains_for(layout, locale))
        chains = list(dict.fromkeys(chains))
        texts = list(_printed_texts(doc.data))
        if known_locale(locale):
            for name in ("last_updated", "next_review"):
                texts.append(((name,), format_date(as_date(doc.data[name]), locale)))
        located = [(doc, path, text) for path, text in texts]
        located += [(project.bibliography, ("references", key, field), str(value))
                    for key, ref in refs.items() for field, value in ref.items()]
        for chain in chains:
            for where, path, text in located:
                for ch in chain.missing(text):
                    loc = where.loc(path)
                    key = (loc, ch, locale)
                    if key in reported:
                        continue
                    reported.add(key)
                    _report(d, loc, format_path(path), ch, locale, chain)


def _report(d, loc, key: str, ch: str, locale: str, chain) -> None:
    lacking = chain.styles_lacking(ch)
    if {"regular", "bold"} & set(lacking):
        styles = ""
        hint = f"replace or remove it, or add a family that has it under locales: {locale} in fonts/fonts.yaml"
    else:       # the regular and bold fonts have it; an italic font does not (text may be *italic*)
        styles = f" in {' or '.join(lacking)}"
        hint = f"replace or remove it, or use {' and '.join(lacking)} font files that have it (fonts/fonts.yaml)"
    d.error(loc, key, f"{describe_character(ch)} ({ch!r}) cannot be drawn{styles} by any font for locale {locale} "
                      f"({chain.names})", hint, code="glyph-missing")
