# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..rules import credit
from ..rules.codes import LEVEL_OF_REQUEST_STATE as LEVEL_OF_STATE
from ..rules.codes import REQUEST_STATES as STATES
from .printcrm_workflow_mixin import ANY, CURRENT_USER

# what was submitted is what gets approved
FROZEN_WHEN_SUBMITTED = (
    "partner_id",
    "requested_limit",
    "term_exception_id",
    "term_exception_until",
)
STATE_OF_LEVEL = {level: state for state, level in LEVEL_OF_STATE.items()}
ACTIVITY = "printcrm_addon.mail_activity_printcrm_credit_approval"


class PrintcrmCreditRequest(models.Model):
    """A credit limit (and optional term exception) proposed by a salesperson.

    Seed 003, 4.3.3 a (3): the salesperson proposes with the facts of three groups, the
    branch manager and the sales manager agree, the general manager approves.
    """

    _name = "printcrm.credit.request"
    _description = "Credit limit request"
    _inherit = ["mail.thread", "mail.activity.mixin", "printcrm.workflow.mixin"]
    _order = "create_date desc, id desc"
    # a request starts as its author's draft; state and trail come from the flow
    _printcrm_workflow_fields = {
        "state": "draft",
        "user_id": CURRENT_USER,
        "approval_ids": None,
        "reject_reason": None,
        "name": ANY,
    }

    name = fields.Char(
        "Reference", readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Requested by",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(STATES, default="draft", required=True, tracking=True, copy=False)
    current_limit = fields.Monetary(
        "Current limit", compute="_compute_current_limit", currency_field="currency_id"
    )
    requested_limit = fields.Monetary(
        "Requested limit", required=True, tracking=True, currency_field="currency_id"
    )
    term_exception_id = fields.Many2one(
        "account.payment.term",
        "Term exception",
        tracking=True,
        help="A payment term other than the one of the customer's class, e.g. 30 days for "
        "a new customer or a term other than a letter of credit for a large foreign company.",
    )
    term_exception_until = fields.Date("Exception valid until", tracking=True)
    # the customer's own profile
    profile_organisation = fields.Text("Organisation")
    profile_products_market = fields.Text("Products and market")
    profile_competitiveness = fields.Text("Competitiveness")
    profile_operations = fields.Text("Operations")
    profile_prospects = fields.Text("Prospects")
    # its priority for us
    priority_profitability = fields.Text("Transaction profitability")
    priority_requirements = fields.Text("Requirements")
    priority_market_effect = fields.Text("Effect on market attractiveness and competitiveness")
    # credit and finance
    finance_payment_record = fields.Text("Payment record")
    finance_bank_credit = fields.Text("Bank credit")
    finance_profitability = fields.Text("Profitability")
    finance_balance_sheet = fields.Text("Balance sheet")
    finance_solvency = fields.Text("Solvency")
    finance_capital = fields.Monetary("Registered capital", currency_field="currency_id")
    approval_ids = fields.One2many(
        "printcrm.credit.approval", "request_id", "Approval trail", readonly=True
    )
    reject_reason = fields.Text("Rejection reason", readonly=True, tracking=True, copy=False)
    # what an approver needs to see, read from the customer in the request's company
    partner_tier = fields.Selection(related="partner_id.printcrm_tier", string="Tier")
    partner_exposure = fields.Monetary(
        "Exposure", compute="_compute_partner_facts", currency_field="currency_id"
    )
    partner_overdue = fields.Monetary(
        "Overdue", compute="_compute_partner_facts", currency_field="currency_id"
    )
    partner_overdue_days = fields.Integer("Oldest overdue (days)", compute="_compute_partner_facts")
    partner_payment_rate = fields.Float(
        "Payment status (%)", compute="_compute_partner_facts", digits=(16, 1)
    )
    partner_annual_sales = fields.Monetary(
        "Sales, last 12 months", compute="_compute_partner_facts", currency_field="currency_id"
    )
    partner_payment_term_id = fields.Many2one(
        "account.payment.term", "Current payment terms", compute="_compute_partner_facts"
    )
    can_approve = fields.Boolean(
        compute="_compute_can_approve",
        help="The current user may approve or reject the level this request waits for.",
    )
    waiting_my_level = fields.Boolean(
        "Waiting for my level",
        compute="_compute_waiting_my_level",
        search="_search_waiting_my_level",
        help="Waiting for the level of the current user's highest group and not requested by "
        "them: that group's queue. A higher group may still act on a lower level from the form.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_partner_facts(self):
        for request in self:
            if not request._printcrm_may_see_figures():
                request.update(
                    {
                        "partner_exposure": 0.0,
                        "partner_overdue": 0.0,
                        "partner_overdue_days": 0,
                        "partner_payment_rate": 0.0,
                        "partner_annual_sales": 0.0,
                        "partner_payment_term_id": False,
                    }
                )
                continue
            # the facts are read for whoever may read the request (its requester or an
            # approver): the record rules on requests decide who that is
            partner = request.partner_id.with_company(request.company_id).sudo()
            request.partner_exposure = partner.printcrm_credit_exposure
            request.partner_overdue = partner.printcrm_credit_overdue
            request.partner_overdue_days = partner.printcrm_credit_overdue_days
            request.partner_payment_rate = partner.printcrm_payment_rate
            request.partner_annual_sales = request._printcrm_in_my_currency(
                partner.printcrm_annual_sales, partner.printcrm_tier_currency_id
            )
            request.partner_payment_term_id = partner.property_payment_term_id

    def _printcrm_in_my_currency(self, amount, currency):
        """An amount of the customer's ranking company (its currency) in the request's."""
        if not (amount and currency and self.currency_id) or currency == self.currency_id:
            return amount
        return currency._convert(
            amount, self.currency_id, self.company_id, fields.Date.context_today(self)
        )

    def _printcrm_queue_states(self):
        """The states in the current user's queue: its own level; a general manager also
        sees the lower levels, which it may take over."""
        level = self._printcrm_user_level()
        if level == credit.GENERAL:
            return [STATE_OF_LEVEL[lvl] for lvl in credit.LEVELS]
        return [STATE_OF_LEVEL[level]] if level in STATE_OF_LEVEL else []

    @api.depends_context("uid")
    @api.depends("state", "user_id")
    def _compute_waiting_my_level(self):
        states = self._printcrm_queue_states()
        for request in self:
            request.waiting_my_level = request.state in states and request.user_id != self.env.user

    def _search_waiting_my_level(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Waiting for my level'."))
        domain = [("state", "in", self._printcrm_queue_states()), ("user_id", "!=", self.env.uid)]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.depends_context("uid")
    @api.depends("state", "user_id")
    def _compute_can_approve(self):
        own_level = self._printcrm_user_level()
        for request in self:
            level = LEVEL_OF_STATE.get(request.state)
            request.can_approve = bool(
                level and own_level >= level and request.user_id != self.env.user
            )

    def _printcrm_may_see_figures(self):
        """The form computes the facts as soon as a customer is picked, before the own-customer
        check of saving: a colleague's customer shows none."""
        entity = self.partner_id.commercial_partner_id
        return not (entity and entity._printcrm_figures_hidden())

    @api.depends("partner_id", "company_id")
    def _compute_current_limit(self):
        for request in self:
            if not request._printcrm_may_see_figures():
                request.current_limit = 0.0
                continue
            # credit_limit is an accounting field: the requester may not read it directly
            partner = request.partner_id.with_company(request.company_id).sudo()
            request.current_limit = partner.credit_limit if partner.use_partner_credit_limit else 0

    @api.constrains("requested_limit", "term_exception_id", "term_exception_until")
    def _check_values(self):
        today = fields.Date.context_today(self)
        for request in self:
            if request.requested_limit < 0:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the requested credit limit cannot be negative; enter "
                        "0 or more.",
                        request=request.display_name,
                    )
                )
            if request.state in ("approved", "rejected"):
                continue
            if request.term_exception_id and not request.term_exception_until:
                raise ValidationError(
                    self.env._(
                        "%(request)s: a term exception needs an expiry date.",
                        request=request.display_name,
                    )
                )
            if request.term_exception_until and request.term_exception_until < today:
                raise ValidationError(
                    self.env._(
                        "%(request)s: the term exception expiry %(date)s is in the past; "
                        "choose a later date.",
                        request=request.display_name,
                        date=request.term_exception_until,
                    )
                )

    def _printcrm_check_frozen(self, vals):
        frozen = [name for name in FROZEN_WHEN_SUBMITTED if name in vals]
        submitted = self.filtered(lambda r: r.state != "draft")
        if frozen and submitted and not self._printcrm_in_flow():
            raise UserError(
                self.env._(
                    "%(request)s is submitted: its customer, amount and terms are what the "
                    "approvers see and can no longer change. Prepare a new request instead.",
                    request=submitted[0].display_name,
                )
            )

    def _printcrm_check_amounts(self, vals):
        """NaN or infinity would reach the currency rounding as a raw ValueError."""
        for name in ("requested_limit", "finance_capital"):
            value = vals.get(name)
            if isinstance(value, float) and not math.isfinite(value):
                raise ValidationError(
                    self.env._(
                        "'%(field)s' must be a finite amount; enter a number.",
                        field=self._fields[name].get_description(self.env)["string"],
                    )
                )

    def write(self, vals):
        self._printcrm_check_amounts(vals)
        self._printcrm_check_frozen(vals)
        if vals.get("partner_id"):
            self._printcrm_check_own_customer(vals["partner_id"])
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._printcrm_check_amounts(vals)
            if vals.get("partner_id"):
                partner = self._printcrm_check_own_customer(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
            vals["name"] = self.env["ir.sequence"].next_by_code("printcrm.credit.request")
        return super().create(vals_list)

    def _printcrm_check_own_customer(self, partner_id):
        """A request shows the customer's limit, exposure and overdue: a salesperson files
        them for its own customers only (a Branch Manager for any)."""
        partner = self.env["res.partner"].browse(partner_id)
        if partner._printcrm_figures_hidden():
            raise AccessError(
                self.env._(
                    "%(customer)s is followed by %(user)s: only its salesperson or a Branch "
                    "Manager can ask for its credit.",
                    customer=partner.sudo().commercial_partner_id.display_name,
                    user=partner.sudo().commercial_partner_id.user_id.name or self.env._("nobody"),
                )
            )
        return partner
