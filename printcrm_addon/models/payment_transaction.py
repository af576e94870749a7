# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """A customer paid a quotation online. When credit control refuses the confirmation,
        the payment stays recorded, the order stays a quotation and the salesperson acts."""
        confirmed = self.env["sale.order"]
        for tx in self:
            try:
                with self.env.cr.savepoint():
                    confirmed |= super(PaymentTransaction, tx)._check_amount_and_confirm_order()
            except UserError as error:
                orders = tx.sale_order_ids.filtered(
                    lambda so: so.company_id.printcrm_credit_control
                )
                if not orders:
                    raise
                orders._printcrm_hold_for_credit(str(error))
        return confirmed
