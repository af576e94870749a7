# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixture of the dispatch tests, shared with the MRP and purchase bridges' tests."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user

from .common import PrintcrmCase


class DispatchCase(PrintcrmCase):
    """A domestic A customer and an export C customer, the warehouse, and helpers that
    confirm an order and ship a delivery through Odoo's own wizards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mto = cls.env.ref("stock.route_warehouse0_mto")
        cls.mto.active = True
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.country = cls.env.ref("base.cn")
        cls.company.country_id = cls.country
        cls.customer_a = cls._customer(
            "Golden Bridge Printing",
            printcrm_tier_computed="a",
            country_id=cls.country.id,
            user_id=cls.salesperson.id,
        )
        cls.customer_c = cls._customer(
            "Hanoi Cable Trading",
            printcrm_tier_computed="c",
            country_id=cls.env.ref("base.vn").id,
        )

    @classmethod
    def _stocked(cls, name, on_hand=0, **vals):
        product = cls.env["product.product"].create(
            {"name": name, "is_storable": True, "list_price": 100.0, **vals}
        )
        if on_hand:
            cls.env["stock.quant"]._update_available_quantity(product, cls.stock, on_hand)
        return product

    def _sale(self, partner, lines, user=None):
        env = self.env(user=user) if user else self.env
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": env.user.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": qty, "tax_id": False}
                    )
                    for product, qty in lines
                ],
            }
        )
        order.action_confirm()
        return order

    def _deliver(self, picking, quantities):
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, 0)
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=False).button_validate()
        backorder_wizard = picking.env["stock.backorder.confirmation"].with_context(
            button_validate_picking_ids=picking.ids
        )
        if picking.state != "done":
            backorder_wizard.create({"pick_ids": [Command.set(picking.ids)]}).process()

    def _outgoing(self, dispatch):
        return dispatch.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")


class DispatchBrowserCase(HttpCase):
    """The bridges' browser tests: a salesperson without manufacturing or purchase rights
    confirms an order of ``product`` and opens its dispatch form in Chromium."""

    LOGIN = "printcrm_dispatch_sp"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            cls.LOGIN,
            groups="base.group_user,sales_team.group_sale_salesman,"
            "printcrm_addon.group_printcrm_salesperson",
        )
        cls.mto = cls.env.ref("stock.route_warehouse0_mto")
        cls.mto.active = True

    @classmethod
    def _dispatch_of(cls, product):
        customer = cls.env["res.partner"].create(
            {"name": "Golden Bridge Printing", "is_company": True, "user_id": cls.salesperson.id}
        )
        order = (
            cls.env["sale.order"]
            .with_user(cls.salesperson)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 5})
                    ],
                }
            )
        )
        order.action_confirm()
        return order.printcrm_dispatch_id

    def _open_every_page(self, dispatch):
        self.start_tour(
            f"/odoo/action-printcrm_addon.action_printcrm_dispatch/{dispatch.id}",
            "printcrm_form_pages",
            login=self.LOGIN,
        )
