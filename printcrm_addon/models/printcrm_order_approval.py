# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

GATES = [
    ("credit_limit", "Over the credit limit"),
    ("overdue", "Overdue invoices"),
    ("large_order", "Large order"),
    ("branch_signoff", "Branch Manager sign-off"),
]


class PrintcrmOrderApproval(models.Model):
    """An approval given on a quotation for one confirmation rule.

    It holds for the amount and customer it was given for: once either changes it no longer
    counts (``valid``), and the order needs a new approval.
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
    valid = fields.Boolean(compute="_compute_valid")

    @api.depends("order_id.amount_total", "order_id.partner_id", "amount_total", "partner_id")
    def _compute_valid(self):
        for approval in self:
            order = approval.order_id
            approval.valid = (
                approval.partner_id == order.partner_id.commercial_partner_id
                and order.currency_id.compare_amounts(approval.amount_total, order.amount_total)
                == 0
            )
