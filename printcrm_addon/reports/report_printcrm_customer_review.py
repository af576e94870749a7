# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class ReportPrintcrmCustomerReview(models.AbstractModel):
    """The customer review sums the customer's orders: only for who may see all of them."""

    _name = "report.printcrm_addon.report_printcrm_customer_review"
    _description = "Customer review report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self._printcrm_docs(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": docs,
            "reviews": {partner.id: self._printcrm_review(partner) for partner in docs},
        }

    def _printcrm_docs(self, docids):
        if self.env.su:
            return self.env["res.partner"].browse(docids)
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
        return docs

    @api.model
    def _printcrm_review(self, partner, today=None):
        """Figures of the customer review report: 12 months against the same months of the
        year before, open orders and the year's complaints, read in three grouped queries."""
        customer = partner.commercial_partner_id
        today = today or fields.Date.context_today(self)
        first = today.replace(day=1) - relativedelta(months=11)
        Analysis = self.env["printcrm.sales.analysis"].sudo()
        groups = Analysis._read_group(
            [("partner_id", "=", customer.id), ("date", ">=", first)],
            ["date:month"],
            ["amount:sum", "amount_last_year:sum"],
        )
        by_month = {month.date(): (amount, last) for month, amount, last in groups}
        months = []
        for index in range(12):
            month = first + relativedelta(months=index)
            amount, last = by_month.get(month, (0.0, 0.0))
            months.append({"month": month, "amount": amount, "last_year": last})
        total = sum(m["amount"] for m in months)
        total_last = sum(m["last_year"] for m in months)
        open_orders = self.env["sale.order"].search(
            [
                ("partner_id", "child_of", customer.id),
                ("state", "=", "sale"),
                ("printcrm_dispatch_id.state", "not in", ("shipped", "invoiced")),
            ],
            order="date_order",
        )
        complaints = self.env["printcrm.complaint"].search(
            [("partner_id", "=", customer.id), ("date_opened", ">=", first)],
            order="date_opened desc",
        )
        return {
            "months": months,
            "total": total,
            "total_last_year": total_last,
            "change": (total - total_last) / total_last * 100.0 if total_last else None,
            "open_orders": open_orders,
            "complaints": complaints,
        }
