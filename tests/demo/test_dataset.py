from collections import Counter
from datetime import date

from demo import dataset

TODAY = date(2026, 11, 22)


def _base():
    return dataset.generate(TODAY)


def test_same_seed_same_data_other_seed_other_data():
    assert dataset.summary(_base()) == dataset.summary(_base())
    first = [(o.date, o.lines) for o in _base()[20].orders]
    assert first == [(o.date, o.lines) for o in _base()[20].orders]
    other = dataset.generate(TODAY, seed=7)
    assert [c.name for c in other] == [c.name for c in _base()]
    assert dataset.summary(other) != dataset.summary(_base())


def test_size_and_span():
    base = _base()
    counts = dataset.summary(base)
    assert counts["customers"] >= 150
    assert counts["orders"] > 2000
    dates = [o.date for c in base for o in c.orders]
    assert min(dates) >= date(2023, 12, 1)
    assert max(dates) <= TODAY
    assert (max(dates) - min(dates)).days > 3 * 365 - 40


def test_every_pattern_is_present():
    patterns = Counter(c.pattern for c in _base())
    for pattern in ("steady", "seasonal", "growing", "declining", "new", "lost", "paused"):
        assert patterns[pattern] >= 1, pattern


def test_paused_customer_skips_exactly_one_month():
    paused = next(c for c in _base() if c.pattern == "paused")
    months = {(o.date.year, o.date.month) for o in paused.orders}
    assert (2026, 8) not in months
    assert {(2026, 7), (2026, 9), (2026, 10)} <= months


def test_growing_and_declining_customers_move_as_named():
    def yearly(customer, year_index):
        start = date(2023 + year_index, 12, 1)
        end = date(2024 + year_index, 12, 1)
        return sum(o.amount for o in customer.orders if start <= o.date < end)

    # a small customer orders three times a year, so the trend shows on the group
    base = _base()
    declining = [c for c in base if c.pattern == "declining"]
    assert sum(yearly(c, 2) for c in declining) < 0.5 * sum(yearly(c, 0) for c in declining)
    growing = [c for c in base if c.pattern == "growing"]
    last = sum(yearly(c, 2) for c in growing)
    before = sum(yearly(c, 1) for c in growing)
    assert last > 1.3 * before


def test_negative_margins_late_and_unpaid_invoices():
    base = _base()
    below_cost = [c for c in base if c.margin_factor < 0]
    assert len(below_cost) >= 5
    for customer in below_cost:
        for order in customer.orders:
            assert all(cost > price for _p, _q, price, cost in order.lines)
    counts = dataset.summary(base)
    assert counts["late"] > 100
    assert counts["unpaid"] > 20
    overdue = [
        o.invoice
        for c in base
        for o in c.orders
        if o.invoice and o.invoice.paid_date is None and o.invoice.due_date < TODAY
    ]
    assert overdue


def test_lost_customers_stop_ordering():
    for customer in _base():
        if customer.pattern == "lost" and customer.orders:
            assert max(o.date for o in customer.orders) < date(2026, 6, 1)
