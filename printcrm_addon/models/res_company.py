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

    # --- credit (seed 003, 4.3.3 a (3)) ----
    printcrm_credit_control = fields.Boolean(
        "Credit control",
        help="Apply payment terms by class and refuse to confirm orders over the credit "
        "limit, with overdue invoices or over the approval threshold without approval. Off: "
        "sales, deliveries and payments behave as in standard Odoo.",
    )
    printcrm_term_tier_a_id = fields.Many2one(
        "account.payment.term",
        "Term for class A",
        default=lambda s: s._printcrm_shipped_term("tier_a"),
    )
    printcrm_term_tier_b_id = fields.Many2one(
        "account.payment.term",
        "Term for class B",
        default=lambda s: s._printcrm_shipped_term("tier_b"),
    )
    printcrm_term_tier_c_id = fields.Many2one(
        "account.payment.term",
        "Term for class C",
        default=lambda s: s._printcrm_shipped_term("prepayment"),
    )
    printcrm_term_new_id = fields.Many2one(
        "account.payment.term",
        "Term for new customers",
        default=lambda s: s._printcrm_shipped_term("prepayment"),
    )
    printcrm_term_foreign_id = fields.Many2one(
        "account.payment.term",
        "Term for foreign customers",
        default=lambda s: s._printcrm_shipped_term("letter_of_credit"),
    )
    printcrm_overdue_grace_days = fields.Integer(
        "Overdue grace (days)",
        default=0,
        help="Invoices overdue by more than this many days block the confirmation of new "
        "orders of the customer until a General Manager approves.",
    )
    printcrm_large_order_amount = fields.Float(
        "Large order threshold",
        default=500000.0,
        help="Orders above this total (company currency) need a Sales Manager approval. "
        "0 disables the rule.",
    )
    printcrm_branch_signoff_all = fields.Boolean(
        "Branch Manager signs every order",
        help="Every order needs a Branch Manager approval before confirmation.",
    )

    def _printcrm_term_for_rule(self, rule):
        """The payment term a term rule maps to; raise naming the missing setting."""
        self.ensure_one()
        field = {
            "tier_a": "printcrm_term_tier_a_id",
            "tier_b": "printcrm_term_tier_b_id",
            "tier_c": "printcrm_term_tier_c_id",
            "new": "printcrm_term_new_id",
            "foreign": "printcrm_term_foreign_id",
        }[rule]
        term = self[field]
        if not term:
            raise ValidationError(
                self.env._(
                    "%(company)s has no payment term set for '%(rule)s'. Set it in "
                    "Settings > Sales > Customer Value > Credit terms by class.",
                    company=self.display_name,
                    rule=self._fields[field].get_description(self.env)["string"],
                )
            )
        return term

    @api.model
    def _printcrm_shipped_term(self, name):
        return self.env.ref(f"printcrm_addon.payment_term_{name}", raise_if_not_found=False)

    @api.model
    def _printcrm_set_default_terms(self):
        """Give existing companies the shipped terms (at install the terms come after the
        columns, so the field defaults could not)."""
        names = [name for name in self._fields if name.startswith("printcrm_term_")]
        defaults = self.default_get(names)
        for company in self.search([]):  # pylint: disable=no-search-all
            values = {name: defaults[name] for name in names if not company[name]}
            if values:
                company.write(values)

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
            if company.printcrm_credit_control:
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
                        "Correct them in Settings > Sales > Customer Value.",
                        company=company.display_name,
                        problems="; ".join(problems),
                    )
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
            problems = [
                self.env._(problem.template, **problem.params)  # pylint: disable=translation-required
                for problem in company._printcrm_tier_policy().problems()
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
