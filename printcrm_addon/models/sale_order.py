# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime, plaintext2html
from odoo.tools.sql import column_exists, create_column

from ..batch import run_batch
from ..rules.codes import TIERS

LATE_CONFIRMATION_ACTIVITY = "printcrm_addon.mail_activity_printcrm_late_confirmation"


MAX_REQUEST_CHARS = 2000  # a portal change request: a few paragraphs, not a file


class SaleOrder(models.Model):
    _inherit = ["sale.order", "printcrm.workflow.mixin"]
    _name = "sale.order"
    # decided by the confirmation; a Sales Manager may change it (tracked), nobody else
    _printcrm_workflow_fields = {"printcrm_pays_first": None}

    # --- confirmation SLA ----
    printcrm_received_at = fields.Datetime(
        "Order received",
        default=fields.Datetime.now,
        copy=False,
        tracking=True,
        help="When the customer's order reached us; the confirmation target counts from here.",
    )
    printcrm_confirmed_at = fields.Datetime("Confirmed on", readonly=True, copy=False)
    printcrm_confirm_deadline = fields.Datetime(
        "Confirm by",
        compute="_compute_printcrm_confirm_deadline",
        store=True,
        help="Order received plus the confirmation target in working days of the company's "
        "working calendar.",
    )
    printcrm_confirm_hours = fields.Float(
        "Confirmation lead time (working hours)",
        readonly=True,
        copy=False,
        aggregator="avg",
    )
    printcrm_confirm_late = fields.Boolean("Confirmed late", readonly=True, copy=False)
    printcrm_confirm_overdue = fields.Boolean(
        "Waiting past target",
        compute="_compute_printcrm_confirm_overdue",
        search="_search_printcrm_confirm_overdue",
    )
    printcrm_tier_confirmed = fields.Selection(
        TIERS, "Tier at confirmation", readonly=True, copy=False
    )
    printcrm_earliest_commitment = fields.Date(
        "Earliest feasible date",
        compute="_compute_printcrm_earliest_commitment",
        help="The latest of the lines' earliest delivery dates.",
    )
    printcrm_date_feasible = fields.Boolean(
        "Requested date feasible", compute="_compute_printcrm_earliest_commitment"
    )
    # --- dispatch ----
    printcrm_dispatch_ids = fields.One2many(
        "printcrm.dispatch", "order_id", "Dispatch records", readonly=True
    )
    printcrm_dispatch_id = fields.Many2one(
        "printcrm.dispatch",
        "Dispatch",
        compute="_compute_printcrm_dispatch_id",
        store=True,
        index="btree_not_null",
    )
    printcrm_dispatch_state = fields.Selection(
        related="printcrm_dispatch_id.state", string="Dispatch status"
    )
    printcrm_complaint_ids = fields.One2many("printcrm.complaint", "order_id", "Complaints")
    printcrm_complaint_count = fields.Integer(
        "Complaint count", compute="_compute_printcrm_complaint_count"
    )

    def _compute_printcrm_complaint_count(self):
        counts = dict(
            self.env["printcrm.complaint"]._read_group(
                [("order_id", "in", self.ids)], ["order_id"], ["__count"]
            )
        )
        for order in self:
            order.printcrm_complaint_count = counts.get(order, 0)

    def action_printcrm_open_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "printcrm_addon.action_printcrm_complaint"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {
            "default_order_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action

    # --- confirmation SLA ----
    @api.depends(
        "printcrm_received_at",
        "company_id.printcrm_confirm_target_days",
        "company_id.resource_calendar_id",
    )
    def _compute_printcrm_confirm_deadline(self):
        for order in self:
            if order.state not in ("draft", "sent") and order.printcrm_confirm_deadline:
                continue  # the target of a confirmed or cancelled order is history
            received = order.printcrm_received_at
            order.printcrm_confirm_deadline = (
                received
                and order.company_id._printcrm_add_working_days(
                    received, order.company_id.printcrm_confirm_target_days
                )
            )

    def _auto_init(self):
        """On an existing database, orders were received when they were created, and only
        open quotations need a deadline (``hooks.post_init_hook``): create the columns in SQL
        rather than letting the ORM give every past order today's date and plan a deadline
        for each."""
        cr = self.env.cr
        if not column_exists(cr, "sale_order", "printcrm_received_at"):
            create_column(cr, "sale_order", "printcrm_received_at", "timestamp")
            create_column(cr, "sale_order", "printcrm_confirm_deadline", "timestamp")
            cr.execute("UPDATE sale_order SET printcrm_received_at = create_date")
        return super()._auto_init()

    @api.model
    def _printcrm_plan_open_quotations(self):
        """Deadlines of the quotations that were open when the add-on was installed."""
        quotations = self.search(
            [("state", "in", ("draft", "sent")), ("printcrm_confirm_deadline", "=", False)]
        )
        quotations._compute_printcrm_confirm_deadline()
        return quotations

    @api.depends("order_line.printcrm_earliest_date", "order_line.printcrm_date_ok")
    def _compute_printcrm_earliest_commitment(self):
        for order in self:
            dates = order.order_line.filtered("printcrm_earliest_date").mapped(
                "printcrm_earliest_date"
            )
            unsourced = order.order_line.filtered(
                lambda line: line.printcrm_supply_source == "none"
            )
            # a line nobody can supply has no date, so the order has none either
            order.printcrm_earliest_commitment = not unsourced and max(dates, default=False)
            order.printcrm_date_feasible = all(order.order_line.mapped("printcrm_date_ok"))

    def action_printcrm_use_earliest_date(self):
        """Propose the earliest feasible date as the commitment date to negotiate."""
        for order in self.filtered("printcrm_earliest_commitment"):
            order.commitment_date = fields.Datetime.to_datetime(
                order.printcrm_earliest_commitment
            ).replace(hour=12)
        return True

    def _compute_printcrm_confirm_overdue(self):
        now = fields.Datetime.now()
        for order in self:
            order.printcrm_confirm_overdue = (
                order.state in ("draft", "sent")
                and bool(order.printcrm_confirm_deadline)
                and order.printcrm_confirm_deadline < now
            )

    def _search_printcrm_confirm_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search 'Waiting past target' with = or != only."))
        overdue = [
            ("state", "in", ("draft", "sent")),
            ("printcrm_confirm_deadline", "<", fields.Datetime.now()),
        ]
        return overdue if (operator == "=") == value else ["!", "&", *overdue]

    def _action_confirm(self):
        result = super()._action_confirm()
        self._printcrm_decide_pays_first()
        self._printcrm_record_confirmation()
        self._printcrm_launch_dispatch()
        self.filtered(
            lambda o: o.company_id.printcrm_invoice_by_terms and o._printcrm_pays_before_delivery()
        )._printcrm_invoice_prepayment()
        return result

    def _printcrm_record_confirmation(self):
        now = fields.Datetime.now()
        for order in self:
            received = order.printcrm_received_at or order.create_date or now
            calendar = order.company_id.resource_calendar_id
            hours = (
                calendar.get_work_hours_count(received, now, compute_leaves=True)
                if calendar and received < now
                else 0.0
            )
            order.write(
                {
                    "printcrm_confirmed_at": now,
                    "printcrm_confirm_hours": hours,
                    "printcrm_confirm_late": bool(
                        order.printcrm_confirm_deadline and now > order.printcrm_confirm_deadline
                    ),
                    "printcrm_tier_confirmed": order.printcrm_tier,
                }
            )
        # a late order that is confirmed needs no more chasing
        self.activity_unlink([LATE_CONFIRMATION_ACTIVITY])

    @api.model
    def _cron_printcrm_late_confirmation(self):
        return run_batch(self.env, self._printcrm_late_confirmation)

    @api.model
    def _printcrm_late_confirmation(self):
        """One activity per late quotation for the Branch Managers, never repeated."""
        activity_type = self.env.ref(LATE_CONFIRMATION_ACTIVITY)
        late = self.search(
            [
                ("printcrm_confirm_overdue", "=", True),
                "!",
                ("activity_ids.activity_type_id", "=", activity_type.id),
            ]
        )
        managers = self.env["res.users"]._printcrm_users_of_level(1)
        for order in late:
            salesperson = order.user_id.name or order.company_id.name
            users = managers.filtered(lambda u, o=order: o.company_id in u.company_ids)
            for user in users or order.user_id:
                order.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=user.id,
                    summary=self.env._("Confirm %(order)s: past the target", order=order.name),
                    note=plaintext2html(
                        self.env._(
                            "Received %(received)s, to be confirmed by %(deadline)s. "
                            "Salesperson: %(salesperson)s.",
                            received=format_datetime(self.env, order.printcrm_received_at),
                            deadline=format_datetime(self.env, order.printcrm_confirm_deadline),
                            salesperson=salesperson,
                        )
                    ),
                )
        return late

    # --- dispatch ----
    @api.depends("printcrm_dispatch_ids")
    def _compute_printcrm_dispatch_id(self):
        for order in self:
            order.printcrm_dispatch_id = order.printcrm_dispatch_ids[:1]

    def _printcrm_launch_dispatch(self):
        orders = self.filtered(
            lambda o: (
                not o.printcrm_dispatch_id
                and any(line.product_id.type == "consu" for line in o.order_line)
            )
        )
        dispatches = (
            self.env["printcrm.dispatch"]
            .sudo()
            .create([{"order_id": order.id} for order in orders])
        )
        dispatches._printcrm_collect()
        dispatches._printcrm_apply_priority()

    def _printcrm_customer_request(self, kind, message, author):
        """A change or cancellation asked on the portal: logged on the order and given to the
        salesperson as an activity. Refused once production or shipping has started."""
        self.ensure_one()
        dispatch = self.printcrm_dispatch_id
        if self.state == "cancel" or (dispatch and not dispatch.can_change):
            raise UserError(
                self.env._(
                    "%(order)s can no longer be changed: its production or shipping has started.",
                    order=self.name,
                )
            )
        if kind == "cancel":
            summary = self.env._("Customer asks to cancel %(order)s", order=self.name)
        else:
            summary = self.env._("Customer asks to change %(order)s", order=self.name)
        message = (message or "").strip()
        if len(message) > MAX_REQUEST_CHARS:
            raise UserError(
                self.env._(
                    "Please keep the request under %(count)s characters.", count=MAX_REQUEST_CHARS
                )
            )
        body = Markup("<p>%s</p>%s") % (summary, plaintext2html(message) if message else "")
        self.message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        request_type = self.env.ref("printcrm_addon.mail_activity_printcrm_change_request")
        if self.activity_ids.filtered(lambda a: a.activity_type_id == request_type):
            return  # one open request per order: the salesperson reads the rest in the chatter
        self.activity_schedule(
            activity_type_id=request_type.id,
            user_id=(self.user_id or self.env.user).id,
            summary=summary,
            note=plaintext2html(message) if message else summary,
        )

    def action_printcrm_open_dispatch(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "printcrm.dispatch",
            "res_id": self.printcrm_dispatch_id.id,
            "view_mode": "form",
        }
