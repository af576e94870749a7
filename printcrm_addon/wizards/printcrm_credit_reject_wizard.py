# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PrintcrmCreditRejectWizard(models.TransientModel):
    _name = "printcrm.credit.reject.wizard"
    _description = "Reject a credit request"

    request_id = fields.Many2one("printcrm.credit.request", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.request_id.action_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
