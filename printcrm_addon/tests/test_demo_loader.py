# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.api import call_kw
from odoo.tests import TransactionCase, new_test_user, tagged

from ..demo import dataset
from .common import TODAY


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestDemoLoader(TransactionCase):
    """The demo loader on a small base: records match the dataset, the batch tiers them."""

    def test_small_demo_base(self):
        base = dataset.generate(TODAY, customers=12, seed=5)
        counts = dataset.summary(base)
        self.env["printcrm.demo.loader"].load(customers=12, seed=5, today=TODAY)
        partners = self.env["res.partner"].search([("ref", "=like", "PCD%")])
        self.assertEqual(len(partners), 12)
        orders = self.env["sale.order"].search([("partner_id", "in", partners.ids)])
        self.assertEqual(len(orders), counts["orders"])
        self.assertEqual(set(orders.mapped("state")), {"sale"})
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

        self.env["res.partner"].cron_printcrm_recompute_tiers()
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
        self.env["res.partner"].cron_printcrm_recompute_tiers()
        # as in Odoo's own demo data, a "portal" login exists already
        new_test_user(self.env, "portal", groups="base.group_portal")
        # called as the demo XML's <function> does: no record ids
        call_kw(self.env["printcrm.demo.loader"], "load_portal_demo", [], {})
        portal = self.env["res.users"].search([("login", "=", "zhang")])
        self.assertTrue(portal.has_group("base.group_portal"))
        customer = portal.partner_id.commercial_partner_id
        self.assertEqual(customer.printcrm_tier, "a")
        orders = self.env["sale.order"].search(
            [("partner_id", "=", customer.id), ("printcrm_dispatch_id", "!=", False)]
        )
        self.assertEqual(sorted(orders.mapped("printcrm_dispatch_id.state")), ["ready", "waiting"])
        self.assertEqual(set(orders.picking_ids.mapped("priority")), {"1"})
        self.assertEqual(len(orders.printcrm_complaint_ids), 1)
