# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.printcrm_addon.tests.dispatch_common import DispatchCase


@tagged("post_install", "-at_install")
class TestDispatchManufacturing(DispatchCase):
    """A cable made to order through Odoo's manufacture route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.component = cls._stocked("Copper wire", on_hand=1000)
        manufacture = cls.env.ref("mrp.route_warehouse0_manufacture")
        cls.cable = cls._stocked(
            "Shielded cable (made to order)",
            list_price=50.0,
            route_ids=[Command.set([cls.mto.id, manufacture.id])],
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.cable.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": cls.component.id, "product_qty": 2})
                ],
            }
        )

    def _produce(self, production, qty):
        production.action_confirm()
        production.action_assign()
        form = Form(production)
        form.qty_producing = qty
        production = form.save()
        production.move_raw_ids.picked = True
        production.button_mark_done()
        return production

    def test_dispatch_follows_production_then_delivery(self):
        order = self._sale(self.customer_a, [(self.cable, 10)])
        dispatch = order.printcrm_dispatch_id
        self.assertEqual(dispatch.production_ids, order.mrp_production_ids)
        self.assertEqual(dispatch.production_ids.product_qty, 10)
        self.assertEqual(dispatch.state, "in_production")
        # only confirmed, not started: the customer may still change the order
        self.assertTrue(dispatch.can_change)
        # A customer: urgent priority on the delivery and the manufacturing order
        self.assertEqual(self._outgoing(dispatch).priority, "1")
        self.assertEqual(dispatch.production_ids.priority, "1")

        production = self._produce(dispatch.production_ids, 10)
        self.assertEqual(production.state, "done")
        delivery = self._outgoing(dispatch)
        delivery.action_assign()
        self.assertEqual(dispatch.state, "ready")
        self.assertFalse(dispatch.can_change)
        self._deliver(delivery, {self.cable: 10})
        self.assertEqual(dispatch.state, "shipped")

    def test_c_customer_production_keeps_normal_priority(self):
        order = self._sale(self.customer_c, [(self.cable, 3)], user=self.salesperson)
        dispatch = order.printcrm_dispatch_id
        self.assertEqual(dispatch.state, "in_production")
        self.assertEqual(dispatch.production_ids.priority, "0")

    def test_refresh_finds_a_production_launched_later(self):
        order = self._sale(self.customer_a, [(self.cable, 2)], user=self.salesperson)
        dispatch = order.printcrm_dispatch_id
        dispatch.sudo().production_ids = False
        self.assertEqual(dispatch.state, "waiting")
        dispatch.with_user(self.salesperson).action_refresh()
        self.assertEqual(dispatch.production_ids, order.mrp_production_ids)
        self.assertEqual(dispatch.state, "in_production")

    @freeze_time("2026-11-20 09:00:00")
    def test_made_line_is_feasible_after_the_production_lead(self):
        self.bom.produce_delay = 10
        self.company.manufacturing_lead = 2
        self.cable.sale_delay = 0
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "commitment_date": datetime(2026, 11, 30, 12, 0),
                "order_line": [
                    Command.create({"product_id": self.cable.id, "product_uom_qty": 10})
                ],
            }
        )
        made = order.order_line
        # 10 days of production + 2 of company manufacturing lead
        self.assertEqual(made.printcrm_supply_source, "manufacture")
        self.assertEqual(str(made.printcrm_earliest_date), "2026-12-02")
        self.assertFalse(made.printcrm_date_ok)
        self.assertFalse(order.printcrm_date_feasible)
        order.action_printcrm_use_earliest_date()
        self.assertEqual(order.commitment_date, datetime(2026, 12, 2, 12, 0))
        self.assertTrue(order.printcrm_date_feasible)

    def test_dispatch_form_shows_the_manufacturing_orders(self):
        views = (
            self.env["printcrm.dispatch"].with_user(self.salesperson).get_views([(False, "form")])
        )
        self.assertIn('name="production_ids"', views["views"]["form"]["arch"])
