# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer tiering rules: the ranking score, the A/B/C classes and the new-customer rule.

Plain functions on plain data: no Odoo import, so they are unit-tested with pytest alone.
The ORM side (``models/res_partner.py``) gathers the figures with grouped SQL and feeds
them here.
"""

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from .text import Message, _lt

TIER_A, TIER_B, TIER_C = "a", "b", "c"

METHOD_COUNT_SHARE = "count_share"
METHOD_CUMULATIVE_SHARE = "cumulative_share"
METHOD_THRESHOLD = "threshold"
METHODS = (METHOD_COUNT_SHARE, METHOD_CUMULATIVE_SHARE, METHOD_THRESHOLD)


# a policy problem is a translatable sentence
Problem = Message


class PolicyError(ValueError):
    """A tiering policy that cannot be applied; the message says what to fix."""


@dataclass(frozen=True)
class TierPolicy:
    method: str = METHOD_COUNT_SHARE
    a_share: float = 10.0  # % of ranked customers in A (count share method)
    b_share: float = 30.0  # % of ranked customers in B, after A
    a_cumulative: float = 80.0  # % of total positive score that A covers
    b_cumulative: float = 95.0  # % of total positive score that A and B cover
    a_threshold: float = 0.0  # fixed score from which a customer is A
    b_threshold: float = 0.0  # fixed score from which a customer is B

    def problems(self):
        """What is wrong with this policy, as :class:`Problem` (empty when valid)."""
        found = []
        if self.method not in METHODS:
            found.append(
                Problem(_lt("unknown classification method %(method)s"), method=self.method)
            )
        if self.method == METHOD_COUNT_SHARE:
            for label, value in (("A", self.a_share), ("B", self.b_share)):
                if not 0 <= value <= 100:
                    found.append(
                        Problem(
                            _lt("%(tier)s share must be between 0 and 100 (got %(value)s)"),
                            tier=label,
                            value=f"{value:g}",
                        )
                    )
            if self.a_share + self.b_share > 100:
                found.append(
                    Problem(
                        _lt("A share + B share must not exceed 100 (got %(a)s + %(b)s)"),
                        a=f"{self.a_share:g}",
                        b=f"{self.b_share:g}",
                    )
                )
        elif self.method == METHOD_CUMULATIVE_SHARE:
            if not 0 < self.a_cumulative <= self.b_cumulative <= 100:
                found.append(
                    Problem(
                        _lt("cumulative shares must be 0 < A <= B <= 100 (got A %(a)s, B %(b)s)"),
                        a=f"{self.a_cumulative:g}",
                        b=f"{self.b_cumulative:g}",
                    )
                )
        elif self.method == METHOD_THRESHOLD:
            if self.b_threshold < 0 or self.a_threshold <= self.b_threshold:
                found.append(
                    Problem(
                        _lt("score thresholds must satisfy A > B >= 0 (got A %(a)s, B %(b)s)"),
                        a=f"{self.a_threshold:g}",
                        b=f"{self.b_threshold:g}",
                    )
                )
        return found

    def check(self):
        found = self.problems()
        if found:
            raise PolicyError("; ".join(found))
        return self


def _signed_product(*factors):
    """Product of the factors, negative as soon as any factor is negative.

    The seed's formula multiplies four factors that may each be negative; taken literally, a
    customer with a negative margin *and* a negative cooperation would score positive. The
    intent of the seed is that any negative factor marks a customer to drop, so the sign is
    forced negative in that case.
    """
    product = 1.0
    for factor in factors:
        product *= factor
    if any(f < 0 for f in factors):
        return -abs(product)
    return product


def tier_score(annual_sales, margin_rate, cooperation_pct, payment_pct):
    """Ranking score.

    ``score = annual sales x net margin rate x cooperation (%) x payment status (%)``
    where ``margin_rate`` is a fraction (0.12 for 12 %) and both percentages are in
    percent (100 = neutral).
    """
    return _signed_product(annual_sales, margin_rate, cooperation_pct / 100.0, payment_pct / 100.0)


def margin_rate(sales, margin):
    """Net margin as a fraction of sales; zero when there are no sales."""
    if not sales:
        return 0.0
    return margin / sales


def payment_rate(due_total, settlements, horizon_days):
    """Payment status in percent, from the customer's own behaviour.

    ``due_total`` is what fell due in the window; ``settlements`` is an iterable of
    ``(amount, days_late)`` pairs covering what was paid (days late counted at payment) and
    what is still unpaid (days late counted up to today). Each amount earns credit
    ``1 - days_late / horizon_days`` (full when on time, none at ``horizon_days`` late or
    more). With nothing due the status is neutral: 100 %.
    """
    if horizon_days <= 0:
        raise PolicyError(f"the lateness horizon must be positive (got {horizon_days})")
    if due_total <= 0:
        return 100.0
    credit = 0.0
    for amount, days_late in settlements:
        weight = max(0.0, 1.0 - max(0, days_late) / horizon_days)
        credit += amount * weight
    return round(100.0 * min(credit, due_total) / due_total, 2)


def is_new_customer(first_order_date, order_count, today, months=6, max_orders=6):
    """New customer rule.

    New while its first confirmed order is *less than* ``months`` months old, or while it has
    placed *at most* ``max_orders`` confirmed orders. A customer with no order yet is new.
    """
    if not first_order_date or order_count <= max_orders:
        return True
    return first_order_date > _months_before(today, months)


@lru_cache(maxsize=64)
def _months_before(day, months):
    # the batch asks the same (today, months) for every customer
    return day - relativedelta(months=months)


def competition_ranks(scores):
    """Rank keys by score, highest first; equal scores share the best rank ("1224").

    ``scores`` maps a key to its score. Returns ``{key: rank}``. The order of equal scores
    is made deterministic by the key, but their rank is the same.
    """
    return {key: rank for key, score, rank in _ranked(scores)}


def _ranked(scores):
    """(key, score, rank) in rank order: highest score first, equal scores by key and
    sharing the best rank."""
    rank, previous = 0, None
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    for position, (key, score) in enumerate(ordered, start=1):
        if score != previous:
            rank, previous = position, score
        yield key, score, rank


def _slots(count, share_pct):
    """Positions a share of ``count`` customers covers, rounded half up.

    A non-zero share always gives at least one position, so that a small customer base still
    has an A customer.
    """
    if share_pct <= 0 or count <= 0:
        return 0
    return max(1, int(count * share_pct / 100.0 + 0.5))


def classify(scores, policy):
    """Assign A/B/C to each key of ``scores`` under ``policy``.

    Rules common to all methods: a zero or negative score is always C, and customers with
    equal scores always get the same class (a tie straddling a boundary takes the better
    class, as in competition ranking).
    """
    policy.check()
    ranks = competition_ranks(scores)
    positive = {k: s for k, s in scores.items() if s > 0}
    tiers = dict.fromkeys(scores, TIER_C)
    if not positive:
        return tiers
    if policy.method == METHOD_THRESHOLD:
        for key, score in positive.items():
            if score >= policy.a_threshold:
                tiers[key] = TIER_A
            elif score >= policy.b_threshold:
                tiers[key] = TIER_B
        return tiers
    if policy.method == METHOD_COUNT_SHARE:
        a_slots = _slots(len(scores), policy.a_share)
        ab_slots = max(a_slots, _slots(len(scores), policy.a_share + policy.b_share))
        for key in positive:
            if ranks[key] <= a_slots:
                tiers[key] = TIER_A
            elif ranks[key] <= ab_slots:
                tiers[key] = TIER_B
        return tiers
    # cumulative share: a customer belongs to A while the positive score ranked strictly above
    # it covers less than the A share of the total (so the customer crossing the line is A).
    total = sum(positive.values())
    above = _score_strictly_above(positive)
    for key in positive:
        covered = 100.0 * above[key] / total
        if covered < policy.a_cumulative:
            tiers[key] = TIER_A
        elif covered < policy.b_cumulative:
            tiers[key] = TIER_B
    return tiers


def _score_strictly_above(positive):
    """For each key, the sum of the scores strictly greater than its own."""
    ordered = sorted(positive.values(), reverse=True)
    above = {}
    running = 0.0
    sums_at = {}
    for score in ordered:
        if score not in sums_at:
            sums_at[score] = running
        running += score
    for key, score in positive.items():
        above[key] = sums_at[score]
    return above


class RankingRow(NamedTuple):
    # a tuple, not a dataclass: the batch builds one per customer
    key: int
    rank: int
    score: float
    share: float  # % of the total positive score; 0 for a score of 0 or below
    cumulative_share: float  # running share, in rank order: never falls, ends at 100


def ranking_table(scores):
    """The ranking table: rank, score, share, cumulative share.

    Shares are of the positive scores' total, as the classes are: a customer losing money
    takes no share (a negative share against a small total read as -900 % and took the
    cumulative share below the customers ranked above it)."""
    total = sum(s for s in scores.values() if s > 0)
    rows = []
    running = 0.0
    for key, score, rank in _ranked(scores):
        share = 100.0 * score / total if total and score > 0 else 0.0
        running += share
        rows.append(RankingRow(key, rank, score, round(share, 4), round(running, 4)))
    return rows


def drop_candidates(scores, tiers, previous_scores, bottom_share_pct):
    """Customers to consider dropping (the bottom of the ranking).

    A negative score always; otherwise a C customer in the bottom ``bottom_share_pct`` % of
    the ranking whose score did not improve since the previous run.
    """
    ranks = competition_ranks(scores)
    group_sizes = Counter(ranks.values())
    count = len(scores)
    bottom_from = count - _slots(count, bottom_share_pct) + 1
    found = set()
    for key, score in scores.items():
        if score < 0:
            found.add(key)
        elif tiers.get(key) == TIER_C and bottom_share_pct > 0:
            # a tie group that reaches into the bottom positions is in the bottom as a whole
            last_position = ranks[key] + group_sizes[ranks[key]] - 1
            in_bottom = last_position >= bottom_from
            improved = score > previous_scores.get(key, score)
            if in_bottom and not improved:
                found.add(key)
    return found


def months_ago(today, months):
    """The date ``months`` months before ``today`` (window start, inclusive)."""
    if months <= 0:
        raise PolicyError(f"the window must be at least one month (got {months})")
    return today - relativedelta(months=months)


__all__ = [
    "METHODS",
    "PolicyError",
    "RankingRow",
    "TierPolicy",
    "classify",
    "competition_ranks",
    "drop_candidates",
    "is_new_customer",
    "margin_rate",
    "months_ago",
    "payment_rate",
    "ranking_table",
    "tier_score",
]
