"""Pure tests of the churn detectors on plain series: no Odoo needed."""

from datetime import date, timedelta

import pytest

from rules import churn, order_drop
from rules.churn import ChurnPolicy, Signal
from rules.order_drop import order_windows

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
    assert order_drop.detect_order_drop(orders, AS_OF) is None


def test_seasonal_customer_in_its_low_season_has_no_signal():
    orders = monthly(date(2023, 1, 1), AS_OF, seasonal)
    # April-June is far below its yearly average, but so was every April-June before
    assert order_drop.detect_order_drop(orders, AS_OF) is None


def test_seasonal_customer_dropping_in_its_low_season_is_caught():
    orders = monthly(date(2023, 1, 1), date(2026, 3, 31), seasonal)
    orders += [(date(2026, 5, 15), 300.0)]
    signal = order_drop.detect_order_drop(orders, AS_OF)
    assert signal.signal_type == churn.ORDER_DROP
    # last 90 days: 300; same 90 days averaged over 2023-2025: 3 x 1,000 = 3,000
    assert "Ordered 300 in the last 90 days against 3,000 on average" in signal.explanation
    assert "previous 3 years (-90%)" in signal.explanation
    assert signal.severity == 90


def test_real_drop_against_last_year():
    orders = monthly(date(2025, 1, 1), date(2026, 3, 31), lambda d: 4000)
    orders += [(date(2026, 5, 15), 1000.0)]
    signal = order_drop.detect_order_drop(orders, AS_OF)
    assert signal.explanation.startswith(
        "Ordered 1,000 in the last 90 days against 12,000 in the same 90 days last year (-92%)"
    )
    assert signal.severity == 92


def test_drop_below_threshold_does_not_fire():
    orders = monthly(date(2025, 1, 1), AS_OF, lambda d: 4000 if d < date(2026, 4, 1) else 2400)
    # 7,200 against 12,000: -40%, under the 50% threshold
    assert order_drop.detect_order_drop(orders, AS_OF) is None
    assert (
        order_drop.detect_order_drop(orders, AS_OF, ChurnPolicy(drop_threshold=30)).severity == 40
    )


def test_no_history_and_one_order_only_have_no_signal():
    assert order_drop.detect_order_drop([], AS_OF) is None
    assert order_drop.detect_order_drop([(date(2026, 1, 10), 9000.0)], AS_OF) is None


def test_short_history_uses_the_pooled_seasonal_index():
    everybody = monthly(date(2023, 1, 1), AS_OF, seasonal)
    index = order_drop.seasonal_index(everybody, AS_OF, 90)
    # two full years of history (mid-2024 to mid-2026): April-June hold 3 x 1,000 of
    # 5 x 1,000 + 7 x 8,000 a year, well below an average 90-day window
    assert index == pytest.approx((2 * 3000) / (2 * 61000) * 365 / 90)
    young = monthly(date(2025, 10, 1), date(2026, 3, 31), lambda d: 6000)
    # its own rate: 6 x 6,000 from its first order (15 October) to the window (1 April),
    # times 90 days, times the index
    windows = order_windows(AS_OF)
    summary = order_drop.summarize(young, windows)
    expected, method, _years = order_drop.expected_volume(summary, windows, pooled=index)
    assert method == "pooled"
    assert expected == pytest.approx(36000 / 168 * 90 * index)
    assert (
        order_drop.detect_order_drop(
            young + [(date(2026, 5, 15), 2000.0)], AS_OF, pooled_index=index
        )
        is None
    )
    signal = order_drop.detect_order_drop(young, AS_OF, pooled_index=index)
    assert "from its own rate and the season of all customers (-100%)" in signal.explanation


def test_pooled_index_of_summaries_is_the_index_of_all_their_orders():
    calendars = monthly(date(2023, 1, 1), AS_OF, seasonal)
    steady = monthly(date(2024, 3, 1), AS_OF, lambda d: 2500)
    young = monthly(date(2026, 1, 1), AS_OF, lambda d: 700)
    windows = order_windows(AS_OF)
    summaries = [order_drop.summarize(orders, windows) for orders in (calendars, steady, young)]
    pooled = order_drop.pooled_index(summaries, windows)
    assert pooled == pytest.approx(order_drop.seasonal_index(calendars + steady + young, AS_OF, 90))
    # the calendar printer weighs in: April-June is below an average window
    assert 0.3 < pooled < 1.0
    assert order_drop.pooled_index([order_drop.summarize([], windows)], windows) is None


def test_summary_ignores_orders_after_the_day_and_counts_days_once():
    windows = order_windows(AS_OF)
    orders = [(date(2026, 1, 5), 100.0), (date(2026, 1, 5), 50.0), (date(2026, 6, 1), 30.0)]
    summary = order_drop.summarize(orders + [(date(2026, 7, 2), 999.0)], windows)
    assert (summary.first, summary.recent, summary.before_total, summary.before_days) == (
        date(2026, 1, 5),
        30.0,
        150.0,
        1,
    )
    assert summary.same == (0.0, 0.0, 0.0) and summary.years == (0.0, 0.0, 0.0)


def test_a_customer_that_stops_is_a_volume_drop_only_the_rhythm_judges_its_silence():
    orders = monthly(date(2025, 1, 1), date(2026, 2, 28), lambda d: 4000)
    signal = order_drop.detect_order_drop(orders, AS_OF)
    assert signal.severity == 100
    assert signal.explanation.endswith("(-100%)")
    assert "No order for" not in signal.explanation


def test_the_rhythm_signal_is_its_chance_of_no_order_in_percent():
    message = "Ordered 3 times in 14 months"
    signal = churn.detect_purchase_rhythm(0.824, message)
    assert (signal.signal_type, signal.severity, signal.explanation) == (
        churn.PURCHASE_RHYTHM,
        82,
        message,
    )
    assert churn.detect_purchase_rhythm(0.094, message) is None
    assert churn.detect_purchase_rhythm(0.2, message, ChurnPolicy(rhythm_min_chance=25)) is None
    # alone, the score is that chance; other warnings add to it without passing 100
    assert churn.churn_score([signal]) == 82.0
    other = Signal(churn.COMPLAINT, 50, "two complaints")
    assert churn.churn_score([signal, other]) == pytest.approx(100 * (1 - 0.18 * 0.8), abs=0.1)


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


def test_an_empty_window_of_a_rare_orderer_is_no_volume_drop():
    as_of = date(2026, 11, 22)

    def irregular(last):
        # gaps alternate 30 and 120 days (one order every 75 days), the last ``last`` days ago
        days, day = [], as_of - timedelta(days=last)
        for k in range(9):
            days.append((day, 5000.0))
            day -= timedelta(days=30 if k % 2 else 120)
        return days

    windows = order_windows(as_of)
    usual = order_drop.usual_order_count(order_drop.summarize(irregular(100), windows), windows)
    assert usual == pytest.approx(1.33, abs=0.01)
    # silent for 100 or 200 days: its pace, not its volume, says whether that is news
    assert order_drop.detect_order_drop(irregular(100), as_of) is None
    assert order_drop.detect_order_drop(irregular(200), as_of) is None
