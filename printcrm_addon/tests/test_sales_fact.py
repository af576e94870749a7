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

    def test_refresh_takes_missing_orders_and_new_tier_history(self):
        self._refresh_as_if(hours=2)
        self.env.cr.execute(
            "DELETE FROM printcrm_sales_fact WHERE order_id = %s", [self.first.id]
        )
        self.assertEqual(self._figures().get(self.first.name), None)  # lost by hand
        self.assertEqual(self._refresh_as_if(hours=2), 2)  # found again, alone
        self.assertEqual(self._figures()[self.first.name], (1000, 1000))

        self.env["printcrm.tier.history"].create(
            {
                "partner_id": self.customer.id,
                "date": datetime(2026, 1, 1),
                "old_tier": "c",
                "new_tier": "a",
                "source": "computed",
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE printcrm_tier_history SET create_date = %s WHERE partner_id = %s",
            [self.env.cr.now() + timedelta(hours=3), self.customer.id],
        )
        # the customer's four rows again, each order with its tier then
        self.assertEqual(self._refresh_as_if(hours=4), 4)
        then = dict(
            self.Fact._read_group(
                [("partner_id", "=", self.customer.id), ("shift", "=", 0)],
                ["period_tier"],
                ["amount:sum"],
            )
        )
        self.assertEqual(then, {"c": 1000, "a": 2500})

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
        refreshed = self.Fact._printcrm_refreshed_at()
        self.assertEqual(refreshed, self.env.cr.now().replace(microsecond=0))
