# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import gc
from collections import Counter
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.sql_db import Cursor
from odoo.tests import tagged

from ..batch import _heap_frozen
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
        """The batch's statements, by their first words (table names included), and the
        number of tier changes it wrote."""
        History = self.env["printcrm.tier.history"]
        before = History.search_count([])
        self.env.flush_all()
        self.env.invalidate_all()
        seen = Counter()
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=True):
            seen[" ".join(str(query).split())[:60]] += 1
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            self.env["res.partner"]._cron_printcrm_recompute_tiers()
            self.env.flush_all()
        return seen, History.search_count([]) - before

    def test_query_count_does_not_grow_with_customers(self):
        small = self._customers_with_orders(10, 0)
        self._count_queries()  # warms the caches the first run fills (defaults, refs)
        small.sudo().with_context(printcrm_tier_batch=True).write({"printcrm_tier_computed": False})
        queries_10, changes_10 = self._count_queries()
        self.assertEqual(len(small.filtered("printcrm_tier")), 10)
        # start again from a clean slate with 200 other customers
        small.sale_order_ids.write({"state": "cancel"})
        small.sudo().with_context(printcrm_tier_batch=True).write({"printcrm_tier_computed": False})
        large = self._customers_with_orders(200, 10)
        self.env.flush_all()
        queries_200, changes_200 = self._count_queries()
        # 200 new customers ranked, and those of the 10 earlier ones that lost their tier
        self.assertEqual(changes_10, 10)
        self.assertGreaterEqual(changes_200, 201)
        # the same statements, the history rows included (first rankings all: no chatter
        # note, see TestTierBatch)
        grown = {
            statement: queries_200[statement] - queries_10[statement]
            for statement in queries_200 | queries_10
            if queries_200[statement] != queries_10[statement]
        }
        self.assertEqual(grown, {})
        tiers = large.mapped("printcrm_tier")
        self.assertEqual((tiers.count("a"), tiers.count("b"), tiers.count("c")), (20, 60, 120))
        self.assertEqual(len(large.printcrm_tier_history_ids), 200)

    def test_batch_freezes_the_heap_and_hands_it_back(self):
        """The objects older than the batch are kept out of its collections while it runs,
        and handed back to the collector when it ends, on success and on failure."""
        self._customers_with_orders(3, 0)
        Engine = type(self.env["printcrm.tier.engine"])
        run = Engine._printcrm_run
        frozen = []

        def spy(engine):
            frozen.append(gc.get_freeze_count())
            return run(engine)

        self.assertEqual(gc.get_freeze_count(), 0)
        with patch.object(Engine, "_printcrm_run", spy):
            self.env["res.partner"]._cron_printcrm_recompute_tiers()
        self.assertGreater(frozen[0], 10_000)
        self.assertEqual(gc.get_freeze_count(), 0)

        def fail(engine):
            raise ValueError("a broken batch")

        with patch.object(Engine, "_printcrm_run", fail), self.assertRaises(ValueError):
            self.env["res.partner"]._cron_printcrm_recompute_tiers()
        self.assertEqual(gc.get_freeze_count(), 0)

    def test_overlapping_batches_share_one_freeze(self):
        """Batches of other threads overlap: the first one to end does not hand back what a
        running one relies on, and a freeze made by something else is left alone. (Frozen
        objects freed meanwhile leave the count: it is compared with 0, not to the unit.)"""
        with _heap_frozen():
            self.assertGreater(gc.get_freeze_count(), 10_000)
            with _heap_frozen():
                pass
            self.assertGreater(gc.get_freeze_count(), 10_000)
        self.assertEqual(gc.get_freeze_count(), 0)
        gc.freeze()
        try:
            with _heap_frozen():
                pass
            self.assertGreater(gc.get_freeze_count(), 10_000)
        finally:
            gc.unfreeze()
