# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestTierBatch(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"]
        # ten customers with sales 10,000 ... 1,000 in the window
        for i in range(10):
            customer = cls._customer(f"Cable buyer {i:02d}")
            cls._order(customer, 10000 - 1000 * i, TODAY - timedelta(days=30 + i))
            cls.customers |= customer

    def _run(self):
        self.env["res.partner"]._cron_printcrm_recompute_tiers()

    def test_tiers_from_confirmed_orders(self):
        self._run()
        tiers = [c.printcrm_tier for c in self.customers]
        self.assertEqual(tiers, ["a"] + ["b"] * 3 + ["c"] * 6)
        top = self.customers[0]
        # 10,000 sales x 40 % margin x 100 % cooperation x 100 % payment
        self.assertAlmostEqual(top.printcrm_annual_sales, 10000.0)
        self.assertAlmostEqual(top.printcrm_margin_rate, 40.0)
        self.assertAlmostEqual(top.printcrm_tier_score, 4000.0)
        self.assertEqual(top.printcrm_rank, 1)
        # shares of the ranking table: total score = 0.4 x 55,000 = 22,000
        self.assertAlmostEqual(top.printcrm_score_share, 100 * 4000 / 22000, places=2)
        self.assertAlmostEqual(self.customers[-1].printcrm_cumulative_share, 100.0, places=2)

    def test_which_orders_count(self):
        customer = self.customers[9]  # 1,000 in the window
        self._order(customer, 500, TODAY - timedelta(days=10), state="cancel")
        self._order(customer, 700, TODAY - timedelta(days=5), state="draft")
        self._order(customer, 900, TODAY - relativedelta(months=12, days=1))
        self._order(customer, 300, TODAY - relativedelta(months=11))
        refund = self._invoice(customer, 200, TODAY - timedelta(days=3), move_type="out_refund")
        self.assertEqual(refund.state, "posted")
        self._run()
        # 1,000 + 300 in the window, less the 200 credit note; cancelled, draft, old: out
        self.assertAlmostEqual(customer.printcrm_annual_sales, 1100.0)
        self.assertEqual(customer.printcrm_order_count, 3)

    def test_payment_behaviour_lowers_the_score(self):
        late, unpaid = self.customers[0], self.customers[1]
        due = TODAY - timedelta(days=60)
        invoice = self._invoice(late, 1000, due)
        self._pay(invoice, 1000, due + timedelta(days=45))
        self._invoice(unpaid, 1000, TODAY - timedelta(days=120))
        self._run()
        # paid 45 days late on a 90-day horizon: half the credit
        self.assertAlmostEqual(late.printcrm_payment_rate, 50.0)
        self.assertAlmostEqual(late.printcrm_tier_score, 2000.0)
        self.assertAlmostEqual(unpaid.printcrm_payment_rate, 0.0)
        self.assertEqual(unpaid.printcrm_tier, "c")
        # score 0 at the bottom of the ranking and no better than before: drop candidate
        self.assertTrue(unpaid.printcrm_drop_candidate)

    def test_manager_payment_override_and_negative_cooperation(self):
        top = self.customers[0]
        top.sudo().write(
            {"printcrm_payment_rate_overridden": True, "printcrm_payment_rate_override": 80.0}
        )
        self.customers[1].sudo().printcrm_cooperation_rate = -50.0
        self._run()
        self.assertAlmostEqual(top.printcrm_payment_rate, 80.0)
        self.assertAlmostEqual(top.printcrm_tier_score, 3200.0)
        negative = self.customers[1]
        self.assertLess(negative.printcrm_tier_score, 0)
        self.assertEqual(negative.printcrm_tier, "c")
        self.assertTrue(negative.printcrm_drop_candidate)

    def test_new_customer_flag(self):
        veteran = self._customer("Veteran")
        for months in range(8, 15):  # seven orders, the first 14 months ago
            self._order(veteran, 100, TODAY - relativedelta(months=months))
        six = self._customer("Six orders")
        for months in range(8, 14):
            self._order(six, 100, TODAY - relativedelta(months=months))
        recent = self._customer("Recent")
        for days in range(1, 9):  # eight orders, the first 40 days ago
            self._order(recent, 100, TODAY - timedelta(days=5 * days))
        self._run()
        self.assertFalse(veteran.printcrm_is_new_customer)
        self.assertEqual(veteran.printcrm_order_count, 7)
        self.assertTrue(six.printcrm_is_new_customer)
        self.assertTrue(recent.printcrm_is_new_customer)
        self.assertEqual(recent.printcrm_first_order_date, TODAY - timedelta(days=40))

    def test_history_rows_and_chatter(self):
        # run by a sales manager's button, as the cron runs it (sudo, the user kept)
        self.env["res.partner"].with_user(self.sales_manager).action_printcrm_recompute_tiers()
        top = self.customers[0]
        history = top.printcrm_tier_history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(
            (history.old_tier, history.new_tier, history.source), (False, "a", "computed")
        )
        self.assertAlmostEqual(history.score, 4000.0)
        # stamped as create stamps a row: when (the batch's clock; the transaction's for the
        # stamps, which the sales table's refresh compares with PostgreSQL's), by whom
        self.assertEqual(history.date, fields.Datetime.now())
        self.assertEqual((history.create_date, history.write_date), (self.env.cr.now(),) * 2)
        self.assertEqual(
            (history.user_id, history.create_uid, history.write_uid), (self.sales_manager,) * 3
        )
        # a first ranking is history, not news: no chatter note
        self.assertFalse(top.message_ids.filtered(lambda m: "Customer tier" in str(m.body)))
        # nothing changed: no new row, no new message
        messages = len(top.message_ids)
        self._run()
        self.assertEqual(len(top.printcrm_tier_history_ids), 1)
        self.assertEqual(len(top.message_ids), messages)
        # the top customer's sales grow no more while another overtakes it
        self._order(self.customers[5], 20000, TODAY - timedelta(days=2))
        self._run()
        self.assertEqual(self.customers[5].printcrm_tier, "a")
        self.assertEqual(top.printcrm_tier, "b")
        latest = self.env["printcrm.tier.history"].search([("partner_id", "=", top.id)], limit=1)
        self.assertEqual((latest.old_tier, latest.new_tier), ("a", "b"))
        self.assertIn("Customer tier A → B (computed", str(top.message_ids[0].body))

    def test_customer_without_sales_any_more_drops_to_c(self):
        self._run()
        top = self.customers[0]
        top.sale_order_ids.date_order = TODAY - relativedelta(months=13)
        self._run()
        self.assertEqual(top.printcrm_tier, "c")
        self.assertEqual(top.printcrm_rank, 0)
        self.assertAlmostEqual(top.printcrm_annual_sales, 0.0)

    def test_contacts_show_their_company_tier(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.customers[0].id}
        )
        self._order(contact, 50000, TODAY - timedelta(days=1))
        self._run()
        self.assertEqual(self.customers[0].printcrm_annual_sales, 60000.0)
        self.assertEqual(contact.printcrm_tier, "a")
        self.assertFalse(contact.printcrm_rank)

    def test_other_methods_from_settings(self):
        self.company.write(
            {
                "printcrm_tier_method": "threshold",
                "printcrm_tier_a_threshold": 3000.0,
                "printcrm_tier_b_threshold": 2000.0,
            }
        )
        self._run()
        tiers = [c.printcrm_tier for c in self.customers]
        # scores 4,000 3,600 3,200 2,800 2,400 2,000 1,600 ...
        self.assertEqual(tiers, ["a"] * 3 + ["b"] * 3 + ["c"] * 4)
        self.company.printcrm_tier_method = "cumulative_share"
        self._run()
        tiers = [c.printcrm_tier for c in self.customers]
        # total 22,000; score ranked above: 6th 16,000 (72.7 %) A, 7th 18,000 (81.8 %) B,
        # 9th 20,800 (94.5 %) B, 10th 21,600 (98.2 %) C
        self.assertEqual(tiers, ["a"] * 6 + ["b"] * 3 + ["c"])
