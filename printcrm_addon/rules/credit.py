# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Credit rules: terms by class, approval levels, gates.

Plain functions on plain data, tested with pytest alone. The ORM side gathers the figures
(``models/sale_order.py``, ``models/res_partner.py``) and applies the verdicts.
"""

from dataclasses import dataclass
from datetime import timedelta

# Term rules, most specific first: a foreign customer pays by letter of credit, a new one
# before delivery, the others by class (A 60 days, B 30 days, C before delivery).
RULE_EXCEPTION = "exception"
RULE_FOREIGN = "foreign"
RULE_NEW = "new"
RULE_TIER = {"a": "tier_a", "b": "tier_b", "c": "tier_c"}

# Approval levels, each one implied by the next (the Customer Value groups).
BRANCH, SALES, GENERAL = 1, 2, 3
LEVELS = (BRANCH, SALES, GENERAL)

# Order confirmation rules and the level whose approval lifts them.
GATE_CREDIT_LIMIT = "credit_limit"
GATE_OVERDUE = "overdue"
GATE_LARGE_ORDER = "large_order"
GATE_BRANCH_SIGNOFF = "branch_signoff"
GATE_LEVEL = {
    GATE_CREDIT_LIMIT: GENERAL,
    GATE_OVERDUE: GENERAL,
    GATE_LARGE_ORDER: SALES,
    GATE_BRANCH_SIGNOFF: BRANCH,
}


def term_rule(tier, is_new, is_foreign, exception_active=False):
    """Which rule sets a customer's payment term.

    An approved exception that has not expired wins; then foreign (letter of credit), new
    (prepayment), then the class. A customer without class is treated as C.
    """
    if exception_active:
        return RULE_EXCEPTION
    if is_foreign:
        return RULE_FOREIGN
    if is_new:
        return RULE_NEW
    return RULE_TIER.get(tier or "c", RULE_TIER["c"])


# the rules whose customers pay in full before delivery (class C and new customers)
PREPAYMENT_RULES = (RULE_NEW, RULE_TIER["c"])


def overdue_cutoff(today, grace_days):
    """Invoices due before this date are overdue for credit: past due by more than the
    company's grace days (the confirmation gate, the customer's credit figures, the
    dashboard)."""
    return today - timedelta(days=grace_days)


def pays_before_delivery(order_term_prepays, customer_rule):
    """Whether an order is paid before its goods leave, decided once, at confirmation.

    The order's own term may say so; so does the customer's term rule (class C, new), whatever
    term the quotation carried, so that editing the quotation's term does not lift the hold.
    """
    return bool(order_term_prepays) or customer_rule in PREPAYMENT_RULES


def exception_active(until, today):
    """A term exception holds up to and including its expiry date; no date: no exception."""
    return bool(until) and until >= today


def next_state(current_level, approver_level):
    """After an approval at ``current_level`` by a user of ``approver_level``.

    Returns ``(levels approved, next level or None when fully approved)``. A user of a
    higher group approves the current level and every level up to its own: skipping is
    allowed upwards only, and the caller records it.
    """
    if approver_level < current_level:
        raise ValueError("approver below the required level")
    approved = tuple(level for level in LEVELS if current_level <= level <= approver_level)
    following = approver_level + 1
    return approved, (following if following <= GENERAL else None)


@dataclass(frozen=True)
class Exposure:
    """A customer's credit situation for one order, in company currency."""

    limit: float  # 0: no limit set
    receivable: float  # open receivable balance (invoices minus payments and credit notes)
    to_invoice: float  # confirmed orders not yet invoiced, taxes included
    order: float  # the order being confirmed, taxes included
    overdue: float  # amount overdue beyond the grace days
    overdue_days: int  # age of the oldest overdue amount

    @property
    def total(self):
        return self.receivable + self.to_invoice + self.order

    @property
    def excess(self):
        return max(0.0, self.total - self.limit) if self.limit > 0 else 0.0

    @property
    def available(self):
        return self.limit - self.receivable - self.to_invoice if self.limit > 0 else None


def gates(exposure, order_total, large_order_amount, branch_signoff_all):
    """The confirmation rules this order breaks, each needing an approval of its level."""
    found = []
    if exposure.excess > 0:
        found.append(GATE_CREDIT_LIMIT)
    if exposure.overdue > 0:
        found.append(GATE_OVERDUE)
    if large_order_amount > 0 and order_total > large_order_amount:
        found.append(GATE_LARGE_ORDER)
    if branch_signoff_all:
        found.append(GATE_BRANCH_SIGNOFF)
    return found


def overpayment(amount, due, advance=False, precision=0.005):
    """Amount paid beyond what is due, unless recorded as an advance (0.0 when none)."""
    if advance:
        return 0.0
    extra = amount - due
    return extra if extra > precision else 0.0


def money_text(amount, currency_code):
    """An amount as the credit messages quote it: thousands separated, two decimals, code.

    Kept out of the translated sentences so that translators never see a format spec.
    """
    return f"{amount:,.2f} {currency_code}"
