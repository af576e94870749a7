from datetime import date

import pytest

from rules import credit
from rules.credit import BRANCH, GENERAL, SALES, Exposure


@pytest.mark.parametrize(
    ("tier", "is_new", "is_foreign", "exception", "expected"),
    [
        ("a", False, False, False, "tier_a"),
        ("b", False, False, False, "tier_b"),
        ("c", False, False, False, "tier_c"),
        (False, False, False, False, "tier_c"),
        ("a", True, False, False, "new"),
        ("a", True, True, False, "foreign"),
        ("c", False, True, False, "foreign"),
        ("c", True, True, True, "exception"),
    ],
)
def test_term_rule(tier, is_new, is_foreign, exception, expected):
    assert credit.term_rule(tier, is_new, is_foreign, exception) == expected


def test_exception_holds_until_its_expiry_day():
    today = date(2026, 11, 22)
    assert credit.exception_active(date(2026, 11, 22), today)
    assert not credit.exception_active(date(2026, 11, 21), today)
    assert not credit.exception_active(None, today)


def test_approval_levels_and_skipping_upwards():
    assert credit.next_state(BRANCH, BRANCH) == ((BRANCH,), SALES)
    assert credit.next_state(SALES, SALES) == ((SALES,), GENERAL)
    assert credit.next_state(GENERAL, GENERAL) == ((GENERAL,), None)
    # a general manager at the first step approves all three levels at once
    assert credit.next_state(BRANCH, GENERAL) == ((BRANCH, SALES, GENERAL), None)
    assert credit.next_state(BRANCH, SALES) == ((BRANCH, SALES), GENERAL)
    with pytest.raises(ValueError):
        credit.next_state(SALES, BRANCH)


def _exposure(**kw):
    values = {"limit": 1000.0, "receivable": 300.0, "to_invoice": 200.0, "order": 0.0}
    values.update(overdue=0.0, overdue_days=0)
    values.update(kw)
    return Exposure(**values)


def test_exposure_and_excess():
    exposure = _exposure(order=600.0)
    assert exposure.total == 1100.0
    assert exposure.excess == 100.0
    assert exposure.available == 500.0
    assert _exposure(order=500.0).excess == 0.0  # exactly at the limit passes
    assert _exposure(limit=0.0, order=1e9).excess == 0.0  # no limit set
    assert _exposure(limit=0.0).available is None


def test_gates():
    assert credit.gates(_exposure(order=100.0), 100.0, 500000.0, False) == []
    assert credit.gates(_exposure(order=600.0), 600.0, 500000.0, False) == ["credit_limit"]
    assert credit.gates(_exposure(overdue=1.0, overdue_days=3), 1.0, 500000.0, False) == ["overdue"]
    assert credit.gates(_exposure(limit=0.0), 500000.01, 500000.0, True) == [
        "large_order",
        "branch_signoff",
    ]
    assert credit.gates(_exposure(limit=0.0), 500000.0, 500000.0, False) == []
    assert credit.gates(_exposure(limit=0.0), 1e12, 0.0, False) == []  # threshold off


def test_overpayment():
    assert credit.overpayment(100.0, 100.0) == 0.0
    assert credit.overpayment(100.004, 100.0) == 0.0
    assert credit.overpayment(150.0, 100.0) == 50.0
    assert credit.overpayment(150.0, 100.0, advance=True) == 0.0


def test_overdue_cutoff_leaves_the_grace_days():
    today = date(2026, 6, 30)
    assert credit.overdue_cutoff(today, 0) == today
    assert credit.overdue_cutoff(today, 7) == date(2026, 6, 23)
    # due on the cut-off day itself is not overdue yet: the queries compare with "<"
    assert not date(2026, 6, 23) < credit.overdue_cutoff(today, 7)
