# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDispatchManufacturingBrowser(HttpCase):
    """The dispatch form with its Manufacturing page, in Chromium, as the order's salesperson
    (who has no manufacturing rights)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            "printcrm_mrp_sp",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "printcrm_addon.group_printcrm_salesperson",
        )
        mto = cls.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        manufacture = cls.env.ref("mrp.route_warehouse0_manufacture")
        Product = cls.env["product.product"]
        wire = Product.create({"name": "Copper wire", "is_storable": True})
        cable = Product.create(
            {
                "name": "Shielded cable (made to order)",
                "is_storable": True,
                "route_ids": [Command.set([mto.id, manufacture.id])],
            }
        )
        cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cable.product_tmpl_id.id,
                "bom_line_ids": [Command.create({"product_id": wire.id, "product_qty": 2})],
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
                    "order_line": [Command.create({"product_id": cable.id, "product_uom_qty": 5})],
                }
            )
        )
        order.action_confirm()
        cls.dispatch = order.printcrm_dispatch_id

    def test_dispatch_form_every_page_as_salesperson(self):
        self.assertTrue(self.dispatch.production_ids)
        self.start_tour(
            f"/odoo/action-printcrm_addon.action_printcrm_dispatch/{self.dispatch.id}",
            "printcrm_form_pages",
            login="printcrm_mrp_sp",
        )
