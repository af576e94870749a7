# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The open work of the demo company, as plain data: which customers have a credit request
in which state, quotations waiting for an approval or late against the confirmation target,
new orders in dispatch, and complaints. No Odoo import; ``models/printcrm_demo_queues.py``
makes the records and the pure tests check the plan.
"""

from dataclasses import dataclass
from itertools import cycle

from .dataset import PORTAL_INDEX

# one credit request per state, in the order of the approval flow
CREDIT_REQUEST_STATES = ("draft", "branch", "sales", "general", "approved", "rejected")

COMPLAINTS = (
    # category, severity, opened (days ago), state, description
    ("quality", "high", 6, "new", "Insulation cracks on two reels of PVC wire after bending."),
    ("delivery", "medium", 5, "new", "Shipment arrived three days after the agreed date."),
    ("quality", "medium", 9, "in_progress", "Connector pins of the harness out of tolerance."),
    ("service", "low", 8, "new", "No answer to our e-mails about the price list for Q1."),
    ("price", "medium", 4, "new", "Price increase on Cat6 cable not announced in advance."),
    ("delivery", "high", 12, "in_progress", "Wrong labels on the export cartons, customs held it."),
    ("quality", "low", 1, "new", "Colour of the outer jacket differs from the sample."),
    ("delivery", "medium", 0, "in_progress", "Packing list quantities do not match the cartons."),
    ("quality", "medium", 40, "closed", "Short lengths in a lot of power cords; lot replaced."),
    ("service", "low", 30, "closed", "Invoice sent to the wrong address; corrected."),
)


@dataclass
class Plan:
    credit_requests: list  # [(customer index, state, requested limit)]
    approval_quotes: list  # [(customer index, amount, reason)]: approval requested
    late_quotes: list  # [(customer index, amount, working days since received)]
    new_orders: list  # [(customer index, amount)]: confirmed through Odoo's flow
    complaints: list  # [(customer index, *COMPLAINTS row)]


def overdue_indices(base, today):
    """Customers with an unpaid invoice past its due date (they need a General Manager)."""
    return [
        index
        for index, customer in enumerate(base)
        if any(
            order.invoice and order.invoice.paid_date is None and order.invoice.due_date < today
            for order in customer.orders
        )
    ]


def _recent_buyers(base, today):
    """Customers who bought in the last 6 months, pay on time, largest first."""
    found = [
        index
        for index, customer in enumerate(base)
        if index != PORTAL_INDEX
        and customer.payment_habit in ("early", "on_time")
        and customer.margin_factor > 0
        and any((today - order.date).days < 180 for order in customer.orders)
    ]
    return sorted(found, key=lambda index: (-base[index].annual_volume, index))


def _alternate(base, indices):
    """The same customers, taking in turn one served by lily and one served by tom."""
    lily = [i for i in indices if base[i].salesperson == "lily"]
    tom = [i for i in indices if base[i].salesperson == "tom"]
    mixed = []
    for pair in zip(lily, tom, strict=False):
        mixed.extend(pair)
    rest = lily[len(tom) :] + tom[len(lily) :]
    return mixed + rest


def plan(base, today):
    """What the queues hold after ``make demo``; each customer appears in one list only."""
    good = _alternate(base, _recent_buyers(base, today))
    overdue = [i for i in overdue_indices(base, today) if i not in good][:3]
    taken = cycle(good or [0])  # a small base (tests) gives some customers several items

    def take(count):
        return [next(taken) for _n in range(count)]

    def monthly(index):
        return round(base[index].annual_volume / 12, -3) or 10_000.0

    requests = [
        (index, state, max(50_000.0, round(monthly(index) * 2, -4)))
        for index, state in zip(
            take(len(CREDIT_REQUEST_STATES)), CREDIT_REQUEST_STATES, strict=True
        )
    ]
    approvals = [(index, min(monthly(index), 80_000.0), "overdue") for index in overdue]
    approvals += [(index, 650_000.0, "large") for index in take(2)]
    approvals += [(index, min(monthly(index), 60_000.0), "signoff") for index in take(2)]
    late = [(index, min(monthly(index), 40_000.0), 2 + n % 3) for n, index in enumerate(take(5))]
    new_orders = [(index, min(monthly(index), 50_000.0)) for index in take(4)]
    owners = take(len(COMPLAINTS))
    complaints = [(index, *row) for index, row in zip(owners, COMPLAINTS, strict=True)]
    return Plan(requests, approvals, late, new_orders, complaints)
