# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.osv import expression

from ..rules import churn, credit

ORDER_APPROVAL = "printcrm_addon.mail_activity_printcrm_order_approval"


class PrintcrmDashboard(models.TransientModel):
    """The figures a manager reads every morning, each opening the list behind it.

    Everything is read as the current user, with grouped queries, so that a manager sees
    exactly the records the record rules let him see; nothing is stored.
    """

    _name = "printcrm.dashboard"
    _description = "Customer value dashboard"

    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, readonly=True
    )
    tier_a_count = fields.Integer("A customers", compute="_compute_tiers")
    tier_b_count = fields.Integer("B customers", compute="_compute_tiers")
    tier_c_count = fields.Integer("C customers", compute="_compute_tiers")
    tier_a_sales = fields.Monetary("Sales of A customers", compute="_compute_tiers")
    tier_b_sales = fields.Monetary("Sales of B customers", compute="_compute_tiers")
    tier_c_sales = fields.Monetary("Sales of C customers", compute="_compute_tiers")
    high_risk_count = fields.Integer("High churn risk", compute="_compute_churn")
    high_risk_sales = fields.Monetary("Annual sales at high risk", compute="_compute_churn")
    medium_risk_count = fields.Integer("Medium churn risk", compute="_compute_churn")
    receivable = fields.Monetary("Open receivable", compute="_compute_credit")
    overdue = fields.Monetary(
        "Overdue receivable",
        compute="_compute_credit",
        help="Open invoices past due by more than the company's grace days, as the credit "
        "gate counts them.",
    )
    to_invoice = fields.Monetary("Confirmed, not invoiced", compute="_compute_credit")
    exposure = fields.Monetary("Credit exposure", compute="_compute_credit")
    open_requests = fields.Integer("Credit requests in approval", compute="_compute_queues")
    my_requests = fields.Integer("Credit requests waiting for me", compute="_compute_queues")
    orders_to_approve = fields.Integer("Orders waiting for approval", compute="_compute_queues")
    late_confirmations = fields.Integer("Quotations waiting past target", compute="_compute_queues")
    overdue_complaints = fields.Integer("Overdue complaints", compute="_compute_queues")

    @api.depends_context("lang")
    def _compute_display_name(self):
        for board in self:
            board.display_name = self.env._("Customer value dashboard")

    @api.model
    def _printcrm_open_action(self):
        """The menu opens a saved board: a new record's form would not compute figures that
        depend on nothing but the database."""
        board = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer value dashboard"),
            "res_model": self._name,
            "res_id": board.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_tiers(self):
        Partner = self.env["res.partner"]
        groups = Partner._read_group(
            [("printcrm_tier", "!=", False), ("parent_id", "=", False)]
            + Partner._printcrm_ranked_here(),
            ["printcrm_tier", "printcrm_tier_company_id"],
            ["__count", "printcrm_annual_sales:sum"],
        )
        figures = self._printcrm_totals(groups)
        for board in self:
            for tier in ("a", "b", "c"):
                count, sales = figures.get(tier, (0, 0.0))
                board[f"tier_{tier}_count"] = count
                board[f"tier_{tier}_sales"] = sales

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_churn(self):
        Partner = self.env["res.partner"]
        groups = Partner._read_group(
            [("printcrm_churn_level", "in", (churn.LEVEL_HIGH, churn.LEVEL_MEDIUM))]
            + Partner._printcrm_judged_here(),
            ["printcrm_churn_level", "printcrm_tier_company_id"],
            ["__count", "printcrm_annual_sales:sum"],
        )
        figures = self._printcrm_totals(groups)
        for board in self:
            board.high_risk_count, board.high_risk_sales = figures.get(churn.LEVEL_HIGH, (0, 0))
            board.medium_risk_count = figures.get(churn.LEVEL_MEDIUM, (0, 0))[0]

    def _printcrm_totals(self, groups):
        """{key: (count, annual sales)} from groups by (key, ranking company): the sales are
        in each ranking company's currency, converted to the board's at today's rate."""
        board_currency = self.env.company.currency_id
        today = fields.Date.context_today(self)
        totals = {}
        for key, ranked_in, count, sales in groups:
            currency = ranked_in.sudo().currency_id or board_currency
            if currency != board_currency and sales:
                sales = currency._convert(sales, board_currency, self.env.company, today)
            before = totals.get(key, (0, 0.0))
            totals[key] = (before[0] + count, before[1] + sales)
        return totals

    def _receivable_domain(self):
        return [
            ("company_id", "in", self.env.companies.ids),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("reconciled", "=", False),
        ]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_credit(self):
        lines = self.env["account.move.line"]
        today = fields.Date.context_today(self)
        receivable = overdue = 0.0
        if lines.has_access("read"):
            domain = self._receivable_domain()
            [(receivable,)] = lines._read_group(domain, [], ["amount_residual:sum"])
            # overdue as the credit gate counts it: past each company's grace days
            past_grace = expression.OR(
                [
                    [
                        ("company_id", "=", company.id),
                        (
                            "date_maturity",
                            "<",
                            credit.overdue_cutoff(today, company.printcrm_overdue_grace_days),
                        ),
                    ]
                    for company in self.env.companies
                ]
            )
            [(overdue,)] = lines._read_group(
                expression.AND([domain, past_grace]), [], ["amount_residual:sum"]
            )
        [(to_invoice,)] = self.env["sale.order.line"]._read_group(
            [("state", "=", "sale"), ("company_id", "in", self.env.companies.ids)],
            [],
            ["untaxed_amount_to_invoice:sum"],
        )
        for board in self:
            board.receivable = receivable or 0.0
            board.overdue = overdue or 0.0
            board.to_invoice = to_invoice or 0.0
            board.exposure = board.receivable + board.to_invoice

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_queues(self):
        requests = self.env["printcrm.credit.request"]
        orders = self.env["sale.order"]
        approval_type = self.env.ref(ORDER_APPROVAL)
        counts = {
            "open_requests": requests.search_count(
                [("state", "in", ("branch", "sales", "general"))]
            ),
            "my_requests": requests.search_count([("waiting_my_level", "=", True)]),
            "orders_to_approve": orders.search_count(
                [
                    ("state", "in", ("draft", "sent")),
                    ("activity_ids.activity_type_id", "=", approval_type.id),
                ]
            ),
            "late_confirmations": orders.search_count([("printcrm_confirm_overdue", "=", True)]),
            "overdue_complaints": self.env["printcrm.complaint"].search_count(
                [("is_overdue", "=", True)]
            ),
        }
        for board in self:
            board.update(counts)

    def _open_action(self, xmlid, domain=None, context=None):
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if domain is not None:
            action["domain"] = domain
        if context is not None:
            action["context"] = context
        return action

    def action_open_tier(self):
        tier = self.env.context.get("printcrm_tier", "a")
        return self._open_action(
            "printcrm_addon.action_printcrm_ranking",
            domain=[("printcrm_rank", ">", 0), ("printcrm_tier", "=", tier)]
            + self.env["res.partner"]._printcrm_ranked_here(),
        )

    def action_open_churn(self):
        return self._open_action(
            "printcrm_addon.action_printcrm_churn_radar",
            domain=[("printcrm_churn_level", "in", (churn.LEVEL_HIGH, churn.LEVEL_MEDIUM))]
            + self.env["res.partner"]._printcrm_judged_here(),
        )

    def action_open_overdue(self):
        return self._open_action(
            "account.action_move_out_invoice_type",
            domain=[("move_type", "=", "out_invoice"), ("state", "=", "posted")],
            context={"search_default_late": 1},
        )

    def action_open_requests(self):
        return self._open_action(
            "printcrm_addon.action_printcrm_credit_request",
            domain=[("state", "in", ("branch", "sales", "general"))],
        )

    def action_open_my_requests(self):
        return self._open_action("printcrm_addon.action_printcrm_credit_request_to_approve")

    def action_open_orders_to_approve(self):
        approval_type = self.env.ref(ORDER_APPROVAL)
        return self._open_action(
            "printcrm_addon.action_printcrm_orders_to_approve",
            domain=[
                ("state", "in", ("draft", "sent")),
                ("activity_ids.activity_type_id", "=", approval_type.id),
            ],
            context={},
        )

    def action_open_late(self):
        return self._open_action("printcrm_addon.action_printcrm_orders_waiting")

    def action_open_overdue_complaints(self):
        return self._open_action("printcrm_addon.action_printcrm_complaint_overdue")
