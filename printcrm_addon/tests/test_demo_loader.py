# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter

from freezegun import freeze_time

from odoo.api import call_kw
from odoo.tests import TransactionCase, new_test_user, tagged

from ..demo import dataset, queues
from .common import TODAY


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestDemoLoader(TransactionCase):
    """The demo loader on a small base: records match the dataset, the batch tiers them."""

    def test_small_demo_base(self):
        base = dataset.generate(TODAY, customers=12, seed=5)
        counts = dataset.summary(base)
        self.assertEqual((counts["domestic"], counts["export"]), (7, 5))
        self.env["printcrm.demo.loader"].load(customers=12, seed=5, today=TODAY)
        partners = self.env["res.partner"].search([("ref", "=like", "PCD%")])
        self.assertEqual(len(partners), 12)
        self.assertEqual(len(partners.filtered(lambda p: p.country_id.code == "CN")), 7)
        orders = self.env["sale.order"].search([("partner_id", "in", partners.ids)])
        self.assertEqual(len(orders), counts["orders"])
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        # confirmation lead time history: received and confirmed on every order
        self.assertEqual(len(orders.filtered("printcrm_confirmed_at")), counts["orders"])
        hours = sum(o.confirm_hours for c in base for o in c.orders)
        self.assertAlmostEqual(sum(orders.mapped("printcrm_confirm_hours")), hours, places=2)
        self.assertTrue(all(o.printcrm_received_at < o.printcrm_confirmed_at for o in orders))
        invoices = self.env["account.move"].search(
            [("partner_id", "in", partners.ids), ("move_type", "=", "out_invoice")]
        )
        self.assertEqual(len(invoices), counts["invoices"])
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        unpaid = invoices.filtered(lambda move: move.payment_state == "not_paid")
        self.assertEqual(len(unpaid), counts["unpaid"])
        # invoices are linked to their orders
        invoiced = orders.filtered(lambda order: order.invoice_status == "invoiced")
        self.assertEqual(len(invoiced), counts["invoices"])

        self.env["res.partner"]._cron_printcrm_recompute_tiers()
        ranked = partners.filtered("printcrm_annual_sales")
        self.assertTrue(ranked)
        self.assertEqual(set(ranked.mapped("printcrm_tier")) - {"a", "b", "c"}, set())
        self.assertIn("a", ranked.mapped("printcrm_tier"))
        below_cost = [
            partner
            for partner, customer in zip(partners.sorted("ref"), base, strict=True)
            if customer.margin_factor < 0 and partner.printcrm_annual_sales
        ]
        for partner in below_cost:
            self.assertLess(partner.printcrm_tier_score, 0, partner.name)
            self.assertEqual(partner.printcrm_tier, "c")

    def test_portal_demo_orders_go_through_dispatch(self):
        self.env["printcrm.demo.loader"].load(customers=12, seed=5, today=TODAY)
        self.env["res.partner"]._cron_printcrm_recompute_tiers()
        # as in Odoo's own demo data, a "portal" login exists already
        new_test_user(self.env, "portal", groups="base.group_portal")
        # called as a demo XML's <function> would: no record ids
        call_kw(self.env["printcrm.demo.loader"], "load_portal_demo", [], {})
        portal = self.env["res.users"].search([("login", "=", "zhang")])
        self.assertTrue(portal.has_group("base.group_portal"))
        customer = portal.partner_id.commercial_partner_id
        self.assertEqual(customer.name, dataset.PORTAL_CUSTOMER[0])
        self.assertEqual(customer.printcrm_tier, "a")
        orders = self.env["sale.order"].search(
            [("partner_id", "=", customer.id), ("printcrm_dispatch_id", "!=", False)]
        )
        self.assertEqual(sorted(orders.mapped("printcrm_dispatch_id.state")), ["ready", "waiting"])
        self.assertEqual(set(orders.picking_ids.mapped("priority")), {"1"})
        self.assertEqual(len(orders.printcrm_complaint_ids), 1)

    def test_demo_company_users_and_queues(self):
        """All steps of ``make demo`` on 12 customers: the Chinese company with credit
        control, the users in it, and something in every queue."""
        if not self.env.ref("printcrm_addon.demo_user_salesperson_1", raise_if_not_found=False):
            self.skipTest("the database has no demo data (demo users missing)")
        state = {}
        steps = self.env["printcrm.demo.loader"]._demo_steps(12, 5, TODAY, state)
        self.assertEqual(
            [label for label, _step in steps],
            [
                "company",
                "customers",
                "orders",
                "invoices and payments",
                "tiers and terms",
                "queues",
                "churn history",
            ],
        )
        for _label, step in steps:
            self.assertIsInstance(step(), str)
        company = state["company"]
        self.assertEqual(company.name, dataset.COMPANY["name"])
        self.assertEqual(company.currency_id.name, "CNY")
        self.assertEqual(company.country_id.code, "CN")
        self.assertTrue(company.chart_template)
        self.assertTrue(company.printcrm_credit_control and company.printcrm_invoice_by_terms)
        users = self.env["res.users"].search([("login", "in", [u[0] for u in dataset.USERS])])
        self.assertEqual(len(users), 5)
        for login, _xmlid, _role, lang in dataset.USERS:
            user = users.filtered(lambda u, login=login: u.login == login)
            self.assertEqual((user.company_id, user.lang), (company, lang), login)
        self.assertEqual(self.env.ref("base.user_admin").lang, "en_US")
        self.assertEqual(self.env.ref("base.user_admin").company_id, company)

        partners = state["partners"]
        foreign = partners.filtered(lambda p: p.country_id.code != "CN")
        self.assertEqual(len(foreign), 5)
        self.assertEqual(
            set(foreign.filtered("printcrm_term_rule").mapped("printcrm_term_rule")), {"foreign"}
        )
        requests = self.env["printcrm.credit.request"].search([("company_id", "=", company.id)])
        self.assertEqual(Counter(requests.mapped("state")), Counter(queues.CREDIT_REQUEST_STATES))
        Order = self.env["sale.order"].with_company(company)
        waiting = Order.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "draft"),
                ("printcrm_approval_requested", "=", True),
            ]
        )
        self.assertEqual(len(waiting), 7)
        self.assertTrue(all(order.activity_ids for order in waiting))
        late = Order.search(
            [("company_id", "=", company.id), ("printcrm_confirm_overdue", "=", True)]
        )
        self.assertGreaterEqual(len(late), 5)
        dispatch = self.env["printcrm.dispatch"].search([("company_id", "=", company.id)])
        self.assertEqual(len(dispatch), 6)
        complaints = self.env["printcrm.complaint"].search([("company_id", "=", company.id)])
        self.assertEqual(len(complaints), 11)
        self.assertGreaterEqual(len(complaints.filtered("is_overdue")), 4)
        self.assertTrue(
            self.env["printcrm.retention.case"].search([("company_id", "=", company.id)])
        )
        self.assertTrue(
            self.env["printcrm.churn.history"].search([("partner_id", "in", partners.ids)])
        )
