# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, plaintext2html

from ..notify import notification
from ..rules import credit
from .res_users import LEVEL_GROUPS


class SaleOrder(models.Model):
    """Credit on the order: the confirmation gate and its approvals, the customer who pays
    before delivery, the invoices that follow the payment terms."""

    _inherit = "sale.order"

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

    # --- confirmation gate: credit limit, overdue, terms by class ----
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
        # the sentences only for the rules broken: most quotations break none
        return missing, [self._printcrm_gate_text(gate, exposure, partner) for gate in missing]

    def _printcrm_gate_text(self, gate, exposure, partner):
        """Why ``gate`` stops this order, in a sentence; a colleague's customer is named
        without its credit figures (own-customer rule)."""
        company = self.company_id
        money = company.currency_id

        def fmt(amount):
            return credit.money_text(money.round(amount), money.name)

        hidden = self.partner_id.commercial_partner_id._printcrm_figures_hidden()
        if gate == credit.GATE_CREDIT_LIMIT and hidden:
            return self.env._(
                "%(customer)s is over its credit limit. A General Manager must approve.",
                customer=partner.display_name,
            )
        if gate == credit.GATE_CREDIT_LIMIT:
            return self.env._(
                "%(customer)s is over its credit limit: limit %(limit)s, exposure with this "
                "order %(exposure)s, excess %(excess)s. A General Manager must approve.",
                customer=partner.display_name,
                limit=fmt(exposure.limit),
                exposure=fmt(exposure.total),
                excess=fmt(exposure.excess),
            )
        if gate == credit.GATE_OVERDUE and hidden:
            return self.env._(
                "%(customer)s has overdue invoices. A General Manager must approve.",
                customer=partner.display_name,
            )
        if gate == credit.GATE_OVERDUE:
            return self.env._(
                "%(customer)s has %(amount)s overdue for up to %(days)s days. A General "
                "Manager must approve.",
                customer=partner.display_name,
                amount=fmt(exposure.overdue),
                days=exposure.overdue_days,
            )
        if gate == credit.GATE_LARGE_ORDER:
            return self.env._(
                "The order total %(total)s is above %(threshold)s. A Sales Manager must approve.",
                total=fmt(exposure.order),
                threshold=fmt(company.printcrm_large_order_amount),
            )
        if gate == credit.GATE_BRANCH_SIGNOFF:
            return self.env._("Every order needs a Branch Manager sign-off.")
        raise ValueError(f"no sentence for the gate {gate!r}")

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or not self.company_id.printcrm_credit_control:
            return error
        # Two confirmations for one customer must not both pass its limit. Updating the
        # customer row serialises them: the second waits here, then fails with a
        # serialization error that Odoo answers by retrying the request, which now sees the
        # first order in the exposure. (A plain SELECT FOR UPDATE would wait but keep its
        # old REPEATABLE READ snapshot and miss the first order.)
        # only the customer's company is needed, not all of the customer's columns (1 ms)
        commercial = self.partner_id.with_context(prefetch_fields=False).commercial_partner_id
        self.env.cr.execute(
            SQL("UPDATE res_partner SET write_date = write_date WHERE id = %s", commercial.id)
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
