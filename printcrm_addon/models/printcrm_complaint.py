# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

from ..batch import run_batch
from ..rules import complaint as complaint_rules
from ..rules import credit

CATEGORIES = [
    ("quality", "Quality"),
    ("delivery", "Delivery"),
    ("service", "Service"),
    ("price", "Price"),
    ("other", "Other"),
]
SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
DEPARTMENTS = [
    ("sales", "Sales"),
    ("quality", "Quality"),
    ("production", "Production"),
    ("logistics", "Logistics"),
    ("finance", "Finance"),
    ("other", "Other"),
]
STATES = [
    ("new", "New"),
    ("in_progress", "In progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "in_progress")
ESCALATION_ACTIVITY = "printcrm_addon.mail_activity_printcrm_complaint_escalation"


class PrintcrmComplaint(models.Model):
    _name = "printcrm.complaint"
    _description = "Customer complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "printcrm.workflow.mixin"]
    # a complaint is filed new, now; its dates, deadlines and escalation follow its buttons
    _printcrm_workflow_fields = {
        "state": "new",
        "date_opened": None,
        "date_responded": None,
        "date_resolved": None,
        "date_closed": None,
        "escalated": None,
        "response_deadline": None,
        "resolution_deadline": None,
    }
    _order = "date_opened desc, id desc"

    name = fields.Char("Reference", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        tracking=True,
        index=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    order_id = fields.Many2one(
        "sale.order",
        index=True,
        domain="[('partner_id', 'child_of', partner_id)]",
        tracking=True,
    )
    product_id = fields.Many2one("product.product", tracking=True)
    category = fields.Selection(CATEGORIES, required=True, default="quality", tracking=True)
    severity = fields.Selection(SEVERITIES, required=True, default="medium", tracking=True)
    description = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users",
        "Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        help="The one person who answers for this complaint until it is closed.",
    )
    department = fields.Selection(DEPARTMENTS, default="sales", tracking=True)
    root_cause = fields.Text("Root cause")
    corrective_action = fields.Text("Corrective action")
    customer_feedback = fields.Text("Customer feedback")
    state = fields.Selection(STATES, default="new", required=True, tracking=True, copy=False)
    date_opened = fields.Datetime(
        "Opened on", default=fields.Datetime.now, required=True, readonly=True, copy=False
    )
    date_responded = fields.Datetime("Responded on", readonly=True, copy=False)
    date_resolved = fields.Datetime("Resolved on", readonly=True, copy=False)
    date_closed = fields.Datetime("Closed on", readonly=True, copy=False)
    customer_tier = fields.Selection(
        related="partner_id.commercial_partner_id.printcrm_tier", string="Customer tier"
    )
    response_deadline = fields.Datetime(
        compute="_compute_deadlines", store=True, string="Respond by", copy=False
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines", store=True, string="Resolve by", copy=False
    )
    is_overdue = fields.Boolean(
        "Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    escalated = fields.Boolean(readonly=True, copy=False)
    # the order as it was when the customer complained: later edits must not rewrite it
    order_date = fields.Datetime(
        "Order date", compute="_compute_order_snapshot", store=True, readonly=True
    )
    order_commitment_date = fields.Datetime(
        "Promised date", compute="_compute_order_snapshot", store=True, readonly=True
    )
    ordered_qty = fields.Float(
        "Ordered quantity",
        compute="_compute_order_snapshot",
        store=True,
        readonly=True,
        digits="Product Unit of Measure",
    )
    delivered_qty = fields.Float(
        "Delivered quantity",
        compute="_compute_order_snapshot",
        store=True,
        readonly=True,
        digits="Product Unit of Measure",
    )

    @api.depends("date_opened", "severity", "partner_id", "company_id")
    def _compute_deadlines(self):
        for complaint in self:
            if not complaint.date_opened:
                complaint.response_deadline = complaint.resolution_deadline = False
                continue
            response, resolution = complaint_rules.deadlines(
                complaint.date_opened,
                complaint.partner_id.commercial_partner_id.printcrm_tier,
                complaint.severity,
                complaint.company_id._printcrm_complaint_policy(),
            )
            complaint.response_deadline = response
            complaint.resolution_deadline = resolution

    @api.depends_context("uid")
    @api.depends("state", "date_responded", "response_deadline", "resolution_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.is_overdue = complaint_rules.is_overdue(
                now,
                complaint.state,
                complaint.date_responded or None,
                complaint.response_deadline,
                complaint.resolution_deadline,
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Overdue'."))
        now = fields.Datetime.now()
        domain = [
            ("state", "in", OPEN_STATES),
            "|",
            "&",
            ("date_responded", "=", False),
            ("response_deadline", "<", now),
            ("resolution_deadline", "<", now),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("order_id", "product_id")
    def _compute_order_snapshot(self):
        for complaint in self:
            order = complaint.order_id
            lines = order.order_line.filtered(
                lambda line, product=complaint.product_id: not product or line.product_id == product
            )
            complaint.order_date = order.date_order
            complaint.order_commitment_date = order.commitment_date
            complaint.ordered_qty = sum(lines.mapped("product_uom_qty"))
            complaint.delivered_qty = sum(lines.mapped("qty_delivered"))

    @api.constrains("partner_id", "order_id")
    def _check_order_customer(self):
        for complaint in self:
            order = complaint.order_id
            customer = complaint.partner_id.commercial_partner_id
            if order and order.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s: order %(order)s belongs to %(other)s, not to "
                        "%(customer)s. Choose one of the customer's orders.",
                        complaint=complaint.name,
                        order=order.name,
                        other=order.partner_id.commercial_partner_id.display_name,
                        customer=customer.display_name,
                    )
                )

    @api.onchange("order_id")
    def _onchange_order_id(self):
        if self.order_id and not self.partner_id:
            self.partner_id = self.order_id.partner_id.commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("printcrm.complaint") or "/"
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    # --- workflow ----
    def _printcrm_move(self, allowed, values):
        for complaint in self:
            if complaint.state not in allowed:
                states = dict(self._fields["state"]._description_selection(self.env))
                allowed_text = " / ".join(states[s] for s in allowed)
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s is %(state)s; this step needs it %(allowed)s.",
                        complaint=complaint.name,
                        state=states[complaint.state],
                        allowed=allowed_text,
                    )
                )
        self._printcrm_flow().write(values)

    def action_start(self):
        self._printcrm_move(("new",), {"state": "in_progress"})
        unanswered = self.filtered(lambda c: not c.date_responded)
        unanswered._printcrm_flow().date_responded = fields.Datetime.now()

    def action_resolve(self):
        missing = self.filtered(lambda c: not c.root_cause or not c.corrective_action)
        if missing:
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s: fill in the root cause and the corrective action "
                    "before marking it resolved.",
                    complaint=missing[0].name,
                )
            )
        now = fields.Datetime.now()
        self._printcrm_move(("new", "in_progress"), {"state": "resolved", "date_resolved": now})
        self.filtered(lambda c: not c.date_responded)._printcrm_flow().date_responded = now
        self.activity_unlink([ESCALATION_ACTIVITY])

    def action_close(self):
        self._printcrm_move(
            ("resolved",), {"state": "closed", "date_closed": fields.Datetime.now()}
        )

    def action_cancel(self):
        self._printcrm_move(("new", "in_progress", "resolved"), {"state": "cancelled"})
        self.activity_unlink([ESCALATION_ACTIVITY])

    def action_reopen(self):
        self._printcrm_move(
            ("resolved", "closed", "cancelled"),
            {"state": "in_progress", "date_resolved": False, "date_closed": False},
        )

    # --- escalation ----
    @api.model
    def _cron_printcrm_escalate_complaints(self):
        return run_batch(self.env, self._printcrm_escalate_complaints)

    @api.model
    def _printcrm_escalate_complaints(self):
        """One activity for the owner's manager per overdue complaint, never twice."""
        overdue = self.sudo().search([("is_overdue", "=", True), ("escalated", "=", False)])
        managers = {}  # one lookup per owner, not per complaint
        for complaint in overdue:
            if complaint.user_id not in managers:
                managers[complaint.user_id] = complaint._printcrm_owner_manager()
            manager = managers[complaint.user_id]
            complaint.activity_schedule(
                ESCALATION_ACTIVITY,
                user_id=manager.id,
                summary=self.env._("Overdue complaint %(complaint)s", complaint=complaint.name),
                note=plaintext2html(
                    self.env._(
                        "%(owner)s has not answered complaint %(complaint)s of %(customer)s in "
                        "time (respond by %(response)s, resolve by %(resolution)s).",
                        owner=complaint.user_id.name,
                        complaint=complaint.name,
                        customer=complaint.partner_id.display_name,
                        response=fields.Datetime.to_string(complaint.response_deadline),
                        resolution=fields.Datetime.to_string(complaint.resolution_deadline),
                    )
                ),
            )
        overdue.write({"escalated": True})
        return True

    def _printcrm_owner_manager(self):
        """The leader of the owner's sales team, else a Branch Manager, else the owner."""
        self.ensure_one()
        owner = self.user_id
        team = self.env["crm.team"].sudo()._get_default_team_id(user_id=owner.id)
        if team.user_id and team.user_id != owner:
            return team.user_id
        managers = self.env["res.users"]._printcrm_users_of_level(credit.BRANCH, exclude=owner)
        return managers[:1] or owner
