"""`build --shard K/N`: a deterministic share of the selected combinations, for N machines.

Any scheduler that runs N copies of one command (a CI matrix, a Slurm job array, a
Kubernetes Indexed Job) gives each copy its K; the copies need not talk to each other.
The shares depend only on the set of combinations selected, never on their order, the
machine or the time, so every copy computes the same split. They are balanced by the
expected cost of each PDF: the longest first, each to the share with the least so far.
"""
from __future__ import annotations

import re

from leaflets.inputs.locales import is_cjk, is_rtl, needs_shaping

# Render time relative to an English handout, measured on the repository's matrix (2026-12):
# a tri-fold is laid out at several type sizes to fit its panels; a booklet makes two files.
_IMPOSITION_COST = {"trifold": 5.0, "saddle-stitch": 2.4}
_SPEC = re.compile(r"([0-9]+)/([0-9]+)")


def parse(text: str) -> tuple[int, int]:
    """(K, N) from "K/N"; ValueError with a message in plain words."""
    match = _SPEC.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not K/N: write the share to build and the number of shares, e.g. 2/4")
    k, n = int(match[1]), int(match[2])
    if n < 1 or not 1 <= k <= n:
        raise ValueError(f"{text!r}: K must be from 1 to N (N at least 1), e.g. 1/{max(n, 2)}")
    return k, n


def expected_cost(project, combo) -> float:
    locale = combo.locale
    script = 3.5 if is_rtl(locale) else 3.0 if is_cjk(locale) else 2.5 if needs_shaping(locale) else 1.0
    return _IMPOSITION_COST.get(project.layouts[combo.layout].imposition, 1.0) * script


def share(project, combos: list, k: int, n: int) -> list:
    """The combinations of share k of n, in the order given."""
    loads = [0.0] * n
    owner = {}
    for combo in sorted(combos, key=lambda c: (-expected_cost(project, c), c.output_path())):
        target = min(range(n), key=lambda i: (loads[i], i))
        loads[target] += expected_cost(project, combo)
        owner[combo] = target
    return [c for c in combos if owner[c] == k - 1]
