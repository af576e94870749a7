# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..rules import credit
from ..rules.codes import GATES

# approvals that hold up to the customer's situation they were given for
COVERED_GATES = (credit.GATE_CREDIT_LIMIT, credit.GATE_OVERDUE)


class PrintcrmOrderApproval(models.Model):
    """An approval given on a quotation for one confirmation rule.

    It holds for the amount and customer it was given for: once either changes it no longer
    counts (``valid``), and the order needs a new approval. An approval over the limit or of
    overdue invoices also holds only up to the exposure (or overdue amount) it was given for:
    another order confirmed since then needs a new one.
    """

    _name = "printcrm.order.approval"
    _description = "Sales order approval"
    _order = "date desc, id desc"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", index=True)
    gate = fields.Selection(GATES, "Rule", required=True)
    user_id = fields.Many2one("res.users", "Approved by", required=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    comment = fields.Text()
    amount_total = fields.Monetary("Approved total", currency_field="currency_id")
    currency_id = fields.Many2one(related="order_id.currency_id")
    partner_id = fields.Many2one("res.partner", "Approved customer")
    company_currency_id = fields.Many2one(
        related="order_id.company_id.currency_id", string="Company currency"
    )
    exposure = fields.Monetary(
        "Approved exposure",
        currency_field="company_currency_id",
        help="The customer's exposure with this order when it was approved.",
    )
    overdue_amount = fields.Monetary("Approved overdue", currency_field="company_currency_id")
    valid = fields.Boolean(compute="_compute_valid")

    @api.depends(
        "order_id.amount_total",
        "order_id.partner_id",
        "order_id.state",
        "amount_total",
        "partner_id",
    )
    def _compute_valid(self):
        exposures = {}
        for approval in self:
            order = approval.order_id
            if order.state in ("sale", "done"):
                # it was checked against the situation of the day of confirmation; today's
                # exposure counts the order itself again once invoiced
                approval.valid = approval._printcrm_same_order()
                continue
            if order not in exposures and approval.gate in COVERED_GATES:
                exposures[order] = order._printcrm_exposure()
            approval.valid = approval._printcrm_same_order() and (
                approval.gate not in COVERED_GATES
                or approval._printcrm_covers(exposures[order], order.company_id.currency_id)
            )

    def _printcrm_same_order(self):
        """The order still has the customer and total this approval was given for."""
        self.ensure_one()
        order = self.order_id
        return (
            self.partner_id == order.partner_id.commercial_partner_id
            and order.currency_id.compare_amounts(self.amount_total, order.amount_total) == 0
        )

    def _printcrm_covers(self, exposure, currency):
        """Whether this approval still covers the customer's situation ``exposure``."""
        self.ensure_one()
        if self.gate == credit.GATE_CREDIT_LIMIT:
            return currency.compare_amounts(exposure.total, self.exposure) <= 0
        if self.gate == credit.GATE_OVERDUE:
            return currency.compare_amounts(exposure.overdue, self.overdue_amount) <= 0
        return True
