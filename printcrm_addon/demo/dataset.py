# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo dataset as plain data: a cable maker in Shenzhen, its customers in China and
abroad, three years of orders, invoices and payments, and the open work of its queues.

Deterministic: the same seed and month give the same data. Dates are relative to the first
day of the current month, so the demo always looks recent. No Odoo import: the loader
(``models/printcrm_demo_loader.py``) turns this into records, and the pure tests check the
shape (patterns, volumes, late and unpaid invoices, queues) without a database. Amounts are
in CNY; times are local (Asia/Shanghai).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from .names import (  # noqa: F401  # pylint: disable=unused-import
    CITIES,
    CN_CITIES,
    CN_STEMS,
    CN_TRADES,
    COMPANY,
    FOREIGN_FORMS,
    NAME_STEMS,
    NAME_TRADES,
    PRODUCTS,
    USERS,
)

MONTHS = 36

# country code, investor country code, sales channel, weight. Customers located in China are
# domestic for the credit rules (also the foreign-owned plants served by transfer export);
# the others are foreign: the add-on gives them the letter-of-credit term.
MARKETS = (
    ("CN", "CN", "domestic", 36),
    ("CN", "HK", "transfer_export", 8),
    ("CN", "TW", "transfer_export", 8),
    ("CN", "JP", "transfer_export", 4),
    ("HK", "HK", "direct_export", 8),
    ("TW", "TW", "direct_export", 5),
    ("JP", "JP", "direct_export", 8),
    ("KR", "KR", "direct_export", 5),
    ("US", "US", "direct_export", 9),
    ("DE", "DE", "direct_export", 9),
)

# peak months of a seasonal customer (Christmas goods, summer appliances, school season)
SEASONS = ((9, 10, 11), (4, 5, 6), (7, 8))

# the customer of the portal login zhang / zhang: a large, punctual domestic account
PORTAL_INDEX = 10
PORTAL_CUSTOMER = ("东莞市华美电器有限公司", "东莞市")
PORTAL_CONTACT = "张伟 (Zhang Wei)"

# order confirmation lead time, in working hours from receipt (target: 1 working day = 8 h);
# it took two days and more until the last six months
WORK_HOURS = ((8, 12), (13, 17))


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
    confirmed_at: datetime | None = None  # local time; the order date
    received_at: datetime | None = None  # local time
    confirm_hours: float = 0.0  # working hours from receipt to confirmation

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
    city: str
    pattern: str
    annual_volume: float
    orders_per_month: float
    margin_factor: float  # multiplies the list margin; negative: sold below cost
    payment_habit: str  # early, on_time, slightly_late, very_late, unpaid
    cooperation: float | None  # None: left at the default 100 %
    term_days: int
    orders: list = field(default_factory=list)

    @property
    def is_export(self):
        """Located abroad: foreign for the credit rules of a company in China."""
        return self.country != COMPANY["country"]

    @property
    def salesperson(self):
        """lily serves the customers in China, tom those abroad."""
        return "tom" if self.is_export else "lily"


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


def _name(index, country):
    if country == "CN":
        city = CN_CITIES[index % len(CN_CITIES)]
        stem = CN_STEMS[index % len(CN_STEMS)]
        trade = CN_TRADES[(index // len(CN_STEMS)) % len(CN_TRADES)]
        return f"{city}{stem}{trade}有限公司", city
    cities = CITIES[country]
    stem = NAME_STEMS[index % len(NAME_STEMS)]
    trade = NAME_TRADES[(index // len(NAME_STEMS)) % len(NAME_TRADES)]
    return f"{stem} {trade} {FOREIGN_FORMS[country]}", cities[index % len(cities)]


def _customer(rng, index):
    country, investor, channel, _w = _pick(rng, MARKETS)
    pattern = _pick(rng, PATTERNS)[0]
    # yearly volumes spread over two orders of magnitude, as in a real B2B base (CNY)
    volume = round(math.exp(rng.uniform(math.log(50_000), math.log(8_000_000))), -2)
    habit = _pick(
        rng,
        (("on_time", 60), ("slightly_late", 22), ("very_late", 10), ("unpaid", 8)),
    )[0]
    name, city = _name(index, country)
    return Customer(
        ref=f"PCD{index + 1:03d}",
        name=name,
        country=country,
        investor_country=investor,
        channel=channel,
        city=city,
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
                _confirmation(rng, order, recent=month_index >= MONTHS - 6)
                customer.orders.append(order)
    return base


def _add_special_cases(base):
    """Make sure the cases the later features need are present, whatever the seed gives."""
    if len(base) <= PORTAL_INDEX:
        return
    base[0].pattern, base[0].annual_volume = "paused", 1_800_000
    base[0].orders_per_month, base[0].payment_habit = 2.0, "on_time"
    for customer in base[1:6]:
        customer.margin_factor = -0.5  # sold below cost
    base[6].cooperation = -20.0  # a customer that works against us
    base[7].pattern = "lost"
    base[8].pattern = "new"
    base[9].payment_habit = "unpaid"
    portal = base[PORTAL_INDEX]
    portal.name, portal.city = PORTAL_CUSTOMER
    portal.country, portal.investor_country, portal.channel = "CN", "CN", "domestic"
    portal.pattern, portal.annual_volume, portal.orders_per_month = "steady", 20_000_000, 2.0
    portal.margin_factor, portal.payment_habit, portal.cooperation = 1.0, "early", None


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
        "early": lambda: -rng.randrange(3, 10),
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


def _confirmation(rng, order, recent):
    """Confirmed at a working hour of the order date, received some working hours before."""
    hours = rng.triangular(2, 16, 5) if recent else rng.triangular(6, 40, 16)
    order.confirm_hours = round(hours * 2) / 2
    order.confirmed_at = datetime.combine(order.date, datetime.min.time()).replace(
        hour=rng.randrange(9, 17)
    )
    order.received_at = working_hours_before(order.confirmed_at, order.confirm_hours)


def working_hours_before(moment, hours):
    """The moment ``hours`` working hours (Monday to Friday, 8-12 and 13-17) before."""
    step = timedelta(minutes=30)
    left = round(hours * 2)
    while left > 0:
        moment -= step
        if moment.weekday() < 5 and any(start <= moment.hour < end for start, end in WORK_HOURS):
            left -= 1
    return moment


def summary(base):
    """Counts the pure tests and the loader's progress lines use."""
    orders = [order for customer in base for order in customer.orders]
    invoices = [order.invoice for order in orders if order.invoice]
    return {
        "customers": len(base),
        "domestic": sum(1 for customer in base if not customer.is_export),
        "export": sum(1 for customer in base if customer.is_export),
        "orders": len(orders),
        "lines": sum(len(order.lines) for order in orders),
        "invoices": len(invoices),
        "payments": sum(1 for invoice in invoices if invoice.paid_date is not None),
        "unpaid": sum(1 for invoice in invoices if invoice.paid_date is None),
        "late": sum(
            1
            for invoice in invoices
            if invoice.paid_date is not None and invoice.paid_date > invoice.due_date
        ),
    }
