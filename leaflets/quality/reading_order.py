"""The strings of a right-to-left line in the order they are read, for the checks that read text.

A right-to-left page draws each run of a line (a stretch of one font and direction) in reading order,
but the glyphs inside a run stand in visual order, left to right, and a run that needs two font subsets
is shown as several strings, the leftmost first (typeset.rtl). Read as drawn, "مضخة" comes back "ةخضم".
Here every stretch of strings that follow each other along a baseline, each starting where the one
before ends, is one run; a run with right-to-left letters is read from its right end: its strings in
reverse order, each string's characters reversed (the ToUnicode of a ligature lists its letters from
last to first for this reason, see typeset.structure), its brackets turned back.

Pure: Runs in, Runs out; the positions, sizes and colours stay as printed.
"""
from __future__ import annotations

import dataclasses
import unicodedata

from leaflets.quality.scanner import Run, Scan

MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))
_TOUCH = 0.5        # points: how far apart two strings of one run may start and end


def right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _directions(text: str) -> set[str]:
    """'R' for right-to-left letters, 'L' for left-to-right letters and digits (a Latin word, a number)."""
    kinds = {unicodedata.bidirectional(ch) for ch in text}
    return ({"R"} if kinds & {"R", "AL"} else set()) | ({"L"} if kinds & {"L", "EN", "AN"} else set())


def logical_scan(s: Scan) -> Scan:
    """A scan whose pages' runs are in reading order (the scan itself unchanged)."""
    return dataclasses.replace(s, pages=[dataclasses.replace(p, runs=logical_runs(p.runs)) for p in s.pages])


def logical_runs(runs: list[Run]) -> list[Run]:
    """The runs of one page with every right-to-left run read from its right end (see the module)."""
    if not any(right_to_left(r.text) for r in runs):
        return runs
    out: list[Run] = []
    group: list[Run] = []
    for run in runs:
        if group and not _continues(group[-1], run):
            out += _read(group)
            group = []
        group.append(run)
    return out + _read(group)


def _continues(before: Run, run: Run) -> bool:
    """Two strings of one run: on one baseline, the second starting where the first ends."""
    return (abs(run.baseline - before.baseline) < 0.01 and abs(run.rise - before.rise) < 0.01
            and abs(run.x0 - before.x1) < _TOUCH)


def _read(group: list[Run]) -> list[Run]:
    """Strings that stand left to right read from the right: left-to-right stretches (a number, a
    Latin word) kept as they are, in their place."""
    if not any(right_to_left(r.text) for r in group):
        return group
    segments: list[list[Run]] = []
    for run in group:
        if _directions(run.text) == {"L"} and segments and _directions(segments[-1][-1].text) == {"L"}:
            segments[-1].append(run)
        elif _directions(run.text) == {"L"}:
            segments.append([run])
        else:
            segments.append([dataclasses.replace(run, text="".join(MIRRORED.get(ch, ch) for ch in reversed(run.text)))])
    return [run for segment in reversed(segments) for run in segment]
