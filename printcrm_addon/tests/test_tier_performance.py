# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestTierPerformance(PrintcrmCase):
    def _customers_with_orders(self, count, offset):
        partners = self.env["res.partner"].create(
            [{"name": f"Bulk customer {offset + i}", "is_company": True} for i in range(count)]
        )
        self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "date_order": TODAY - timedelta(days=10 + i % 200),
                    "state": "sale",
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1 + offset + i,  # distinct scores
                                "price_unit": 100.0,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
                for i, partner in enumerate(partners)
            ]
        )
        # a few invoices so that the payment query has rows to read
        for partner in partners[:3]:
            self._invoice(partner, 500, TODAY - timedelta(days=20))
        return partners

    def _count_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.env["res.partner"]._cron_printcrm_recompute_tiers()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_query_count_does_not_grow_with_customers(self):
        small = self._customers_with_orders(10, 0)
        queries_10 = self._count_queries()
        self.assertEqual(len(small.filtered("printcrm_tier")), 10)
        # start again from a clean slate with 200 other customers
        small.sale_order_ids.write({"state": "cancel"})
        small.sudo().with_context(printcrm_tier_batch=True).write({"printcrm_tier_computed": False})
        large = self._customers_with_orders(200, 10)
        self.env.flush_all()
        with self.assertQueryCount(queries_10):
            queries_200 = self._count_queries()
        self.assertEqual(queries_200, queries_10)
        tiers = large.mapped("printcrm_tier")
        self.assertEqual((tiers.count("a"), tiers.count("b"), tiers.count("c")), (20, 60, 120))
        self.assertEqual(len(large.printcrm_tier_history_ids), 200)
