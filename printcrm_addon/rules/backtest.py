# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Measuring the churn warnings on a company's own past: AUC, precision, calibration, lift.

Plain functions; the backtest wizard (``wizards/printcrm_churn_backtest.py``) feeds them the
replayed scores and what happened afterwards.
"""

from statistics import median

from .churn import LEVEL_HIGH


def auc(scores, outcomes):
    """Area under the ROC curve: the chance that a lost customer scores above a kept one
    (ties count half). None when one of the two groups is empty."""
    lost = [s for s, o in zip(scores, outcomes, strict=True) if o]
    kept = [s for s, o in zip(scores, outcomes, strict=True) if not o]
    if not lost or not kept:
        return None
    # rank-sum form: linear after sorting, ties get their average rank
    ranked = sorted(scores)
    ranks, i = {}, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j] == ranked[i]:
            j += 1
        ranks[ranked[i]] = (i + j + 1) / 2.0
        i = j
    rank_sum = sum(ranks[s] for s in lost)
    return (rank_sum - len(lost) * (len(lost) + 1) / 2.0) / (len(lost) * len(kept))


def precision_at_top(scores, outcomes, share=0.10):
    """Share of lost customers among the top ``share`` of scores (at least one customer)."""
    if not scores:
        return None
    count = max(1, round(len(scores) * share))
    top = sorted(zip(scores, outcomes, strict=True), key=lambda pair: -pair[0])[:count]
    return sum(1 for _s, o in top if o) / count


def is_lost(volume_after, usual_volume, share):
    """Lost: ordered nothing, or less than ``share`` % of its usual volume, afterwards."""
    if usual_volume <= 0:
        return False
    return volume_after <= 0 or volume_after < usual_volume * share / 100.0


def usual_volume(same_window_last_year, trailing_year, history_days, horizon_days):
    """What a customer usually orders in ``horizon_days``, judged on the day the window starts.

    A customer of more than a year: the mean of the same window one year earlier and its
    trailing-year rate, so that neither a seasonal low nor one odd year decides alone. A
    younger one: its rate since its first order. None under 30 days of history (too new
    to be lost)."""
    if history_days < 30:
        return None
    if history_days >= 365:
        rate_based = trailing_year * horizon_days / 365.0
        return (same_window_last_year + rate_based) / 2.0
    return trailing_year * horizon_days / float(history_days)


def backtest_summary(rows, as_of, top_share=0.10):
    """Quality of the warnings replayed as of ``as_of``.

    ``rows``: per customer (score, level, lost, first_high), ``first_high`` being the first
    replay date at which it was ``high`` (or None). Lead time: days from that first ``high``
    to ``as_of``, the start of the window in which the customer was lost."""
    scores = [row[0] for row in rows]
    outcomes = [bool(row[2]) for row in rows]
    flagged = [row for row in rows if row[1] == LEVEL_HIGH]
    lost_count = sum(outcomes)
    flagged_lost = sum(1 for row in flagged if row[2])
    leads = [(as_of - row[3]).days for row in rows if row[2] and row[3]]
    return {
        "customers": len(rows),
        "lost": lost_count,
        "auc": auc(scores, outcomes),
        "precision_top": precision_at_top(scores, outcomes, top_share),
        "high": len(flagged),
        "high_lost": flagged_lost,
        "precision_high": flagged_lost / len(flagged) if flagged else None,
        "recall_high": flagged_lost / lost_count if lost_count else None,
        "median_lead_days": median(leads) if leads else None,
    }


def calibration(probabilities, outcomes, bins=10):
    """Predicted against observed share lost, by group of equal size from the lowest
    predictions to the highest: [(customers, mean predicted, share lost)], probabilities 0-1.
    Well calibrated, the two columns agree."""
    pairs = sorted(zip(probabilities, outcomes, strict=True), key=lambda pair: pair[0])
    if not pairs:
        return []
    bins = max(1, min(bins, len(pairs)))
    groups = []
    for index in range(bins):
        chunk = pairs[index * len(pairs) // bins : (index + 1) * len(pairs) // bins]
        if chunk:
            groups.append(
                (
                    len(chunk),
                    sum(p for p, _o in chunk) / len(chunk),
                    sum(1 for _p, o in chunk if o) / len(chunk),
                )
            )
    return groups


def signal_lift(flags, outcomes):
    """{signal type: (customers flagged, share of them lost, lift)}: lift is that share over
    the share lost among all the customers judged; above 1 the signal points at leavers.
    ``flags``: per customer, the set of signal types it carried."""
    if not outcomes:
        return {}
    base = sum(1 for lost in outcomes if lost) / len(outcomes)
    counts = {}
    for carried, lost in zip(flags, outcomes, strict=True):
        for signal_type in carried:
            flagged, lost_count = counts.get(signal_type, (0, 0))
            counts[signal_type] = (flagged + 1, lost_count + (1 if lost else 0))
    return {
        signal_type: (
            flagged,
            lost_count / flagged,
            (lost_count / flagged) / base if base else None,
        )
        for signal_type, (flagged, lost_count) in counts.items()
    }
