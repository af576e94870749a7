# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from ..rules import credit


class SaleOrder(models.Model):
    """The payment terms on a confirmed order: who pays before delivery (decided at
    confirmation, kept on the order), and the invoices that follow the terms."""

    _inherit = "sale.order"

    def _printcrm_pays_before_delivery(self):
        """Class C and new customers pay in full before delivery:
        decided at confirmation and kept on the order."""
        self.ensure_one()
        return self.printcrm_pays_first

    def _printcrm_decide_pays_first(self):
        """The customer's rule is evaluated now, for the order's company: the rule stored by
        the nightly batch is missing for a customer created today (its first order would
        ship unpaid) and is one value for all companies."""
        for order in self:
            company = order.company_id
            customer = order.partner_id.commercial_partner_id.sudo()
            rule = (
                customer._printcrm_term_rule_for(company)
                if company.printcrm_credit_control
                else False
            )
            term = order.payment_term_id
            prepays = bool(term) and term in (
                company.printcrm_term_tier_c_id | company.printcrm_term_new_id
            )
            if credit.pays_before_delivery(prepays, rule):
                order._printcrm_flow().printcrm_pays_first = True

    def write(self, vals):
        return super().write(self._printcrm_guard_confirmed_terms(vals))

    def _printcrm_guard_confirmed_terms(self, vals):
        """A confirmed order's terms and its pay-first hold are a Sales Manager's decision,
        recorded in the chatter; the salesperson cannot lift the hold by editing them."""
        if (
            self.env.su
            or self._printcrm_in_flow()
            or not ({"payment_term_id", "printcrm_pays_first"} & set(vals))
        ):
            return vals
        confirmed = self.filtered(lambda o: o.state == "sale")
        if "printcrm_pays_first" not in vals and not confirmed.filtered(
            lambda o: o.payment_term_id.id != vals["payment_term_id"]
        ):
            return vals
        if not self.env.user.has_group("printcrm_addon.group_printcrm_sales_manager"):
            raise AccessError(
                self.env._(
                    "Only a Sales Manager can change the payment terms and the pay-before-"
                    "delivery hold of confirmed orders (%(orders)s).",
                    orders=", ".join((confirmed or self).mapped("name")),
                )
            )
        vals = dict(vals)
        if "printcrm_pays_first" in vals:
            # the manager's decision, tracked like the terms
            self._printcrm_flow().write({"printcrm_pays_first": vals.pop("printcrm_pays_first")})
        return vals

    def _printcrm_invoice_prepayment(self):
        """A down payment invoice of the whole order, posted, for customers who pay first."""
        for order in self:
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_context(active_model="sale.order", active_ids=order.ids)
                .create(
                    {
                        "sale_order_ids": [(6, 0, order.ids)],
                        "advance_payment_method": "percentage",
                        "amount": 100.0,
                    }
                )
            )
            order._printcrm_post_invoices(lambda w=wizard, o=order: w._create_invoices(o))

    def _printcrm_invoice_delivered(self):
        """Customers on credit terms are invoiced when the goods leave."""
        for order in self.filtered(lambda o: o.invoice_status == "to invoice"):
            order._printcrm_post_invoices(lambda o=order: o._create_invoices(final=True))

    def _printcrm_post_invoices(self, make):
        """Make and post the invoices; when Odoo refuses (an account or a tax missing), the
        delivery or confirmation still goes through and the salesperson is asked to do it."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                invoices = make().sudo()
                invoices.action_post()
        except UserError as error:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(self.user_id or self.env.user).id,
                summary=self.env._("Invoice %(order)s by hand", order=self.name),
                note=plaintext2html(str(error)),
            )
            return self.env["account.move"]
        return invoices
