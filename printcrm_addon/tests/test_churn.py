# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestChurnSignals(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_users()
        # a customer as Odoo knows one (it was quoted or invoiced before)
        cls.customer = cls._customer("Lotus Packaging", user_id=cls.salesperson.id, customer_rank=1)

    def _run(self):
        self.env.flush_all()
        self.env["res.partner"]._cron_printcrm_compute_churn()
        self.env.invalidate_all()

    def _signal(self, partner, signal_type, active=True):
        return (
            self.env["printcrm.churn.signal"]
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("signal_type", "=", signal_type),
                    ("active", "=", active),
                ]
            )
        )

    def _monthly_orders(self, partner, amount, first, last):
        day = first
        while day <= last:
            self._order(partner, amount, day)
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 15)

    def test_order_drop_fires_with_numbers_then_stops_and_is_archived(self):
        self._monthly_orders(self.customer, 4000, date(2025, 1, 15), date(2026, 7, 15))
        self._run()
        signal = self._signal(self.customer, "order_drop")
        # 24 Aug - 22 Nov 2026: nothing; same 90 days of 2025: 15 Sep, Oct, Nov = 12,000
        self.assertIn(
            "Ordered 0 in the last 90 days against 12,000 in the same 90 days last year (-100%)",
            signal.explanation,
        )
        self.assertEqual(signal.severity, 100)
        self.assertEqual(signal.first_detected, TODAY)
        # its silence is the purchase rhythm's signal (one customer: the reference rhythm)
        rhythm = self._signal(self.customer, "purchase_rhythm")
        self.assertEqual(
            rhythm.explanation,
            "Ordered 19 times in 22 months, about every 4 weeks; 4 months since the last "
            "order: 63% chance of no order in the next 6 months",
        )
        self.assertEqual(rhythm.severity, 63)
        self.assertEqual(self.customer.printcrm_churn_level, "high")
        # 1 - (1 - 80% x 100%) x (1 - 63%)
        self.assertEqual(self.customer.printcrm_churn_score, 92.6)

        self._order(self.customer, 12000, TODAY)
        # the trend compares with the score of an earlier day
        with freeze_time(TODAY + timedelta(days=1)):
            self._run()
        self.assertFalse(self._signal(self.customer, "order_drop"))
        self.assertEqual(self._signal(self.customer, "order_drop", active=False), signal)
        # only its rhythm's chance of no order remains: too small to show, it still ranks it
        self.assertEqual(self.customer.printcrm_churn_score, 5.1)
        self.assertFalse(self._signal(self.customer, "purchase_rhythm"))
        self.assertEqual(self.customer.printcrm_churn_level, "low")
        self.assertEqual(self.customer.printcrm_churn_trend, "down")

    def test_overdue_payment_counts_reminders(self):
        invoice = self._invoice(self.customer, 3200.0, TODAY - timedelta(days=45))
        with freeze_time(TODAY - timedelta(days=20)):
            invoice.with_user(self.salesperson).sudo().message_post(
                body="Reminder: invoice overdue",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self._run()
        signal = self._signal(self.customer, "overdue_payment")
        self.assertEqual(
            signal.explanation,
            "1 invoices overdue for 3,200, the oldest 45 days past due, after 1 reminders",
        )
        self.assertEqual(signal.severity, 30 + 25 + 10)
        self._pay(invoice, 3200.0, TODAY)
        self._run()
        self.assertFalse(self._signal(self.customer, "overdue_payment"))
        self.assertTrue(self._signal(self.customer, "overdue_payment", active=False))

    def test_only_customers_are_scored(self):
        supplier = self._customer("Copper Supplier")  # never bought: no customer
        for partner in (supplier, self.company.partner_id, self.salesperson.partner_id):
            for days in (20, 10, 2):
                with freeze_time(TODAY - timedelta(days=days)):
                    partner.with_user(self.salesperson).message_post(
                        body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
                    )
        # an earlier version scored the company itself: the batch clears that
        self.env.cr.execute(
            "UPDATE res_partner SET printcrm_churn_level = 'high', printcrm_churn_score = 90 "
            "WHERE id = %s",
            [self.company.partner_id.id],
        )
        self._run()
        for partner in (supplier, self.company.partner_id, self.salesperson.partner_id):
            self.assertFalse(partner.printcrm_churn_level, partner.name)

    def test_no_response_until_the_customer_writes(self):
        for days in (20, 10, 2):
            with freeze_time(TODAY - timedelta(days=days)):
                self.customer.with_user(self.salesperson).message_post(
                    body="Any news on the spring catalogue?",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        self._run()
        signal = self._signal(self.customer, "no_response")
        self.assertEqual(
            signal.explanation,
            "3 e-mails, calls or activities in the last 30 days and no reply or meeting; "
            "the customer never wrote back",
        )
        self.assertEqual(signal.severity, 40)
        # as the mail gateway records a reply: nothing is sent from the test
        self.customer.with_context(mail_notify_force_send=False).message_post(
            body="Sorry, we were busy.",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._run()
        self.assertFalse(self._signal(self.customer, "no_response"))

    def test_complaints_discounts_and_demand_tightening(self):
        complaint = self.env["printcrm.complaint"].create(
            {
                "partner_id": self.customer.id,
                "category": "quality",
                "severity": "high",
                "description": "Colour drift on the last two print runs",
            }
        )
        for _i in range(2):
            quotation = self._order(self.customer, 1000, TODAY - timedelta(days=5), state="draft")
            quotation.order_line.discount = 15.0
        for days_ago in (300, 250, 200, 150):
            order = self._order(self.customer, 500, TODAY - timedelta(days=days_ago))
            order.commitment_date = order.date_order + timedelta(days=21)
        for days_ago in (60, 30, 10):
            order = self._order(self.customer, 500, TODAY - timedelta(days=days_ago))
            order.commitment_date = order.date_order + timedelta(days=7)
        self._run()
        self.assertEqual(
            self._signal(self.customer, "complaint").explanation,
            "1 complaints in the last 90 days (1 of high severity), 1 still open",
        )
        self.assertEqual(
            self._signal(self.customer, "discount_pressure").explanation,
            "2 quotations with discounts above 10% (up to 15%) and 0 deals lost on price "
            "in the last 90 days",
        )
        self.assertEqual(
            self._signal(self.customer, "demand_tightening").explanation,
            "asked for delivery within 7 days on 3 recent orders against its usual 21 days "
            "(-67%); 1 quality complaints in the last 90 days",
        )
        complaint.write({"root_cause": "Ink batch", "corrective_action": "Changed supplier"})
        complaint.action_resolve()
        self._run()
        self.assertIn("0 still open", self._signal(self.customer, "complaint").explanation)

    def test_explanation_is_translated_for_chinese_users(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["printcrm_addon"], ["zh_CN"])
        self._monthly_orders(self.customer, 4000, date(2025, 1, 15), date(2026, 7, 15))
        self._run()
        signal = self._signal(self.customer, "order_drop").with_context(lang="zh_CN")
        self.assertIn("12,000", signal.explanation)
        self.assertNotIn("Ordered", signal.explanation)

    def test_escalation_once_per_entry_to_the_right_people(self):
        tier_b = self._customer("Golden Bridge Cables", user_id=self.salesperson.id)
        tier_a = self._customer("Jade River Exports", user_id=self.salesperson.id)
        tier_b.sudo().with_context(printcrm_tier_batch=True).write({"printcrm_tier_computed": "b"})
        tier_a.sudo().with_context(printcrm_tier_batch=True).write({"printcrm_tier_computed": "a"})
        for partner in (self.customer, tier_b, tier_a):
            self._monthly_orders(partner, 4000, date(2025, 1, 15), date(2026, 7, 15))
        self._run()
        escalation = self.env.ref("printcrm_addon.mail_activity_printcrm_churn_escalation")

        def escalations(partner):
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("activity_type_id", "=", escalation.id),
                ]
            )

        self.assertEqual(escalations(self.customer).user_id, self.salesperson)
        self.assertEqual(escalations(tier_b).user_id, self.branch_manager)
        # every sales and general manager, once each (the admin is a general manager too)
        tier_a_activities = escalations(tier_a)
        self.assertTrue(self.sales_manager | self.general_manager <= tier_a_activities.user_id)
        self.assertNotIn(self.branch_manager, tier_a_activities.user_id)
        self.assertEqual(len(tier_a_activities), len(tier_a_activities.user_id))
        self.assertIn("Ordered 0 in the last 90 days", escalations(tier_a)[0].note)
        # still high the next day: no second activity
        self._run()
        self.assertEqual(len(escalations(self.customer)), 1)
        # leaves high, comes back: a new entry, a new activity once the first is done
        escalations(self.customer).action_done()
        self._order(self.customer, 12000, TODAY)
        self._run()
        self.assertEqual(self.customer.printcrm_churn_level, "low")
        with freeze_time(TODAY + timedelta(days=200)):
            self._run()
        self.assertEqual(self.customer.printcrm_churn_level, "high")
        self.assertEqual(len(escalations(self.customer)), 1)

    def test_history_keeps_one_row_per_day_and_trend(self):
        self._monthly_orders(self.customer, 4000, date(2025, 1, 15), date(2026, 7, 15))
        self._run()
        self._run()
        history = self.customer.printcrm_churn_history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual((history.date, history.score, history.level), (TODAY, 92.6, "high"))
        self.assertEqual(self.customer.printcrm_churn_trend, "flat")
        self.assertEqual(self.customer.printcrm_churn_high_since, TODAY)
        with freeze_time(TODAY + timedelta(days=1)):
            self._order(self.customer, 12000, TODAY)
            self._run()
        history = self.customer.printcrm_churn_history_ids.sorted("date")
        # back to its rhythm's small chance of no order (5%, too small to show as a signal)
        self.assertEqual(history.mapped("score"), [92.6, 5.1])
        self.assertEqual(self.customer.printcrm_churn_trend, "down")
        self.assertFalse(self.customer.printcrm_churn_high_since)

    def test_past_history_is_rebuilt_without_escalating(self):
        self._monthly_orders(self.customer, 4000, date(2025, 1, 15), date(2026, 7, 15))
        Signal = self.env["printcrm.churn.engine"]
        for weeks in (3, 2, 1):
            Signal._printcrm_run(TODAY - timedelta(weeks=weeks), escalate=False)
        self.env.invalidate_all()
        history = self.customer.printcrm_churn_history_ids.sorted("date")
        self.assertEqual(history.mapped("date"), [TODAY - timedelta(weeks=w) for w in (3, 2, 1)])
        self.assertEqual(history.mapped("level"), ["high"] * 3)
        self.assertFalse(self.customer.activity_ids)
        signal = self._signal(self.customer, "order_drop")
        self.assertEqual(signal.first_detected, TODAY - timedelta(weeks=3))

    def test_salesperson_sees_only_own_customers_signals_and_complaints(self):
        other = self._customer("Other Customer", user_id=self.other_salesperson.id)
        for partner in (self.customer, other):
            self._monthly_orders(partner, 4000, date(2025, 1, 15), date(2026, 7, 15))
            self.env["printcrm.complaint"].create(
                {"partner_id": partner.id, "description": "Late", "category": "delivery"}
            )
        self._run()
        Signal = self.env["printcrm.churn.signal"].with_user(self.salesperson)
        self.assertEqual(Signal.search([]).partner_id, self.customer)
        Complaint = self.env["printcrm.complaint"].with_user(self.salesperson)
        self.assertEqual(Complaint.search([]).partner_id, self.customer)
        foreign = self.env["printcrm.complaint"].search([("partner_id", "=", other.id)])
        with self.assertRaises(AccessError):
            foreign.with_user(self.salesperson).read(["description"])
        # order drop and purchase rhythm for each customer, and the complaints
        self.assertEqual(
            self.env["printcrm.churn.signal"].with_user(self.branch_manager).search_count([]), 6
        )

    def test_views_open(self):
        self._monthly_orders(self.customer, 4000, date(2025, 1, 15), date(2026, 7, 15))
        self._run()
        Partner = self.env["res.partner"].with_user(self.branch_manager)
        for xmlid in (
            "printcrm_addon.view_partner_printcrm_churn_list",
            "printcrm_addon.view_partner_printcrm_churn_kanban",
        ):
            view = self.env.ref(xmlid)
            Partner.get_view(view.id, view.type)
        radar = Partner.search([("printcrm_churn_level", "=", "high")])
        self.assertIn(self.customer, radar)
        form = Form(self.customer.with_user(self.branch_manager))
        self.assertEqual(form.printcrm_churn_level, "high")
        for model in ("printcrm.churn.signal", "printcrm.churn.history", "printcrm.complaint"):
            for view_type in ("list", "search"):
                self.env[model].with_user(self.branch_manager).get_view(view_type=view_type)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestChurnPerformance(PrintcrmCase):
    def _customers(self, count, offset):
        partners = self.env["res.partner"].create(
            [{"name": f"Churn bulk {offset + i}", "is_company": True} for i in range(count)]
        )
        orders = []
        for i, partner in enumerate(partners):
            for months_back in (18, 14, 12, 6):
                orders.append(
                    {
                        "partner_id": partner.id,
                        "date_order": TODAY - timedelta(days=30 * months_back + i % 20),
                        "state": "sale",
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": self.product.id,
                                    "product_uom_qty": 10 + i,
                                    "price_unit": 100.0,
                                    "discount": 12.0 if months_back == 6 else 0.0,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
        self.env["sale.order"].create(orders)
        self.env["printcrm.complaint"].create(
            [{"partner_id": p.id, "description": "Late"} for p in partners[:5]]
        )
        for partner in partners[:3]:
            self._invoice(partner, 500, TODAY - timedelta(days=20))
        return partners

    def _count(self):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.env["res.partner"]._cron_printcrm_compute_churn()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_query_count_does_not_grow_with_customers(self):
        # four orders in 18 months are too rare for an empty window to count by default;
        # here every customer must carry a signal so that the writes are measured too
        self.env.company._printcrm_signal_type("order_drop").min_count = 0.0
        small = self._customers(10, 0)
        self._count()  # first run creates the signals
        queries_10 = self._count()
        self.assertTrue(all(small.mapped("printcrm_churn_level")))
        large = self._customers(200, 10)
        self._count()
        queries_200 = self._count()
        self.assertEqual(queries_200, queries_10)
        self.assertEqual(len(large.filtered(lambda p: p.printcrm_churn_score > 0)), 200)
