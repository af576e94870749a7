"""Pure tests of the backtest measures: AUC, precision, calibration, lift."""

from datetime import date

import pytest

from rules import backtest


def test_auc_precision_and_loss():
    assert backtest.auc([0.9, 0.8, 0.3, 0.1], [True, True, False, False]) == 1.0
    assert backtest.auc([0.1, 0.2, 0.8, 0.9], [True, True, False, False]) == 0.0
    assert backtest.auc([0.5, 0.5], [True, False]) == 0.5
    assert backtest.auc([0.5], [True]) is None
    scores = list(range(20))
    outcomes = [s >= 18 for s in scores]
    assert backtest.precision_at_top(scores, outcomes) == 1.0
    assert backtest.precision_at_top(scores, [s == 19 for s in scores]) == 0.5
    assert backtest.is_lost(0, 1000, 20)
    assert backtest.is_lost(150, 1000, 20)
    assert not backtest.is_lost(250, 1000, 20)
    assert not backtest.is_lost(0, 0, 20)


def test_usual_volume_blends_last_year_window_and_trailing_rate():
    # a customer of two years: same 180 days last year 600, trailing year 2,000
    assert backtest.usual_volume(600.0, 2000.0, 730, 180) == pytest.approx(
        (600 + 2000 * 180 / 365) / 2
    )
    # half a year old: its own rate since the first order
    assert backtest.usual_volume(0.0, 900.0, 180, 90) == pytest.approx(450.0)
    assert backtest.usual_volume(0.0, 900.0, 20, 90) is None


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
    summary = backtest.backtest_summary(rows, as_of, top_share=0.34)
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
    empty = backtest.backtest_summary([], as_of)
    assert empty["auc"] is None and empty["median_lead_days"] is None


def test_calibration_groups_from_lowest_to_highest_prediction():
    probabilities = [0.1, 0.9, 0.2, 0.8, 0.15, 0.85]
    outcomes = [False, True, False, True, True, False]
    groups = backtest.calibration(probabilities, outcomes, bins=2)
    assert [g[0] for g in groups] == [3, 3]
    assert groups[0][1] == pytest.approx(0.15)
    assert groups[0][2] == pytest.approx(1 / 3)
    assert groups[1][1] == pytest.approx(0.85)
    assert groups[1][2] == pytest.approx(2 / 3)
    assert backtest.calibration([], []) == []
    # fewer customers than groups: one group each
    assert len(backtest.calibration([0.5, 0.6], [True, False], bins=10)) == 2


def test_signal_lift_is_the_share_lost_among_the_flagged_over_the_base():
    flags = [{"a"}, {"a", "b"}, {"b"}, set(), set(), set()]
    outcomes = [True, True, False, False, True, False]  # base: half lost
    lift = backtest.signal_lift(flags, outcomes)
    assert lift["a"] == (2, 1.0, 2.0)
    assert lift["b"] == (2, 0.5, 1.0)
    assert "c" not in lift
    assert backtest.signal_lift([], []) == {}
