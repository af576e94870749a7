# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time
from datetime import timedelta

from odoo import Command, api, fields, models

from ..demo import dataset

_logger = logging.getLogger(__name__)


class PrintcrmDemoLoader(models.AbstractModel):
    """Turns ``demo/dataset.py`` into customers, orders, invoices and payments.

    Called from ``demo/printcrm_demo.xml`` (demo mode only). Everything is created in batches
    through the ORM, so the records are what Odoo itself would have made: confirmed orders
    with sale_margin costs, posted invoices linked to the order lines, and payments
    reconciled on their dates.
    """

    _name = "printcrm.demo.loader"
    _description = "PrintCRM demo data loader"

    @api.model
    def load(self, customers=170, seed=2026, today=None):
        started = time.monotonic()
        today = today or fields.Date.context_today(self)
        base = dataset.generate(today, customers=customers, seed=seed)
        products = self._demo_products()
        salespeople = self._demo_salespeople()
        partners = self._demo_partners(base, salespeople)
        orders = self._demo_orders(base, partners, products)
        invoices = self._demo_invoices(base, orders)
        self._demo_payments(base, invoices)
        _logger.info(
            "PrintCRM demo data: %s in %.0f s",
            dataset.summary(base),
            time.monotonic() - started,
        )
        return True

    @api.model
    def load_portal_demo(self):
        """A portal login (zhang / zhang) for the largest demo customer and two orders
        confirmed through Odoo's own flow, so that the dispatch and the customer's order page
        have something to show: one waiting for goods, one ready to ship with a complaint."""
        customer = self.env["res.partner"].search(
            [("ref", "=like", "PCD%"), ("is_company", "=", True)],
            order="printcrm_annual_sales desc, id",
            limit=1,
        )
        if not customer:
            return False
        contact = self.env["res.partner"].create(
            {"name": "Zhang Wei", "parent_id": customer.id, "email": "zhang.wei@example.com"}
        )
        # Odoo's own demo data already has a "portal" login
        self.env["res.users"].with_context(no_reset_password=True).create(
            {
                "login": "zhang",
                "password": "zhang",
                "partner_id": contact.id,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        drum = self.env["product.product"].create(
            {
                "name": "Shielded cable drum (made to stock)",
                "is_storable": True,
                "list_price": 900.0,
            }
        )
        ready_product = self.env["product.product"].search(
            [("name", "=", dataset.PRODUCTS[0][0])], limit=1
        )
        commitment = fields.Datetime.now() + timedelta(days=14)
        waiting, ready = self.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": customer.user_id.id,
                    "commitment_date": commitment,
                    "order_line": [Command.create({"product_id": drum.id, "product_uom_qty": 8})],
                },
                {
                    "partner_id": customer.id,
                    "user_id": customer.user_id.id,
                    "order_line": [
                        Command.create({"product_id": ready_product.id, "product_uom_qty": 20})
                    ],
                },
            ]
        )
        (waiting | ready).action_confirm()
        self.env["printcrm.complaint"].create(
            {
                "partner_id": customer.id,
                "order_id": ready.id,
                "category": "delivery",
                "description": "The previous shipment arrived two days late.",
            }
        )
        return True

    def _demo_products(self):
        Product = self.env["product.product"]
        return Product.concat(
            *(
                Product.create(
                    {
                        "name": name,
                        "type": "consu",
                        "invoice_policy": "order",
                        "list_price": price,
                        "standard_price": cost,
                        "taxes_id": [Command.clear()],
                    }
                )
                for name, price, cost in dataset.PRODUCTS
            )
        )

    def _demo_salespeople(self):
        refs = ("printcrm_addon.demo_user_salesperson_1", "printcrm_addon.demo_user_salesperson_2")
        users = self.env["res.users"].concat(
            *(self.env.ref(ref, raise_if_not_found=False) or self.env["res.users"] for ref in refs)
        )
        return users or self.env.user

    def _demo_partners(self, base, salespeople):
        country = {
            code: self.env.ref(f"base.{code.lower()}").id
            for code in {c.country for c in base} | {c.investor_country for c in base}
        }
        partners = self.env["res.partner"].create(
            [
                {
                    "name": customer.name,
                    "ref": customer.ref,
                    "is_company": True,
                    "customer_rank": 1,
                    "country_id": country[customer.country],
                    "printcrm_investor_country_id": country[customer.investor_country],
                    "printcrm_sales_channel": customer.channel,
                    "user_id": salespeople[index % len(salespeople)].id,
                    "email": f"purchasing@{customer.ref.lower()}.example.com",
                }
                for index, customer in enumerate(base)
            ]
        )
        with_cooperation = [
            (partner, customer.cooperation)
            for partner, customer in zip(partners, base, strict=True)
            if customer.cooperation is not None
        ]
        for partner, rate in with_cooperation:
            partner.printcrm_cooperation_rate = rate
        return partners

    def _demo_orders(self, base, partners, products):
        """One confirmed order per dataset order, created already confirmed on its date."""
        values, keys = [], []
        for c_index, (customer, partner) in enumerate(zip(base, partners, strict=True)):
            for o_index, order in enumerate(customer.orders):
                keys.append((c_index, o_index))
                values.append(
                    {
                        "partner_id": partner.id,
                        "user_id": partner.user_id.id,
                        "date_order": fields.Datetime.to_datetime(order.date).replace(hour=9),
                        "state": "sale",
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[product].id,
                                    "product_uom_qty": qty,
                                    "price_unit": price,
                                    "purchase_price": cost,
                                    "tax_id": [Command.clear()],
                                }
                            )
                            for product, qty, price, cost in order.lines
                        ],
                    }
                )
        orders = self.env["sale.order"].create(values)
        return dict(zip(keys, orders, strict=True))

    def _demo_invoices(self, base, orders):
        values, keys = [], []
        for c_index, customer in enumerate(base):
            for o_index, order in enumerate(customer.orders):
                if not order.invoice:
                    continue
                sale = orders[(c_index, o_index)]
                keys.append((c_index, o_index))
                values.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": sale.partner_id.id,
                        "invoice_user_id": sale.user_id.id,
                        "invoice_date": order.invoice.invoice_date,
                        "invoice_date_due": order.invoice.due_date,
                        "invoice_origin": sale.name,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": line.product_id.id,
                                    "quantity": line.product_uom_qty,
                                    "price_unit": line.price_unit,
                                    "tax_ids": [Command.clear()],
                                    "sale_line_ids": [Command.set(line.ids)],
                                }
                            )
                            for line in sale.order_line
                        ],
                    }
                )
        moves = self.env["account.move"].create(values)
        moves.action_post()
        return dict(zip(keys, moves, strict=True))

    def _demo_payments(self, base, invoices):
        """Payments on their dates, each reconciled with its invoice."""
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.env.company.id)], limit=1
        )
        paid = [
            (key, base[key[0]].orders[key[1]].invoice.paid_date)
            for key in invoices
            if base[key[0]].orders[key[1]].invoice.paid_date
        ]
        payments = self.env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": invoices[key].commercial_partner_id.id,
                    "amount": invoices[key].amount_total,
                    "date": paid_date,
                    "journal_id": journal.id,
                    "memo": invoices[key].name,
                }
                for key, paid_date in paid
            ]
        )
        payments.action_post()
        plan = []
        for (key, _date), payment in zip(paid, payments, strict=True):
            receivable = invoices[key].line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            )
            counterpart = payment.move_id.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            )
            plan.append(receivable + counterpart)
        self.env["account.move.line"]._reconcile_plan(plan)
