"""Pure tests of the purchase-rhythm model (BG/NBD): no Odoo needed."""

import random
from datetime import date, timedelta

import pytest

from rules import rhythm

AS_OF = date(2026, 11, 22)


def simulate(params, customers, weeks, seed=7):
    """Histories drawn from the model itself: rate ~ gamma(r, alpha), dropout p ~ beta(a, b)
    after each repeat order; everybody starts with an order in the first half of the span."""
    r, alpha, a, b = params
    rng = random.Random(seed)
    x, t_x, T = [], [], []
    for _i in range(customers):
        rate = rng.gammavariate(r, 1.0 / alpha)
        p = rng.betavariate(a, b)
        start = rng.uniform(0, weeks / 2)
        age = weeks - start
        now, last, repeats = 0.0, 0.0, 0
        while True:
            now += rng.expovariate(rate) if rate > 0 else age + 1
            if now > age:
                break
            repeats, last = repeats + 1, now
            if rng.random() < p:  # stops right after a repeat order
                break
        x.append(repeats)
        t_x.append(last)
        T.append(age)
    return x, t_x, T


def test_known_parameters_are_recovered_from_simulated_data():
    truth = (0.6, 8.0, 0.8, 2.5)
    fitted = rhythm.fit(*simulate(truth, customers=4000, weeks=104))
    r, alpha, a, b = fitted.as_tuple()
    # the purchase process is well identified; the dropout pair less so, its mean better
    assert r == pytest.approx(truth[0], rel=0.15)
    assert r / alpha == pytest.approx(truth[0] / truth[1], rel=0.15)
    assert a / (a + b) == pytest.approx(truth[2] / (truth[2] + truth[3]), rel=0.2)


def test_literature_values_on_a_small_cohort_shape():
    # a cohort whose likelihood is maximal near Fader, Hardie and Lee's CDNOW estimates
    fitted = rhythm.fit(*simulate((0.243, 4.414, 0.793, 2.426), customers=3000, weeks=78))
    assert 0.15 < fitted.r < 0.4


@pytest.fixture(scope="module")
def base():
    return rhythm.fit(*simulate((0.6, 8.0, 0.8, 2.5), customers=3000, weeks=104))


def weekly(first, last, every_days):
    days, day = [], first
    while day <= last:
        days.append(day)
        day += timedelta(days=every_days)
    return days


def test_history_counts_buying_occasions_in_weeks():
    days = [date(2026, 1, 5), date(2026, 1, 5), date(2026, 3, 2), date(2026, 12, 1)]
    x, t_x, T = rhythm.history(days, AS_OF)
    assert (x, t_x) == (1, 8.0)
    assert T == pytest.approx((AS_OF - date(2026, 1, 5)).days / 7)
    assert rhythm.history([date(2027, 1, 1)], AS_OF) is None


def test_a_one_order_customer_gets_the_base_answer(base):
    recent = rhythm.history([AS_OF - timedelta(days=14)], AS_OF)
    old = rhythm.history([AS_OF - timedelta(days=300)], AS_OF)
    p_recent = float(rhythm.p_no_order(base, *recent, 26))
    p_old = float(rhythm.p_no_order(base, *old, 26))
    # neither certain: one order says little; the longer the silence, the likelier it is gone
    assert 0.2 < p_recent < p_old < 1.0
    assert float(rhythm.p_alive(base, *old)) == 1.0  # BG/NBD: no dropout before a repeat


def test_a_clockwork_customer_who_stops_is_flagged_and_one_who_keeps_is_not(base):
    steady = weekly(AS_OF - timedelta(days=700), AS_OF - timedelta(days=10), 14)
    stopped = weekly(AS_OF - timedelta(days=700), AS_OF - timedelta(days=150), 14)
    p_steady = float(rhythm.p_no_order(base, *rhythm.history(steady, AS_OF), 26))
    p_stopped = float(rhythm.p_no_order(base, *rhythm.history(stopped, AS_OF), 26))
    assert p_steady < 0.05
    assert p_stopped > 0.9
    assert float(rhythm.p_alive(base, *rhythm.history(stopped, AS_OF))) < 0.1


def test_a_seasonal_customer_in_low_season_is_not_taken_for_lost(base):
    # orders every spring for three years; seven months since the last one
    seasonal = [date(2024, 4, 20), date(2025, 4, 18), date(2026, 4, 21)]
    monthly_then_silent = weekly(date(2024, 4, 20), date(2026, 4, 21), 30)
    p_seasonal = float(rhythm.p_no_order(base, *rhythm.history(seasonal, AS_OF), 26))
    p_monthly = float(rhythm.p_no_order(base, *rhythm.history(monthly_then_silent, AS_OF), 26))
    # the same seven months of silence mean little for a yearly buyer (its next order may well
    # come within the half year), everything for a monthly one
    assert p_seasonal < 0.8
    assert p_monthly > 0.9
    assert p_seasonal < p_monthly - 0.15


def test_auc_counts_ties_half():
    assert rhythm.auc([0.9, 0.1, 0.5, 0.5], [True, False, True, False]) == pytest.approx(0.875)
    assert rhythm.auc([1, 2], [True, True]) is None


def test_learned_weights_follow_what_predicted_the_outcome():
    rng = random.Random(3)
    features, lost = [], []
    for _i in range(2000):
        silence, noise = rng.gauss(0, 1), rng.gauss(0, 1)
        features.append((silence, noise, 0.0))
        lost.append(rng.random() < 1 / (1 + pow(2.718281828, -2.0 * silence)))
    weights = rhythm.fit_weights(features, lost, l2=0.1)
    _intercept, silence_w, noise_w, _constant = weights.coef
    assert silence_w == pytest.approx(2.0, rel=0.2)
    assert abs(noise_w) < 0.2
    assert weights.probability([(2.0, 0.0, 0.0)])[0] > 0.9


def test_the_answer_in_words_with_its_numbers(base):
    orders = [date(2025, 8, 20), date(2025, 12, 20), date(2026, 4, 20)]
    x, t_x, T = rhythm.history(orders, AS_OF)
    p = float(rhythm.p_no_order(base, x, t_x, T, 26))
    text = rhythm.explain(x, t_x, T, p, 26)
    assert text == (
        f"Ordered 3 times in 15 months, about every 4 months; 7 months since the last order: "
        f"{round(100 * p)}% chance of no order in the next 6 months"
    )
    assert text.params["count"] == 3
    once = rhythm.explain(*rhythm.history([date(2026, 8, 20)], AS_OF), 0.4, 26)
    assert once == "Ordered once, 3 months ago: 40% chance of no order in the next 6 months"


def test_a_frequent_buyers_pace_is_told_in_weeks():
    # 19 orders a month apart: "about every 4 weeks", not "about every 1 months"
    text = rhythm.explain(18, 78.0, 96.57, 0.63, 180 / 7)
    assert text.startswith("Ordered 19 times in 22 months, about every 4 weeks; 4 months")
