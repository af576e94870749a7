"""Pure tests of the tiering rules: no Odoo needed."""

from datetime import date

import pytest

from rules.tiering import (
    PolicyError,
    TierPolicy,
    classify,
    competition_ranks,
    drop_candidates,
    is_new_customer,
    margin_rate,
    months_ago,
    payment_rate,
    ranking_table,
    tier_score,
)

TODAY = date(2026, 11, 22)


# --- score formula -----------------------------------------------------------------------


def test_score_is_the_product_of_the_four_factors():
    # 1,000,000 sales x 12 % margin x 90 % cooperation x 80 % payment
    assert tier_score(1_000_000, 0.12, 90, 80) == pytest.approx(86_400)


def test_zero_sales_scores_zero():
    assert tier_score(0, 0.3, 100, 100) == 0


def test_negative_margin_gives_negative_score():
    assert tier_score(500_000, -0.05, 100, 100) == pytest.approx(-25_000)


def test_two_negative_factors_still_score_negative():
    # Taken literally the product would be +5,000: the rule forces the sign negative.
    assert tier_score(100_000, -0.05, -100, 100) == pytest.approx(-5_000)


def test_negative_cooperation_alone_is_negative():
    assert tier_score(100_000, 0.1, -50, 100) == pytest.approx(-5_000)


def test_margin_rate_handles_no_sales():
    assert margin_rate(0, 0) == 0
    assert margin_rate(200, 50) == pytest.approx(0.25)
    assert margin_rate(200, -20) == pytest.approx(-0.1)


# --- payment behaviour -------------------------------------------------------------------


def test_payment_rate_nothing_due_is_neutral():
    assert payment_rate(0, [], 90) == 100.0


def test_payment_rate_on_time_is_full():
    assert payment_rate(1000, [(1000, 0)], 90) == 100.0


def test_payment_rate_weighs_days_late():
    # half paid on time, half paid 45 days late on a 90-day horizon: 50 + 25
    assert payment_rate(1000, [(500, 0), (500, 45)], 90) == 75.0


def test_payment_rate_unpaid_beyond_horizon_earns_nothing():
    assert payment_rate(1000, [(400, 0), (600, 200)], 90) == 40.0


def test_payment_rate_rejects_bad_horizon():
    with pytest.raises(PolicyError):
        payment_rate(100, [], 0)


# --- new customer boundaries -------------------------------------------------------------


def test_no_order_is_new():
    assert is_new_customer(None, 0, TODAY)


def test_exactly_six_orders_is_new_seven_is_not():
    old = date(2020, 1, 1)
    assert is_new_customer(old, 6, TODAY)
    assert not is_new_customer(old, 7, TODAY)


def test_exactly_six_months_is_no_longer_new():
    assert not is_new_customer(date(2026, 5, 22), 7, TODAY)
    assert is_new_customer(date(2026, 5, 23), 7, TODAY)


def test_new_customer_numbers_are_configurable():
    assert is_new_customer(date(2026, 1, 1), 20, TODAY, months=12, max_orders=3)
    assert not is_new_customer(date(2025, 1, 1), 4, TODAY, months=12, max_orders=3)


def test_window_start_and_negative_window():
    assert months_ago(TODAY, 12) == date(2025, 11, 22)
    with pytest.raises(PolicyError):
        months_ago(TODAY, 0)
    with pytest.raises(PolicyError):
        months_ago(TODAY, -3)


# --- classification ------------------------------------------------------------------------


def _scores(*values):
    return {i + 1: v for i, v in enumerate(values)}


def test_empty_base():
    assert classify({}, TierPolicy()) == {}
    assert ranking_table({}) == []


def test_one_customer_is_a():
    assert classify({7: 100.0}, TierPolicy()) == {7: "a"}


def test_one_customer_with_zero_score_is_c():
    assert classify({7: 0.0}, TierPolicy()) == {7: "c"}


def test_count_share_default_10_30_60():
    scores = _scores(*range(100, 0, -10))  # 10 customers, distinct scores
    tiers = classify(scores, TierPolicy())
    assert [tiers[k] for k in sorted(tiers)] == ["a"] + ["b"] * 3 + ["c"] * 6


def test_count_share_on_a_larger_base_matches_shares():
    scores = _scores(*range(200, 0, -1))
    tiers = list(classify(scores, TierPolicy()).values())
    assert (tiers.count("a"), tiers.count("b"), tiers.count("c")) == (20, 60, 120)


def test_all_scores_equal_never_split():
    tiers = classify(_scores(*[50.0] * 10), TierPolicy())
    assert set(tiers.values()) == {"a"}


def test_tie_at_a_boundary_takes_the_better_class_together():
    # 10 customers, one A slot, but the top two tie: both A, and B still ends at rank 4.
    scores = _scores(100, 100, 80, 70, 60, 50, 40, 30, 20, 10)
    tiers = classify(scores, TierPolicy())
    assert [tiers[k] for k in sorted(tiers)] == ["a", "a", "b", "b", "c", "c", "c", "c", "c", "c"]


def test_tie_straddling_b_c_boundary():
    scores = _scores(100, 90, 80, 70, 70, 70, 40, 30, 20, 10)
    tiers = classify(scores, TierPolicy())
    assert [tiers[k] for k in (4, 5, 6)] == ["b", "b", "b"]
    assert tiers[7] == "c"


def test_negative_and_zero_scores_are_always_c():
    scores = _scores(-5, 0, -1)
    assert set(classify(scores, TierPolicy()).values()) == {"c"}
    threshold = TierPolicy(method="threshold", a_threshold=10, b_threshold=0)
    assert classify({1: 0.0, 2: -3.0, 3: 5.0}, threshold) == {1: "c", 2: "c", 3: "b"}


def test_cumulative_share():
    # total 100: 50 -> A (0 % above), 30 -> A (50 % above), 15 -> B (80 %), 4 -> C (95 %)
    scores = _scores(50, 30, 15, 4, 1)
    policy = TierPolicy(method="cumulative_share")
    tiers = classify(scores, policy)
    assert [tiers[k] for k in sorted(tiers)] == ["a", "a", "b", "c", "c"]


def test_cumulative_share_ignores_negative_scores_in_total():
    scores = _scores(50, 30, 15, 4, 1, -1000)
    tiers = classify(scores, TierPolicy(method="cumulative_share"))
    assert tiers[2] == "a" and tiers[6] == "c"


def test_threshold_method():
    policy = TierPolicy(method="threshold", a_threshold=1000, b_threshold=100)
    tiers = classify({1: 1000.0, 2: 999.0, 3: 100.0, 4: 99.0}, policy)
    assert tiers == {1: "a", 2: "b", 3: "b", 4: "c"}


@pytest.mark.parametrize(
    "policy",
    [
        TierPolicy(a_share=-1),
        TierPolicy(a_share=101),
        TierPolicy(a_share=60, b_share=50),
        TierPolicy(method="cumulative_share", a_cumulative=95, b_cumulative=80),
        TierPolicy(method="cumulative_share", a_cumulative=0),
        TierPolicy(method="threshold", a_threshold=10, b_threshold=20),
        TierPolicy(method="threshold", a_threshold=10, b_threshold=-1),
        TierPolicy(method="nonsense"),
    ],
)
def test_bad_policies_are_refused(policy):
    assert policy.problems()
    with pytest.raises(PolicyError):
        classify({1: 1.0}, policy)


# --- ranking table and drop candidates ----------------------------------------------------------


def test_competition_ranks():
    assert competition_ranks({1: 10, 2: 20, 3: 20, 4: 5}) == {2: 1, 3: 1, 1: 3, 4: 4}


def test_ranking_table_shares():
    rows = ranking_table({1: 60.0, 2: 30.0, 3: 10.0, 4: -10.0})
    assert [(r.key, r.rank) for r in rows] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert [r.share for r in rows] == [60.0, 30.0, 10.0, 0.0]
    assert [r.cumulative_share for r in rows] == [60.0, 90.0, 100.0, 100.0]


def test_a_loss_takes_no_share_whatever_its_size():
    # a large negative score against a small positive total: no -900 % share
    rows = ranking_table({1: 1500.0, 2: 500.0, 3: 0.0, 4: -18_000.0})
    assert [r.share for r in rows] == [75.0, 25.0, 0.0, 0.0]
    assert [r.cumulative_share for r in rows] == [75.0, 100.0, 100.0, 100.0]
    assert [r.rank for r in rows] == [1, 2, 3, 4]


def test_drop_candidates():
    scores = _scores(100, 90, 80, 70, 60, 50, 40, 30, 20, -10)
    tiers = classify(scores, TierPolicy())
    previous = {9: 25.0, 8: 30.0}
    # bottom 20 % = ranks 9 and 10; 10 is negative; 9 fell from 25 to 20: no improvement
    assert drop_candidates(scores, tiers, previous, 20) == {9, 10}
    # 9 improved since last run: kept
    assert drop_candidates(scores, tiers, {9: 10.0}, 20) == {10}
    # negative scores are candidates even with no bottom share
    assert drop_candidates(scores, tiers, previous, 0) == {10}
