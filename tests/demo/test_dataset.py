from collections import Counter
from datetime import date, datetime

from demo import dataset, queues

TODAY = date(2026, 11, 22)


def _base():
    return dataset.generate(TODAY)


def test_same_seed_same_data_other_seed_other_data():
    assert dataset.summary(_base()) == dataset.summary(_base())
    first = [(o.date, o.lines) for o in _base()[20].orders]
    assert first == [(o.date, o.lines) for o in _base()[20].orders]
    other = dataset.generate(TODAY, seed=7)
    assert [c.ref for c in other] == [c.ref for c in _base()]
    assert other[dataset.PORTAL_INDEX].name == _base()[dataset.PORTAL_INDEX].name
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


def test_domestic_and_export_customers():
    base = _base()
    counts = dataset.summary(base)
    assert (counts["domestic"], counts["export"]) == (96, 74)
    assert Counter(c.country for c in base) == {
        "CN": 96,
        "HK": 19,
        "US": 16,
        "DE": 14,
        "JP": 13,
        "KR": 8,
        "TW": 4,
    }
    # the plants of foreign groups in China are domestic for the credit rules
    transfer = [c for c in base if c.channel == "transfer_export"]
    assert len(transfer) == 37
    assert all(not c.is_export and c.investor_country != "CN" for c in transfer)
    for customer in base:
        if customer.is_export:
            assert customer.salesperson == "tom"
            assert customer.city in dataset.CITIES[customer.country]
        else:
            assert customer.salesperson == "lily"
            assert customer.name.endswith("有限公司") and customer.city.endswith("市")
    assert len({c.name for c in base}) == len(base)


def test_portal_customer_is_a_large_punctual_domestic_account():
    portal = _base()[dataset.PORTAL_INDEX]
    assert (portal.ref, portal.name, portal.city) == ("PCD011", "东莞市华美电器有限公司", "东莞市")
    assert not portal.is_export
    assert portal.annual_volume == max(c.annual_volume for c in _base())
    assert all(
        o.invoice.paid_date is None or o.invoice.paid_date < o.invoice.due_date
        for o in portal.orders
        if o.invoice
    )


def test_confirmation_lead_time_history():
    orders = [o for c in _base() for o in c.orders]
    for order in orders:
        assert order.received_at < order.confirmed_at
        assert order.confirmed_at.date() == order.date
    recent = [o.confirm_hours for o in orders if o.date >= date(2026, 6, 1)]
    older = [o.confirm_hours for o in orders if o.date < date(2026, 5, 1)]
    assert sum(recent) / len(recent) < 8 < sum(older) / len(older)
    # Friday 9:00 minus 4 working hours is Thursday 14:00 (lunch 12-13 does not count)
    friday = datetime(2026, 11, 20, 9, 0)
    assert dataset.working_hours_before(friday, 4) == datetime(2026, 11, 19, 14, 0)


def test_queue_plan_one_request_per_state_and_distinct_customers():
    base = _base()
    plan = queues.plan(base, TODAY)
    assert [state for _i, state, _l in plan.credit_requests] == list(queues.CREDIT_REQUEST_STATES)
    assert len(plan.approval_quotes) == 7
    assert Counter(reason for _i, _a, reason in plan.approval_quotes) == {
        "overdue": 3,
        "large": 2,
        "signoff": 2,
    }
    assert all(a > 500_000 for _i, a, r in plan.approval_quotes if r == "large")
    assert (len(plan.late_quotes), len(plan.new_orders), len(plan.complaints)) == (5, 4, 10)
    used = [item[0] for items in vars(plan).values() for item in items]
    assert len(used) == len(set(used)) == 32
    assert dataset.PORTAL_INDEX not in used
    # both salespeople have work in every queue
    for items in (plan.credit_requests, plan.late_quotes, plan.complaints, plan.new_orders):
        assert {base[item[0]].salesperson for item in items} == {"lily", "tom"}
    overdue = queues.overdue_indices(base, TODAY)
    assert len(overdue) == 37
    assert all(i in overdue for i, _a, r in plan.approval_quotes if r == "overdue")
    assert sum(1 for row in queues.COMPLAINTS if row[3] in ("new", "in_progress")) == 8
