# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError

from ..rules import credit


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def button_validate(self):
        self._printcrm_check_prepayment()
        return super().button_validate()

    def _printcrm_check_prepayment(self):
        """Seed 003, 4.3.3 a (3): class C and new customers pay in full before delivery."""
        for picking in self:
            order = picking.sale_id
            company = picking.company_id
            if not (
                order
                and picking.picking_type_code == "outgoing"
                and company.printcrm_credit_control
                and order.payment_term_id
                and order.payment_term_id
                in (company.printcrm_term_tier_c_id | company.printcrm_term_new_id)
            ):
                continue
            missing = order._printcrm_amount_unpaid()
            if order.currency_id.compare_amounts(missing, 0.0) > 0:
                money = order.currency_id
                raise UserError(
                    self.env._(
                        "%(picking)s cannot be validated: %(customer)s pays before delivery "
                        "(%(term)s) and %(missing)s of the %(total)s of %(order)s is not paid "
                        "yet. Register the payment or a down payment first.",
                        picking=picking.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        term=order.payment_term_id.display_name,
                        missing=credit.money_text(missing, money.name),
                        total=credit.money_text(order.amount_total, money.name),
                        order=order.name,
                    )
                )
