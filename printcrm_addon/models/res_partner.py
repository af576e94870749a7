# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..batch import run_batch
from ..notify import notification
from ..rules import tiering
from ..rules.codes import TIERS

SALES_CHANNELS = [
    ("direct_export", "Direct export"),
    ("transfer_export", "Export via transfer to a plant in the country"),
    ("domestic", "Domestic"),
]


# Fields the tier batch writes; users never edit them.
BATCH_FIELDS = (
    "printcrm_tier_computed",
    "printcrm_annual_sales",
    "printcrm_margin_rate",
    "printcrm_payment_rate_computed",
    "printcrm_first_order_date",
    "printcrm_order_count",
    "printcrm_is_new_customer",
    "printcrm_drop_candidate",
    "printcrm_rank",
    "printcrm_score_share",
    "printcrm_cumulative_share",
    "printcrm_tier_date",
    "printcrm_tier_company_id",
)
# outputs of the batches and of the credit flow: written as superuser by them, by nobody else
# (a view's readonly does not stop a write over RPC)
SYSTEM_FIELDS = (
    *BATCH_FIELDS,
    "printcrm_tier",
    "printcrm_tier_score",
    "printcrm_payment_rate",
    "printcrm_churn_score",
    "printcrm_churn_level",
    "printcrm_churn_trend",
    "printcrm_churn_priority",
    "printcrm_churn_high_since",
    "printcrm_churn_company_id",
    "printcrm_term_rule",
    "printcrm_term_exception_id",
    "printcrm_term_exception_until",
)
TIER_INPUTS = ("printcrm_tier_computed", "printcrm_tier_override")
# a contact merge in progress (an object: no RPC client can send it in a context)
MERGE_MARK = object()
RATE_BOUNDS = (-100.0, 200.0)


class ResPartner(models.Model):
    _inherit = ["res.partner", "printcrm.own.customer.mixin"]
    _name = "res.partner"

    # a colleague's customer: risk and credit figures read as empty (see the mixin); the
    # score would give away the Branch-Manager-only cooperation rate
    _printcrm_own_only_fields = (
        "printcrm_tier_score",
        # own score / own share gives the total, and the total any other customer's score
        "printcrm_score_share",
        "printcrm_cumulative_share",
        "printcrm_churn_score",
        "printcrm_churn_level",
        "printcrm_churn_trend",
        "printcrm_churn_priority",
        "printcrm_churn_high_since",
        "printcrm_credit_exposure",
        "printcrm_credit_available",
        "printcrm_credit_overdue",
        "printcrm_credit_overdue_days",
    )

    # --- tier ----
    printcrm_tier = fields.Selection(
        TIERS,
        "Tier",
        compute="_compute_printcrm_tier",
        store=True,
        index=True,
        tracking=True,
        help="Effective customer class: the manager's override if any, else the computed "
        "class. Contacts show their company's tier.",
        groups="base.group_user",
    )
    printcrm_tier_computed = fields.Selection(
        TIERS, "Computed tier", readonly=True, copy=False, groups="base.group_user"
    )
    printcrm_tier_override = fields.Selection(
        TIERS,
        "Tier override",
        tracking=True,
        copy=False,
        help="Set by a Sales Manager to force the class, e.g. for a famous brand or a "
        "fast-growing customer whose volume does not show it yet.",
        groups="base.group_user",
    )
    printcrm_tier_override_reason = fields.Char(
        "Override reason", tracking=True, copy=False, groups="base.group_user"
    )
    printcrm_tier_date = fields.Datetime(
        "Customer value updated on",
        readonly=True,
        copy=False,
        help="When the tier batch last changed this customer's figures; a run that finds "
        "the same figures leaves the customer untouched.",
        groups="base.group_user",
    )
    printcrm_tier_history_ids = fields.One2many(
        "printcrm.tier.history",
        "partner_id",
        "Tier history",
        readonly=True,
        groups="base.group_user",
    )

    # --- score and its parts ----
    printcrm_tier_company_id = fields.Many2one(
        "res.company",
        "Ranked in",
        readonly=True,
        copy=False,
        help="The company whose orders rank this customer (where it bought the most in the "
        "window); its figures are in that company's currency.",
        groups="base.group_user",
    )
    printcrm_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_printcrm_currency_id",
        string="Company currency",
        groups="base.group_user",
    )
    printcrm_tier_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_printcrm_tier_currency_id",
        string="Currency of the ranking",
        groups="base.group_user",
    )
    printcrm_tier_score = fields.Float(
        "Score",
        compute="_compute_printcrm_tier_score",
        store=True,
        digits=(16, 2),
        help="Annual sales x net margin rate x cooperation (%) x payment status (%). "
        "Negative as soon as one factor is negative.",
        groups="base.group_user",
    )
    printcrm_annual_sales = fields.Monetary(
        "Annual sales",
        currency_field="printcrm_tier_currency_id",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    printcrm_margin_rate = fields.Float(
        "Net margin (%)", digits=(16, 2), readonly=True, copy=False, groups="base.group_user"
    )
    printcrm_cooperation_rate = fields.Float(
        "Cooperation (%)",
        default=100.0,
        tracking=True,
        copy=False,
        groups="printcrm_addon.group_printcrm_branch_manager",
        help="Cooperation willingness proposed by the salesperson, may be negative.",
    )
    printcrm_my_cooperation_rate = fields.Float(
        "Cooperation rate (%)",
        compute="_compute_printcrm_my_cooperation_rate",
        inverse="_inverse_printcrm_my_cooperation_rate",
        help="Cooperation willingness of your own customer, may be negative. 100 is neutral.",
        groups="base.group_user",
    )
    printcrm_is_my_customer = fields.Boolean(
        "My customer",
        compute="_compute_printcrm_my_cooperation_rate",
        groups="base.group_user",
    )
    printcrm_cooperation_reason = fields.Char(
        "Cooperation reason", tracking=True, copy=False, groups="base.group_user"
    )
    printcrm_payment_rate_computed = fields.Float(
        "Computed payment status (%)",
        digits=(16, 2),
        readonly=True,
        default=100.0,
        copy=False,
        groups="base.group_user",
    )
    printcrm_payment_rate_overridden = fields.Boolean(
        "Override payment status", copy=False, groups="base.group_user"
    )
    printcrm_payment_rate_override = fields.Float(
        "Payment status override (%)",
        digits=(16, 2),
        tracking=True,
        copy=False,
        groups="base.group_user",
    )
    printcrm_payment_rate = fields.Float(
        "Payment status (%)",
        compute="_compute_printcrm_payment_rate",
        store=True,
        digits=(16, 2),
        help="Share of the invoiced amount paid by its due date over the window, late "
        "payments earning less the later they are; a manager may override it.",
        groups="base.group_user",
    )

    # --- new customer, ranking ----
    printcrm_first_order_date = fields.Date(
        "First order", readonly=True, copy=False, groups="base.group_user"
    )
    printcrm_order_count = fields.Integer(
        "Confirmed orders", readonly=True, copy=False, groups="base.group_user"
    )
    printcrm_is_new_customer = fields.Boolean(
        "New customer",
        readonly=True,
        default=True,
        copy=False,
        groups="base.group_user",
    )
    printcrm_drop_candidate = fields.Boolean(
        "Drop candidate", readonly=True, copy=False, groups="base.group_user"
    )
    printcrm_rank = fields.Integer(
        "Rank", readonly=True, copy=False, index=True, groups="base.group_user"
    )
    printcrm_score_share = fields.Float(
        "Share of total (%)", digits=(16, 2), readonly=True, copy=False, groups="base.group_user"
    )
    printcrm_cumulative_share = fields.Float(
        "Cumulative share (%)", digits=(16, 2), readonly=True, copy=False, groups="base.group_user"
    )

    # --- customer file ----
    printcrm_investor_country_id = fields.Many2one(
        "res.country",
        "Investor country/region",
        tracking=True,
        groups="base.group_user",
    )
    printcrm_sales_channel = fields.Selection(
        SALES_CHANNELS, "Sales channel", tracking=True, groups="base.group_user"
    )

    # --- computes ----
    @api.depends(
        "commercial_partner_id.printcrm_tier_computed",
        "commercial_partner_id.printcrm_tier_override",
    )
    def _compute_printcrm_tier(self):
        for partner in self:
            entity = partner.commercial_partner_id or partner
            partner.printcrm_tier = entity.printcrm_tier_override or entity.printcrm_tier_computed

    @api.depends_context("company")
    def _compute_printcrm_currency_id(self):
        currency = self.env.company.currency_id
        for partner in self:
            partner.printcrm_currency_id = currency

    @api.depends("printcrm_tier_company_id", "commercial_partner_id.printcrm_tier_company_id")
    @api.depends_context("company")
    def _compute_printcrm_tier_currency_id(self):
        # the batch's figures are in the currency of the company that ranks the customer
        currency = self.env.company.currency_id
        for partner in self:
            entity = partner.commercial_partner_id or partner
            partner.printcrm_tier_currency_id = (
                entity.printcrm_tier_company_id.sudo().currency_id or currency
            )

    @api.model
    def _printcrm_in_my_companies(self, field):
        """Domain: the customers whose batch company ``field`` (the one that ranks them, the
        one that judges their churn) is one the user works in, or not given yet (a customer
        last scored before 18.0.2.1.0, until the next batch)."""
        return ["|", (field, "=", False), (field, "in", self.env.companies.ids)]

    @api.model
    def _printcrm_ranked_here(self):
        return self._printcrm_in_my_companies("printcrm_tier_company_id")

    @api.depends(
        "printcrm_payment_rate_computed",
        "printcrm_payment_rate_overridden",
        "printcrm_payment_rate_override",
    )
    def _compute_printcrm_payment_rate(self):
        for partner in self:
            if partner.printcrm_payment_rate_overridden:
                partner.printcrm_payment_rate = partner.printcrm_payment_rate_override
            else:
                partner.printcrm_payment_rate = partner.printcrm_payment_rate_computed

    @api.depends(
        "printcrm_annual_sales",
        "printcrm_margin_rate",
        "printcrm_cooperation_rate",
        "printcrm_payment_rate",
    )
    def _compute_printcrm_tier_score(self):
        for partner in self.sudo():
            partner.printcrm_tier_score = tiering.tier_score(
                partner.printcrm_annual_sales,
                partner.printcrm_margin_rate / 100.0,
                partner.printcrm_cooperation_rate,
                partner.printcrm_payment_rate,
            )

    def _printcrm_is_mine(self):
        """Own customer of the current user, or the user may see every customer's rates."""
        self.ensure_one()
        if self.env.user.has_group("printcrm_addon.group_printcrm_branch_manager"):
            return True
        return (self.commercial_partner_id or self).user_id == self.env.user

    @api.depends_context("uid")
    @api.depends("user_id", "commercial_partner_id.user_id")
    def _compute_printcrm_my_cooperation_rate(self):
        for partner in self:
            mine = partner._printcrm_is_mine()
            entity = (partner.commercial_partner_id or partner).sudo()
            partner.printcrm_is_my_customer = mine
            partner.printcrm_my_cooperation_rate = entity.printcrm_cooperation_rate if mine else 0.0

    def _inverse_printcrm_my_cooperation_rate(self):
        for partner in self:
            if not partner._printcrm_is_mine():
                raise AccessError(
                    self.env._(
                        "You can only set the cooperation rate of your own customers; "
                        "%(customer)s is followed by %(user)s. Ask a Branch Manager.",
                        customer=partner.display_name,
                        user=partner.user_id.name or self.env._("nobody"),
                    )
                )
            partner.sudo().printcrm_cooperation_rate = partner.printcrm_my_cooperation_rate

    def _printcrm_require_group(self, xmlid, what):
        if not self.env.su and not self.env.user.has_group(xmlid):
            raise AccessError(
                self.env._(
                    "%(what)s needs the %(group)s group; ask a manager to run it.",
                    what=what,
                    group=self.env.ref(xmlid).name,
                )
            )

    # --- batch ----
    @api.model
    def _cron_printcrm_recompute_tiers(self):
        return run_batch(self.env, self.env["printcrm.tier.engine"].sudo()._printcrm_run)

    def action_printcrm_recompute_tiers(self):
        self._printcrm_require_group(
            "printcrm_addon.group_printcrm_sales_manager", self.env._("Recomputing tiers")
        )
        self.env["res.partner"].sudo()._cron_printcrm_recompute_tiers()
        counts = dict(
            self.env["res.partner"]
            .sudo()
            ._read_group(
                [("printcrm_tier", "!=", False), ("parent_id", "=", False)]
                + self._printcrm_ranked_here(),
                ["printcrm_tier"],
                ["__count"],
            )
        )
        message = self.env._(
            "Tiers recomputed: %(a)s A, %(b)s B and %(c)s C customers.",
            a=counts.get("a", 0),
            b=counts.get("b", 0),
            c=counts.get("c", 0),
        )
        return notification(message, reload=True)
