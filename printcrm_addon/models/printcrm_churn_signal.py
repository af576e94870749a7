# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


from odoo import api, fields, models

from ..rules import churn
from ..rules.codes import SIGNAL_TYPES
from ..rules.text import Message

ESCALATION_ACTIVITY = "printcrm_addon.mail_activity_printcrm_churn_escalation"


def message_data(message):
    """A rules Message as JSON: its template and values, nested sentences included."""
    if not isinstance(message, Message):
        return message
    return {
        "template": message.template,
        "params": {key: message_data(value) for key, value in message.params.items()},
    }


class PrintcrmChurnSignal(models.Model):
    """One early-warning signal of one customer while it holds; archived when it stops."""

    _name = "printcrm.churn.signal"
    _description = "Churn early-warning signal"
    _order = "severity desc, id"
    _rec_name = "signal_type"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    partner_tier = fields.Selection(related="partner_id.printcrm_tier", string="Tier")
    signal_type = fields.Selection(SIGNAL_TYPES, "Signal", required=True, readonly=True)
    severity = fields.Integer(readonly=True, aggregator="max")
    explanation_data = fields.Json(readonly=True)
    explanation = fields.Char(compute="_compute_explanation")
    first_detected = fields.Date("First detected", readonly=True)
    last_detected = fields.Date("Last detected", readonly=True)
    active = fields.Boolean(default=True, readonly=True)

    @api.depends_context("lang")
    @api.depends("signal_type")
    def _compute_display_name(self):
        labels = dict(self._fields["signal_type"]._description_selection(self.env))
        for signal in self:
            signal.display_name = labels.get(signal.signal_type, "")

    @api.depends_context("lang")
    @api.depends("explanation_data")
    def _compute_explanation(self):
        for signal in self:
            signal.explanation = signal._printcrm_render(signal.explanation_data)

    def _printcrm_render(self, data):
        """The sentence in the user's language (the templates are marked in rules/churn.py)."""
        if not isinstance(data, dict):
            return "" if data is None else str(data)
        params = {key: self._printcrm_render(value) for key, value in data["params"].items()}
        return self.env._(data["template"], **params)  # pylint: disable=translation-required

    def action_open_cause(self):
        """What the signal was read from: the overdue invoices, the orders, the complaints or
        quotations, the customer's conversation."""
        self.ensure_one()
        self.check_access("read")
        partner = self.partner_id
        commercial = [("partner_id", "child_of", partner.id)]
        if self.signal_type == churn.OVERDUE_PAYMENT:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_move_out_invoice_type"
            )
            action["domain"] = [
                *commercial,
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", fields.Date.context_today(self)),
            ]
            action["context"] = {"create": False}
        elif self.signal_type == churn.COMPLAINT:
            return partner.action_printcrm_open_complaints()
        elif self.signal_type == churn.NO_RESPONSE:
            action = {
                "type": "ir.actions.act_window",
                "res_model": "res.partner",
                "res_id": partner.id,
                "views": [(False, "form")],
            }
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
            action["domain"] = [*commercial, ("state", "in", ("draft", "sent", "sale"))]
            action["context"] = {"create": False}
        action["name"] = self.env._(
            "%(signal)s: %(customer)s", signal=self.display_name, customer=partner.display_name
        )
        return action

    # --- the batch ----
