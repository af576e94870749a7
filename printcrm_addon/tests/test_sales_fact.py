# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from ..models.printcrm_sales_fact import REFRESHED_AT
from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestSalesFact(PrintcrmCase):
    """The analysis reads the refreshed table, and the orders written since the refresh live.

    A test runs in one transaction, whose clock (the write dates) stands still: "later" is
    played by moving the refresh's time or an order's write date by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Fact Cable Co")
        cls.first = cls._order(cls.customer, 1000, date(2025, 10, 10))
        cls.second = cls._order(cls.customer, 2500, date(2026, 10, 10))
        cls.Fact = cls.env["printcrm.sales.fact"].sudo()

    def _figures(self):
        rows = self.env["printcrm.sales.analysis"]._read_group(
            [("partner_id", "=", self.customer.id)],
            ["order_id"],
            ["amount:sum", "amount_last_year:sum"],
        )
        return {order.name: (amount, last) for order, amount, last in rows}

    def _stored(self):
        return dict(
            self.Fact._read_group(
                [("partner_id", "=", self.customer.id)], ["shift"], ["amount:sum"]
            )
        )

    def _refresh_as_if(self, hours, full=False):
        """Refresh, then move the refresh's time ``hours`` after this transaction's clock."""
        written = self.Fact._printcrm_refresh(full=full)
        later = self.env.cr.now() + timedelta(hours=hours)
        self.env["ir.config_parameter"].sudo().set_param(
            REFRESHED_AT, fields.Datetime.to_string(later)
        )
        self.env.flush_all()
        return written

    def _write_later(self, order, hours):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET write_date = %s WHERE id = %s",
            [self.env.cr.now() + timedelta(hours=hours), order.id],
        )

    def test_refresh_stores_both_periods_and_the_analysis_reads_them(self):
        live = self._figures()
        expected = {self.first.name: (1000, 1000), self.second.name: (2500, 0)}
        self.assertEqual(live, expected)  # read live: written after the last refresh
        self.assertFalse(self._stored())
        self._refresh_as_if(hours=2)
        # each line twice: on its date and one year later (the second's is next year)
        self.assertEqual(self._stored(), {0: 3500, 1: 3500})
        self.assertEqual(self._figures(), expected)  # now from the table

    def test_an_order_written_after_the_refresh_is_read_live(self):
        self._refresh_as_if(hours=2)
        self.second.order_line.price_unit = 200.0  # 2,500 becomes 5,000
        self.second._action_cancel()
        self._write_later(self.second, hours=3)
        self.assertEqual(self._figures(), {self.first.name: (1000, 1000)})
        self.assertEqual(self._stored(), {0: 3500, 1: 3500})  # the table is a day behind
        self.second.action_draft()
        self.second.action_confirm()
        self._write_later(self.second, hours=3)
        self.assertEqual(self._figures()[self.second.name], (5000, 0))
        # the next run takes the written order only, and then holds its new figures
        self.assertEqual(self._refresh_as_if(hours=4), 2)
        self.assertEqual(self._stored(), {0: 6000, 1: 6000})
        self.assertEqual(self._figures()[self.second.name], (5000, 0))

    def test_refresh_takes_missing_orders_and_a_backdated_tier_change(self):
        draft = self._order(self.customer, 600, date(2026, 3, 3), state="draft")
        self._refresh_as_if(hours=2)
        self.assertNotIn(draft.name, self._figures())
        # confirmed by SQL, its write date untouched (an import script): found, alone
        self.env.cr.execute("UPDATE sale_order SET state = 'sale' WHERE id = %s", [draft.id])
        self.assertEqual(self._refresh_as_if(hours=2), 2)
        self.assertEqual(self._figures()[draft.name], (600, 0))
        self.assertEqual(self._refresh_as_if(hours=2), 0)  # and then no more

        # an import records a change dated before the second order: that order is retaken
        self._tier_change("c", "a", datetime(2026, 1, 1), recorded_in_hours=3)
        self.assertEqual(self._refresh_as_if(hours=4), 4)  # and the one of March
        stored = dict(
            self.Fact._read_group(
                [("partner_id", "=", self.customer.id), ("shift", "=", 0)],
                ["order_id"],
                ["period_tier:max"],
            )
        )
        self.assertEqual(stored, {self.first: False, draft: "a", self.second: "a"})
        # before its first change the customer was C: the analysis looks it up
        self.assertEqual(self._tiers_then(), {"c": 1000, "a": 3100})

    def test_tier_then_before_the_first_change_follows_a_new_change_at_once(self):
        self._set_tier("b")
        self._refresh_as_if(hours=2)
        self.assertEqual(self._tiers_then(), {"b": 3500})
        # today's batch moves it to A: its past sales stay B, without a refresh
        self._tier_change("b", "a", datetime(2026, 11, 22, 2), recorded_in_hours=3)
        self._set_tier("a")
        self.assertEqual(self._tiers_then(), {"b": 3500})

    def test_refresh_retakes_an_order_whose_customer_changed_without_a_write(self):
        buyer = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        order = self._order(buyer, 400, date(2026, 9, 1))
        other = self._customer("Other Company Co")
        self._refresh_as_if(hours=2)
        rows = [("order_id", "=", order.id), ("shift", "=", 0)]
        self.assertEqual(self.Fact.search(rows).partner_id, self.customer)
        # the contact joins another company: the order is not written, the next run sees it
        buyer.parent_id = other
        self.env.flush_all()
        self.assertEqual(buyer.commercial_partner_id, other)
        self.assertEqual(self._refresh_as_if(hours=2), 2)
        self.Fact.invalidate_model()
        self.assertEqual(self.Fact.search(rows).partner_id, other)

    def test_the_orders_are_filed_once_each_as_their_rows_are(self):
        Orders = self.env["printcrm.sales.fact.order"].sudo()
        buyer = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        third = self._order(buyer, 300, date(2026, 6, 1))
        third.order_line[0].copy({"order_id": third.id})  # two lines, one order
        self._refresh_as_if(hours=2, full=True)
        filed = Orders.search([("order_id", "in", (self.first + self.second + third).ids)])
        self.assertEqual(
            sorted((f.order_id.name, f.partner_id, f.company_id, f.user_id) for f in filed),
            sorted(
                (o.name, self.customer.id, o.company_id.id, o.user_id.id)
                for o in self.first + self.second + third
            ),
        )
        # a night without changes takes no order
        later = self.env.cr.now() + timedelta(hours=1)  # after this transaction's writes
        self.assertEqual(self.Fact._printcrm_stale_orders(later), [])
        self.assertEqual(self._refresh_as_if(hours=2), 0)
        # a cancelled order leaves both the rows and the filed orders
        third._action_cancel()
        self._write_later(third, hours=3)
        self._refresh_as_if(hours=4)
        self.assertFalse(Orders.search([("order_id", "=", third.id)]))
        self.assertFalse(self.Fact.search([("order_id", "=", third.id)]))

    def test_an_upgrade_files_the_orders_of_the_rows_already_there(self):
        # 18.0.2.0.0 had the rows and no filed orders: the upgrade files them from the rows
        Orders = self.env["printcrm.sales.fact.order"].sudo()
        self._refresh_as_if(hours=2, full=True)
        before = sorted(Orders.search([]).mapped(lambda f: (f.order_id.id, f.partner_id)))
        self.env.cr.execute("DELETE FROM printcrm_sales_fact_order")
        self.Fact.init()
        Orders.invalidate_model()
        self.assertEqual(
            sorted(Orders.search([]).mapped(lambda f: (f.order_id.id, f.partner_id))), before
        )
        self.assertIn((self.first.id, self.customer.id), before)
        self.assertEqual(self._refresh_as_if(hours=2), 0)  # nothing taken again

    def _set_tier(self, tier):
        # as the tier batch stores it
        self.env.cr.execute(
            "UPDATE res_partner SET printcrm_tier = %s WHERE id = %s", [tier, self.customer.id]
        )
        self.customer.invalidate_recordset(["printcrm_tier"])

    def _tier_change(self, old, new, when, recorded_in_hours):
        history = self.env["printcrm.tier.history"].create(
            {
                "partner_id": self.customer.id,
                "date": when,
                "old_tier": old,
                "new_tier": new,
                "source": "computed",
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE printcrm_tier_history SET create_date = %s WHERE id = %s",
            [self.env.cr.now() + timedelta(hours=recorded_in_hours), history.id],
        )

    def _tiers_then(self):
        self.env["printcrm.sales.analysis"].invalidate_model()
        return dict(
            self.env["printcrm.sales.analysis"]._read_group(
                [("partner_id", "=", self.customer.id), ("amount", ">", 0)],
                ["period_tier"],
                ["amount:sum"],
            )
        )

    def test_full_refresh_equals_the_live_analysis(self):
        self._order(self.customer, 700, date(2026, 11, 20))
        self._order(self._customer("Other Wire Co"), 300, date(2025, 11, 1))
        Analysis = self.env["printcrm.sales.analysis"]
        groupby = ["date:month", "partner_id", "period_tier"]
        aggregates = ["amount:sum", "amount_last_year:sum", "quantity:sum", "margin:sum"]
        live = Analysis._read_group([], groupby, aggregates)
        self.assertGreaterEqual(self._refresh_as_if(hours=2, full=True), 8)
        Analysis.invalidate_model()
        self.assertEqual(Analysis._read_group([], groupby, aggregates), live)
        # nothing is read twice: the table's rows are not also read live
        self.assertEqual(
            Analysis.search_count([("partner_id", "=", self.customer.id)]),
            4,  # three lines on their date, the one of 2025 again a year later
        )

    def test_nightly_job_refreshes(self):
        cron = self.env.ref("printcrm_addon.ir_cron_printcrm_refresh_sales_analysis")
        self.assertEqual(cron.model_id.model, "printcrm.sales.fact")
        cron.method_direct_trigger()
        self.assertEqual(self._stored(), {0: 3500, 1: 3500})
        # the start of the oldest open transaction (this test's, or an older one)
        self.assertLessEqual(self.Fact._printcrm_refreshed_at(), self.env.cr.now())
