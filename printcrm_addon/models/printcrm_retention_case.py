# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

CAUSES = [
    ("price", "Price"),
    ("quality", "Quality"),
    ("service", "Cooperation / service"),
    ("other", "Other"),
]
DECISIONS = [
    ("retain", "Retain with an action plan"),
    ("let_go", "Let go after the balance is settled"),
]
OUTCOMES = [("open", "Open"), ("retained", "Retained"), ("lost", "Lost")]


class PrintcrmRetentionCase(models.Model):
    """What was decided about a customer at risk, and what came of it."""

    _name = "printcrm.retention.case"
    _description = "Customer retention case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    user_id = fields.Many2one(
        "res.users", "Responsible", default=lambda self: self.env.user, tracking=True
    )
    date = fields.Date(default=fields.Date.context_today, required=True)
    churn_score = fields.Float("Risk when opened", readonly=True)
    customer_tier = fields.Selection(related="partner_id.printcrm_tier", string="Tier")
    cause = fields.Selection(CAUSES, required=True, tracking=True)
    decision = fields.Selection(DECISIONS, required=True, tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    expected_gain = fields.Monetary(
        "Expected gain", help="What keeping the customer is expected to bring (company currency)."
    )
    expected_cost = fields.Monetary("Expected cost", help="What the action plan costs.")
    action_plan = fields.Text("Action plan")
    outcome = fields.Selection(OUTCOMES, default="open", required=True, tracking=True)
    outcome_note = fields.Text("What happened")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id
                vals["partner_id"] = partner.id
                # read as the user: a colleague's customer's score reads empty (own-customer rule)
                score = partner.read(["printcrm_churn_score"])[0]["printcrm_churn_score"]
                vals.setdefault("churn_score", score or 0.0)
        return super().create(vals_list)

    @api.constrains("decision", "action_plan", "expected_gain", "expected_cost")
    def _check_plan(self):
        for case in self:
            if case.decision == "retain" and not (case.action_plan or "").strip():
                raise ValidationError(
                    self.env._(
                        "Retention case of %(customer)s: a decision to retain needs an action "
                        "plan.",
                        customer=case.partner_id.display_name,
                    )
                )
            if case.expected_gain < 0 or case.expected_cost < 0:
                raise ValidationError(
                    self.env._(
                        "Retention case of %(customer)s: expected gain and cost cannot be "
                        "negative.",
                        customer=case.partner_id.display_name,
                    )
                )
