# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditDelivery(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.printcrm_credit_control = True
        cls.prepayment = cls.env.ref("printcrm_addon.payment_term_prepayment")
        cls.customer = cls._customer("Cash buyer", user_id=cls.salesperson.id)
        # an established class B customer (what the tier batch stores): its own rule does not
        # make it pay first, so the order's term decides in these tests
        cls.customer.sudo().write(
            {"printcrm_tier_computed": "b", "printcrm_is_new_customer": False}
        )
        cls.goods = cls.env["product.product"].create(
            {"name": "Cable drum", "type": "consu", "is_storable": True, "list_price": 250.0}
        )
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)])[:1]
        cls.env["stock.quant"]._update_available_quantity(cls.goods, warehouse.lot_stock_id, 100)

    def _confirmed_order(self, term, customer=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": (customer or self.customer).id,
                "payment_term_id": term.id if term else False,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.goods.id,
                            "product_uom_qty": 4,
                            "price_unit": 250.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 4
        return order, picking

    def test_prepayment_delivery_blocked_until_paid(self):
        order, picking = self._confirmed_order(self.prepayment)
        with self.assertRaisesRegex(UserError, "1,000.00 .* of the 1,000.00 .* is not paid"):
            picking.with_user(self.salesperson).button_validate()
        invoice = order._create_invoices()
        invoice.action_post()
        self._pay(invoice, 600.0, TODAY)
        with self.assertRaisesRegex(UserError, "400.00 .* is not paid"):
            picking.button_validate()
        self._pay(invoice, 400.0, TODAY + timedelta(days=1))
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_other_terms_and_credit_control_off_deliver_as_usual(self):
        _order, picking = self._confirmed_order(self.env.ref("printcrm_addon.payment_term_tier_b"))
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.company.printcrm_credit_control = False
        _order, picking = self._confirmed_order(self.prepayment)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_first_order_of_a_new_customer_is_held_before_any_batch(self):
        """Seed 003, 4.3.3 a (3): a new customer pays before delivery, from its first order on,
        not only once the nightly tier batch has stored its rule."""
        newcomer = self._customer("First-time buyer", user_id=self.salesperson.id)
        self.assertFalse(newcomer.printcrm_term_rule, "no batch has run for this customer")
        # created today: no payment term of its own yet, so the quotation carries none
        order, picking = self._confirmed_order(False, customer=newcomer)
        self.assertTrue(order.printcrm_pays_first)
        with self.assertRaisesRegex(UserError, "pays before delivery .* 1,000.00 .* is not paid"):
            picking.with_user(self.salesperson).button_validate()
        invoice = order._create_invoices()
        invoice.action_post()
        self._pay(invoice, 1000.0, TODAY)
        picking.button_validate()
        self.assertEqual(picking.state, "done")
