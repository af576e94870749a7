# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    @api.model_create_multi
    def create(self, vals_list):
        # the settings' amounts are rounded to the currency before the company sees them
        company = self.env.company
        for vals in vals_list:
            company._printcrm_refuse_non_finite(
                {
                    self._fields[name].related.split(".")[-1]: value
                    for name, value in vals.items()
                    if name.startswith("printcrm_")
                    and (self._fields[name].related or "").startswith("company_id.")
                }
            )
        return super().create(vals_list)

    printcrm_tier_window_months = fields.Integer(
        related="company_id.printcrm_tier_window_months", readonly=False
    )
    printcrm_tier_method = fields.Selection(
        related="company_id.printcrm_tier_method", readonly=False
    )
    printcrm_tier_a_share = fields.Float(related="company_id.printcrm_tier_a_share", readonly=False)
    printcrm_tier_b_share = fields.Float(related="company_id.printcrm_tier_b_share", readonly=False)
    printcrm_tier_a_cumulative = fields.Float(
        related="company_id.printcrm_tier_a_cumulative", readonly=False
    )
    printcrm_tier_b_cumulative = fields.Float(
        related="company_id.printcrm_tier_b_cumulative", readonly=False
    )
    printcrm_tier_a_threshold = fields.Float(
        related="company_id.printcrm_tier_a_threshold", readonly=False
    )
    printcrm_tier_b_threshold = fields.Float(
        related="company_id.printcrm_tier_b_threshold", readonly=False
    )
    printcrm_new_customer_months = fields.Integer(
        related="company_id.printcrm_new_customer_months", readonly=False
    )
    printcrm_new_customer_max_orders = fields.Integer(
        related="company_id.printcrm_new_customer_max_orders", readonly=False
    )
    printcrm_payment_late_horizon = fields.Integer(
        related="company_id.printcrm_payment_late_horizon", readonly=False
    )
    printcrm_drop_bottom_share = fields.Float(
        related="company_id.printcrm_drop_bottom_share", readonly=False
    )

    printcrm_credit_control = fields.Boolean(
        related="company_id.printcrm_credit_control", readonly=False
    )
    printcrm_term_tier_a_id = fields.Many2one(
        related="company_id.printcrm_term_tier_a_id", readonly=False
    )
    printcrm_term_tier_b_id = fields.Many2one(
        related="company_id.printcrm_term_tier_b_id", readonly=False
    )
    printcrm_term_tier_c_id = fields.Many2one(
        related="company_id.printcrm_term_tier_c_id", readonly=False
    )
    printcrm_term_new_id = fields.Many2one(
        related="company_id.printcrm_term_new_id", readonly=False
    )
    printcrm_term_foreign_id = fields.Many2one(
        related="company_id.printcrm_term_foreign_id", readonly=False
    )
    printcrm_overdue_grace_days = fields.Integer(
        related="company_id.printcrm_overdue_grace_days", readonly=False
    )
    printcrm_large_order_amount = fields.Monetary(
        related="company_id.printcrm_large_order_amount",
        currency_field="currency_id",
        readonly=False,
    )
    printcrm_branch_signoff_all = fields.Boolean(
        related="company_id.printcrm_branch_signoff_all", readonly=False
    )

    def action_printcrm_recompute_tiers(self):
        self.execute()  # only administrators may; they recompute whatever their sales groups
        return self.env["res.partner"].sudo().action_printcrm_recompute_tiers()

    printcrm_confirm_target_days = fields.Float(
        related="company_id.printcrm_confirm_target_days", readonly=False
    )
    printcrm_invoice_by_terms = fields.Boolean(
        related="company_id.printcrm_invoice_by_terms", readonly=False
    )
    printcrm_churn_medium_from = fields.Float(
        related="company_id.printcrm_churn_medium_from", readonly=False
    )
    printcrm_churn_high_from = fields.Float(
        related="company_id.printcrm_churn_high_from", readonly=False
    )
    printcrm_complaint_response_a = fields.Float(
        related="company_id.printcrm_complaint_response_a", readonly=False
    )
    printcrm_complaint_response_b = fields.Float(
        related="company_id.printcrm_complaint_response_b", readonly=False
    )
    printcrm_complaint_response_c = fields.Float(
        related="company_id.printcrm_complaint_response_c", readonly=False
    )
    printcrm_complaint_resolution_a = fields.Float(
        related="company_id.printcrm_complaint_resolution_a", readonly=False
    )
    printcrm_complaint_resolution_b = fields.Float(
        related="company_id.printcrm_complaint_resolution_b", readonly=False
    )
    printcrm_complaint_resolution_c = fields.Float(
        related="company_id.printcrm_complaint_resolution_c", readonly=False
    )
