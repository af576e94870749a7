# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, models
from odoo.exceptions import ValidationError

from ..rules import limits


class ResCompany(models.Model):
    """The company policy's guards: a setting that would switch a rule off silently, crash
    a batch or contradict another setting is refused with the setting named."""

    _inherit = "res.company"

    @api.constrains(
        "printcrm_credit_control",
        "printcrm_overdue_grace_days",
        "printcrm_large_order_amount",
        "printcrm_term_tier_a_id",
        "printcrm_term_tier_b_id",
        "printcrm_term_tier_c_id",
        "printcrm_term_new_id",
        "printcrm_term_foreign_id",
    )
    def _check_printcrm_credit_policy(self):
        for company in self:
            problems = []
            if company.printcrm_overdue_grace_days < 0:
                problems.append(self.env._("the overdue grace cannot be negative"))
            if company.printcrm_large_order_amount < 0:
                problems.append(self.env._("the large order threshold cannot be below zero"))
            if company.printcrm_credit_control and company.printcrm_class_ids:
                missing = [
                    company._fields[name].get_description(self.env)["string"]
                    for name in (
                        "printcrm_term_tier_a_id",
                        "printcrm_term_tier_b_id",
                        "printcrm_term_tier_c_id",
                        "printcrm_term_new_id",
                        "printcrm_term_foreign_id",
                    )
                    if not company[name]
                ]
                if missing:
                    names = ", ".join(missing)
                    problems.append(self.env._("payment terms are missing: %s", names))
            if problems:
                raise ValidationError(
                    self.env._(
                        "Credit settings of %(company)s cannot be saved: %(problems)s. "
                        "Correct them in Settings > Sales > Credit control.",
                        company=company.display_name,
                        problems="; ".join(problems),
                    )
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
            # a company being created gets its class records (the A and B parameters) after
            policy = company._printcrm_tier_policy() if company.printcrm_class_ids else None
            problems = [
                self.env._(problem.template, **problem.params)  # pylint: disable=translation-required
                for problem in (policy.problems() if policy else ())
            ]
            if company.printcrm_tier_window_months < 1:
                problems.append(self.env._("the tier window must be at least 1 month"))
            if company.printcrm_new_customer_months < 0:
                problems.append(self.env._("the new customer period cannot be negative"))
            if company.printcrm_new_customer_max_orders < 0:
                problems.append(self.env._("the new customer order count cannot be negative"))
            if company.printcrm_payment_late_horizon < 1:
                problems.append(self.env._("the payment lateness horizon must be at least 1 day"))
            if not 0 <= company.printcrm_drop_bottom_share <= 100:
                problems.append(
                    self.env._("the drop candidates' bottom share must be between 0 and 100")
                )
            if problems:
                raise ValidationError(
                    self.env._(
                        "Customer tiering settings of %(company)s cannot be saved: "
                        "%(problems)s. Correct them in Settings > Sales > Customer Value.",
                        company=company.display_name,
                        problems="; ".join(problems),
                    )
                )

    def _printcrm_numeric_settings(self):
        return [
            name
            for name, field in self._fields.items()
            if name.startswith("printcrm_")
            and field.type in ("float", "integer", "monetary")
            and field.store
        ]

    def _printcrm_refuse_non_finite(self, vals):
        """NaN or infinity is refused before the write: an amount (Monetary) is rounded to
        the currency on its way in, which fails on them with no word of which setting."""
        for name in self._printcrm_numeric_settings():
            value = vals.get(name)
            if isinstance(value, float) and not math.isfinite(value):
                label = self._fields[name].get_description(self.env)["string"]
                raise ValidationError(
                    self.env._(
                        "%(company)s: '%(setting)s' is %(value)s; enter a finite number.",
                        company=", ".join(self.mapped("display_name")) or self.env._("New"),
                        setting=label,
                        value=value,
                    )
                )

    @api.constrains(lambda self: self._printcrm_numeric_settings())
    def _check_printcrm_numbers(self):
        """No NaN or infinity anywhere, and no window or count beyond what makes sense: a
        setting that silently switches a rule off or crashes a batch is refused here."""
        for company in self:
            for name in self._printcrm_numeric_settings():
                value = company[name]
                bound = limits.upper_bound(name)
                if math.isfinite(value) and abs(value) <= bound:
                    continue
                label = self._fields[name].get_description(self.env)["string"]
                raise ValidationError(
                    self.env._(
                        "%(company)s: '%(setting)s' is %(value)s; enter a finite number "
                        "between -%(bound)s and %(bound)s.",
                        company=company.display_name,
                        setting=label,
                        value=value,
                        bound=bound,
                    )
                )

    @api.constrains("printcrm_confirm_target_days")
    def _check_printcrm_confirm_target(self):
        for company in self:
            if company.printcrm_confirm_target_days <= 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the confirmation target must be more than 0 working days.",
                        company=company.name,
                    )
                )

    @api.constrains(
        "printcrm_complaint_response_a",
        "printcrm_complaint_response_b",
        "printcrm_complaint_response_c",
        "printcrm_complaint_resolution_a",
        "printcrm_complaint_resolution_b",
        "printcrm_complaint_resolution_c",
    )
    def _check_printcrm_complaint_policy(self):
        for company in self:
            problems = []
            deadlines = (
                company.printcrm_complaint_response_a,
                company.printcrm_complaint_response_b,
                company.printcrm_complaint_response_c,
                company.printcrm_complaint_resolution_a,
                company.printcrm_complaint_resolution_b,
                company.printcrm_complaint_resolution_c,
            )
            # a company being created gets its class records right after
            if company.printcrm_class_ids and min(deadlines) <= 0:
                problems.append(self.env._("complaint deadlines must be positive"))
            if problems:
                raise ValidationError(
                    self.env._(
                        "Complaint settings of %(company)s cannot be saved: "
                        "%(problems)s. Correct them in Settings > Sales > Churn early warning.",
                        company=company.display_name,
                        problems="; ".join(problems),
                    )
                )
