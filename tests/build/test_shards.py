"""build.shards: a deterministic, balanced share of the combinations for each of N machines."""
from __future__ import annotations

import random

import pytest

from leaflets.build.shards import expected_cost, parse, share


@pytest.mark.parametrize("n", [1, 2, 3, 7, 200])
def test_the_shares_cover_every_combination_once(project, n):
    combos = project.combinations()
    shares = [share(project, combos, k, n) for k in range(1, n + 1)]
    assert sorted(c for s in shares for c in s) == sorted(combos)
    assert sum(len(s) for s in shares) == len(combos)


def test_a_share_does_not_depend_on_the_order_of_the_selection(project):
    combos = project.combinations()
    shuffled = combos[:]
    random.Random(7).shuffle(shuffled)
    for k in (1, 2, 3):
        assert set(share(project, shuffled, k, 3)) == set(share(project, combos, k, 3))
    assert share(project, combos, 2, 3) == [c for c in combos if c in set(share(project, combos, 2, 3))]


def test_the_shares_are_balanced_by_expected_cost(project):
    combos = project.combinations()
    for n in (2, 3, 4):
        costs = [sum(expected_cost(project, c) for c in share(project, combos, k, n)) for k in range(1, n + 1)]
        assert max(costs) / min(costs) < 1.05, costs
    # by cost, not by count: the tri-folds and the Arabic PDFs weigh more than an English handout
    trifold = next(c for c in combos if c.layout == "a4-trifold" and c.locale == "en")
    handout = next(c for c in combos if c.layout == "a4" and c.locale == "en")
    arabic = next(c for c in combos if c.layout == "a4" and c.locale == "ar")
    assert expected_cost(project, trifold) > expected_cost(project, arabic) > expected_cost(project, handout)


@pytest.mark.parametrize("text, k, n", [("1/1", 1, 1), ("2/4", 2, 4), (" 10/10 ", 10, 10)])
def test_k_of_n_is_read(text, k, n):
    assert parse(text) == (k, n)


@pytest.mark.parametrize("text, message", [
    ("2", "is not K/N"), ("a/b", "is not K/N"), ("-1/3", "is not K/N"), ("0/3", "K must be from 1 to N"),
    ("4/3", "K must be from 1 to N"), ("1/0", "K must be from 1 to N"),
])
def test_a_bad_share_says_what_to_write(text, message):
    with pytest.raises(ValueError, match=message):
        parse(text)
