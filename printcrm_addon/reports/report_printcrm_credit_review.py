# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError


class ReportPrintcrmCreditReview(models.AbstractModel):
    """The report's own guard: ``/report/pdf/...`` does not look at the report's groups."""

    _name = "report.printcrm_addon.report_printcrm_credit_review"
    _description = "Credit review report"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = {"doc_ids": docids, "doc_model": "res.partner"}
        if self.env.su:
            return {**values, "docs": self.env["res.partner"].browse(docids)}
        if not self.env.user.has_group("printcrm_addon.group_printcrm_branch_manager"):
            raise AccessError(self.env._("The credit review is for Branch Managers and above."))
        docs = self.env["res.partner"].browse(docids)
        docs.check_access("read")
        return {**values, "docs": docs}
