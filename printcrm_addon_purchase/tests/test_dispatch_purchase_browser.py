# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDispatchPurchaseBrowser(HttpCase):
    """The dispatch form with its Purchases page, in Chromium, as the order's salesperson
    (who has no purchase rights)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            "printcrm_po_sp",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "printcrm_addon.group_printcrm_salesperson",
        )
        mto = cls.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        buy = cls.env.ref("purchase_stock.route_warehouse0_buy")
        vendor = cls.env["res.partner"].create({"name": "Plug Supplier"})
        plug = cls.env["product.product"].create(
            {
                "name": "Connector (bought to order)",
                "is_storable": True,
                "route_ids": [Command.set([mto.id, buy.id])],
                "seller_ids": [Command.create({"partner_id": vendor.id, "price": 2.0})],
            }
        )
        customer = cls.env["res.partner"].create(
            {"name": "Golden Bridge Printing", "is_company": True, "user_id": cls.salesperson.id}
        )
        order = (
            cls.env["sale.order"]
            .with_user(cls.salesperson)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [Command.create({"product_id": plug.id, "product_uom_qty": 5})],
                }
            )
        )
        order.action_confirm()
        cls.dispatch = order.printcrm_dispatch_id

    def test_dispatch_form_every_page_as_salesperson(self):
        self.assertTrue(self.dispatch.purchase_ids)
        self.start_tour(
            f"/odoo/action-printcrm_addon.action_printcrm_dispatch/{self.dispatch.id}",
            "printcrm_form_pages",
            login="printcrm_po_sp",
        )
