"""Composition rules: how the text sits on the pages, read back from the PDF.

Pure: check_composition takes a Scan, the model and the layout and returns one CheckResult whose
findings each carry the code of the rule broken:

- page-only-small-print: a page that holds small print alone (a lone reference or note)
- blank-page: a page with nothing on it but its footer
- stub-last-page: the last page of the text holds fewer lines than a quarter of the fullest page
- note-split: a reference broken over two pages
- list-parted-from-closing-line: a short list on one page, the line that closes it on the next
- single-word-last-line: a paragraph's last line holds one word (one CJK character) where the
  line above could have given it a second
- fixed-phrase-broken: a date, the leaflet code or "Version 1.0" broken over two lines
- front-panel-body-text: a tri-fold's front panel (page 1 of the reading file) shows text of the sections
  (a heading, or the start of a paragraph or bullet): it is the cover alone
- measure-too-long / measure-too-short: characters per full body line outside the layout's
  `text.measure` (a full line is one with another line of its paragraph below it)

Texts are compared squashed (without white space), so that a rule is only reported where the PDF
shows it broken: a script whose text cannot be read back is checked by the rules that need no text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from leaflets.inputs.locales import is_cjk, needs_shaping
from leaflets.layout.settings import SHORT_LIST, Layout
from leaflets.model.nodes import BulletList, Leaflet, Paragraph, plain_text
from leaflets.quality.expected import Expected, classify, review_line, snippet, squash
from leaflets.quality.reports import CheckResult
from leaflets.quality.scanner import Page, Scan

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_WORD = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]|[^\s\u2e80-\u9fff\uf900-\ufaff]+")
_PUNCTUATION = re.compile(r"^[\W_]+$")


@dataclass
class Line:
    """The strings on one baseline of a page (citation markers left out), left to right."""

    baseline: float
    size: float
    x0: float
    x1: float
    text: str

    @property
    def words(self) -> list[str]:
        """Words, each CJK character one; punctuation alone is no word."""
        return [w for w in _WORD.findall(self.text) if not _PUNCTUATION.match(w)]


def footer_top(page: Page, layout: Layout) -> float:
    """The height on the page below which only the footer is printed (0: the layout prints none)."""
    if not layout.show_footer:
        return 0.0
    origin = page.trimbox[1] if page.trimbox else page.mediabox[1]
    return origin + layout.margin_bottom + layout.footer_size * 1.5


def content_runs(page: Page, layout: Layout) -> list:
    """What a page shows above its footer."""
    top = footer_top(page, layout)
    return [r for r in page.runs if r.baseline > top and r.text.strip()]


def lines(page: Page, layout: Layout) -> list[Line]:
    """The page's lines above the footer, top to bottom (one per baseline and size)."""
    rows: dict[tuple, list] = {}
    for run in content_runs(page, layout):
        if not run.superscript:
            rows.setdefault((round(run.baseline * 2) / 2, round(run.size, 1)), []).append(run)
    out = []
    for (baseline, size), runs in rows.items():
        runs.sort(key=lambda r: r.x0)
        text = "".join(r.text for r in runs)
        out.append(Line(baseline, size, min(r.x0 for r in runs), max(r.x1 for r in runs), text))
    out.sort(key=lambda line: (-line.baseline, line.x0))
    return out


def body_size(s: Scan, layout: Layout) -> float:
    """The size most of the text is set in (a tri-fold may set it other than text.size to fit)."""
    sizes: Counter = Counter()
    for page in s.pages:
        for run in content_runs(page, layout):
            if not run.superscript:
                sizes[round(run.size, 1)] += len(run.text.strip())
    return sizes.most_common(1)[0][0] if sizes else layout.text_size


def flow_pages(s: Scan, leaflet: Leaflet, layout: Layout) -> list[Page]:
    """The pages the text flows over: not a back cover or back panel, not a page for the reader's notes."""
    pages = list(s.pages)
    if layout.contact_position.kind == "back" and len(pages) > 1:
        pages = pages[:-1]
    return [p for p in pages if not notes_page(p)]


WRITE_IN_LINES = 6   # a page ruled with this many lines across it or more is a page for notes


def notes_page(page: Page) -> bool:
    """A page ruled for the reader's notes (typeset/notespage.py): lines to write on across the page."""
    width = page.mediabox[2] - page.mediabox[0]
    rules = [d for d in page.drawings if d.kind == "stroke" and d.y1 - d.y0 < 2 and d.x1 - d.x0 > width * 0.6]
    return len(rules) >= WRITE_IN_LINES


def check_composition(s: Scan, leaflet: Leaflet, layout: Layout, exp: Expected, places: dict,
                      readable: bool = True) -> CheckResult:
    r = CheckResult("composition", "pages, lines and notes well composed: no blank, stub or small-print-only "
                                   "page, no split note, no lone word or broken date")
    where = places.get("layout")
    size = body_size(s, layout)
    page_lines = [lines(p, layout) for p in s.pages]
    _check_pages(r, s, page_lines, exp, size, where)
    _check_stub(r, s, leaflet, layout, page_lines, where)
    if readable:
        texts = [squash("".join(run.text for run in content_runs(p, layout) if not run.superscript))
                 for p in s.pages]
        _check_notes(r, leaflet, texts, places)
        _check_lists(r, leaflet, texts)
        _check_fixed_phrases(r, leaflet, page_lines, texts, places)
        if layout.imposition == "trifold" and texts:
            _check_front_panel(r, leaflet, texts[0], where)
        if layout.measure and not (is_cjk(leaflet.locale) or needs_shaping(leaflet.locale)):   # letters, not clusters
            _check_measure(r, page_lines, size, layout, where)
    _check_last_lines(r, page_lines, size, layout, places.get("content"))
    counts = [len(ls) for ls in page_lines]
    r.figures.update(pages=len(s.pages), lines=counts, body_pt=size)
    r.summary = f"{len(s.pages)} pages, lines per page {'/'.join(map(str, counts))}" \
                + ("" if readable else " (text not read back: the text rules skipped)")
    return r


def _check_pages(r: CheckResult, s: Scan, page_lines: list, exp: Expected, size: float, where) -> None:
    for page, found in zip(s.pages, page_lines):
        if not found:
            r.error(f"page {page.index + 1} is blank", where,
                    "a booklet's spare pages are for the reader's notes (labels.notes); report a blank page "
                    "with the leaflet, layout and page", code="blank-page")
            continue
        small = all(line.size < size - 0.05 or _only_notes(page, line, exp) for line in found)
        if small:
            first = found[0].text
            r.error(f"page {page.index + 1} holds only small print (\"{snippet(first, 40)}\")", where,
                    "a lone reference or note belongs with the text before it", code="page-only-small-print")


def _only_notes(page: Page, line: Line, exp: Expected) -> bool:
    kinds = {classify(run, exp) for run in page.runs
             if abs(run.baseline - line.baseline) < 0.6 and not run.superscript}
    return bool(kinds) and kinds <= {"note", "small", "other"} and kinds != {"other"}


def _check_stub(r: CheckResult, s: Scan, leaflet: Leaflet, layout: Layout, page_lines: list, where) -> None:
    pages = flow_pages(s, leaflet, layout)
    if len(pages) < 2:
        return
    fullest = max(len(page_lines[p.index]) for p in pages)
    last = pages[-1]
    held = len(page_lines[last.index])
    r.figures["last_page_lines"], r.figures["fullest_page_lines"] = held, fullest
    if held and held < fullest / 4:
        r.error(f"page {last.index + 1}, the last of the text, holds {held} line{'s' if held != 1 else ''}: "
                f"fewer than a quarter of the fullest page ({fullest} lines)", where,
                "a page this empty looks like a mistake; the layout should pull the text together",
                code="stub-last-page")


def _page_of(texts: list[str], text: str) -> list[int]:
    return [i for i, t in enumerate(texts) if text in t]


def _check_notes(r: CheckResult, leaflet: Leaflet, texts: list[str], places: dict) -> None:
    joined = "".join(texts)
    for ref in leaflet.references:
        note = squash(ref.text)
        if note and not _page_of(texts, note) and note in joined:
            start = joined.index(note)
            page = next(i for i in range(len(texts)) if sum(map(len, texts[:i + 1])) > start)
            r.error(f"reference {ref.number} ({ref.key}) is broken over pages {page + 1} and {page + 2}",
                    places.get(f"reference:{ref.key}", places.get("content")),
                    "a reference is printed whole, on one page", code="note-split")


def _check_lists(r: CheckResult, leaflet: Leaflet, texts: list[str]) -> None:
    """A short list and the paragraph after it (the line that closes it) end and start on one page."""
    for section in leaflet.sections:
        for block, after in zip(section.blocks, section.blocks[1:]):
            if not (isinstance(block, BulletList) and isinstance(after, Paragraph)) or len(block.items) > SHORT_LIST:
                continue
            tail = squash(plain_text(block.items[-1]))[-24:]
            head = squash(plain_text(after.content))[:24]
            ends, starts = _page_of(texts, tail), _page_of(texts, head)
            if ends and starts and not set(ends) & set(starts):
                r.error(f"the list ending \"{snippet(plain_text(block.items[-1]), 30)}\" is on page {ends[0] + 1} "
                        f"but the line that closes it, \"{snippet(plain_text(after.content), 30)}\", on page "
                        f"{starts[0] + 1}", after.source,
                        "a short list stays on the page of the line after it", code="list-parted-from-closing-line")


def _check_fixed_phrases(r: CheckResult, leaflet: Leaflet, page_lines: list, texts: list[str],
                         places: dict) -> None:
    for phrase in review_line(leaflet):   # dates, code and version with their labels
        wanted = squash(phrase)
        for i, (found, text) in enumerate(zip(page_lines, texts)):
            if wanted in text and not any(wanted in squash(line.text) for line in found):
                r.error(f"\"{phrase}\" is broken over two lines on page {i + 1}", places.get("content"),
                        "dates, codes and versions are kept on one line", code="fixed-phrase-broken")


def _check_front_panel(r: CheckResult, leaflet: Leaflet, front: str, where) -> None:
    """The front panel is the cover: no heading and no paragraph or bullet of the sections on it."""
    for section in leaflet.sections:
        starts = [section.heading] + [plain_text(b.content) for b in section.blocks if isinstance(b, Paragraph)] \
            + [plain_text(item) for b in section.blocks if isinstance(b, BulletList) for item in b.items]
        found = next((text for text in starts if len(squash(text)) >= 8 and squash(text)[:24] in front), None)
        if found:
            r.error(f"the front panel holds text of section {section.id!r} (\"{snippet(found, 40)}\")", where,
                    "a tri-fold's front panel is the cover alone: the text starts on panel 2",
                    code="front-panel-body-text")
            return


def _check_last_lines(r: CheckResult, page_lines: list, size: float, layout: Layout, where) -> None:
    """A paragraph's last line of one word, below a line of three or more (it could have given one)."""
    leading = size * layout.leading
    for index, found in enumerate(page_lines):
        body = [line for line in found if abs(line.size - size) < 0.05]
        measure = max((line.x1 - line.x0 for line in body), default=0.0)
        for above, line, below in zip(body, body[1:], body[2:] + [None]):
            same = abs(above.baseline - line.baseline - leading) < 0.6
            ends = below is None or abs(line.baseline - below.baseline - leading) >= 0.6
            if same and ends and len(line.words) == 1 and len(above.words) >= 3 and _could_take(above, line, measure):
                r.error(f"page {index + 1}: a paragraph ends in the single word \"{line.text.strip()}\" "
                        f"(after \"{snippet(above.text, 40)}\")", where,
                        "the layout keeps the last two words of a paragraph together", code="single-word-last-line")


def _could_take(above: Line, line: Line, measure: float) -> bool:
    """Would the last word of the line above fit on the last line too (a better break exists)?"""
    per_char = (above.x1 - above.x0) / max(1, len(above.text))
    return line.x1 - line.x0 + per_char * (len(above.words[-1]) + 1) <= measure


def full_lines(page_lines: list, size: float, layout: Layout) -> list[tuple[int, Line]]:
    """(page index, line) of every full line of body text: a line with the next line of its paragraph below
    it (one leading lower, at the same indent), so not the paragraph's last."""
    leading = size * layout.leading
    out = []
    for index, found in enumerate(page_lines):
        body = [line for line in found if abs(line.size - size) < 0.05]
        for line, below in zip(body, body[1:]):
            if abs(line.baseline - below.baseline - leading) < 0.6 and abs(line.x0 - below.x0) < 1.0:
                out.append((index, line))
    return out


def _check_measure(r: CheckResult, page_lines: list, size: float, layout: Layout, where) -> None:
    """Characters per full line within the layout's measure: the longest no longer than its most, the
    typical (median) line no shorter than its fewest."""
    fewest, most = layout.measure
    found = full_lines(page_lines, size, layout)
    if not found:
        return
    counts = sorted(len(line.text.strip()) for _, line in found)
    median = counts[len(counts) // 2]
    index, longest = max(found, key=lambda item: len(item[1].text.strip()))
    r.figures.update(measure_longest=counts[-1], measure_median=median, full_lines=len(counts))
    if counts[-1] > most:
        r.error(f"page {index + 1}: a full line of {counts[-1]} characters (\"{snippet(longest.text, 40)}\"), "
                f"more than the layout's measure allows ({fewest}\u2013{most})", where,
                "lines this long are hard to follow back to their start: set the text larger or the column "
                "narrower (text.size, page.margins)", code="measure-too-long")
    if median < fewest:
        r.error(f"full lines hold {median} characters (the median of {len(counts)}), fewer than the layout's "
                f"measure allows ({fewest}\u2013{most})", where,
                "lines this short break the text into bits: set the text smaller or the column wider",
                code="measure-too-short")
