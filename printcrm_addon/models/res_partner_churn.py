# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..batch import run_batch
from ..notify import notification
from ..rules import churn
from ..rules.codes import CHURN_LEVELS, CHURN_TRENDS


class ResPartner(models.Model):
    """Churn early warning on the customer: the batch's score, level, trend and signals
    (``printcrm.churn.engine``), complaints and retention cases."""

    _inherit = "res.partner"

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
        CHURN_TRENDS,
        "Churn trend",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    printcrm_churn_priority = fields.Monetary(
        "Risk x value",
        currency_field="printcrm_tier_currency_id",
        readonly=True,
        copy=False,
        # the radar sorts on it
        index="btree_not_null",
        help="Churn risk (0-1) times annual sales: what the company stands to lose.",
        groups="base.group_user",
    )
    printcrm_churn_company_id = fields.Many2one(
        "res.company",
        "Churn judged in",
        readonly=True,
        copy=False,
        help="The company in which the customer's churn risk is the highest (a customer buying "
        "from several companies is judged in each and keeps its worst result).",
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

    def _group_expand_printcrm_churn_level(self, values, domain):
        return [key for key, _label in CHURN_LEVELS]

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
    def _printcrm_judged_here(self):
        return self._printcrm_in_my_companies("printcrm_churn_company_id")

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
        # as the nightly job runs it (the collector kept off the server's objects)
        results = run_batch(self.env, self.env["printcrm.churn.engine"].sudo()._printcrm_run)
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
