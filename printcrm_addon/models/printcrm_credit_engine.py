# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..rules import credit
from ..rules.codes import TERM_RULES


class PrintcrmCreditEngine(models.AbstractModel):
    """Credit figures and payment terms of many customers at once.

    Figures: receivable, overdue, uninvoiced confirmed orders and the customer's own limit,
    in one statement (the customer form, the confirmation gate). Terms: each customer's
    payment term from the rule of its class (``res.partner._printcrm_term_rule_for``),
    written grouped by term, one chatter note per changed customer (the tier batch, the
    customer's button).
    """

    _name = "printcrm.credit.engine"
    _description = "Credit figures and terms by class"

    @api.model
    def _printcrm_figures(self, partners, company, exclude_order=None):
        """{commercial partner id: ``credit.Exposure``} of ``partners``.

        Company currency, taxes included, as Odoo's own credit check counts them. One
        statement: the gate runs at every confirmation and on the quotation form.
        """
        if not partners.ids:
            return {}
        # what the statement reads, not the whole cache: the quotation form computes this
        self.env["account.move.line"].flush_model(
            [
                "amount_residual",
                "date_maturity",
                "reconciled",
                "parent_state",
                "partner_id",
                "company_id",
                "account_id",
            ]
        )
        self.env["sale.order.line"].flush_model(["untaxed_amount_to_invoice", "order_id"])
        self.env["sale.order"].flush_model(
            ["amount_total", "amount_untaxed", "currency_rate", "state", "company_id", "partner_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "credit_limit"])
        # Odoo's own rule (use_partner_credit_limit): a customer has its own limit when its
        # value in this company differs from the company's default; read with the
        # figures instead of through the computed field and its reads (before the statement:
        # the default may need a query of its own)
        engine_partners = partners.with_env(self.env).with_company(company)
        default_limit = engine_partners._fields["credit_limit"].get_company_dependent_fallback(
            engine_partners
        )
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, (p.credit_limit ->> %(company_key)s)::float8,
                       r.balance, r.overdue, r.overdue_days, t.to_invoice
                  FROM res_partner p
             LEFT JOIN (
                       SELECT aml.partner_id,
                              SUM(aml.amount_residual) AS balance,
                              SUM(aml.amount_residual) FILTER (
                                  WHERE aml.date_maturity < %(cutoff)s) AS overdue,
                              MAX(%(today)s::date - aml.date_maturity) FILTER (
                                  WHERE aml.date_maturity < %(cutoff)s) AS overdue_days
                         FROM account_move_line aml
                         JOIN account_account acc ON acc.id = aml.account_id
                        WHERE aml.partner_id = ANY(%(partners)s)
                          AND aml.company_id = %(company)s
                          AND aml.parent_state = 'posted'
                          AND acc.account_type = 'asset_receivable'
                          AND NOT aml.reconciled
                     GROUP BY aml.partner_id
                       ) r ON r.partner_id = p.id
             LEFT JOIN (
                       SELECT op.commercial_partner_id,
                              SUM(l.untaxed_amount_to_invoice
                                  * COALESCE(o.amount_total / NULLIF(o.amount_untaxed, 0), 1)
                                  / COALESCE(NULLIF(o.currency_rate, 0), 1)) AS to_invoice
                         FROM sale_order_line l
                         JOIN sale_order o ON o.id = l.order_id
                         -- keyed on the ordering customer, as the gate is: an order billed to
                         -- another company's address still weighs on the customer who ordered
                         JOIN res_partner op ON op.id = o.partner_id
                        WHERE op.commercial_partner_id = ANY(%(partners)s)
                          AND o.company_id = %(company)s
                          AND o.state = 'sale'
                          AND o.id != %(exclude)s
                          AND l.untaxed_amount_to_invoice > 0
                     GROUP BY op.commercial_partner_id
                       ) t ON t.commercial_partner_id = p.id
                 WHERE p.id = ANY(%(partners)s)
                """,
                today=today,
                cutoff=credit.overdue_cutoff(today, company.printcrm_overdue_grace_days),
                partners=partners.ids,
                company=company.id,
                company_key=str(company.id),
                exclude=exclude_order or 0,
            )
        )
        result = {}
        rows = self.env.cr.fetchall()
        for partner_id, own_limit, balance, overdue, days, to_invoice in rows:
            own = own_limit is not None and own_limit != default_limit
            result[partner_id] = credit.Exposure(
                limit=own_limit if own else 0.0,
                receivable=balance or 0.0,
                to_invoice=to_invoice or 0.0,
                order=0.0,
                overdue=max(0.0, overdue or 0.0),
                overdue_days=days or 0,
            )
        return result

    @api.model
    def _printcrm_apply_terms_all(self, partners=None, companies=None):
        """Set each customer's payment term from its rule, in every company that controls credit.

        Called by the tier batch and the partner button. Writes grouped by term and logs one
        chatter note per changed customer, so the queries do not grow with the customers.
        """
        domain = [("printcrm_credit_control", "=", True)]
        if companies is not None:
            domain.append(("id", "in", companies.ids))
        companies = self.env["res.company"].sudo().search(domain)
        if partners is None:
            partners = (
                self.env["res.partner"]
                .sudo()
                .search([("parent_id", "=", False), ("printcrm_tier", "!=", False)])
            )
        for company in companies:
            self._printcrm_apply_terms(partners.sudo().with_company(company), company)

    @api.model
    def _printcrm_apply_terms(self, partners, company):
        today = fields.Date.context_today(self)
        labels = dict(TERM_RULES)
        by_target = defaultdict(lambda: partners.browse())
        rules, notes = {}, {}
        for partner in partners:
            rule = partner._printcrm_term_rule_for(company, today)
            if rule == credit.RULE_EXCEPTION:
                term = partner.printcrm_term_exception_id
            else:
                term = company._printcrm_term_for_rule(rule)
            if partner.property_payment_term_id != term or partner.printcrm_term_rule != rule:
                by_target[(term, rule)] |= partner
                rules[partner.id] = rule
                notes[partner.id] = self.env._(
                    "Payment terms %(old)s → %(new)s (rule: %(rule)s, company %(company)s).",
                    old=partner.property_payment_term_id.display_name or "-",
                    new=term.display_name,
                    rule=labels[rule],
                    company=company.display_name,
                )
        quiet = partners.with_context(tracking_disable=True)
        for (term, rule), group in by_target.items():
            group.with_env(quiet.env).write(
                {"property_payment_term_id": term.id, "printcrm_term_rule": rule}
            )
        if notes:
            partners.browse(list(notes))._message_log_batch(
                bodies={pid: Markup("<p>%s</p>") % note for pid, note in notes.items()}
            )
