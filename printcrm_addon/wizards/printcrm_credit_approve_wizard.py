# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PrintcrmCreditApproveWizard(models.TransientModel):
    """Confirms an approval that covers several levels at once, with the approver's reason."""

    _name = "printcrm.credit.approve.wizard"
    _description = "Approve several levels of a credit request"

    request_id = fields.Many2one("printcrm.credit.request", required=True)
    levels = fields.Char("Levels approved at once", readonly=True)
    comment = fields.Text(
        required=True, help="Why you approve for the lower levels too; kept in the trail."
    )

    def action_confirm(self):
        self.ensure_one()
        return self.request_id.action_approve(comment=self.comment)
