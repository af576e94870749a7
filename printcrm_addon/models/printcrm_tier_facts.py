# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

from ..rules import tiering


class PrintcrmTierFacts(models.AbstractModel):
    """What the tier batch reads, per company: one grouped query per figure (sales and
    margins, refunds, order history, payments), whatever the number of customers."""

    _name = "printcrm.tier.facts"
    _description = "Customer tier figures"

    @api.model
    def _printcrm_gather(self, company, today):
        """All figures of one company's customers, in a fixed number of queries."""
        date_from = tiering.months_ago(today, company.printcrm_tier_window_months)
        order_sales, margins = self._printcrm_query_sales(company, date_from, today)
        sales = dict(order_sales)
        for key, refunded in self._printcrm_query_refunds(company, date_from, today).items():
            sales[key] = sales.get(key, 0.0) + refunded
        history = self._printcrm_query_order_history(company)
        due, settlements = self._printcrm_query_payments(company, date_from, today)
        tiered = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("printcrm_tier_computed", "!=", False),
                    ("company_id", "in", [company.id, False]),
                ]
            )
            .ids
        )
        keys = set(sales) | set(history) | set(due) | set(tiered)
        return {
            "keys": keys,
            "sales": sales,
            "order_sales": order_sales,
            "margins": margins,
            "history": history,
            "due": due,
            "settlements": settlements,
        }

    def _printcrm_query_sales(self, company, date_from, date_to):
        """Untaxed sales and sale_margin margin of confirmed orders, in company currency.

        Counted: order lines of orders in state 'sale' (confirmed, locked or not) whose order
        date falls in [date_from, date_to]; cancelled orders and quotations are not.
        Sections and notes carry no amount. Summed per ordering partner first, so the join
        to the commercial partner is made once per partner, not once per line.
        """
        self.env["sale.order.line"].flush_model(["price_subtotal", "margin", "order_id"])
        self.env["sale.order"].flush_model(["state", "date_order", "currency_rate", "partner_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, SUM(s.amount), SUM(s.margin)
                  FROM (SELECT o.partner_id,
                               SUM(l.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1))
                                   AS amount,
                               SUM(COALESCE(l.margin, 0)
                                   / COALESCE(NULLIF(o.currency_rate, 0), 1)) AS margin
                          FROM sale_order_line l
                          JOIN sale_order o ON o.id = l.order_id
                         WHERE o.state = 'sale'
                           AND o.company_id = %(company)s
                           AND o.date_order >= %(date_from)s
                           AND o.date_order < %(date_to)s::date + 1
                           AND l.display_type IS NULL
                      GROUP BY o.partner_id) s
                  JOIN res_partner p ON p.id = s.partner_id
              GROUP BY p.commercial_partner_id
                """,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        sales, margins = {}, {}
        for partner_id, amount, margin in self.env.cr.fetchall():
            sales[partner_id] = amount or 0.0
            margins[partner_id] = margin or 0.0
        return sales, margins

    def _printcrm_query_refunds(self, company, date_from, date_to):
        """Posted credit notes in the window, untaxed, company currency (negative)."""
        self.env["account.move"].flush_model(
            ["state", "move_type", "invoice_date", "amount_untaxed_signed", "commercial_partner_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT commercial_partner_id, SUM(amount_untaxed_signed)
                  FROM account_move
                 WHERE move_type = 'out_refund'
                   AND state = 'posted'
                   AND company_id = %(company)s
                   AND invoice_date BETWEEN %(date_from)s AND %(date_to)s
              GROUP BY commercial_partner_id
                """,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        return dict(self.env.cr.fetchall())

    def _printcrm_query_order_history(self, company):
        """First confirmed order date and number of confirmed orders, all time."""
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, MIN(o.date_order)::date, COUNT(o.id)
                  FROM sale_order o
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.state = 'sale' AND o.company_id = %(company)s
              GROUP BY p.commercial_partner_id
                """,
                company=company.id,
            )
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    def _printcrm_query_payments(self, company, date_from, date_to):
        """What fell due in the window and how late it was settled.

        Receivable lines of posted customer invoices due in [date_from, date_to). Each
        reconciliation counts as settled on its date; what is still open counts as late up
        to today. Lateness is capped at the horizon, which bounds the rows returned.
        """
        horizon = company.printcrm_payment_late_horizon
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        params = {
            "company": company.id,
            "date_from": date_from,
            "date_to": date_to,
            "horizon": horizon,
        }
        due_lines = SQL(
            """
            SELECT aml.id, m.commercial_partner_id AS partner_id, aml.balance,
                   aml.amount_residual, aml.date_maturity
              FROM account_move_line aml
              JOIN account_move m ON m.id = aml.move_id
             WHERE m.move_type = 'out_invoice'
               AND m.state = 'posted'
               AND aml.company_id = %(company)s
               AND aml.display_type = 'payment_term'
               AND aml.date_maturity >= %(date_from)s
               AND aml.date_maturity < %(date_to)s
            """,
            **params,
        )
        self.env.cr.execute(
            SQL(
                """
                WITH due AS (%(due_lines)s)
                SELECT due.partner_id, NULL::int, SUM(due.balance)
                  FROM due GROUP BY due.partner_id
                UNION ALL
                SELECT due.partner_id,
                       LEAST(%(horizon)s, GREATEST(0, pr.max_date - due.date_maturity)),
                       SUM(pr.amount)
                  FROM due JOIN account_partial_reconcile pr ON pr.debit_move_id = due.id
              GROUP BY 1, 2
                UNION ALL
                SELECT due.partner_id,
                       LEAST(%(horizon)s, GREATEST(0, %(date_to)s::date - due.date_maturity)),
                       SUM(due.amount_residual)
                  FROM due WHERE due.amount_residual > 0
              GROUP BY 1, 2
                """,
                due_lines=due_lines,
                **params,
            )
        )
        due, settlements = {}, defaultdict(list)
        for partner_id, days_late, amount in self.env.cr.fetchall():
            if days_late is None:
                due[partner_id] = amount or 0.0
            else:
                settlements[partner_id].append((amount or 0.0, days_late))
        return due, settlements
