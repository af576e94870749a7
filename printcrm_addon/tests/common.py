# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

TODAY = date(2026, 11, 22)


class PrintcrmCase(TransactionCase):
    """Customers, products and users shared by the add-on's Odoo tests.

    The clock is frozen on ``TODAY`` by the tests that need it; orders are created already
    confirmed (state 'sale') with their historical order date, as the batch only reads them.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.product = cls.env["product.product"].create(
            {
                "name": "Power cord 1.5 m",
                "type": "consu",
                "list_price": 100.0,
                "standard_price": 60.0,  # margin 40 %
                "taxes_id": [Command.clear()],
            }
        )
        groups = "printcrm_addon.group_printcrm_salesperson,sales_team.group_sale_salesman"
        cls.salesperson = new_test_user(
            cls.env, "printcrm_sp", groups=f"base.group_user,{groups}", name="Sally Salesperson"
        )
        cls.other_salesperson = new_test_user(
            cls.env, "printcrm_sp2", groups=f"base.group_user,{groups}", name="Otto Other"
        )
        cls.sales_manager = new_test_user(
            cls.env,
            "printcrm_sm",
            groups="base.group_user,sales_team.group_sale_manager,"
            "printcrm_addon.group_printcrm_sales_manager",
            name="Mona Manager",
        )

    @classmethod
    def _credit_users(cls):
        """Branch manager, second sales manager and general manager for the credit flows."""
        base = "base.group_user,sales_team.group_sale_salesman_all_leads"
        cls.branch_manager = new_test_user(
            cls.env,
            "printcrm_bm",
            groups=f"{base},printcrm_addon.group_printcrm_branch_manager",
            name="Bob Branch",
        )
        cls.general_manager = new_test_user(
            cls.env,
            "printcrm_gm",
            groups=f"{base},printcrm_addon.group_printcrm_general_manager",
            name="Grace General",
        )

    def _flush_tracking(self):
        """mail.thread tracks at commit time, and not records created in the same transaction."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    @classmethod
    def _customer(cls, name, **vals):
        return cls.env["res.partner"].create({"name": name, "is_company": True, **vals})

    @classmethod
    def _order(cls, partner, amount, when, state="sale", cost=None):
        """A confirmed order of ``amount`` (untaxed) dated ``when``."""
        product = cls.product
        if cost is not None:
            product = cls.product.copy({"standard_price": cost})
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "date_order": datetime.combine(when, datetime.min.time()) + timedelta(hours=9),
                "state": state,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": amount / 100.0,
                            "price_unit": 100.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    @classmethod
    def _invoice(cls, partner, amount, due, move_type="out_invoice"):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": due - timedelta(days=30),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Cable",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, when):
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": when})
        )
        wizard.action_create_payments()
