# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime, plaintext2html
from odoo.tools.sql import column_exists, create_column

from ..batch import run_batch
from ..notify import notification
from ..rules import credit
from .printcrm_tier_history import TIERS
from .res_users import LEVEL_GROUPS

LATE_CONFIRMATION_ACTIVITY = "printcrm_addon.mail_activity_printcrm_late_confirmation"


MAX_REQUEST_CHARS = 2000  # a portal change request: a few paragraphs, not a file


class SaleOrder(models.Model):
    _inherit = ["sale.order", "printcrm.workflow.mixin"]
    _name = "sale.order"
    # decided by the confirmation; a Sales Manager may change it (tracked), nobody else
    _printcrm_workflow_fields = {"printcrm_pays_first": None}

    payment_term_id = fields.Many2one(tracking=True)
    printcrm_pays_first = fields.Boolean(
        "Pays before delivery",
        readonly=True,
        copy=False,
        tracking=True,
        help="Decided at confirmation from the order's payment terms and the customer's term "
        "rule (class C and new customers pay first): the delivery waits for the payment.",
    )

    printcrm_tier = fields.Selection(
        related="partner_id.commercial_partner_id.printcrm_tier", string="Customer tier"
    )
    printcrm_is_new_customer = fields.Boolean(
        related="partner_id.commercial_partner_id.printcrm_is_new_customer",
        string="New customer",
    )
    printcrm_approval_ids = fields.One2many(
        "printcrm.order.approval", "order_id", "Approvals", readonly=True, copy=False
    )
    printcrm_credit_warning = fields.Text(
        "Credit situation", compute="_compute_printcrm_credit_warning"
    )
    printcrm_missing_gates = fields.Char(
        "Missing approvals", compute="_compute_printcrm_credit_warning"
    )
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
    printcrm_approval_requested = fields.Boolean(
        "Approval requested",
        compute="_compute_printcrm_approval_requested",
        search="_search_printcrm_approval_requested",
    )
    printcrm_to_approve = fields.Boolean(
        "To approve by me",
        compute="_compute_printcrm_approval_requested",
        search="_search_printcrm_to_approve",
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

    # --- pending approvals: the open activities of the approval type are the queue ----
    def _printcrm_approval_activity_domain(self, mine=False):
        activity_type = self.env.ref("printcrm_addon.mail_activity_printcrm_order_approval")
        domain = [("activity_type_id", "=", activity_type.id)]
        if mine:
            domain.append(("user_id", "=", self.env.uid))
        return domain

    @api.depends_context("uid")
    @api.depends("activity_ids.activity_type_id", "activity_ids.user_id")
    def _compute_printcrm_approval_requested(self):
        activity_type = self.env.ref("printcrm_addon.mail_activity_printcrm_order_approval")
        for order in self:
            pending = order.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
            order.printcrm_approval_requested = bool(pending)
            order.printcrm_to_approve = self.env.user in pending.user_id

    def _printcrm_search_activity(self, operator, value, mine):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on pending approvals."))
        positive = (operator == "=") == value
        return [
            (
                "activity_ids",
                "any" if positive else "not any",
                self._printcrm_approval_activity_domain(mine),
            )
        ]

    def _search_printcrm_approval_requested(self, operator, value):
        return self._printcrm_search_activity(operator, value, mine=False)

    def _search_printcrm_to_approve(self, operator, value):
        return self._printcrm_search_activity(operator, value, mine=True)

    # --- confirmation gate (seed 003, 4.3.3 a (3)) ----
    @api.depends("amount_total", "partner_id", "state", "printcrm_approval_ids")
    def _compute_printcrm_credit_warning(self):
        for order in self:
            missing, messages = [], []
            if (
                order.partner_id
                and order.state in ("draft", "sent")
                and order.company_id.printcrm_credit_control
            ):
                missing, messages = order._printcrm_gate_verdict()
            order.printcrm_missing_gates = ",".join(missing)
            order.printcrm_credit_warning = "\n".join(messages)

    def _printcrm_exposure(self):
        """The customer's credit situation with this order, in company currency."""
        self.ensure_one()
        company = self.company_id
        # the salesperson confirming may not read accounting fields (limit, receivable)
        partner = self.partner_id.commercial_partner_id.with_company(company).sudo()
        figures = (
            self.env["printcrm.credit.engine"]
            .sudo()
            ._printcrm_figures(partner, company, exclude_order=self.id or None)
        )
        base = figures[partner.id]
        return credit.Exposure(
            limit=base.limit,
            receivable=base.receivable,
            to_invoice=base.to_invoice,
            order=self.amount_total / (self.currency_rate or 1.0),
            overdue=base.overdue,
            overdue_days=base.overdue_days,
        )

    def _printcrm_gate_verdict(self):
        """The rules this quotation breaks without a valid approval, and why, in sentences."""
        self.ensure_one()
        company = self.company_id
        partner = self.partner_id.commercial_partner_id.with_company(company).sudo()
        exposure = self._printcrm_exposure()
        broken = credit.gates(
            exposure,
            exposure.order,
            company.printcrm_large_order_amount,
            company.printcrm_branch_signoff_all,
        )
        approved = {
            a.gate
            for a in self.printcrm_approval_ids
            if a._printcrm_same_order() and a._printcrm_covers(exposure, company.currency_id)
        }
        missing = [gate for gate in broken if gate not in approved]
        money = company.currency_id

        def fmt(amount):
            return credit.money_text(money.round(amount), money.name)

        texts = {
            credit.GATE_CREDIT_LIMIT: self.env._(
                "%(customer)s is over its credit limit: limit %(limit)s, exposure with this "
                "order %(exposure)s, excess %(excess)s. A General Manager must approve.",
                customer=partner.display_name,
                limit=fmt(exposure.limit),
                exposure=fmt(exposure.total),
                excess=fmt(exposure.excess),
            ),
            credit.GATE_OVERDUE: self.env._(
                "%(customer)s has %(amount)s overdue for up to %(days)s days. A General "
                "Manager must approve.",
                customer=partner.display_name,
                amount=fmt(exposure.overdue),
                days=exposure.overdue_days,
            ),
            credit.GATE_LARGE_ORDER: self.env._(
                "The order total %(total)s is above %(threshold)s. A Sales Manager must approve.",
                total=fmt(exposure.order),
                threshold=fmt(company.printcrm_large_order_amount),
            ),
            credit.GATE_BRANCH_SIGNOFF: self.env._("Every order needs a Branch Manager sign-off."),
        }
        if self.partner_id.commercial_partner_id._printcrm_figures_hidden():
            # a colleague's customer: which rules, not its credit figures (own-customer rule)
            texts[credit.GATE_CREDIT_LIMIT] = self.env._(
                "%(customer)s is over its credit limit. A General Manager must approve.",
                customer=partner.display_name,
            )
            texts[credit.GATE_OVERDUE] = self.env._(
                "%(customer)s has overdue invoices. A General Manager must approve.",
                customer=partner.display_name,
            )
        return missing, [texts[gate] for gate in missing]

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or not self.company_id.printcrm_credit_control:
            return error
        # Two confirmations for one customer must not both pass its limit. Updating the
        # customer row serialises them: the second waits here, then fails with a
        # serialization error that Odoo answers by retrying the request, which now sees the
        # first order in the exposure. (A plain SELECT FOR UPDATE would wait but keep its
        # old REPEATABLE READ snapshot and miss the first order.)
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = write_date WHERE id = %s",
                self.partner_id.commercial_partner_id.id,
            )
        )
        missing, messages = self._printcrm_gate_verdict()
        if not missing:
            return False
        reasons = "\n".join("- " + message for message in messages)
        return self.env._(
            "%(order)s cannot be confirmed:\n%(reasons)s\nUse 'Request approval' on the order.",
            order=self.name,
            reasons=reasons,
        )

    def action_printcrm_request_approval(self):
        for order in self:
            missing, messages = order._printcrm_gate_verdict()
            if not missing:
                raise UserError(
                    self.env._("%(order)s needs no approval.", order=order.display_name)
                )
            level = max(credit.GATE_LEVEL[gate] for gate in missing)
            group = self.env.ref(LEVEL_GROUPS[level])
            # customer names are data: escaped, not markup
            note = Markup("<br/>").join(messages)
            for user in group.users.filtered(lambda u: u.active and u != self.env.user):
                order.activity_schedule(
                    "printcrm_addon.mail_activity_printcrm_order_approval",
                    user_id=user.id,
                    note=note,
                )
            order.message_post(
                body=self.env._("Approval requested from %(group)s.", group=group.name)
            )
        if len(self) == 1:
            return notification(
                self.env._(
                    "Approval requested from %(group)s for %(order)s.",
                    group=group.name,
                    order=self.name,
                ),
                reload=True,
            )
        return True

    def action_printcrm_approve(self, comment=None):
        user_level = self.env["printcrm.credit.request"]._printcrm_user_level()
        self.check_access("read")
        for order in self:
            missing, _messages = order._printcrm_gate_verdict()
            if not missing:
                raise UserError(
                    self.env._("%(order)s needs no approval.", order=order.display_name)
                )
            if order.user_id == self.env.user or order.create_uid == self.env.user:
                raise AccessError(
                    self.env._(
                        "%(order)s is your own order: another manager must approve it.",
                        order=order.display_name,
                    )
                )
            too_high = [gate for gate in missing if credit.GATE_LEVEL[gate] > user_level]
            if too_high:
                rules = order._printcrm_gate_labels(too_high)
                raise AccessError(
                    self.env._(
                        "%(order)s needs an approval you cannot give: %(rules)s.",
                        order=order.display_name,
                        rules=rules,
                    )
                )
            exposure = order._printcrm_exposure()
            self.env["printcrm.order.approval"].sudo().create(
                [
                    {
                        "order_id": order.id,
                        "gate": gate,
                        "user_id": self.env.uid,
                        "comment": comment or False,
                        "amount_total": order.amount_total,
                        "partner_id": order.partner_id.commercial_partner_id.id,
                        "exposure": exposure.total,
                        "overdue_amount": exposure.overdue,
                    }
                    for gate in missing
                ]
            )
            # an approver may only read the order (see the approver record rules): the trail
            # on it is written by the flow once the rights above were checked
            order = order.sudo()
            order.activity_unlink(["printcrm_addon.mail_activity_printcrm_order_approval"])
            rules = order._printcrm_gate_labels(missing)
            order.message_post(
                body=self.env._(
                    "Approved by %(user)s for %(total)s: %(rules)s.",
                    user=self.env.user.name,
                    total=credit.money_text(order.amount_total, order.currency_id.name),
                    rules=rules,
                )
            )
        if len(self) != 1:
            return True
        name = self.sudo().name
        self.invalidate_recordset()
        readable = self.has_access("read")
        action = notification(
            self.env._("%(order)s approved; it can be confirmed.", order=name),
            reload=readable,
        )
        if not readable:
            # an approver who only saw the quotation for this approval goes back to the queue
            action["params"]["next"] = self.env["ir.actions.act_window"]._for_xml_id(
                "printcrm_addon.action_printcrm_orders_to_approve"
            )
        return action

    def _printcrm_gate_labels(self, gates):
        """The rules' names in the user's language, for messages."""
        field = self.env["printcrm.order.approval"]._fields["gate"]
        labels = dict(field._description_selection(self.env))
        return ", ".join(labels[gate] for gate in gates)

    # --- portal: the customer signs or pays, the gate refuses ----
    def _validate_order(self):
        """The customer signed on the portal. If credit control refuses the confirmation the
        order stays a quotation, the customer is told, and the salesperson gets to act."""
        try:
            with self.env.cr.savepoint():
                return super()._validate_order()
        except UserError as error:
            if not any(order.company_id.printcrm_credit_control for order in self):
                raise
            self._printcrm_hold_for_credit(str(error))
            return None

    def _printcrm_hold_for_credit(self, reason):
        for order in self:
            order.message_post(
                body=self.env._(
                    "Thank you, we have received your order. It needs an internal approval "
                    "before we can confirm it; %(salesperson)s will contact you shortly.",
                    salesperson=order.user_id.name or self.env.company.name,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            order.activity_schedule(
                "printcrm_addon.mail_activity_printcrm_order_approval",
                user_id=(order.user_id or order.partner_id.user_id or self.env.user).id,
                summary=self.env._("Customer accepted %(order)s online", order=order.name),
                note=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "The customer accepted the quotation on the portal but it could not be "
                        "confirmed:"
                    ),
                    plaintext2html(reason),
                ),
            )

    # --- delivery gate ----
    def _printcrm_amount_unpaid(self):
        """Order total not yet covered by payments on its invoices and down payments."""
        self.ensure_one()
        paid = 0.0
        for move in self.invoice_ids.filtered(lambda m: m.state == "posted"):
            sign = -1 if move.move_type == "out_refund" else 1
            paid += sign * (move.amount_total - move.amount_residual)
        return max(0.0, self.amount_total - paid)

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

    # --- invoices by payment terms ----
    def _printcrm_pays_before_delivery(self):
        """Class C and new customers pay in full before delivery (seed 003, 4.3.3 a (3)):
        decided at confirmation and kept on the order."""
        self.ensure_one()
        return self.printcrm_pays_first

    def _printcrm_decide_pays_first(self):
        """The customer's rule is evaluated now, for the order's company: the rule stored by
        the nightly batch is missing for a customer created today (its first order would
        ship unpaid) and is one value for all companies."""
        for order in self:
            company = order.company_id
            customer = order.partner_id.commercial_partner_id.sudo()
            rule = (
                customer._printcrm_term_rule_for(company)
                if company.printcrm_credit_control
                else False
            )
            term = order.payment_term_id
            prepays = bool(term) and term in (
                company.printcrm_term_tier_c_id | company.printcrm_term_new_id
            )
            if credit.pays_before_delivery(prepays, rule):
                order._printcrm_flow().printcrm_pays_first = True

    def write(self, vals):
        return super().write(self._printcrm_guard_confirmed_terms(vals))

    def _printcrm_guard_confirmed_terms(self, vals):
        """A confirmed order's terms and its pay-first hold are a Sales Manager's decision,
        recorded in the chatter; the salesperson cannot lift the hold by editing them."""
        if (
            self.env.su
            or self._printcrm_in_flow()
            or not ({"payment_term_id", "printcrm_pays_first"} & set(vals))
        ):
            return vals
        confirmed = self.filtered(lambda o: o.state == "sale")
        if "printcrm_pays_first" not in vals and not confirmed.filtered(
            lambda o: o.payment_term_id.id != vals["payment_term_id"]
        ):
            return vals
        if not self.env.user.has_group("printcrm_addon.group_printcrm_sales_manager"):
            raise AccessError(
                self.env._(
                    "Only a Sales Manager can change the payment terms and the pay-before-"
                    "delivery hold of confirmed orders (%(orders)s).",
                    orders=", ".join((confirmed or self).mapped("name")),
                )
            )
        vals = dict(vals)
        if "printcrm_pays_first" in vals:
            # the manager's decision, tracked like the terms
            self._printcrm_flow().write({"printcrm_pays_first": vals.pop("printcrm_pays_first")})
        return vals

    def _printcrm_invoice_prepayment(self):
        """A down payment invoice of the whole order, posted, for customers who pay first."""
        for order in self:
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_context(active_model="sale.order", active_ids=order.ids)
                .create(
                    {
                        "sale_order_ids": [(6, 0, order.ids)],
                        "advance_payment_method": "percentage",
                        "amount": 100.0,
                    }
                )
            )
            order._printcrm_post_invoices(lambda w=wizard, o=order: w._create_invoices(o))

    def _printcrm_invoice_delivered(self):
        """Customers on credit terms are invoiced when the goods leave."""
        for order in self.filtered(lambda o: o.invoice_status == "to invoice"):
            order._printcrm_post_invoices(lambda o=order: o._create_invoices(final=True))

    def _printcrm_post_invoices(self, make):
        """Make and post the invoices; when Odoo refuses (an account or a tax missing), the
        delivery or confirmation still goes through and the salesperson is asked to do it."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                invoices = make().sudo()
                invoices.action_post()
        except UserError as error:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(self.user_id or self.env.user).id,
                summary=self.env._("Invoice %(order)s by hand", order=self.name),
                note=plaintext2html(str(error)),
            )
            return self.env["account.move"]
        return invoices

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
