# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import churn
from ..rules.codes import SIGNAL_TYPES

# The customers' own numbers. ``window``: days looked back (the rhythm: days looked ahead);
# ``threshold`` and ``min_count``: what each detector compares with, as ``PARAMETERS`` says.
DEFAULTS = {
    churn.OVERDUE_PAYMENT: {"weight": 60.0, "window_days": 90, "threshold": 1.0},
    churn.ORDER_DROP: {"weight": 80.0, "window_days": 90, "threshold": 50.0, "min_count": 2.5},
    churn.NO_RESPONSE: {"weight": 50.0, "window_days": 30, "min_count": 3.0},
    churn.COMPLAINT: {"weight": 40.0, "window_days": 90},
    churn.DISCOUNT_PRESSURE: {
        "weight": 30.0,
        "window_days": 90,
        "threshold": 10.0,
        "min_count": 2.0,
    },
    churn.DEMAND_TIGHTENING: {
        "weight": 30.0,
        "window_days": 90,
        "threshold": 50.0,
        "min_count": 3.0,
    },
    # already a probability of no order: counts in full
    churn.PURCHASE_RHYTHM: {"weight": 100.0, "window_days": 180, "threshold": 10.0},
}
# code -> which parameters its detector reads, with their bounds (low, high)
PARAMETERS = {
    churn.OVERDUE_PAYMENT: {"window_days": (1, 3650), "threshold": (0, 3650)},
    churn.ORDER_DROP: {"window_days": (1, 3650), "threshold": (0, 100), "min_count": (0, 10000)},
    churn.NO_RESPONSE: {"window_days": (1, 3650), "min_count": (1, 10000)},
    churn.COMPLAINT: {"window_days": (1, 3650)},
    churn.DISCOUNT_PRESSURE: {
        "window_days": (1, 3650),
        "threshold": (0, 100),
        "min_count": (1, 10000),
    },
    churn.DEMAND_TIGHTENING: {
        "window_days": (1, 3650),
        "threshold": (0, 100),
        "min_count": (1, 10000),
    },
    churn.PURCHASE_RHYTHM: {"window_days": (30, 730), "threshold": (0, 100)},
}


# parameters the detectors count in whole days or events
WHOLE = {
    (churn.OVERDUE_PAYMENT, "threshold"),
    (churn.NO_RESPONSE, "min_count"),
    (churn.DISCOUNT_PRESSURE, "min_count"),
    (churn.DEMAND_TIGHTENING, "min_count"),
}


class PrintcrmChurnSignalType(models.Model):
    """One early-warning signal as a company policy: how much it weighs in the churn score,
    the window its detector looks at, its threshold and minimum count, and whether it runs.
    One record per company and signal; the detector itself is code in ``rules/``."""

    _name = "printcrm.churn.signal.type"
    _description = "Churn signal type"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, id"

    name = fields.Char("Label", compute="_compute_name")
    code = fields.Selection(SIGNAL_TYPES, required=True, readonly=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    active = fields.Boolean(
        default=True, tracking=True, help="Archived: the signal is neither detected nor scored."
    )
    weight = fields.Float(
        "Weight (%)",
        tracking=True,
        help="How likely a full-severity signal of this type alone means the customer leaves.",
    )
    window_days = fields.Integer(
        "Window (days)",
        tracking=True,
        help="Overdue payment: days overdue at which the signal is at full severity. Order "
        "drop, no response, complaints, discount pressure, demand tightening: the days looked "
        "back. Purchase rhythm: the chance of no order in this many days ahead.",
    )
    threshold = fields.Float(
        tracking=True,
        help="Overdue payment: days overdue before it counts. Order drop: % below the "
        "seasonal expectation. Discount pressure: % of line discount. Demand tightening: "
        "recent lead times below this % of the customer's median. Purchase rhythm: the "
        "% chance under which the signal is not shown (it still counts in the score).",
    )
    min_count = fields.Float(
        "Minimum count",
        tracking=True,
        help="Order drop: orders a customer usually places in a window for an empty window to "
        "count. No response: unanswered attempts. Discount pressure: discounted quotations. "
        "Demand tightening: earlier orders needed to know the customer's usual lead time.",
    )
    uses_window = fields.Boolean(compute="_compute_uses")
    uses_threshold = fields.Boolean(compute="_compute_uses")
    uses_min_count = fields.Boolean(compute="_compute_uses")

    _sql_constraints = [
        ("code_company_unique", "unique(company_id, code)", "One record per signal and company."),
    ]

    @api.depends_context("lang")
    @api.depends("code")
    def _compute_name(self):
        labels = dict(self._fields["code"]._description_selection(self.env))
        for record in self:
            record.name = labels.get(record.code, "")

    @api.depends("code")
    def _compute_uses(self):
        for record in self:
            used = PARAMETERS.get(record.code, {})
            record.uses_window = "window_days" in used
            record.uses_threshold = "threshold" in used
            record.uses_min_count = "min_count" in used

    @api.constrains("weight", "window_days", "threshold", "min_count")
    def _check_parameters(self):
        for record in self:
            bounds = {"weight": (0, 100), **PARAMETERS.get(record.code, {})}
            for name, (low, high) in bounds.items():
                value = record[name]
                whole = (record.code, name) not in WHOLE or float(value).is_integer()
                if not (math.isfinite(value) and low <= value <= high and whole):
                    raise ValidationError(
                        self.env._(
                            "Signal '%(signal)s' of %(company)s: '%(field)s' is %(value)s; "
                            "enter a number between %(low)s and %(high)s%(whole)s.",
                            signal=record.name,
                            company=record.company_id.name,
                            field=self._fields[name].get_description(self.env)["string"],
                            value=value,
                            low=low,
                            high=high,
                            whole=self.env._(", a whole number")
                            if (record.code, name) in WHOLE
                            else "",
                        )
                    )

    @api.model
    def _printcrm_ensure(self, companies):
        """Every company has one record per signal, with the shipped policy where missing."""
        every = self.sudo().with_context(active_test=False).search([])  # pylint: disable=no-search-all
        existing = {(r.company_id.id, r.code) for r in every}
        values = [
            dict(DEFAULTS[code], code=code, company_id=company.id, sequence=index)
            for company in companies
            for index, (code, _label) in enumerate(SIGNAL_TYPES)
            if (company.id, code) not in existing
        ]
        return self.sudo().create(values)

    @api.model
    def _printcrm_ensure_all(self):
        # a database holds a handful of companies
        return self._printcrm_ensure(self.env["res.company"].sudo().search([]))  # pylint: disable=no-search-all

    @api.model
    def _printcrm_policy_values(self, company):
        """The ``ChurnPolicy`` arguments of ``company``'s signal records."""
        records = {
            r.code: r
            for r in self.sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        }
        missing = set(DEFAULTS) - set(records)
        if missing:
            self._printcrm_ensure(company)
            return self._printcrm_policy_values(company)
        get = records.get
        return {
            "overdue_min_days": int(get(churn.OVERDUE_PAYMENT).threshold),
            "overdue_horizon_days": get(churn.OVERDUE_PAYMENT).window_days,
            "drop_window_days": get(churn.ORDER_DROP).window_days,
            "drop_threshold": get(churn.ORDER_DROP).threshold,
            "drop_min_orders": get(churn.ORDER_DROP).min_count,
            "response_window_days": get(churn.NO_RESPONSE).window_days,
            "response_min_outbound": int(get(churn.NO_RESPONSE).min_count),
            "complaint_window_days": get(churn.COMPLAINT).window_days,
            "discount_window_days": get(churn.DISCOUNT_PRESSURE).window_days,
            "discount_threshold": get(churn.DISCOUNT_PRESSURE).threshold,
            "discount_min_quotations": int(get(churn.DISCOUNT_PRESSURE).min_count),
            "lead_window_days": get(churn.DEMAND_TIGHTENING).window_days,
            "lead_ratio": get(churn.DEMAND_TIGHTENING).threshold,
            "lead_min_history": int(get(churn.DEMAND_TIGHTENING).min_count),
            "horizon_days": get(churn.PURCHASE_RHYTHM).window_days,
            "rhythm_min_chance": get(churn.PURCHASE_RHYTHM).threshold,
            "weights": {code: r.weight if r.active else 0.0 for code, r in records.items()},
            "disabled": frozenset(code for code, r in records.items() if not r.active),
        }
