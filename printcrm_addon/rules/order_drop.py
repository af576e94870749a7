# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The order-drop signal: a customer that keeps ordering but buys much less than its season
says (partial churn). A customer that stops ordering altogether is the purchase rhythm's case.

The detector reads one ``OrderSummary`` per customer: its volume in a few date windows
(``order_windows``). The batch computes the summaries in SQL, one aggregate over all
customers; ``summarize`` computes the same from a list of (date, amount) orders, for the
backtest of a single customer and for the tests.
"""

from dataclasses import dataclass
from datetime import timedelta

from .churn import ORDER_DROP, ChurnPolicy, Signal, _amount, _clamp
from .text import Message, _lt

POOLED_YEARS = 3  # years of every customer's orders behind the pooled seasonal index
DEFAULT_POLICY = ChurnPolicy()


@dataclass(frozen=True)
class Windows:
    """The (start, end] periods the order drop reads, as of a day.

    ``recent_start``: the window ends on ``as_of`` and starts here; orders on or before it
    are the customer's history. ``same``: the same calendar window 1, 2, ... years back.
    ``years``: the year ending 1, 2, ... years back (the pooled season's denominator)."""

    as_of: object
    recent_start: object
    same: tuple
    years: tuple


@dataclass(frozen=True)
class OrderSummary:
    """One customer's orders up to ``as_of``, in the periods of ``Windows``."""

    first: object  # its first order day, None without any order
    recent: float  # ordered in the window
    before_total: float  # ordered on or before the window's start
    before_days: int  # distinct order days on or before the window's start
    same: tuple  # ordered in each ``Windows.same`` period
    years: tuple  # ordered in each ``Windows.years`` period


def _shift_years(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def order_windows(as_of, policy=DEFAULT_POLICY):
    window = timedelta(days=policy.drop_window_days)
    backs = range(1, max(policy.drop_history_years, POOLED_YEARS) + 1)
    return Windows(
        as_of=as_of,
        recent_start=as_of - window,
        same=tuple(
            (_shift_years(as_of, back) - window, _shift_years(as_of, back)) for back in backs
        ),
        years=tuple(
            (_shift_years(as_of, back + 1), _shift_years(as_of, back))
            for back in range(1, POOLED_YEARS + 1)
        ),
    )


def _sum_between(orders, start, end):
    """Total of (date, amount) orders with start < date <= end."""
    return sum(amount for when, amount in orders if start < when <= end)


def summarize(orders, windows):
    """The ``OrderSummary`` of (date, amount) orders; orders after ``windows.as_of`` are
    ignored."""
    orders = [(when, amount) for when, amount in orders if when <= windows.as_of]
    before = {when for when, _amount in orders if when <= windows.recent_start}
    return OrderSummary(
        first=min((when for when, _amount in orders), default=None),
        recent=_sum_between(orders, windows.recent_start, windows.as_of),
        before_total=sum(amount for when, amount in orders if when <= windows.recent_start),
        before_days=len(before),
        same=tuple(_sum_between(orders, start, end) for start, end in windows.same),
        years=tuple(_sum_between(orders, start, end) for start, end in windows.years),
    )


def pooled_index(summaries, windows, policy=DEFAULT_POLICY):
    """Share of every customer's yearly volume that falls in the calendar window ending on
    ``as_of``'s day, in the previous years, scaled so that 1.0 is an average window. None
    without a full year of history."""
    firsts = [summary.first for summary in summaries if summary.first]
    if not firsts:
        return None
    first = min(firsts)
    window_total = year_total = 0.0
    for back, (start, _end) in enumerate(windows.years):
        if first > start:  # a partial year would distort the season
            break
        window_total += sum(summary.same[back] for summary in summaries)
        year_total += sum(summary.years[back] for summary in summaries)
    if year_total <= 0:
        return None
    return (window_total / year_total) * (365.0 / policy.drop_window_days)


def seasonal_index(all_orders, as_of, window_days):
    """``pooled_index`` of a plain list of (date, amount) orders of every customer."""
    policy = ChurnPolicy(drop_window_days=window_days)
    windows = order_windows(as_of, policy)
    return pooled_index([summarize(all_orders, windows)], windows, policy)


def expected_volume(summary, windows, policy=DEFAULT_POLICY, pooled=None):
    """What the customer would order in the window in a normal year.

    With at least one full year of history before the window: the mean of the same window
    in each previous year it was a customer (up to ``drop_history_years``). With less: its
    daily rate over its history times the window, times the pooled seasonal index of all
    customers. Returns (expected, method, years used); expected is None without enough
    history.
    """
    if not summary.before_days:
        return None, None, 0
    same_windows = []
    for start, _end in windows.same[: policy.drop_history_years]:
        if summary.first > start:
            break
        same_windows.append(summary.same[len(same_windows)])
    if same_windows:
        method = "last_year" if len(same_windows) == 1 else "years"
        return sum(same_windows) / len(same_windows), method, len(same_windows)
    history_days = (windows.recent_start - summary.first).days
    if history_days < policy.drop_window_days or summary.before_days < 2 or pooled is None:
        return None, None, 0
    rate = summary.before_total / history_days
    return rate * policy.drop_window_days * pooled, "pooled", 0


def usual_order_count(summary, windows, policy=DEFAULT_POLICY):
    """Orders (distinct days) the customer places in a window, from its history before it."""
    if not summary.before_days:
        return 0.0
    history = (windows.recent_start - summary.first).days
    return summary.before_days * policy.drop_window_days / history if history > 0 else 0.0


def detect(summary, windows, policy=DEFAULT_POLICY, pooled=None):
    """The order-drop signal of one customer's ``OrderSummary``, or None."""
    expected, method, years = expected_volume(summary, windows, policy, pooled)
    if not expected or expected <= policy.drop_min_expected:
        return None
    recent = summary.recent
    if recent <= 0 and usual_order_count(summary, windows, policy) < policy.drop_min_orders:
        # an empty window is no news for a customer that rarely orders: the purchase
        # rhythm judges its silence against its own pace
        return None
    change = (recent - expected) / expected * 100.0
    if -change < policy.drop_threshold:
        return None
    templates = {
        "last_year": _lt(
            "Ordered %(recent)s in the last %(days)s days against %(expected)s in the same "
            "%(days)s days last year (%(change)s%%)"
        ),
        "years": _lt(
            "Ordered %(recent)s in the last %(days)s days against %(expected)s on average in "
            "the same %(days)s days of the previous %(years)s years (%(change)s%%)"
        ),
        "pooled": _lt(
            "Ordered %(recent)s in the last %(days)s days against an expected %(expected)s "
            "from its own rate and the season of all customers (%(change)s%%)"
        ),
    }
    return Signal(
        ORDER_DROP,
        _clamp(-change),
        Message(
            templates[method],
            recent=_amount(recent),
            days=policy.drop_window_days,
            expected=_amount(expected),
            change=f"{change:.0f}",
            years=years,
        ),
    )


def detect_order_drop(orders, as_of, policy=DEFAULT_POLICY, pooled_index=None):
    """``detect`` on a plain list of (date, amount) orders of one customer."""
    windows = order_windows(as_of, policy)
    return detect(summarize(orders, windows), windows, policy, pooled_index)
