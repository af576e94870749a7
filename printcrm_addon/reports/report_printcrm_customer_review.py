# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError


class ReportPrintcrmCustomerReview(models.AbstractModel):
    """The customer review sums the customer's orders: only for who may see all of them."""

    _name = "report.printcrm_addon.report_printcrm_customer_review"
    _description = "Customer review report"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = {"doc_ids": docids, "doc_model": "res.partner"}
        if self.env.su:
            return {**values, "docs": self.env["res.partner"].browse(docids)}
        user = self.env.user
        if not user.has_group("printcrm_addon.group_printcrm_salesperson"):
            raise AccessError(self.env._("The customer review is for the sales team."))
        docs = self.env["res.partner"].browse(docids)
        docs.check_access("read")
        sees_all = user.has_group("sales_team.group_sale_salesman_all_leads")
        foreign = docs.filtered(lambda p: p.commercial_partner_id.user_id != user)
        if foreign and not sees_all:
            raise AccessError(
                self.env._(
                    "%(customer)s is not your customer: its review sums orders you cannot see.",
                    customer=foreign[0].commercial_partner_id.display_name,
                )
            )
        return {**values, "docs": docs}
