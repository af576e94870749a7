# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo dataset as plain data: customers, three years of orders, invoices and payments.

Deterministic: the same seed and month give the same data. Dates are relative to the first
day of the current month, so the demo always looks recent. No Odoo import: the loader
(``models/printcrm_demo_loader.py``) turns this into records, and the pure tests check the
shape (patterns, volumes, late and unpaid invoices) without a database.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

MONTHS = 36

# name stem, unit price, unit cost (margin 15-45 %)
PRODUCTS = (
    ("Power cord 1.5 m", 12.0, 8.4),
    ("PVC insulated wire 2.5 mm² (100 m)", 95.0, 71.0),
    ("Shielded data cable Cat6 (305 m)", 160.0, 118.0),
    ("Wiring harness WH-200", 48.0, 30.0),
    ("Printed carton box, 4 colours", 1.8, 1.15),
    ("Self-adhesive labels (roll of 1,000)", 22.0, 13.5),
    ("Product catalogue, 64 pages", 6.5, 4.6),
    ("Gift box with foil stamping", 9.0, 5.0),
)

# country code, investor country code, sales channel, weight
MARKETS = (
    ("CN", "CN", "domestic", 30),
    ("CN", "HK", "transfer_export", 10),
    ("CN", "TW", "transfer_export", 10),
    ("CN", "JP", "transfer_export", 6),
    ("HK", "HK", "direct_export", 8),
    ("TW", "TW", "direct_export", 6),
    ("JP", "JP", "direct_export", 8),
    ("KR", "KR", "direct_export", 5),
    ("US", "US", "direct_export", 9),
    ("DE", "DE", "direct_export", 8),
)

NAME_STEMS = (
    "Everbright/Golden Bridge/Huaxin/Pacific Rim/Lotus/Northstar/Jade River/Silverline/"
    "Dragon Gate/Harbor/Kingsway/Sunrise/Orient/Bluewater/Red Maple/Summit/Pearl Delta/"
    "Evergreen/Crown/Unity"
).split("/")
NAME_TRADES = (
    "Electronics/Appliances/Lighting/Packaging/Printing/Toys/Tools/Automotive Parts/"
    "Medical Devices/Audio"
).split("/")
NAME_FORMS = ("Co., Ltd.", "Industrial Ltd.", "Trading Co.", "Manufacturing Inc.", "GmbH")

# peak months of a seasonal customer (Christmas goods, summer appliances, school season)
SEASONS = ((9, 10, 11), (4, 5, 6), (7, 8))


@dataclass
class Invoice:
    invoice_date: date
    due_date: date
    paid_date: date | None  # None: still unpaid


@dataclass
class Order:
    date: date
    lines: list  # [(product index, quantity, unit price, unit cost)]
    invoice: Invoice | None = None

    @property
    def amount(self):
        return sum(qty * price for _product, qty, price, _cost in self.lines)


@dataclass
class Customer:
    ref: str
    name: str
    country: str
    investor_country: str
    channel: str
    pattern: str
    annual_volume: float
    orders_per_month: float
    margin_factor: float  # multiplies the list margin; negative: sold below cost
    payment_habit: str  # on_time, slightly_late, very_late, unpaid
    cooperation: float | None  # None: left at the default 100 %
    term_days: int
    orders: list = field(default_factory=list)


PATTERNS = (
    # pattern, weight
    ("steady", 50),
    ("seasonal", 30),
    ("growing", 20),
    ("declining", 20),
    ("new", 12),
    ("lost", 6),
)


def _pick(rng, weighted):
    total = sum(item[-1] for item in weighted)
    point = rng.uniform(0, total)
    for item in weighted:
        point -= item[-1]
        if point <= 0:
            return item
    return weighted[-1]


def _customer(rng, index):
    country, investor, channel, _w = _pick(rng, MARKETS)
    pattern = _pick(rng, PATTERNS)[0]
    # volumes spread over three orders of magnitude, as in a real B2B base
    volume = round(math.exp(rng.uniform(math.log(15_000), math.log(3_000_000))), -2)
    habit = _pick(
        rng,
        (("on_time", 60), ("slightly_late", 22), ("very_late", 10), ("unpaid", 8)),
    )[0]
    name = (
        f"{NAME_STEMS[index % len(NAME_STEMS)]} "
        f"{NAME_TRADES[(index // len(NAME_STEMS)) % len(NAME_TRADES)]} "
        f"{NAME_FORMS[index % len(NAME_FORMS)]}"
    )
    return Customer(
        ref=f"PCD{index + 1:03d}",
        name=name,
        country=country,
        investor_country=investor,
        channel=channel,
        pattern=pattern,
        annual_volume=volume,
        orders_per_month=rng.choice((0.25, 0.35, 0.5, 0.75, 1.0)),
        margin_factor=rng.uniform(0.6, 1.3),
        payment_habit=habit,
        cooperation=rng.choice((None, None, None, 80.0, 90.0, 110.0)),
        term_days=rng.choice((30, 30, 60)),
    )


def _monthly_factor(customer, month_index, month, season):
    """Expected share of the annual volume ordered in this month (1/12 on average)."""
    factor = 1 / 12
    years_from_start = month_index / 12
    if customer.pattern == "seasonal":
        factor *= 2.4 if month in season else 0.45
    elif customer.pattern == "growing":
        factor *= 0.45 * 1.6**years_from_start
    elif customer.pattern == "declining":
        factor *= 1.9 * 0.55**years_from_start
    return factor


def generate(today, customers=170, seed=2026):
    """Customers with their orders, invoices and payments, ending in the month of ``today``."""
    rng = random.Random(seed)
    start = (today.replace(day=1) - relativedelta(months=MONTHS - 1)).replace(day=1)
    base = [_customer(rng, index) for index in range(customers)]
    _add_special_cases(base)
    for customer in base:
        season = rng.choice(SEASONS)
        first_month = _first_month(rng, customer)
        last_month = MONTHS - 6 if customer.pattern == "lost" else MONTHS
        for month_index in range(first_month, last_month):
            month_start = start + relativedelta(months=month_index)
            if customer.pattern == "paused" and month_index == MONTHS - 4:
                continue  # bought by another group, stopped ordering for a month
            expected = customer.annual_volume * _monthly_factor(
                customer, month_index, month_start.month, season
            )
            count = int(customer.orders_per_month + rng.random())
            for _n in range(count):
                day = month_start + timedelta(days=rng.randrange(0, 28))
                if day > today:
                    continue
                amount = expected / customer.orders_per_month * rng.uniform(0.6, 1.4)
                order = Order(day, _lines(rng, customer, amount))
                order.invoice = _invoice(rng, customer, day, today)
                customer.orders.append(order)
    return base


def _add_special_cases(base):
    """Make sure the cases the later features need are present, whatever the seed gives."""
    if len(base) < 10:
        return
    base[0].pattern, base[0].annual_volume = "paused", 1_800_000
    base[0].orders_per_month, base[0].payment_habit = 2.0, "on_time"
    for customer in base[1:6]:
        customer.margin_factor = -0.5  # sold below cost
    base[6].cooperation = -20.0  # a customer that works against us
    base[7].pattern = "lost"
    base[8].pattern = "new"
    base[9].payment_habit = "unpaid"


def _first_month(rng, customer):
    if customer.pattern == "new":
        return MONTHS - rng.randrange(2, 6)
    if customer.pattern == "growing":
        return rng.randrange(0, 12)
    return 0


def _lines(rng, customer, amount):
    count = rng.choice((1, 1, 2, 3))
    lines = []
    for product in rng.sample(range(len(PRODUCTS)), count):
        _name, price, cost = PRODUCTS[product]
        margin = (price - cost) * customer.margin_factor
        unit_cost = round(price - margin, 2)
        qty = max(1, round(amount / count / price))
        lines.append((product, qty, price, unit_cost))
    return lines


def _invoice(rng, customer, order_date, today):
    invoice_date = order_date + timedelta(days=rng.randrange(2, 10))
    if invoice_date > today:
        return None  # not invoiced yet
    due = invoice_date + timedelta(days=customer.term_days)
    late = {
        "on_time": lambda: rng.choice((-5, -2, 0, 0, 3)),
        "slightly_late": lambda: rng.randrange(5, 35),
        "very_late": lambda: rng.randrange(40, 120),
        "unpaid": lambda: rng.randrange(20, 90),
    }[customer.payment_habit]()
    paid = due + timedelta(days=late)
    recent = (today - due).days < 150
    if customer.payment_habit == "unpaid" and recent and rng.random() < 0.7:
        paid = None
    elif paid > today:
        paid = None  # not paid yet (open, possibly overdue)
    return Invoice(invoice_date, due, paid)


def summary(base):
    """Counts the pure tests and the loader's log line use."""
    orders = [order for customer in base for order in customer.orders]
    invoices = [order.invoice for order in orders if order.invoice]
    return {
        "customers": len(base),
        "orders": len(orders),
        "lines": sum(len(order.lines) for order in orders),
        "invoices": len(invoices),
        "unpaid": sum(1 for invoice in invoices if invoice.paid_date is None),
        "late": sum(
            1
            for invoice in invoices
            if invoice.paid_date is not None and invoice.paid_date > invoice.due_date
        ),
    }
