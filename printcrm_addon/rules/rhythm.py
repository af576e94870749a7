# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Purchase rhythm: the BG/NBD model of repeat buying (Fader, Hardie and Lee, "Counting your
customers the easy way", Marketing Science 24(2), 2005).

While a customer is active it orders at its own rate (Poisson; the rates of a company's
customers follow a gamma distribution, parameters r and alpha); after each order it may stop
for good (probability p, beta-distributed over the customers, parameters a and b). The four
parameters are fitted by maximum likelihood on the company's own customers; each customer's
answer is then its own history weighed against the whole base, so that a customer with two
orders gets a sensible answer.

Per customer the model needs ``x`` (repeat orders: orders after the first), ``t_x`` (time of
the last order, counted from the first) and ``T`` (time from the first order to the day of
the analysis), all in the same unit (here weeks). Plain functions; numpy and scipy only.
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln

from .text import Message, _lt

WEEK = 7.0  # days
WEEKS_PER_MONTH = 365.25 / 12 / WEEK


@dataclass(frozen=True)
class Rhythm:
    """Fitted BG/NBD parameters of one company's base."""

    r: float
    alpha: float
    a: float
    b: float

    def as_tuple(self):
        return (self.r, self.alpha, self.a, self.b)


# Fader, Hardie and Lee's estimates on the CDNOW panel (weeks): the stand-in while a company
# has too few customers to fit its own
REFERENCE = Rhythm(0.243, 4.414, 0.793, 2.426)


def log_likelihood(params, x, t_x, T, weights=None):
    """Sum of the customers' log-likelihoods (numpy arrays ``x``, ``t_x``, ``T``)."""
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    common = gammaln(r + x) - gammaln(r) + r * math.log(alpha)
    # still active at T: no dropout after the last order, no order since
    active = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    # stopped right after the last order (only possible after a repeat order)
    with np.errstate(divide="ignore", invalid="ignore"):
        stopped = np.where(
            x > 0,
            betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    per_customer = common + np.logaddexp(active, stopped)
    if weights is not None:
        per_customer = per_customer * np.asarray(weights, dtype=float)
    return float(np.sum(per_customer))


def fit(x, t_x, T, start=(1.0, 10.0, 1.0, 3.0)):
    """Maximum likelihood parameters for the customers given (one entry per customer)."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    if len(x) < 2:
        raise ValueError("at least two customers are needed to fit the purchase rhythm")
    # customers with the same history count once, with a weight: far fewer evaluations
    rows, weights = np.unique(np.stack([x, t_x, T], axis=1), axis=0, return_counts=True)

    def cost(log_params):
        with np.errstate(over="ignore", invalid="ignore"):
            params = np.exp(np.clip(log_params, -30.0, 30.0))
            value = -log_likelihood(params, rows[:, 0], rows[:, 1], rows[:, 2], weights)
        return value if math.isfinite(value) else 1e300

    result = minimize(
        cost,
        np.log(start),
        method="Nelder-Mead",
        options={
            "maxiter": 4000,
            "xatol": 1e-6,
            "fatol": 1e-8,
        },
    )
    # a parameter running off to infinity (e.g. b: nobody ever stops) stays large but finite
    r, alpha, a, b = np.exp(np.clip(result.x, -30.0, 30.0))
    return Rhythm(float(r), float(alpha), float(a), float(b))


def p_alive(rhythm, x, t_x, T):
    """Probability that the customer has not stopped buying (arrays or numbers)."""
    r, alpha, a, b = rhythm.as_tuple()
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        odds = np.where(
            x > 0,
            (a / (b + np.maximum(x, 1) - 1)) * ((alpha + T) / (alpha + t_x)) ** (r + x),
            0.0,
        )
    return 1.0 / (1.0 + odds)


def p_no_order(rhythm, x, t_x, T, horizon):
    """Probability of no order in the next ``horizon``: stopped, or active and quiet.

    An active customer's rate given its history is gamma(r + x, alpha + T); dropouts happen
    only right after an order, so an active customer stays active while it does not order.
    """
    r, alpha, _a, _b = rhythm.as_tuple()
    x, T = np.asarray(x, dtype=float), np.asarray(T, dtype=float)
    alive = p_alive(rhythm, x, t_x, T)
    quiet = ((alpha + T) / (alpha + T + horizon)) ** (r + x)
    return (1.0 - alive) + alive * quiet


def explain(x, t_x, T, p_lost, horizon):
    """The model's answer in words with its numbers (weeks in, months out), e.g. "Ordered 3
    times in 14 months, about every 4 months; 7 months since the last order: 82% chance of
    no order in the next 6 months"."""
    months = round(T / WEEKS_PER_MONTH)
    silent = round((T - t_x) / WEEKS_PER_MONTH)
    ahead = round(horizon / WEEKS_PER_MONTH)
    chance = round(100 * float(p_lost))
    if x < 1:
        return Message(
            _lt(
                "Ordered once, %(silent)s months ago: %(chance)s%% chance of no order in the "
                "next %(ahead)s months"
            ),
            silent=silent,
            chance=chance,
            ahead=ahead,
        )
    gap = t_x / x  # weeks between orders, on average
    if round(gap / WEEKS_PER_MONTH) < 2:
        # "about every 1 months" reads badly: a frequent buyer's pace is told in weeks
        template = _lt(
            "Ordered %(count)s times in %(months)s months, about every %(every)s weeks; "
            "%(silent)s months since the last order: %(chance)s%% chance of no order in the "
            "next %(ahead)s months"
        )
        every = max(1, round(gap))
    else:
        template = _lt(
            "Ordered %(count)s times in %(months)s months, about every %(every)s months; "
            "%(silent)s months since the last order: %(chance)s%% chance of no order in the "
            "next %(ahead)s months"
        )
        every = round(gap / WEEKS_PER_MONTH)
    return Message(
        template,
        count=int(x) + 1,
        months=months,
        every=every,
        silent=silent,
        chance=chance,
        ahead=ahead,
    )


def history(order_days, as_of):
    """``(x, t_x, T)`` in weeks from the dates of a customer's orders up to ``as_of``.

    Several orders on one day count once: the model counts buying occasions.
    """
    days = sorted({day for day in order_days if day <= as_of})
    if not days:
        return None
    first, last = days[0], days[-1]
    return (
        len(days) - 1,
        (last - first).days / WEEK,
        (as_of - first).days / WEEK,
    )


# --- what the company's own history teaches: a regularised logistic model ----
@dataclass(frozen=True)
class Weights:
    """A logistic model on standardised features (see ``features``)."""

    mean: tuple
    scale: tuple
    coef: tuple  # intercept first

    def probability(self, features_):
        z = self.coef[0] + ((np.asarray(features_) - self.mean) / self.scale) @ np.asarray(
            self.coef[1:]
        )
        return 1.0 / (1.0 + np.exp(-z))

    def as_dict(self):
        return {"mean": list(self.mean), "scale": list(self.scale), "coef": list(self.coef)}

    @classmethod
    def from_dict(cls, data):
        return cls(tuple(data["mean"]), tuple(data["scale"]), tuple(data["coef"]))


FEATURES = ("rhythm: log-odds of no order", "weeks since the last order", "repeat orders")


def features(rhythm_, x, t_x, T, horizon, extra=None):
    """Per customer: the model's log-odds of no order in ``horizon``, log(1 + weeks since the
    last order), log(1 + repeat orders), then the columns of ``extra`` (e.g. the severities
    of the other warnings)."""
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    p = np.clip(p_no_order(rhythm_, x, t_x, T, horizon), 1e-6, 1 - 1e-6)
    columns = [np.log(p / (1 - p)), np.log1p(T - t_x), np.log1p(x)]
    if extra is not None and len(extra):
        columns.extend(np.asarray(extra, dtype=float).T)
    return np.column_stack(columns)


def fit_weights(features_, lost, l2=1.0):
    """Regularised logistic regression of ``lost`` (booleans) on the features: how much each
    one predicted the outcome in the company's own past."""
    F = np.asarray(features_, dtype=float)
    y = np.asarray(lost, dtype=float)
    mean, spread = F.mean(axis=0), F.std(axis=0)
    # a feature that never varied in the past (a warning that never fired) learns nothing and
    # must not blow up when it first appears
    scale = np.where(spread > 1e-9, spread, 1.0)
    Z = np.column_stack([np.ones(len(F)), (F - mean) / scale])

    def cost(w):
        z = Z @ w
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + l2 * np.sum(w[1:] ** 2))

    def gradient(w):
        p = 1.0 / (1.0 + np.exp(-(Z @ w)))
        g = Z.T @ (p - y)
        g[1:] += 2 * l2 * w[1:]
        return g

    w = minimize(cost, np.zeros(Z.shape[1]), jac=gradient, method="BFGS").x
    return Weights(tuple(mean), tuple(scale), tuple(float(c) for c in w))


def auc(scores, outcomes):
    """Area under the ROC curve (ties count half); None when one group is empty."""
    pairs = sorted(zip(scores, outcomes, strict=True))
    positives = sum(1 for _s, o in pairs if o)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return None
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        average_rank = (i + 1 + j) / 2.0
        rank_sum += average_rank * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)
