# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order dispatch rules (where an order is, told to the customer): the overall state of a
confirmed order, the earliest date a line can be delivered and what the customer may still
change.

Plain functions on plain values; ``models/printcrm_dispatch.py`` feeds them from the order's
deliveries, manufacturing orders and purchase orders.
"""

from datetime import timedelta

WAITING = "waiting"
IN_PRODUCTION = "in_production"
READY = "ready"
PARTIALLY_SHIPPED = "partially_shipped"
SHIPPED = "shipped"
INVOICED = "invoiced"
STATES = (WAITING, IN_PRODUCTION, READY, PARTIALLY_SHIPPED, SHIPPED, INVOICED)

MO_RUNNING = ("confirmed", "progress", "to_close")
SOURCE_STOCK, SOURCE_MANUFACTURE, SOURCE_PURCHASE, SOURCE_NONE = (
    "stock",
    "manufacture",
    "purchase",
    "none",
)


def dispatch_state(delivery_states, production_states, ordered, shipped, fully_invoiced):
    """One state for the whole order, from what it launched.

    ``delivery_states``: states of its outgoing deliveries (cancelled ones left out);
    ``production_states``: states of its manufacturing orders; ``ordered``/``shipped``:
    quantities over its stockable lines; ``fully_invoiced``: nothing left to invoice."""
    if ordered > 0 and shipped >= ordered:
        return INVOICED if fully_invoiced else SHIPPED
    if shipped > 0:
        return PARTIALLY_SHIPPED
    if any(state == "assigned" for state in delivery_states):
        return READY
    if any(state in MO_RUNNING for state in production_states):
        return IN_PRODUCTION
    return WAITING


def can_change(state, production_states):
    """The customer may still ask to change or cancel while nothing was produced or shipped:
    the order waits, or its manufacturing orders are confirmed but not started."""
    if state == WAITING:
        return True
    return state == IN_PRODUCTION and all(s == "confirmed" for s in production_states)


def earliest_date(today, qty, available, source, lead_days, customer_lead_days=0):
    """(source used, earliest delivery date) of one order line.

    ``available``: the forecast quantity free for this line at its date; when it covers the
    line, stock is used and only the customer lead time counts. Otherwise the product is made
    or bought with the route's ``lead_days`` first. With no route that can supply it the
    source is ``none`` and there is no date: promising one would be a guess (someone must
    set up a route or decide)."""
    if qty <= available:
        return SOURCE_STOCK, today + timedelta(days=customer_lead_days)
    if source in (SOURCE_MANUFACTURE, SOURCE_PURCHASE):
        return source, today + timedelta(days=lead_days + customer_lead_days)
    return SOURCE_NONE, None


def is_export(customer_country, company_country):
    """Export: the customer is in another country than the company. Unknown: domestic."""
    return bool(customer_country and company_country and customer_country != company_country)
