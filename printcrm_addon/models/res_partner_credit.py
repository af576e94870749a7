# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..notify import notification
from ..rules import credit
from ..rules.codes import TERM_RULES


class ResPartner(models.Model):
    """Credit on the customer: terms by class, the approved exception, the figures of its
    exposure (computed by ``printcrm.credit.engine``)."""

    _inherit = "res.partner"

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
    printcrm_credit_exposure = fields.Monetary(
        "Credit exposure",
        currency_field="printcrm_currency_id",
        compute="_compute_printcrm_credit_figures",
        help="Open receivable plus confirmed orders not yet invoiced, in company currency.",
        groups="base.group_user",
    )
    printcrm_credit_overdue = fields.Monetary(
        "Overdue",
        currency_field="printcrm_currency_id",
        compute="_compute_printcrm_credit_figures",
        groups="base.group_user",
    )
    printcrm_credit_overdue_days = fields.Integer(
        "Oldest overdue (days)",
        compute="_compute_printcrm_credit_figures",
        groups="base.group_user",
    )
    printcrm_credit_available = fields.Monetary(
        "Available credit",
        currency_field="printcrm_currency_id",
        compute="_compute_printcrm_credit_figures",
        groups="base.group_user",
    )

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
