"""Pure tests of the churn detectors on plain series: no Odoo needed."""

from datetime import date, timedelta

import pytest

from rules import churn
from rules.churn import ChurnPolicy, Signal

AS_OF = date(2026, 6, 30)


def monthly(start, end, amount_of_month):
    """One order on the 15th of each month from ``start`` to ``end`` (inclusive)."""
    orders, day = [], date(start.year, start.month, 15)
    while day <= end:
        amount = amount_of_month(day)
        if amount:
            orders.append((day, float(amount)))
        month = day.month % 12 + 1
        day = date(day.year + (day.month == 12), month, 15)
    return orders


def seasonal(day):
    # a printer of calendars: busy in autumn, almost idle from March to July
    return 1000 if day.month in (3, 4, 5, 6, 7) else 8000


# --- order drop ----
def test_steady_customer_has_no_signal():
    orders = monthly(date(2023, 1, 1), AS_OF, lambda d: 5000)
    assert churn.detect_order_drop(orders, AS_OF) is None


def test_seasonal_customer_in_its_low_season_has_no_signal():
    orders = monthly(date(2023, 1, 1), AS_OF, seasonal)
    # April-June is far below its yearly average, but so was every April-June before
    assert churn.detect_order_drop(orders, AS_OF) is None


def test_seasonal_customer_dropping_in_its_low_season_is_caught():
    orders = monthly(date(2023, 1, 1), date(2026, 3, 31), seasonal)
    orders += [(date(2026, 5, 15), 300.0)]
    signal = churn.detect_order_drop(orders, AS_OF)
    assert signal.signal_type == churn.ORDER_DROP
    # last 90 days: 300; same 90 days averaged over 2023-2025: 3 x 1,000 = 3,000
    assert "Ordered 300 in the last 90 days against 3,000 on average" in signal.explanation
    assert "previous 3 years (-90%)" in signal.explanation
    assert signal.severity == 90


def test_real_drop_against_last_year():
    orders = monthly(date(2025, 1, 1), date(2026, 3, 31), lambda d: 4000)
    orders += [(date(2026, 5, 15), 1000.0)]
    signal = churn.detect_order_drop(orders, AS_OF)
    assert signal.explanation.startswith(
        "Ordered 1,000 in the last 90 days against 12,000 in the same 90 days last year (-92%)"
    )
    assert signal.severity == 92


def test_drop_below_threshold_does_not_fire():
    orders = monthly(date(2025, 1, 1), AS_OF, lambda d: 4000 if d < date(2026, 4, 1) else 2400)
    # 7,200 against 12,000: -40%, under the 50% threshold
    assert churn.detect_order_drop(orders, AS_OF) is None
    assert churn.detect_order_drop(orders, AS_OF, ChurnPolicy(drop_threshold=30)).severity == 40


def test_no_history_and_one_order_only_have_no_signal():
    assert churn.detect_order_drop([], AS_OF) is None
    assert churn.detect_order_drop([(date(2026, 1, 10), 9000.0)], AS_OF) is None


def test_short_history_uses_the_pooled_seasonal_index():
    everybody = monthly(date(2023, 1, 1), AS_OF, seasonal)
    index = churn.seasonal_index(everybody, AS_OF, 90)
    # two full years of history (mid-2024 to mid-2026): April-June hold 3 x 1,000 of
    # 5 x 1,000 + 7 x 8,000 a year, well below an average 90-day window
    assert index == pytest.approx((2 * 3000) / (2 * 61000) * 365 / 90)
    young = monthly(date(2025, 10, 1), date(2026, 3, 31), lambda d: 6000)
    # its own rate: 6 x 6,000 from its first order (15 October) to the window (1 April),
    # times 90 days, times the index
    expected, method, _years = churn.expected_volume(young, AS_OF, pooled_index=index)
    assert method == "pooled"
    assert expected == pytest.approx(36000 / 168 * 90 * index)
    assert (
        churn.detect_order_drop(young + [(date(2026, 5, 15), 2000.0)], AS_OF, pooled_index=index)
        is None
    )
    signal = churn.detect_order_drop(young, AS_OF, pooled_index=index)
    assert "from its own rate and the season of all customers (-100%)" in signal.explanation


def test_irregular_orderer_is_overdue_only_past_its_own_90th_percentile_gap():
    gaps = [10, 45, 20, 80, 15, 60, 30, 25, 90, 12]
    day, orders = date(2025, 1, 1), []
    for gap in gaps:
        orders.append((day, 500.0))
        day += timedelta(days=gap)
    orders.append((day, 500.0))
    last = day
    usual = churn.percentile(gaps, 0.9)
    assert usual == pytest.approx(81.0)
    policy = ChurnPolicy(drop_threshold=101)  # volume drop off: only the reorder rule
    assert churn.detect_order_drop(orders, last + timedelta(days=80), policy) is None
    signal = churn.detect_order_drop(orders, last + timedelta(days=120), policy)
    assert signal.explanation == (
        "No order for 120 days while it usually reorders within 81 days "
        "(90th percentile of 10 gaps)"
    )
    assert signal.severity == 74


def test_volume_drop_and_reorder_are_one_signal_with_both_sentences():
    orders = monthly(date(2025, 1, 1), date(2026, 2, 28), lambda d: 4000)
    signal = churn.detect_order_drop(orders, AS_OF)
    assert signal.severity == 100
    assert "(-100%); No order for 135 days" in signal.explanation


# --- overdue payment ----
def test_overdue_payment_grows_with_age_and_reminders():
    items = [(1200.0, AS_OF - timedelta(days=45)), (2000.0, AS_OF - timedelta(days=10))]
    items.append((500.0, AS_OF + timedelta(days=5)))  # not due yet
    signal = churn.detect_overdue_payment(items, 2, AS_OF)
    assert signal.explanation == (
        "2 invoices overdue for 3,200, the oldest 45 days past due, after 2 reminders"
    )
    assert signal.severity == 30 + 25 + 20
    assert churn.detect_overdue_payment(items, 0, AS_OF).severity == 55
    assert churn.detect_overdue_payment(items[2:], 3, AS_OF) is None
    assert churn.detect_overdue_payment([], 0, AS_OF) is None


# --- no response ----
def test_no_response_needs_outbound_without_any_answer():
    assert churn.detect_no_response(2, 0, 0, 40) is None  # too few attempts
    assert churn.detect_no_response(5, 1, 0, 3) is None  # the customer wrote
    assert churn.detect_no_response(5, 0, 1, 40) is None  # a meeting took place
    signal = churn.detect_no_response(5, 0, 0, 45)
    assert signal.explanation == (
        "5 e-mails, calls or activities in the last 30 days and no reply or meeting; "
        "last reply 45 days ago"
    )
    assert signal.severity == 40 + 20 + 10
    assert "never wrote back" in churn.detect_no_response(3, 0, 0, None).explanation


# --- complaints ----
def test_complaints_weighted_by_severity_and_open_ones():
    complaints = [
        (AS_OF - timedelta(days=5), "high", True),
        (AS_OF - timedelta(days=40), "low", False),
        (AS_OF - timedelta(days=200), "high", True),  # outside the window
    ]
    signal = churn.detect_complaints(complaints, AS_OF)
    assert signal.explanation == (
        "2 complaints in the last 90 days (1 of high severity), 1 still open"
    )
    assert signal.severity == round(15 * (3 * 1.5 + 1))
    assert churn.detect_complaints(complaints[2:], AS_OF) is None


# --- discount pressure ----
def test_discount_pressure_needs_repetition_or_a_loss_on_price():
    assert churn.detect_discount_pressure(1, 15.0, 0) is None
    signal = churn.detect_discount_pressure(3, 18.0, 1)
    assert signal.explanation == (
        "3 quotations with discounts above 10% (up to 18%) and 1 deals lost on price "
        "in the last 90 days"
    )
    assert signal.severity == 100
    assert churn.detect_discount_pressure(1, 15.0, 1).severity == 35


# --- demand tightening ----
def test_demand_tightening_against_the_customers_median_lead_time():
    history = [(AS_OF - timedelta(days=d), 21) for d in (300, 250, 200, 150)]
    recent = [(AS_OF - timedelta(days=d), 7) for d in (60, 30, 10)]
    signal = churn.detect_demand_tightening(history + recent, 0, AS_OF)
    assert signal.explanation == (
        "asked for delivery within 7 days on 3 recent orders against its usual 21 days (-67%)"
    )
    assert signal.severity == 67
    both = churn.detect_demand_tightening(history + recent, 1, AS_OF)
    assert both.severity == 87
    assert both.explanation.endswith("; 1 quality complaints in the last 90 days")
    assert churn.detect_demand_tightening(history, 0, AS_OF) is None
    assert churn.detect_demand_tightening(recent, 0, AS_OF) is None  # no usual lead time


# --- score, level, trend ----
def test_score_is_a_noisy_or_of_weighted_severities():
    drop = Signal(churn.ORDER_DROP, 100, "")
    overdue = Signal(churn.OVERDUE_PAYMENT, 50, "")
    assert churn.churn_score([]) == 0
    assert churn.churn_score([drop]) == 80.0
    assert churn.churn_score([drop, overdue]) == pytest.approx(100 * (1 - 0.2 * 0.7), abs=0.05)
    assert churn.churn_level(80.0) == churn.LEVEL_HIGH
    assert churn.churn_level(59.9) == churn.LEVEL_MEDIUM
    assert churn.churn_level(29.9) == churn.LEVEL_LOW


def test_trend_and_entry_into_high():
    assert churn.churn_trend(50, None) == churn.TREND_FLAT
    assert churn.churn_trend(50, 46) == churn.TREND_FLAT
    assert churn.churn_trend(50, 40) == churn.TREND_UP
    assert churn.churn_trend(30, 40) == churn.TREND_DOWN
    assert churn.entered_high("high", "medium")
    assert not churn.entered_high("high", "high")
    assert not churn.entered_high("medium", None)


# --- backtest measures ----
def test_auc_precision_and_loss():
    assert churn.auc([0.9, 0.8, 0.3, 0.1], [True, True, False, False]) == 1.0
    assert churn.auc([0.1, 0.2, 0.8, 0.9], [True, True, False, False]) == 0.0
    assert churn.auc([0.5, 0.5], [True, False]) == 0.5
    assert churn.auc([0.5], [True]) is None
    scores = list(range(20))
    outcomes = [s >= 18 for s in scores]
    assert churn.precision_at_top(scores, outcomes) == 1.0
    assert churn.precision_at_top(scores, [s == 19 for s in scores]) == 0.5
    assert churn.is_lost(0, 1000, 20)
    assert churn.is_lost(150, 1000, 20)
    assert not churn.is_lost(250, 1000, 20)
    assert not churn.is_lost(0, 0, 20)


def test_usual_volume_blends_last_year_window_and_trailing_rate():
    # a customer of two years: same 180 days last year 600, trailing year 2,000
    assert churn.usual_volume(600.0, 2000.0, 730, 180) == pytest.approx(
        (600 + 2000 * 180 / 365) / 2
    )
    # half a year old: its own rate since the first order
    assert churn.usual_volume(0.0, 900.0, 180, 90) == pytest.approx(450.0)
    assert churn.usual_volume(0.0, 900.0, 20, 90) is None


def test_backtest_summary_counts_precision_and_median_lead():
    as_of = date(2026, 1, 1)
    rows = [
        (90.0, "high", True, date(2025, 10, 3)),  # warned 90 days ahead
        (80.0, "high", True, date(2025, 12, 2)),  # 30 days ahead
        (70.0, "high", False, date(2025, 12, 2)),
        (40.0, "medium", True, None),
        (10.0, "low", False, None),
        (0.0, "low", False, None),
    ]
    summary = churn.backtest_summary(rows, as_of, top_share=0.34)
    assert summary["customers"] == 6
    assert summary["lost"] == 3
    assert summary["high"] == 3
    assert summary["high_lost"] == 2
    assert summary["precision_high"] == pytest.approx(2 / 3)
    assert summary["recall_high"] == pytest.approx(2 / 3)
    assert summary["precision_top"] == 1.0  # top 2 of 6 both lost
    # lost scores 90, 80, 40 against kept 70, 10, 0: 8 of 9 pairs ordered right
    assert summary["auc"] == pytest.approx(8 / 9)
    assert summary["median_lead_days"] == 60
    empty = churn.backtest_summary([], as_of)
    assert empty["auc"] is None and empty["median_lead_days"] is None


# --- complaint deadlines ----
def test_complaint_deadlines_by_tier_and_severity():
    from datetime import datetime

    from rules.complaint import deadlines, is_overdue

    opened = datetime(2026, 6, 26, 9, 0)  # a Friday
    assert deadlines(opened, "a", "medium") == (datetime(2026, 6, 27, 9), datetime(2026, 6, 29, 9))
    assert deadlines(opened, "b", "low") == (datetime(2026, 6, 28, 9), datetime(2026, 7, 1, 9))
    assert deadlines(opened, False, "low") == (datetime(2026, 6, 29, 9), datetime(2026, 7, 3, 9))
    assert deadlines(opened, "c", "high") == (
        datetime(2026, 6, 27, 21),
        datetime(2026, 6, 29, 21),
    )
    response, resolution = deadlines(opened, "a", "medium")
    late_answer = datetime(2026, 6, 27, 10)
    assert is_overdue(late_answer, "new", None, response, resolution)
    assert not is_overdue(late_answer, "in_progress", opened, response, resolution)
    assert is_overdue(datetime(2026, 6, 29, 10), "in_progress", opened, response, resolution)
    assert not is_overdue(datetime(2026, 7, 29), "resolved", opened, response, resolution)


def test_an_empty_window_of_a_rare_orderer_is_left_to_its_reorder_gap():
    as_of = date(2026, 11, 22)

    def irregular(last):
        # gaps alternate 30 and 120 days (one order every 75 days), the last ``last`` days ago
        days, day = [], as_of - timedelta(days=last)
        for k in range(9):
            days.append((day, 5000.0))
            day -= timedelta(days=30 if k % 2 else 120)
        return days

    orders = irregular(100)
    assert churn._usual_order_count(orders, as_of, 90) == pytest.approx(1.33, abs=0.01)
    assert churn.detect_order_drop(orders, as_of) is None
    # the same customer silent for 200 days is overdue against its own 120-day gap
    signal = churn.detect_order_drop(irregular(200), as_of)
    assert signal.explanation.startswith(
        "No order for 200 days while it usually reorders within 120"
    )
