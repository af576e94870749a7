# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalOrderStatus(HttpCase):
    """The customer reads where its order is, and only its own orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Tour cable", "is_storable": True, "list_price": 10.0}
        )
        cls.customer, cls.portal_user = cls._portal_customer("Lotus Packaging", "lotus_portal")
        cls.other, cls.other_user = cls._portal_customer("Harbor Printing", "harbor_portal")
        cls.order = cls._confirmed_order(cls.customer, 12)
        cls.other_order = cls._confirmed_order(cls.other, 3)
        cls.env["printcrm.complaint"].create(
            {
                "partner_id": cls.customer.id,
                "order_id": cls.order.id,
                "category": "delivery",
                "description": "The last drum came late",
            }
        )

    @classmethod
    def _portal_customer(cls, name, login):
        company = cls.env["res.partner"].create({"name": name, "is_company": True})
        user = new_test_user(cls.env, login, groups="base.group_portal", password=login)
        user.partner_id.parent_id = company
        return company, user

    @classmethod
    def _confirmed_order(cls, partner, qty):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": qty})
                ],
            }
        )
        order.action_confirm()
        return order

    def test_customer_reads_the_status_of_its_order(self):
        self.authenticate("lotus_portal", "lotus_portal")
        response = self.url_open(f"/my/orders/{self.order.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('id="printcrm_order_status"', page)
        self.assertIn("Waiting", page)
        self.assertIn("Tour cable", page)
        self.assertIn("12.00", page)  # ordered and left to ship
        self.assertIn("Request a change", page)
        self.assertIn(self.order.printcrm_complaint_ids.name, page)
        self.assertNotIn(self.other_order.name, page)

    def test_another_customers_order_is_refused(self):
        self.authenticate("lotus_portal", "lotus_portal")
        response = self.url_open(f"/my/orders/{self.other_order.id}")
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn("Harbor Printing", response.text)
        # the request route refuses it too, and nothing is written
        response = self.url_open(
            f"/my/orders/{self.other_order.id}/printcrm_request",
            data={
                "kind": "cancel",
                "message": "cancel theirs",
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertFalse(self.other_order.activity_ids)

    def test_no_change_once_ready_to_ship(self):
        stock = self.env["stock.warehouse"].search([], limit=1).lot_stock_id
        self.env["stock.quant"]._update_available_quantity(self.product, stock, 100)
        self.order.picking_ids.action_assign()
        self.assertEqual(self.order.printcrm_dispatch_id.state, "ready")
        self.authenticate("lotus_portal", "lotus_portal")
        page = self.url_open(f"/my/orders/{self.order.id}").text
        self.assertIn("Ready to ship", page)
        self.assertIn("can no longer be changed", page)
        self.assertNotIn("Request a change", page)

    def test_tour_requests_a_change(self):
        self.start_tour(
            f"/my/orders/{self.order.id}", "printcrm_portal_order_status", login="lotus_portal"
        )
        activity = self.order.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("printcrm_addon.mail_activity_printcrm_change_request"),
        )
        self.assertIn("Please deliver 20 instead of 12", str(activity.note))
        request = self.order.message_ids.filtered(lambda m: "Please deliver 20" in str(m.body))
        self.assertEqual(request.author_id, self.portal_user.partner_id)
