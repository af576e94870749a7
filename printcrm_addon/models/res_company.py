# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules.tiering import TierPolicy

TIER_METHODS = [
    ("count_share", "By share of customers"),
    ("cumulative_share", "By cumulative share of score"),
    ("threshold", "By fixed score thresholds"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    # Defaults follow seed 003, 4.2.2 - 4.2.3; every number is a company policy.
    printcrm_tier_window_months = fields.Integer("Tier window (months)", default=12)
    printcrm_tier_method = fields.Selection(
        TIER_METHODS, "Classification method", default="count_share", required=True
    )
    printcrm_tier_a_share = fields.Float("A share of customers (%)", default=10.0)
    printcrm_tier_b_share = fields.Float("B share of customers (%)", default=30.0)
    printcrm_tier_a_cumulative = fields.Float("A cumulative score share (%)", default=80.0)
    printcrm_tier_b_cumulative = fields.Float("B cumulative score share (%)", default=95.0)
    printcrm_tier_a_threshold = fields.Float("A score threshold", default=1000000.0)
    printcrm_tier_b_threshold = fields.Float("B score threshold", default=100000.0)
    printcrm_new_customer_months = fields.Integer("New customer period (months)", default=6)
    printcrm_new_customer_max_orders = fields.Integer("New customer order count", default=6)
    printcrm_payment_late_horizon = fields.Integer(
        "Payment lateness horizon (days)",
        default=90,
        help="A payment this many days late (or later) earns no credit in the payment rate; "
        "a payment on time earns full credit, in between it is prorated.",
    )
    printcrm_drop_bottom_share = fields.Float(
        "Drop candidates: bottom share (%)",
        default=10.0,
        help="C customers in this bottom share of the ranking whose score did not improve "
        "are flagged as drop candidates. Negative scores are always flagged.",
    )

    def _printcrm_tier_policy(self):
        self.ensure_one()
        return TierPolicy(
            method=self.printcrm_tier_method,
            a_share=self.printcrm_tier_a_share,
            b_share=self.printcrm_tier_b_share,
            a_cumulative=self.printcrm_tier_a_cumulative,
            b_cumulative=self.printcrm_tier_b_cumulative,
            a_threshold=self.printcrm_tier_a_threshold,
            b_threshold=self.printcrm_tier_b_threshold,
        )

    @api.constrains(
        "printcrm_tier_method",
        "printcrm_tier_a_share",
        "printcrm_tier_b_share",
        "printcrm_tier_a_cumulative",
        "printcrm_tier_b_cumulative",
        "printcrm_tier_a_threshold",
        "printcrm_tier_b_threshold",
        "printcrm_tier_window_months",
        "printcrm_new_customer_months",
        "printcrm_new_customer_max_orders",
        "printcrm_payment_late_horizon",
        "printcrm_drop_bottom_share",
    )
    def _check_printcrm_tier_policy(self):
        for company in self:
            problems = company._printcrm_tier_policy().problems()
            if company.printcrm_tier_window_months < 1:
                problems.append(self.env._("the tier window must be at least 1 month"))
            if company.printcrm_new_customer_months < 0:
                problems.append(self.env._("the new customer period cannot be negative"))
            if company.printcrm_new_customer_max_orders < 0:
                problems.append(self.env._("the new customer order count cannot be negative"))
            if company.printcrm_payment_late_horizon < 1:
                problems.append(self.env._("the payment lateness horizon must be at least 1 day"))
            if not 0 <= company.printcrm_drop_bottom_share <= 100:
                problems.append(self.env._("the drop candidates' bottom share must be between 0 and 100"))
            if problems:
                raise ValidationError(
                    self.env._(
                        "Customer tiering settings of %(company)s cannot be saved: "
                        "%(problems)s. Correct them in Settings > Sales > Customer Value.",
                        company=company.display_name,
                        problems="; ".join(problems),
                    )
                )
