# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from ..demo import dataset
from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestSalesAnalysis(PrintcrmCase):
    """On the demo loader's data: the analysis adds up to the confirmed order lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.base = dataset.generate(TODAY, customers=12, seed=5)
        cls.env["printcrm.demo.loader"].load(customers=12, seed=5, today=TODAY)
        cls.partners = cls.env["res.partner"].search([("ref", "=like", "PCD%")])
        cls.env.flush_all()

    def _sum(self, domain, field):
        [[total]] = self.env["printcrm.sales.analysis"]._read_group(
            [("partner_id", "in", self.partners.ids), *domain], [], [f"{field}:sum"]
        )
        return total

    def test_totals_equal_the_confirmed_order_lines(self):
        [[lines_total]] = self.env["sale.order.line"]._read_group(
            [
                ("order_id.partner_id", "in", self.partners.ids),
                ("order_id.state", "=", "sale"),
                ("display_type", "=", False),
            ],
            [],
            ["price_subtotal:sum"],
        )
        self.assertGreater(lines_total, 0)
        self.assertAlmostEqual(self._sum([], "amount"), lines_total, places=2)
        dataset_total = sum(order.amount for c in self.base for order in c.orders)
        self.assertAlmostEqual(self._sum([], "amount"), dataset_total, places=2)

    def test_last_year_column_matches_a_hand_computed_month(self):
        def dataset_month(year, month):
            return sum(
                order.amount
                for customer in self.base
                for order in customer.orders
                if (order.date.year, order.date.month) == (year, month)
            )

        october = [("date", ">=", datetime(2026, 10, 1)), ("date", "<", datetime(2026, 11, 1))]
        self.assertAlmostEqual(self._sum(october, "amount"), dataset_month(2026, 10), places=2)
        self.assertAlmostEqual(
            self._sum(october, "amount_last_year"), dataset_month(2025, 10), places=2
        )
        self.assertGreater(dataset_month(2025, 10), 0)
        # the current month compares with the same days of last year only (1-22 November)
        november = [("date", ">=", datetime(2026, 11, 1))]
        same_days = sum(
            order.amount
            for customer in self.base
            for order in customer.orders
            if date(2025, 11, 1) <= order.date <= date(2025, 11, 22)
        )
        self.assertAlmostEqual(self._sum(november, "amount_last_year"), same_days, places=2)

    def test_salesperson_sees_only_own_sales(self):
        mine = self.partners[:3]
        orders = self.env["sale.order"].search([("partner_id", "in", mine.ids)])
        orders.user_id = self.salesperson
        self.env.flush_all()
        Analysis = self.env["printcrm.sales.analysis"].with_user(self.salesperson)
        seen = Analysis.search([]).partner_id
        self.assertEqual(seen, mine.filtered(lambda p: p.sale_order_ids))

    def test_customer_review_report(self):
        customer = max(self.partners, key=lambda p: len(p.sale_order_ids))
        report = self.env["report.printcrm_addon.report_printcrm_customer_review"]
        data = report._printcrm_review(customer)
        self.assertEqual(len(data["months"]), 12)
        self.assertEqual(data["months"][-1]["month"], date(2026, 11, 1))
        expected = sum(
            order.amount
            for c in self.base
            if c.name == customer.name
            for order in c.orders
            if order.date >= date(2025, 12, 1)
        )
        self.assertAlmostEqual(data["total"], expected, places=2)
        last_year = sum(
            order.amount
            for c in self.base
            if c.name == customer.name
            for order in c.orders
            if date(2024, 12, 1) <= order.date <= date(2025, 11, 22)
        )
        self.assertAlmostEqual(data["total_last_year"], last_year, places=2)
        self.assertAlmostEqual(data["change"], (expected - last_year) / last_year * 100, places=6)
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "printcrm_addon.report_printcrm_customer_review", customer.ids
        )
        html = html.decode()
        self.assertIn("Customer review", html)
        self.assertIn("2026-11", html)
        self.assertIn("Year on year", html)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestSalesGrowthAndTierThen(PrintcrmCase):
    """Growth is the ratio of the group's totals; the tier shown is the one of the sale's date."""

    def test_growth_and_tier_at_the_date_of_the_sale(self):
        customer = self._customer("Growth Wire Co")
        self._order(customer, 1000, date(2025, 3, 10))
        self._order(customer, 1500, date(2026, 3, 10))
        self._order(customer, 500, date(2026, 3, 20))
        History = self.env["printcrm.tier.history"]
        History.create(
            {
                "partner_id": customer.id,
                "date": datetime(2025, 6, 1),
                "old_tier": "c",
                "new_tier": "b",
                "source": "computed",
            }
        )
        History.create(
            {
                "partner_id": customer.id,
                "date": datetime(2026, 1, 1),
                "old_tier": "b",
                "new_tier": "a",
                "source": "computed",
            }
        )
        self.env.flush_all()
        Analysis = self.env["printcrm.sales.analysis"]
        march = [
            ("partner_id", "=", customer.id),
            ("date", ">=", datetime(2026, 3, 1)),
            ("date", "<", datetime(2026, 4, 1)),
        ]
        [[amount, last_year, growth]] = Analysis._read_group(
            march, [], ["amount:sum", "amount_last_year:sum", "growth:sum"]
        )
        self.assertEqual((amount, last_year), (2000, 1000))
        self.assertAlmostEqual(growth, 100.0)
        then = dict(
            Analysis._read_group(
                [("partner_id", "=", customer.id), ("amount", ">", 0)],
                ["period_tier"],
                ["amount:sum"],
            )
        )
        # 2025-03 was before the first change (then C), 2026-03 after the change to A
        self.assertEqual(then, {"c": 1000, "a": 2000})
        years = dict(
            Analysis._read_group(
                [("partner_id", "=", customer.id), ("year", "!=", False)], ["year"], ["amount:sum"]
            )
        )
        self.assertEqual(years, {"2025": 1000, "2026": 2000})
