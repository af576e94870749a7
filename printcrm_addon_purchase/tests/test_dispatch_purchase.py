# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.printcrm_addon.tests.dispatch_common import DispatchCase


@tagged("post_install", "-at_install")
class TestDispatchPurchase(DispatchCase):
    """A connector bought to order through Odoo's buy route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Plug Supplier"})
        buy = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.plug = cls._stocked(
            "Connector (bought to order)",
            list_price=5.0,
            route_ids=[Command.set([cls.mto.id, buy.id])],
            seller_ids=[Command.create({"partner_id": cls.vendor.id, "price": 2.0, "delay": 5})],
        )

    def test_dispatch_follows_the_purchase_then_delivery(self):
        order = self._sale(self.customer_a, [(self.plug, 20)])
        dispatch = order.printcrm_dispatch_id
        self.assertEqual(len(dispatch.purchase_ids), 1)
        self.assertEqual(dispatch.purchase_ids.partner_id, self.vendor)
        self.assertEqual(dispatch.purchase_ids.order_line.product_qty, 20)
        self.assertEqual(dispatch.state, "waiting")

        purchase = dispatch.purchase_ids
        purchase.button_confirm()
        receipt = purchase.picking_ids
        receipt.move_ids.quantity = 20
        receipt.move_ids.picked = True
        receipt.button_validate()
        delivery = self._outgoing(dispatch)
        delivery.action_assign()
        self.assertEqual(dispatch.state, "ready")
        self._deliver(delivery, {self.plug: 20})
        self.assertEqual(dispatch.state, "shipped")

    def test_refresh_finds_a_purchase_launched_later(self):
        order = self._sale(self.customer_c, [(self.plug, 4)], user=self.salesperson)
        dispatch = order.printcrm_dispatch_id
        dispatch.sudo().purchase_ids = False
        dispatch.with_user(self.salesperson).action_refresh()
        self.assertEqual(dispatch.purchase_ids, order._get_purchase_orders())
        self.assertTrue(dispatch.purchase_ids)

    @freeze_time("2026-11-20 09:00:00")
    def test_bought_line_is_feasible_after_the_vendor_lead(self):
        self.company.po_lead = 1
        self.plug.sale_delay = 0
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "commitment_date": datetime(2026, 11, 30, 12, 0),
                "order_line": [Command.create({"product_id": self.plug.id, "product_uom_qty": 20})],
            }
        )
        bought = order.order_line
        # 5 days of vendor lead + 1 of company purchase lead
        self.assertEqual(bought.printcrm_supply_source, "purchase")
        self.assertEqual(str(bought.printcrm_earliest_date), "2026-11-26")
        self.assertTrue(bought.printcrm_date_ok)
        self.assertEqual(str(order.printcrm_earliest_commitment), "2026-11-26")

    def test_a_vendorless_product_has_no_date(self):
        buy = self.env.ref("purchase_stock.route_warehouse0_buy")
        drum = self._stocked("Drum", on_hand=5, route_ids=[Command.set([buy.id])])
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "order_line": [Command.create({"product_id": drum.id, "product_uom_qty": 8})],
            }
        )
        # the warehouse would buy drums but knows no vendor: no date is promised
        self.assertEqual(order.order_line.printcrm_supply_source, "none")
        self.assertFalse(order.order_line.printcrm_earliest_date)

    def test_dispatch_form_shows_the_purchase_orders_to_purchase_users(self):
        buyer = new_test_user(
            self.env,
            "printcrm_buyer",
            groups="base.group_user,purchase.group_purchase_user,"
            "printcrm_addon.group_printcrm_salesperson",
        )
        for user, shown in ((buyer, True), (self.salesperson, False)):
            Dispatch = self.env["printcrm.dispatch"].with_user(user)
            arch = Dispatch.get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertEqual('name="purchase_ids"' in arch, shown, user.login)
