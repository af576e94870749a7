# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..batch import run_batch
from ..notify import notification
from ..rules import churn, credit, tiering
from .printcrm_churn_history import LEVELS as CHURN_LEVELS
from .printcrm_tier_history import TIERS

SALES_CHANNELS = [
    ("direct_export", "Direct export"),
    ("transfer_export", "Export via transfer to a plant in the country"),
    ("domestic", "Domestic"),
]

TERM_RULES = [
    ("tier_a", "Class A"),
    ("tier_b", "Class B"),
    ("tier_c", "Class C"),
    ("new", "New customer"),
    ("foreign", "Foreign customer"),
    ("exception", "Approved exception"),
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
    printcrm_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_printcrm_currency_id",
        string="Company currency",
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
        currency_field="printcrm_currency_id",
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

    # --- credit: terms by class, limits, exposure ----
    credit_limit = fields.Float(tracking=True)
    property_payment_term_id = fields.Many2one(tracking=True)
    printcrm_term_rule = fields.Selection(
        TERM_RULES,
        "Payment term rule",
        readonly=True,
        copy=False,
        tracking=True,
        help="The rule that set the customer's payment term at the last application.",
        groups="base.group_user",
    )
    printcrm_term_exception_id = fields.Many2one(
        "account.payment.term",
        "Term exception",
        readonly=True,
        copy=False,
        tracking=True,
        help="Payment term granted by an approved credit request; kept until its expiry.",
        groups="base.group_user",
    )
    printcrm_term_exception_until = fields.Date(
        "Exception valid until",
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    printcrm_credit_request_ids = fields.One2many(
        "printcrm.credit.request",
        "partner_id",
        "Credit requests",
        groups="base.group_user",
    )
    printcrm_credit_request_count = fields.Integer(
        "Credit request count",
        compute="_compute_printcrm_credit_figures",
        groups="base.group_user",
    )
    printcrm_credit_exposure = fields.Float(
        "Credit exposure",
        compute="_compute_printcrm_credit_figures",
        help="Open receivable plus confirmed orders not yet invoiced, in company currency.",
        groups="base.group_user",
    )
    printcrm_credit_overdue = fields.Float(
        "Overdue", compute="_compute_printcrm_credit_figures", groups="base.group_user"
    )
    printcrm_credit_overdue_days = fields.Integer(
        "Oldest overdue (days)",
        compute="_compute_printcrm_credit_figures",
        groups="base.group_user",
    )
    printcrm_credit_available = fields.Float(
        "Available credit",
        compute="_compute_printcrm_credit_figures",
        groups="base.group_user",
    )

    # --- churn early warning ----
    printcrm_churn_score = fields.Float(
        "Churn risk",
        digits=(16, 1),
        readonly=True,
        copy=False,
        aggregator="avg",
        groups="base.group_user",
    )
    printcrm_churn_level = fields.Selection(
        CHURN_LEVELS,
        "Churn risk level",
        readonly=True,
        copy=False,
        index=True,
        group_expand="_group_expand_printcrm_churn_level",
        groups="base.group_user",
    )
    printcrm_churn_trend = fields.Selection(
        [("up", "Rising"), ("flat", "Stable"), ("down", "Falling")],
        "Churn trend",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    printcrm_churn_priority = fields.Float(
        "Risk x value",
        readonly=True,
        copy=False,
        help="Churn risk (0-1) times annual sales: what the company stands to lose.",
        groups="base.group_user",
    )
    printcrm_churn_high_since = fields.Date(
        "High risk since", readonly=True, copy=False, groups="base.group_user"
    )
    printcrm_churn_signal_ids = fields.One2many(
        "printcrm.churn.signal",
        "partner_id",
        "Churn signals",
        readonly=True,
        groups="base.group_user",
    )
    printcrm_churn_history_ids = fields.One2many(
        "printcrm.churn.history",
        "partner_id",
        "Churn history",
        readonly=True,
        groups="base.group_user",
    )
    printcrm_complaint_ids = fields.One2many(
        "printcrm.complaint", "partner_id", "Complaints", groups="base.group_user"
    )
    printcrm_complaint_count = fields.Integer(
        "Complaint count",
        compute="_compute_printcrm_complaint_count",
        groups="base.group_user",
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

    def _compute_printcrm_currency_id(self):
        currency = self.env.company.currency_id
        for partner in self:
            partner.printcrm_currency_id = currency

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

    # --- constraints and write guard ----
    @api.constrains("printcrm_tier_override", "printcrm_tier_override_reason")
    def _check_printcrm_tier_override_reason(self):
        for partner in self:
            if (
                partner.printcrm_tier_override
                and not (partner.printcrm_tier_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "%(customer)s: a tier override needs a reason. Fill in 'Override "
                        "reason' or clear the override.",
                        customer=partner.display_name,
                    )
                )

    def _printcrm_check_manager_field(self, vals, fields_and_groups, creating=False):
        if self.env.su:
            return
        for field_name, group in fields_and_groups:
            if (
                creating
                and field_name in vals
                and self._printcrm_is_default(field_name, vals[field_name])
            ):
                continue
            if field_name in vals and not self.env.user.has_group(group):
                label = self._fields[field_name].get_description(self.env)["string"]
                customers = ", ".join(self.mapped("display_name")[:5])
                raise AccessError(
                    self.env._(
                        "Only a %(group)s can change '%(field)s' (customers: %(customers)s).",
                        group=self.env.ref(group).name,
                        field=label,
                        customers=customers,
                    )
                )

    def _printcrm_guard_system_fields(self, vals, creating=False):
        if self.env.su:
            return
        written = [
            name
            for name in SYSTEM_FIELDS
            if name in vals and not (creating and self._printcrm_is_default(name, vals[name]))
        ]
        if written:
            label = self._fields[written[0]].get_description(self.env)["string"]
            raise AccessError(
                self.env._(
                    "'%(field)s' is computed by the add-on's batches and approvals and cannot "
                    "be set by hand (customers: %(customers)s). A Sales Manager may override "
                    "the tier; credit terms change through a credit request.",
                    field=label,
                    customers=", ".join(self.mapped("display_name")[:5]),
                )
            )

    @api.constrains("printcrm_cooperation_rate", "printcrm_payment_rate_override")
    def _check_printcrm_rates(self):
        low, high = RATE_BOUNDS
        for partner in self.sudo():
            for name in ("printcrm_cooperation_rate", "printcrm_payment_rate_override"):
                value = partner[name]
                if not math.isfinite(value) or not low <= value <= high:
                    raise ValidationError(
                        self.env._(
                            "%(customer)s: '%(field)s' must be between %(low)s and %(high)s "
                            "percent; enter a number in that range.",
                            customer=partner.display_name,
                            field=self._fields[name].get_description(self.env)["string"],
                            low=low,
                            high=high,
                        )
                    )

    def _printcrm_require_cooperation_reason(self, vals):
        """A person who changes a cooperation rate says why (the batch and imports do not)."""
        rate_fields = ("printcrm_cooperation_rate", "printcrm_my_cooperation_rate")
        if self.env.su or not any(name in vals for name in rate_fields):
            return
        reason = vals.get("printcrm_cooperation_reason")
        for partner in self.sudo():
            if not (reason or partner.printcrm_cooperation_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(customer)s: say why the cooperation rate changes in 'Cooperation "
                        "reason'.",
                        customer=partner.display_name,
                    )
                )

    def _printcrm_is_default(self, name, value):
        """A new partner may carry a field's default: Odoo itself sends the defaults of the
        partner's fields when a user (``_inherits``) or a contact is created."""
        field = self._fields[name]
        default = field.default(self) if field.default else False
        return value == default or (not value and not default)

    def _printcrm_guard_write(self, vals, creating=False):
        self._printcrm_guard_system_fields(vals, creating=creating)
        self._printcrm_check_manager_field(
            vals,
            [
                ("printcrm_tier_override", "printcrm_addon.group_printcrm_sales_manager"),
                (
                    "printcrm_payment_rate_overridden",
                    "printcrm_addon.group_printcrm_branch_manager",
                ),
                ("printcrm_payment_rate_override", "printcrm_addon.group_printcrm_branch_manager"),
            ],
            creating=creating,
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo adds the context's default_* values after this point: guard them too
        context_defaults = {
            key[len("default_") :]: value
            for key, value in self.env.context.items()
            if key.startswith("default_printcrm_")
        }
        for vals in vals_list:
            self._printcrm_guard_write({**context_defaults, **vals}, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("printcrm_merge") is MERGE_MARK:
            vals = {key: value for key, value in vals.items() if key not in SYSTEM_FIELDS}
            vals.pop("printcrm_cooperation_rate", None)
        self._printcrm_guard_write(vals)
        if not any(field in vals for field in TIER_INPUTS):
            result = super().write(vals)
        else:
            before = {partner.id: partner.printcrm_tier for partner in self}
            result = super().write(vals)
            self._printcrm_log_tier_changes(before)
        # after the write: who may not set the rate at all is refused by the write itself
        self._printcrm_require_cooperation_reason(vals)
        return result

    def _printcrm_log_tier_changes(self, before):
        """History rows for a change of tier made through the ORM (an override, mostly).

        mail.thread already tracks the field in the chatter; the batch stores its own changes
        set-based in ``_printcrm_store_tier_changes``.
        """
        changed = self.filtered(
            lambda p: p.commercial_partner_id == p and p.printcrm_tier != before.get(p.id)
        )
        if not changed:
            return
        self.env["printcrm.tier.history"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "old_tier": before.get(partner.id) or False,
                    "new_tier": partner.printcrm_tier or False,
                    "score": partner.printcrm_tier_score,
                    "source": "override" if partner.printcrm_tier_override else "computed",
                    "reason": partner.printcrm_tier_override_reason
                    if partner.printcrm_tier_override
                    else False,
                    "user_id": self.env.uid,
                }
                for partner in changed
            ]
        )

    # --- credit ----
    def _compute_printcrm_credit_figures(self):
        company = self.env.company
        entities = self.commercial_partner_id
        figures = self.env["printcrm.credit.engine"].sudo()._printcrm_figures(entities, company)
        counts = dict(
            self.env["printcrm.credit.request"]._read_group(
                [("partner_id", "in", entities.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            entity = partner.commercial_partner_id
            exposure = figures.get(entity.id, credit.Exposure(0.0, 0.0, 0.0, 0.0, 0.0, 0))
            limit = exposure.limit
            partner.printcrm_credit_exposure = exposure.receivable + exposure.to_invoice
            partner.printcrm_credit_overdue = exposure.overdue
            partner.printcrm_credit_overdue_days = exposure.overdue_days
            partner.printcrm_credit_available = (
                limit - exposure.receivable - exposure.to_invoice if limit > 0 else 0.0
            )
            partner.printcrm_credit_request_count = counts.get(entity, 0)

    def _group_expand_printcrm_churn_level(self, values, domain):
        return [key for key, _label in CHURN_LEVELS]

    def _printcrm_require_group(self, xmlid, what):
        if not self.env.su and not self.env.user.has_group(xmlid):
            raise AccessError(
                self.env._(
                    "%(what)s needs the %(group)s group; ask a manager to run it.",
                    what=what,
                    group=self.env.ref(xmlid).name,
                )
            )

    def action_printcrm_apply_terms(self):
        self._printcrm_require_group(
            "printcrm_addon.group_printcrm_branch_manager", self.env._("Applying terms")
        )
        partners = self.commercial_partner_id
        partners.check_access("read")
        before = {p.id: p.property_payment_term_id for p in partners.sudo()}
        # only in the companies the caller works in
        self.env["printcrm.credit.engine"]._printcrm_apply_terms_all(
            partners=partners, companies=self.env.companies
        )
        partners.invalidate_recordset(["property_payment_term_id"])
        changed = [p for p in partners.sudo() if p.property_payment_term_id != before[p.id]]
        if (
            not self.env["res.company"]
            .sudo()
            .search_count([("printcrm_credit_control", "=", True)])
        ):
            message = self.env._(
                "Credit control is off in every company: no payment term was changed. Turn it "
                "on in Settings > Sales > Credit control."
            )
            return notification(message, kind="warning")
        message = self.env._(
            "Terms by class applied to %(count)s customer(s): %(changed)s changed.",
            count=len(partners),
            changed=len(changed),
        )
        return notification(message, reload=True)

    def _printcrm_term_rule_for(self, company, today=None):
        """This customer's term rule in ``company``: one definition for the batch that sets
        the terms and for the order that decides at confirmation whether it pays first.

        Foreign is judged against that company's country. Class and new-customer flag are the
        batch's; before its first run a customer has no class (treated as C) and is new, so a
        customer created today already pays first.
        """
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        holds = credit.exception_active(self.printcrm_term_exception_until, today)
        return credit.term_rule(
            self.printcrm_tier,
            self.printcrm_is_new_customer,
            bool(self.country_id) and self.country_id != company.country_id,
            exception_active=holds and bool(self.printcrm_term_exception_id),
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
                [("printcrm_tier", "!=", False), ("parent_id", "=", False)],
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

    # --- churn ----
    def _compute_printcrm_complaint_count(self):
        counts = dict(
            self.env["printcrm.complaint"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.printcrm_complaint_count = counts.get(partner.commercial_partner_id, 0)

    def action_printcrm_open_complaints(self):
        self.ensure_one()
        self._printcrm_require_group(
            "printcrm_addon.group_printcrm_salesperson", self.env._("This view")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "printcrm_addon.action_printcrm_complaint"
        )
        customer = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    def action_printcrm_open_retention(self):
        """The customer's retention cases, a new one prefilled when there is none."""
        self.ensure_one()
        self._printcrm_require_group(
            "printcrm_addon.group_printcrm_salesperson", self.env._("This view")
        )
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "printcrm_addon.action_printcrm_retention_case"
        )
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        if not self.env["printcrm.retention.case"].search_count(action["domain"]):
            action.update(views=[(False, "form")], view_mode="form")
        return action

    @api.model
    def _cron_printcrm_compute_churn(self):
        """Daily churn batch: signals, score, level, trend, history and escalations of every
        customer, with a fixed number of queries whatever their number."""
        run_batch(self.env, self.env["printcrm.churn.engine"].sudo()._printcrm_run)
        return True

    def action_printcrm_compute_churn(self):
        self._printcrm_require_group(
            "printcrm_addon.group_printcrm_branch_manager", self.env._("The churn check")
        )
        results = self.env["printcrm.churn.engine"].sudo()._printcrm_run()
        levels = [result["level"] for result in results.values()]
        message = self.env._(
            "%(count)s customers checked: %(high)s high, %(medium)s medium risk.",
            count=len(levels),
            high=levels.count(churn.LEVEL_HIGH),
            medium=levels.count(churn.LEVEL_MEDIUM),
        )
        return notification(message, reload=True)

    def action_printcrm_open_churn_chart(self):
        """The customer's churn score over time, as a line chart."""
        self.ensure_one()
        self._printcrm_require_group(
            "printcrm_addon.group_printcrm_salesperson", self.env._("This view")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "printcrm_addon.action_printcrm_churn_history_partner"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["name"] = self.env._(
            "Churn risk of %(customer)s", customer=self.commercial_partner_id.display_name
        )
        return action
