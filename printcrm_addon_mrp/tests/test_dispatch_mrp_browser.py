# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from odoo.addons.printcrm_addon.tests.dispatch_common import DispatchBrowserCase


@tagged("post_install", "-at_install")
class TestDispatchManufacturingBrowser(DispatchBrowserCase):
    """The dispatch form with its Manufacturing page, as the order's salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        manufacture = cls.env.ref("mrp.route_warehouse0_manufacture")
        Product = cls.env["product.product"]
        wire = Product.create({"name": "Copper wire", "is_storable": True})
        cable = Product.create(
            {
                "name": "Shielded cable (made to order)",
                "is_storable": True,
                "route_ids": [Command.set([cls.mto.id, manufacture.id])],
            }
        )
        cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cable.product_tmpl_id.id,
                "bom_line_ids": [Command.create({"product_id": wire.id, "product_qty": 2})],
            }
        )
        cls.dispatch = cls._dispatch_of(cable)

    def test_dispatch_form_every_page_as_salesperson(self):
        self.assertTrue(self.dispatch.production_ids)
        self._open_every_page(self.dispatch)
