"""What the model says a built PDF should contain, and how a string on its pages is told apart.

Pure: from the model (and the places its parts are written at) to the texts the checks look for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from leaflets.inputs.locales import is_cjk
from leaflets.model.nodes import Leaflet, plain_text
from leaflets.model.walk import walk
from leaflets.quality.scanner import Page, Run


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Expected:
    body: str            # every text a reader reads as body text, joined by newlines
    small: str           # organisation line, review and code line
    notes: str           # reference texts
    footer: str          # page numbers and running title
    parts: dict          # required part -> (text that must be printed, where it is written)


def expected(leaflet: Leaflet, places: dict | None = None, pages: int = 1) -> Expected:
    places = places or {}
    body = [t.text for t in walk(leaflet)]
    contact = leaflet.contact
    labels = leaflet.labels
    small = [leaflet.organisation, " \u00b7 ".join(review_line(leaflet))]
    if leaflet.draft_notice:
        small.append(leaflet.draft_notice)
    notes = [f"{r.number}. {r.text}" for r in leaflet.references]
    footer = running_texts(leaflet, pages)
    parts = {
        "last-updated date": (review_line(leaflet)[0], places.get("last_updated")),
        "next-review date": (review_line(leaflet)[1], places.get("next_review")),
        "contact panel heading": (contact.heading, places.get("contact.heading", contact.source)),
        "disclaimer": (plain_text(leaflet.disclaimer), places.get("disclaimer")),
    }
    if leaflet.draft_notice:
        parts["draft-translation notice"] = (leaflet.draft_notice, places.get("labels"))
    for i, entry in enumerate(contact.entries):
        parts[f"contact phone number {entry.phone}"] = (entry.phone, contact.source)
    return Expected("\n".join(norm(t) for t in body if t), "\n".join(small), "\n".join(notes),
                    "\n".join(footer), parts)


def review_line(leaflet: Leaflet) -> list[str]:
    """'label: value' of the dates, the code and the version, as the closing lines print them (Chinese: with
    a full-width colon)."""
    labels, colon = leaflet.labels, "\uff1a" if is_cjk(leaflet.locale) else ": "
    return [f"{label}{colon}{value}" for label, value in (
        (labels.last_updated, leaflet.last_updated_text), (labels.next_review, leaflet.next_review_text),
        (labels.code, leaflet.code), (labels.version, leaflet.version))]


def running_texts(leaflet: Leaflet, pages: int) -> list[str]:
    """What the footer prints on the pages: each page's number label, and the running title."""
    label = leaflet.labels.page
    title = leaflet.title
    units, joiner = (title.split(" "), " ") if " " in title.strip() else (list(title), "")
    edition = f" \u00b7 {leaflet.edition}" if leaflet.edition else ""
    # the title as a narrow footer cuts it (typeset.document._footer_title): at a word, with an ellipsis
    cut = [joiner.join(units[:n]).rstrip(" ,.;:\u00b7\u2013\u2014-") + f"\u2026{edition} \u00b7 {leaflet.code}"
           for n in range(1, len(units))]
    return [label.replace("{page}", str(n)).replace("{total}", str(pages)) for n in range(1, pages + 1)] + \
        [f"{title}{edition} \u00b7 {leaflet.code}"] + cut


def classify(run: Run, exp: Expected) -> str:
    """'marker', 'body', 'small', 'note', 'footer' or 'other' for one string on the page."""
    if run.superscript:
        return "marker"
    t = norm(run.text)
    if len(t.replace(" ", "")) < 3 or not re.search(r"[^\W_]", t):
        return "other"  # bullets, note numbers, punctuation: too short to tell
    in_body = t in exp.body
    for kind, corpus in (("footer", exp.footer), ("small", exp.small), ("note", exp.notes)):
        if t in corpus and not in_body:
            return kind
    if in_body and not any(t in c for c in (exp.footer, exp.small, exp.notes)):
        return "body"
    return "other"


def page_text(page: Page) -> str:
    return "".join(r.text for r in page.runs if not r.superscript)


def snippet(text: str, n: int = 50) -> str:
    text = norm(text)
    return text if len(text) <= n else text[: n - 1] + "\u2026"
