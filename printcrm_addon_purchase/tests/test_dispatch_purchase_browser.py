# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from odoo.addons.printcrm_addon.tests.dispatch_common import DispatchBrowserCase


@tagged("post_install", "-at_install")
class TestDispatchPurchaseBrowser(DispatchBrowserCase):
    """The dispatch form as the order's salesperson, who has no purchase rights: the
    Purchases page is not on it, and the form opens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        buy = cls.env.ref("purchase_stock.route_warehouse0_buy")
        vendor = cls.env["res.partner"].create({"name": "Plug Supplier"})
        plug = cls.env["product.product"].create(
            {
                "name": "Connector (bought to order)",
                "is_storable": True,
                "route_ids": [Command.set([cls.mto.id, buy.id])],
                "seller_ids": [Command.create({"partner_id": vendor.id, "price": 2.0})],
            }
        )
        cls.dispatch = cls._dispatch_of(plug)

    def test_dispatch_form_every_page_as_salesperson(self):
        self.assertTrue(self.dispatch.purchase_ids)
        self._open_every_page(self.dispatch)
