from datetime import date, timedelta

from rules import dispatch
from rules.dispatch import dispatch_state


def test_state_follows_what_was_launched():
    assert dispatch_state([], [], 100, 0, False) == dispatch.WAITING
    assert dispatch_state(["waiting"], ["confirmed"], 100, 0, False) == dispatch.IN_PRODUCTION
    assert dispatch_state(["waiting"], ["done"], 100, 0, False) == dispatch.WAITING
    assert dispatch_state(["assigned"], ["done"], 100, 0, False) == dispatch.READY
    assert dispatch_state(["done", "assigned"], [], 100, 40, False) == dispatch.PARTIALLY_SHIPPED
    assert dispatch_state(["done"], ["done"], 100, 100, False) == dispatch.SHIPPED
    assert dispatch_state(["done"], ["done"], 100, 100, True) == dispatch.INVOICED
    # invoiced in advance (prepayment) is still only ready until it ships
    assert dispatch_state(["assigned"], [], 100, 0, True) == dispatch.READY


def test_customer_may_change_until_production_starts():
    assert dispatch.can_change(dispatch.WAITING, [])
    assert dispatch.can_change(dispatch.IN_PRODUCTION, ["confirmed"])
    assert not dispatch.can_change(dispatch.IN_PRODUCTION, ["confirmed", "progress"])
    assert not dispatch.can_change(dispatch.READY, ["done"])
    assert not dispatch.can_change(dispatch.SHIPPED, [])


def test_earliest_date_by_source():
    today = date(2026, 11, 20)
    assert dispatch.earliest_date(today, 10, 25, "manufacture", 12, 1) == (
        "stock",
        date(2026, 11, 21),
    )
    assert dispatch.earliest_date(today, 30, 25, "manufacture", 12, 1) == (
        "manufacture",
        date(2026, 12, 3),
    )
    assert dispatch.earliest_date(today, 30, 0, "purchase", 5) == ("purchase", date(2026, 11, 25))
    # no route can supply what stock lacks: no date is proposed, not today
    assert dispatch.earliest_date(today, 30, 0, "none", 5) == ("none", None)
    assert dispatch.earliest_date(today, 30, 30, "none", 5, 2)[1] == today + timedelta(days=2)


def test_export_is_another_country():
    assert dispatch.is_export("VN", "CN")
    assert not dispatch.is_export("CN", "CN")
    assert not dispatch.is_export(False, "CN")
