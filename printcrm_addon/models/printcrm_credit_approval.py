# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..rules.codes import APPROVAL_LEVELS


class PrintcrmCreditApproval(models.Model):
    """One step of a credit request's approval trail; written by the flow, never by hand."""

    _name = "printcrm.credit.approval"
    _description = "Credit request approval step"
    _order = "date, id"

    request_id = fields.Many2one(
        "printcrm.credit.request", required=True, ondelete="cascade", index=True
    )
    level = fields.Selection(APPROVAL_LEVELS, "Approval level", required=True)
    decision = fields.Selection([("approve", "Approved"), ("reject", "Rejected")], required=True)
    user_id = fields.Many2one("res.users", "By", required=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    comment = fields.Text()
    on_behalf = fields.Boolean(
        "Skipped by a higher level",
        help="Approved by a user of a higher group in the same step, on behalf of this level.",
    )
