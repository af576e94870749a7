# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..rules import credit


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    printcrm_is_advance = fields.Boolean(
        "Record the excess as an advance",
        help="The customer pays more than is due on purpose: the excess stays on its "
        "account as an advance for future invoices.",
    )

    def _create_payments(self):
        self._printcrm_check_overpayment()
        return super()._create_payments()

    def _printcrm_check_overpayment(self):
        """Seed 000 ④: a received payment larger than what is due must not pass silently."""
        for wizard in self:
            if not (
                wizard.company_id.printcrm_credit_control
                and wizard.payment_type == "inbound"
                and wizard.partner_type == "customer"
            ):
                continue
            due = wizard.amount + wizard.payment_difference
            extra = credit.overpayment(wizard.amount, due, advance=wizard.printcrm_is_advance)
            if wizard.currency_id.compare_amounts(extra, 0.0) > 0:
                money = wizard.currency_id
                invoices = ", ".join(wizard.line_ids.move_id.mapped("name"))
                raise UserError(
                    self.env._(
                        "The payment of %(amount)s is more than the %(due)s still due on "
                        "%(invoices)s. Correct the amount, or tick 'Record the excess as an "
                        "advance' if the customer pays %(extra)s in advance on purpose.",
                        amount=credit.money_text(wizard.amount, money.name),
                        due=credit.money_text(due, money.name),
                        invoices=invoices,
                        extra=credit.money_text(extra, money.name),
                    )
                )
