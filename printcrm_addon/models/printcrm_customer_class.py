# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import limits
from ..rules.codes import CLASS_CODES, ESCALATION_TARGETS

SAMPLE_POLICIES = [("free", "Free samples"), ("charged", "Charged samples"), ("none", "No samples")]

# The customers' own numbers: classification, terms by class, complaint times.
DEFAULTS = {
    "a": {
        "share": 10.0,
        "cumulative_share": 80.0,
        "threshold": 1_000_000.0,
        "term": "tier_a",
        "complaint_response_hours": 24.0,
        "complaint_resolution_days": 3.0,
        "escalate_to": "managers",
    },
    "b": {
        "share": 30.0,
        "cumulative_share": 95.0,
        "threshold": 100_000.0,
        "term": "tier_b",
        "complaint_response_hours": 48.0,
        "complaint_resolution_days": 5.0,
        "escalate_to": "branch",
    },
    "c": {
        "term": "prepayment",
        "complaint_response_hours": 72.0,
        "complaint_resolution_days": 7.0,
        "escalate_to": "salesperson",
    },
    "new": {"term": "prepayment", "escalate_to": "salesperson"},
    "foreign": {"term": "letter_of_credit", "escalate_to": "salesperson"},
}
NUMBERS = ("share", "cumulative_share", "threshold", "complaint_response_hours")
NUMBERS += ("complaint_resolution_days", "visit_every_days", "prospect_margin")


class PrintcrmCustomerClass(models.Model):
    """What depends on a customer's class, one record per company and class (A, B, C and the
    new-customer and foreign-customer rules): how the class is drawn, its payment term, its
    complaint times, who is alerted when one of its customers may leave, and the policies to
    come (visits, samples, prospect prices). Changes are tracked in the chatter."""

    _name = "printcrm.customer.class"
    _description = "Customer class policy"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, id"

    # the class's label in the reader's language: not stored, which would keep it in the
    # language of whoever installed the add-on
    name = fields.Char(compute="_compute_name", search="_search_name")
    code = fields.Selection(CLASS_CODES, required=True, readonly=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    share = fields.Float(
        "Share of customers (%)",
        tracking=True,
        help="'By share of customers': the best this share of the ranked customers is in "
        "this class (A), or the next share (B).",
    )
    cumulative_share = fields.Float(
        "Cumulative score share (%)",
        tracking=True,
        help="'By cumulative share of score': customers until the cumulated score reaches "
        "this share of the total.",
    )
    threshold = fields.Float(
        "Score threshold", tracking=True, help="'By fixed score thresholds': the lowest score."
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        "Payment term",
        tracking=True,
        check_company=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    complaint_response_hours = fields.Float("Complaint response (hours)", tracking=True)
    complaint_resolution_days = fields.Float("Complaint resolution (days)", tracking=True)
    escalate_to = fields.Selection(
        ESCALATION_TARGETS,
        "Churn alerts go to",
        default="salesperson",
        required=True,
        tracking=True,
    )
    visit_every_days = fields.Integer(
        "Visit every (days)", tracking=True, help="Planned visits; 0: no plan."
    )
    sample_policy = fields.Selection(SAMPLE_POLICIES, "Samples", tracking=True)
    prospect_margin = fields.Float("Prospect price margin (%)", tracking=True)

    _sql_constraints = [
        ("code_company_unique", "unique(company_id, code)", "One record per class and company."),
    ]

    @api.depends("code")
    @api.depends_context("lang")
    def _compute_name(self):
        labels = dict(self._fields["code"]._description_selection(self.env))
        for record in self:
            record.name = labels.get(record.code, "")

    @api.depends("code")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # the name, itself cached per language: Odoo makes a display name follow the language
        # only for a translated field, and the cache is shared between languages
        for record in self:
            record.display_name = record.name

    def _search_name(self, operator, value):
        """The classes whose label in the reader's language matches, as a domain on the
        code (the labels are few: matched in Python)."""
        labels = self._fields["code"]._description_selection(self.env)
        if operator in ("=", "!=") and value is False:
            # every class has a label
            return [("id", "=" if operator == "=" else "!=", False)]
        values = value if isinstance(value, (list, tuple)) else [value]
        matching = {
            "=": lambda label: label in values,
            "in": lambda label: label in values,
            "=like": _pattern(value, anchored=True),
            "=ilike": _pattern(value, anchored=True, flags=re.IGNORECASE),
            "like": _pattern(value),
            "ilike": _pattern(value, flags=re.IGNORECASE),
        }
        negative = {"!=": "=", "not in": "in", "not ilike": "ilike", "not like": "like"}
        test = matching.get(negative.get(operator, operator))
        if test is None:
            raise UserError(
                self.env._("Customer classes cannot be searched by name with '%s'.", operator)
            )
        codes = [code for code, label in labels if test(label)]
        return [("code", "not in" if operator in negative else "in", codes)]

    @api.constrains(*NUMBERS)
    def _check_numbers(self):
        for record in self:
            for name in NUMBERS:
                value = record[name]
                bound = limits.upper_bound(f"printcrm_{name}")
                if not (math.isfinite(value) and 0 <= value <= bound):
                    raise ValidationError(
                        self.env._(
                            "%(record)s of %(company)s: '%(field)s' is %(value)s; enter a "
                            "number between 0 and %(bound)s.",
                            record=record.name,
                            company=record.company_id.name,
                            field=self._fields[name].get_description(self.env)["string"],
                            value=value,
                            bound=bound,
                        )
                    )

    @api.constrains("share", "cumulative_share", "threshold")
    def _check_tier_parameters(self):
        """Checked on the company's whole policy: the A and B records together."""
        for company in self.company_id:
            company._check_printcrm_tier_policy()

    @api.constrains("payment_term_id")
    def _check_payment_term(self):
        for company in self.company_id:
            company._check_printcrm_credit_policy()

    @api.model
    def _printcrm_defaults(self, code):
        values = dict(DEFAULTS[code])
        term = self.env.ref(f"printcrm_addon.payment_term_{values.pop('term')}", False)
        return {**values, "payment_term_id": term.id if term else False, "code": code}

    @api.model
    def _printcrm_ensure(self, companies):
        """Every company has its five records, with the shipped policy where one is missing."""
        existing = {(r.company_id.id, r.code) for r in self.sudo().search([])}  # pylint: disable=no-search-all
        values = [
            dict(self._printcrm_defaults(code), company_id=company.id, sequence=index)
            for company in companies
            for index, (code, _label) in enumerate(CLASS_CODES)
            if (company.id, code) not in existing
        ]
        return self.sudo().create(values)


def _pattern(value, anchored=False, flags=0):
    """A test of a label against a SQL LIKE pattern (``%`` any text, ``_`` one character;
    ``like``/``ilike`` match anywhere, ``=like``/``=ilike`` the whole label)."""
    if not isinstance(value, str):
        return None
    body = "".join(
        ".*" if char == "%" else "." if char == "_" else re.escape(char) for char in value
    )
    regex = re.compile(body if anchored else f".*{body}", flags | re.DOTALL)
    return lambda label: bool(regex.fullmatch(label) if anchored else regex.match(label))
