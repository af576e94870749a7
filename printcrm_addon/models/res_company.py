# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules.codes import CLASS_CODES
from ..rules.complaint import ComplaintPolicy
from ..rules.tiering import TierPolicy

TIER_METHODS = [
    ("count_share", "By share of customers"),
    ("cumulative_share", "By cumulative share of score"),
    ("threshold", "By fixed score thresholds"),
]


# company field -> (class code, field of printcrm.customer.class)
CLASS_FIELDS = {
    "printcrm_tier_a_share": ("a", "share"),
    "printcrm_tier_b_share": ("b", "share"),
    "printcrm_tier_a_cumulative": ("a", "cumulative_share"),
    "printcrm_tier_b_cumulative": ("b", "cumulative_share"),
    "printcrm_tier_a_threshold": ("a", "threshold"),
    "printcrm_tier_b_threshold": ("b", "threshold"),
    "printcrm_complaint_response_a": ("a", "complaint_response_hours"),
    "printcrm_complaint_response_b": ("b", "complaint_response_hours"),
    "printcrm_complaint_response_c": ("c", "complaint_response_hours"),
    "printcrm_complaint_resolution_a": ("a", "complaint_resolution_days"),
    "printcrm_complaint_resolution_b": ("b", "complaint_resolution_days"),
    "printcrm_complaint_resolution_c": ("c", "complaint_resolution_days"),
    "printcrm_term_tier_a_id": ("a", "payment_term_id"),
    "printcrm_term_tier_b_id": ("b", "payment_term_id"),
    "printcrm_term_tier_c_id": ("c", "payment_term_id"),
    "printcrm_term_new_id": ("new", "payment_term_id"),
    "printcrm_term_foreign_id": ("foreign", "payment_term_id"),
}
CLASS_RECORD = {
    "compute": "_compute_printcrm_class_records",
    "search": "_search_printcrm_class_record",
    "compute_sudo": True,
}


def class_field(name):
    """A company field showing (and editing) one value of one class record."""
    code, attribute = CLASS_FIELDS[name]
    return {"related": f"printcrm_class_{code}_id.{attribute}", "readonly": False}


class ResCompany(models.Model):
    _inherit = "res.company"

    # Defaults are the customers' own numbers; every number is a company policy.
    printcrm_tier_window_months = fields.Integer("Tier window (months)", default=12)
    printcrm_tier_method = fields.Selection(
        TIER_METHODS, "Classification method", default="count_share", required=True
    )
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

    # --- what depends on the class lives in printcrm.customer.class; these fields show and
    # edit it per company (Settings, the tier policy, the tests) ----
    printcrm_class_ids = fields.One2many(
        "printcrm.customer.class", "company_id", "Customer classes"
    )
    printcrm_class_a_id = fields.Many2one(
        "printcrm.customer.class", "Class A policy", **CLASS_RECORD
    )
    printcrm_class_b_id = fields.Many2one(
        "printcrm.customer.class", "Class B policy", **CLASS_RECORD
    )
    printcrm_class_c_id = fields.Many2one(
        "printcrm.customer.class", "Class C policy", **CLASS_RECORD
    )
    printcrm_class_new_id = fields.Many2one(
        "printcrm.customer.class", "New customer policy", **CLASS_RECORD
    )
    printcrm_class_foreign_id = fields.Many2one(
        "printcrm.customer.class", "Foreign customer policy", **CLASS_RECORD
    )
    printcrm_tier_a_share = fields.Float(
        "A share of customers (%)", **class_field("printcrm_tier_a_share")
    )
    printcrm_tier_b_share = fields.Float(
        "B share of customers (%)", **class_field("printcrm_tier_b_share")
    )
    printcrm_tier_a_cumulative = fields.Float(
        "A cumulative score share (%)", **class_field("printcrm_tier_a_cumulative")
    )
    printcrm_tier_b_cumulative = fields.Float(
        "B cumulative score share (%)", **class_field("printcrm_tier_b_cumulative")
    )
    printcrm_tier_a_threshold = fields.Float(
        "A score threshold", **class_field("printcrm_tier_a_threshold")
    )
    printcrm_tier_b_threshold = fields.Float(
        "B score threshold", **class_field("printcrm_tier_b_threshold")
    )
    printcrm_complaint_response_a = fields.Float(
        "Response A (hours)", **class_field("printcrm_complaint_response_a")
    )
    printcrm_complaint_response_b = fields.Float(
        "Response B (hours)", **class_field("printcrm_complaint_response_b")
    )
    printcrm_complaint_response_c = fields.Float(
        "Response C (hours)", **class_field("printcrm_complaint_response_c")
    )
    printcrm_complaint_resolution_a = fields.Float(
        "Resolution A (days)", **class_field("printcrm_complaint_resolution_a")
    )
    printcrm_complaint_resolution_b = fields.Float(
        "Resolution B (days)", **class_field("printcrm_complaint_resolution_b")
    )
    printcrm_complaint_resolution_c = fields.Float(
        "Resolution C (days)", **class_field("printcrm_complaint_resolution_c")
    )
    printcrm_term_tier_a_id = fields.Many2one(
        "account.payment.term", "Term for class A", **class_field("printcrm_term_tier_a_id")
    )
    printcrm_term_tier_b_id = fields.Many2one(
        "account.payment.term", "Term for class B", **class_field("printcrm_term_tier_b_id")
    )
    printcrm_term_tier_c_id = fields.Many2one(
        "account.payment.term", "Term for class C", **class_field("printcrm_term_tier_c_id")
    )
    printcrm_term_new_id = fields.Many2one(
        "account.payment.term", "Term for new customers", **class_field("printcrm_term_new_id")
    )
    printcrm_term_foreign_id = fields.Many2one(
        "account.payment.term",
        "Term for foreign customers",
        **class_field("printcrm_term_foreign_id"),
    )

    # --- complaints ----

    # --- orders: confirmation target, dispatch ----
    printcrm_confirm_target_days = fields.Float(
        "Confirm orders within (working days)",
        default=1.0,
        help="Counted on the company's working calendar from when the order was received.",
    )
    printcrm_invoice_by_terms = fields.Boolean(
        "Invoice by payment terms",
        help="Customers paying before delivery get their invoice when the order is confirmed; "
        "customers on 30/60-day terms when the goods are delivered. Off: invoices are made "
        "by hand as in standard Odoo.",
    )

    # --- credit ----
    printcrm_credit_control = fields.Boolean(
        "Credit control",
        help="Apply payment terms by class and refuse to confirm orders over the credit "
        "limit, with overdue invoices or over the approval threshold without approval. Off: "
        "sales, deliveries and payments behave as in standard Odoo.",
    )
    printcrm_overdue_grace_days = fields.Integer(
        "Overdue grace (days)",
        default=0,
        help="Invoices overdue by more than this many days block the confirmation of new "
        "orders of the customer until a General Manager approves.",
    )
    printcrm_large_order_amount = fields.Monetary(
        "Large order threshold",
        currency_field="currency_id",
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
                    "Settings > Sales > Credit control.",
                    company=self.display_name,
                    rule=self._fields[field].get_description(self.env)["string"],
                )
            )
        return term

    def _search_printcrm_class_record(self, operator, value):
        # a class record belongs to one company: the company whose records include it
        return [("printcrm_class_ids", operator, value)]

    @api.depends("printcrm_class_ids.code")
    def _compute_printcrm_class_records(self):
        for company in self:
            records = {r.code: r for r in company.printcrm_class_ids}
            for code, _label in CLASS_CODES:
                company[f"printcrm_class_{code}_id"] = records.get(code)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._printcrm_refuse_non_finite(vals)
        # the class records first: the class fields of the values are written into them
        plain = [{k: v for k, v in vals.items() if k not in CLASS_FIELDS} for vals in vals_list]
        companies = super().create(plain)
        self.env["printcrm.customer.class"]._printcrm_ensure(companies)
        self.env["printcrm.churn.signal.type"]._printcrm_ensure(companies)
        for company, vals in zip(companies, vals_list, strict=True):
            class_values = {k: v for k, v in vals.items() if k in CLASS_FIELDS}
            if class_values:
                company.write(class_values)
        return companies

    def write(self, vals):
        self._printcrm_refuse_non_finite(vals)
        if any(name in CLASS_FIELDS for name in vals):
            self.env["printcrm.customer.class"]._printcrm_ensure(self)
        return super().write(vals)

    @api.model
    def _printcrm_set_default_terms(self):
        """Give existing companies their class records with the shipped policy (at install
        the payment terms come after the models, so no default could)."""
        # a database holds a handful of companies
        companies = self.sudo().search([])  # pylint: disable=no-search-all
        self.env["printcrm.customer.class"]._printcrm_ensure(companies)

    def _printcrm_class(self, code):
        """This company's policy record of class ``code`` (a, b, c, new, foreign)."""
        self.ensure_one()
        record = self.sudo().printcrm_class_ids.filtered(lambda r: r.code == code)
        return record or self.env["printcrm.customer.class"]._printcrm_ensure(self)

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

    def _printcrm_add_working_days(self, start, days):
        """``start`` plus ``days`` working days of the company's calendar, as working hours
        (so Friday 10:00 plus one day is Monday 10:00), or calendar days without one."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return start + timedelta(days=days)
        hours = days * (calendar.hours_per_day or 8.0)
        return calendar.plan_hours(hours, start, compute_leaves=True) or start + timedelta(
            days=days
        )

    def _printcrm_complaint_policy(self):
        self.ensure_one()
        return ComplaintPolicy(
            response_hours={
                "a": self.printcrm_complaint_response_a,
                "b": self.printcrm_complaint_response_b,
                "c": self.printcrm_complaint_response_c,
            },
            resolution_days={
                "a": self.printcrm_complaint_resolution_a,
                "b": self.printcrm_complaint_resolution_b,
                "c": self.printcrm_complaint_resolution_c,
            },
        )
