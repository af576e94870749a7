# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Churn early-warning rules: the signals the customers asked to be warned of.

Seven detectors, each a plain function of one customer's figures as of a date, returning a
``Signal`` (severity 0-100 and a sentence with the numbers) or ``None``; the order drop lives
in ``order_drop.py``, the purchase rhythm's model in ``rhythm.py``. The ORM side
(``models/printcrm_churn_facts.py``) gathers the figures for all customers with grouped SQL;
the backtest calls the same detectors with an earlier ``as_of``. Nothing here imports Odoo.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median

from .text import Message, _lt
from .tiering import TIER_C

OVERDUE_PAYMENT = "overdue_payment"
ORDER_DROP = "order_drop"
NO_RESPONSE = "no_response"
COMPLAINT = "complaint"
DISCOUNT_PRESSURE = "discount_pressure"
DEMAND_TIGHTENING = "demand_tightening"
PURCHASE_RHYTHM = "purchase_rhythm"
SIGNAL_TYPES = (
    OVERDUE_PAYMENT,
    ORDER_DROP,
    NO_RESPONSE,
    COMPLAINT,
    DISCOUNT_PRESSURE,
    DEMAND_TIGHTENING,
    PURCHASE_RHYTHM,
)

LEVEL_LOW, LEVEL_MEDIUM, LEVEL_HIGH = "low", "medium", "high"
TREND_UP, TREND_FLAT, TREND_DOWN = "up", "flat", "down"
# a score move smaller than this is noise, not a trend
TREND_TOLERANCE = 5.0

# who is alerted when a customer enters the high level (the class records choose)
ESCALATE_SALESPERSON, ESCALATE_BRANCH, ESCALATE_MANAGERS = "salesperson", "branch", "managers"

SEVERITY_WEIGHT = {"low": 1.0, "medium": 2.0, "high": 3.0}


@dataclass(frozen=True)
class ChurnPolicy:
    """Thresholds and weights of the detectors (Settings, per company)."""

    drop_window_days: int = 90
    drop_threshold: float = 50.0  # % below the expected volume
    drop_min_expected: float = 0.0  # expected volume under which a drop is not worth a signal
    drop_history_years: int = 3
    drop_min_orders: float = 2.5  # orders usually placed in a window for an empty one to count
    horizon_days: int = 180  # the purchase rhythm's "no order in the next ... days"
    rhythm_min_chance: float = 10.0  # % under which the rhythm is no signal worth showing
    overdue_min_days: int = 1
    overdue_horizon_days: int = 90
    response_window_days: int = 30
    response_min_outbound: int = 3
    complaint_window_days: int = 90
    discount_window_days: int = 90
    discount_threshold: float = 10.0  # % line discount
    discount_min_quotations: int = 2
    lead_window_days: int = 90
    lead_ratio: float = 50.0  # % of the usual lead time under which demand is "tightening"
    lead_min_history: int = 3
    weights: dict = field(
        default_factory=lambda: {
            OVERDUE_PAYMENT: 60.0,
            ORDER_DROP: 80.0,
            NO_RESPONSE: 50.0,
            COMPLAINT: 40.0,
            DISCOUNT_PRESSURE: 30.0,
            DEMAND_TIGHTENING: 30.0,
            # the rhythm's severity is already a probability of no order
            PURCHASE_RHYTHM: 100.0,
        }
    )
    medium_from: float = 30.0
    high_from: float = 60.0
    disabled: frozenset = frozenset()  # signal types switched off: neither detected nor scored


@dataclass(frozen=True)
class Signal:
    signal_type: str
    severity: int
    explanation: Message


def _clamp(value):
    return int(max(0, min(100, round(value))))


def _amount(value):
    return f"{value:,.0f}"


# --- 1. overdue payment ----
def detect_overdue_payment(open_items, reminders, as_of, policy=ChurnPolicy()):
    """``open_items``: (residual amount, due date) of open customer invoices;
    ``reminders``: messages sent to the customer about them after they fell due."""
    overdue = [
        (amount, (as_of - due).days)
        for amount, due in open_items
        if amount > 0 and (as_of - due).days >= policy.overdue_min_days
    ]
    if not overdue:
        return None
    total = sum(amount for amount, _days in overdue)
    oldest = max(days for _amount, days in overdue)
    severity = 30 + 50 * min(1.0, oldest / policy.overdue_horizon_days) + 10 * reminders
    template = _lt(
        "%(count)s invoices overdue for %(amount)s, the oldest %(days)s days past due, "
        "after %(reminders)s reminders"
    )
    return Signal(
        OVERDUE_PAYMENT,
        _clamp(severity),
        Message(
            template,
            count=len(overdue),
            amount=_amount(total),
            days=oldest,
            reminders=reminders,
        ),
    )


# --- 3. no response ----
def detect_no_response(outbound, inbound, meetings, days_since_reply, policy=ChurnPolicy()):
    """Counts in the last ``response_window_days``: e-mails, calls and activities of ours
    (``outbound``), messages from the customer (``inbound``), completed meetings."""
    if inbound or meetings or outbound < policy.response_min_outbound:
        return None
    severity = 40 + 10 * (outbound - policy.response_min_outbound)
    if days_since_reply is None:
        explanation = Message(
            _lt(
                "%(outbound)s e-mails, calls or activities in the last %(days)s days and no "
                "reply or meeting; the customer never wrote back"
            ),
            outbound=outbound,
            days=policy.response_window_days,
        )
    else:
        severity += 20 * min(1.0, days_since_reply / (3 * policy.response_window_days))
        explanation = Message(
            _lt(
                "%(outbound)s e-mails, calls or activities in the last %(days)s days and no "
                "reply or meeting; last reply %(silent)s days ago"
            ),
            outbound=outbound,
            days=policy.response_window_days,
            silent=days_since_reply,
        )
    return Signal(NO_RESPONSE, _clamp(severity), explanation)


# --- 4. complaints ----
def detect_complaints(complaints, as_of, policy=ChurnPolicy()):
    """``complaints``: (opened date, severity low/medium/high, still open) of the customer."""
    start = as_of - timedelta(days=policy.complaint_window_days)
    recent = [c for c in complaints if start < c[0] <= as_of]
    if not recent:
        return None
    weighted = sum(
        SEVERITY_WEIGHT.get(sev, 1.0) * (1.5 if open_ else 1.0) for _d, sev, open_ in recent
    )
    still_open = sum(1 for _d, _sev, open_ in recent if open_)
    high = sum(1 for _d, sev, _o in recent if sev == "high")
    return Signal(
        COMPLAINT,
        _clamp(15 * weighted),
        Message(
            _lt(
                "%(count)s complaints in the last %(days)s days (%(high)s of high severity), "
                "%(open)s still open"
            ),
            count=len(recent),
            days=policy.complaint_window_days,
            high=high,
            open=still_open,
        ),
    )


# --- 5. discount pressure ----
def detect_discount_pressure(discounted, max_discount, lost_on_price, policy=ChurnPolicy()):
    """``discounted``: quotations of the window with a line discount above the threshold;
    ``lost_on_price``: opportunities or quotations lost on price in the window."""
    repeated = discounted >= policy.discount_min_quotations
    if not repeated and not lost_on_price:
        return None
    severity = 25 * discounted * repeated + 35 * lost_on_price
    return Signal(
        DISCOUNT_PRESSURE,
        _clamp(severity),
        Message(
            _lt(
                "%(quotes)s quotations with discounts above %(threshold)s%% (up to "
                "%(max)s%%) and %(lost)s deals lost on price in the last %(days)s days"
            ),
            quotes=discounted,
            threshold=f"{policy.discount_threshold:g}",
            max=f"{max_discount:g}",
            lost=lost_on_price,
            days=policy.discount_window_days,
        ),
    )


# --- 6. demand tightening ----
def detect_demand_tightening(lead_times, quality_complaints, as_of, policy=ChurnPolicy()):
    """``lead_times``: (order date, requested lead time in days) of each of its orders with a
    commitment date (every order counts, several on one day too); ``quality_complaints``:
    quality complaints opened in the window."""
    start = as_of - timedelta(days=policy.lead_window_days)
    recent = [days for when, days in lead_times if start < when <= as_of]
    usual = [days for when, days in lead_times if when <= start]
    return demand_tightening(recent, usual, quality_complaints, policy)


def demand_tightening(recent, usual_list, quality_complaints, policy=ChurnPolicy()):
    """The same on lead times already split: ``recent`` of the orders in the window,
    ``usual_list`` of the orders before it (the batch splits them in SQL)."""
    severity, parts = 0.0, []
    if recent and len(usual_list) >= policy.lead_min_history:
        usual, now = median(usual_list), median(recent)
        if usual > 0 and now * 100.0 / usual < policy.lead_ratio:
            change = (now - usual) / usual * 100.0
            severity += min(80.0, -change)
            parts.append(
                Message(
                    _lt(
                        "asked for delivery within %(now)s days on %(count)s recent orders "
                        "against its usual %(usual)s days (%(change)s%%)"
                    ),
                    now=f"{now:g}",
                    count=len(recent),
                    usual=f"{usual:g}",
                    change=f"{change:.0f}",
                )
            )
    if quality_complaints:
        severity += 20 * quality_complaints
        parts.append(
            Message(
                _lt("%(count)s quality complaints in the last %(days)s days"),
                count=quality_complaints,
                days=policy.lead_window_days,
            )
        )
    if not parts:
        return None
    explanation = (
        parts[0]
        if len(parts) == 1
        else Message(_lt("%(first)s; %(second)s"), first=parts[0], second=parts[1])
    )
    return Signal(DEMAND_TIGHTENING, _clamp(severity), explanation)


# --- 7. purchase rhythm ----
def detect_purchase_rhythm(p_no_order, explanation, policy=ChurnPolicy()):
    """``p_no_order``: the purchase-rhythm model's probability (0-1) that the customer places
    no order in the next ``policy.horizon_days`` (``rules/rhythm.py``); ``explanation``: that
    answer in words. The severity is the probability in percent."""
    severity = _clamp(100.0 * p_no_order)
    if severity < policy.rhythm_min_chance:
        return None
    return Signal(PURCHASE_RHYTHM, severity, explanation)


# --- score, level, trend ----
def churn_score(signals, policy=ChurnPolicy(), unshown_rhythm=0.0):
    """Noisy-OR of the signals: each weight is how likely a full-severity signal of that
    type alone means the customer leaves, so independent signals add up without passing 100.

    ``unshown_rhythm``: the purchase rhythm's chance (0-1) when it is too small to be shown as a
    signal; it still counts, or every regular customer would tie at 0 and rank by chance."""
    keep = 1.0 - policy.weights.get(PURCHASE_RHYTHM, 100.0) / 100.0 * unshown_rhythm
    for signal in signals:
        weight = policy.weights.get(signal.signal_type, 0.0) / 100.0
        keep *= 1.0 - weight * signal.severity / 100.0
    return round(100.0 * (1.0 - keep), 1)


def enabled(signals, policy=ChurnPolicy()):
    """The signals whose type the company did not switch off."""
    return [signal for signal in signals if signal.signal_type not in policy.disabled]


def churn_level(score, policy=ChurnPolicy()):
    if score >= policy.high_from:
        return LEVEL_HIGH
    if score >= policy.medium_from:
        return LEVEL_MEDIUM
    return LEVEL_LOW


def churn_trend(score, previous):
    if previous is None or abs(score - previous) < TREND_TOLERANCE:
        return TREND_FLAT
    return TREND_UP if score > previous else TREND_DOWN


def entered_high(level, previous_level):
    return level == LEVEL_HIGH and previous_level != LEVEL_HIGH


def priority(score, annual_sales):
    """Risk x value, the radar's order: the score's share of the customer's yearly sales."""
    return round(score / 100.0 * max(annual_sales or 0.0, 0.0), 2)


def escalation_route(tier, routes):
    """Whom to alert, in order of preference, when a customer of ``tier`` enters the high
    level: the target its class names (``routes``: {class code: target}, every class of the
    company; a customer without a tier is a C customer); where nobody holds that role, its
    salesperson, then the Branch Managers."""
    first = routes.get(tier or TIER_C, ESCALATE_SALESPERSON)
    return list(dict.fromkeys((first, ESCALATE_SALESPERSON, ESCALATE_BRANCH)))
