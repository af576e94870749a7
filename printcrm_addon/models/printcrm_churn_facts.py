# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..rules import order_drop
from ..rules.rhythm import WEEK


class PrintcrmChurnFacts(models.AbstractModel):
    """What the churn detectors read, per company: one grouped query per source (orders,
    invoices, messages, complaints, discounts, lead times), whatever the number of customers."""

    _name = "printcrm.churn.facts"
    _description = "Churn early-warning figures"

    # --- reading: one grouped query per source, whatever the number of customers ----
    @api.model
    def _printcrm_order_summaries(self, company, as_of, policy, windows, since):
        """Every customer's orders from ``since`` to ``as_of`` in one aggregate: its
        ``OrderSummary`` (the order drop's windows), the lead times its orders asked for,
        split into the lead window and before it, and (order days, first, last) for the
        purchase rhythm. Orders of one day count as one buying occasion."""

        def window_sum(start, end):
            return SQL("COALESCE(SUM(amount) FILTER (WHERE day > %s AND day <= %s), 0)", start, end)

        sums = [window_sum(start, end) for start, end in windows.same + windows.years]
        lead_start = as_of - timedelta(days=policy.lead_window_days)
        # the orders of four years sorted by customer: in memory, not in temporary files
        # (PostgreSQL's default of 4 MB spills at a few thousand customers)
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        self.env.cr.execute(
            SQL(
                """
                SELECT customer, MIN(day), MAX(day), COUNT(DISTINCT day),
                       COALESCE(SUM(amount) FILTER (WHERE day > %(recent)s), 0),
                       COALESCE(SUM(amount) FILTER (WHERE day <= %(recent)s), 0),
                       COUNT(DISTINCT day) FILTER (WHERE day <= %(recent)s),
                       ARRAY_AGG(lead) FILTER (WHERE lead >= 0 AND day > %(lead_start)s),
                       ARRAY_AGG(lead) FILTER (WHERE lead >= 0 AND day <= %(lead_start)s),
                       %(sums)s
                  FROM (SELECT p.commercial_partner_id AS customer, o.date_order::date AS day,
                               o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1)
                                   AS amount,
                               o.commitment_date::date - o.date_order::date AS lead
                          FROM sale_order o
                          JOIN res_partner p ON p.id = o.partner_id
                         WHERE o.state = 'sale' AND o.company_id = %(company)s
                           AND o.date_order >= %(start)s
                           AND o.date_order < %(as_of)s::date + 1
                        -- computes each order's day once, not once per window below
                        OFFSET 0) x
              GROUP BY customer
                """,
                company=company.id,
                start=since,
                as_of=as_of,
                recent=windows.recent_start,
                lead_start=lead_start,
                sums=SQL(", ").join(sums),
            )
        )
        same = len(windows.same)
        orders, leads, spans = {}, {}, {}
        for row in self.env.cr.fetchall():
            customer, first, last, days, recent, before, before_days, lead_now, lead_usual = row[:9]
            orders[customer] = order_drop.OrderSummary(
                first=first,
                recent=recent,
                before_total=before,
                before_days=before_days,
                same=row[9 : 9 + same],
                years=row[9 + same :],
            )
            if lead_now or lead_usual:
                leads[customer] = (lead_now or [], lead_usual or [])
            spans[customer] = (days, first, last)
        return orders, leads, spans

    @api.model
    def _printcrm_gather(self, company, as_of, policy):
        cr = self.env.cr
        history_start = as_of - timedelta(
            days=365 * (policy.drop_history_years + 1) + policy.drop_window_days
        )
        windows = order_drop.order_windows(as_of, policy)
        orders, leads, spans = self._printcrm_order_summaries(
            company, as_of, policy, windows, history_start
        )

        # receivable lines open at as_of: their amount less what was reconciled by then
        cr.execute(
            SQL(
                """
                SELECT aml.partner_id, aml.move_id, aml.date_maturity,
                       aml.balance - COALESCE((
                           SELECT SUM(apr.amount) FROM account_partial_reconcile apr
                            WHERE apr.debit_move_id = aml.id AND apr.max_date <= %(as_of)s), 0)
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable'
                   AND aml.balance > 0 AND aml.date <= %(as_of)s
                   AND aml.date_maturity < %(as_of)s
                   AND (NOT aml.reconciled OR EXISTS (
                        SELECT 1 FROM account_partial_reconcile late
                         WHERE late.debit_move_id = aml.id AND late.max_date > %(as_of)s))
                """,
                company=company.id,
                as_of=as_of,
            )
        )
        open_items, overdue_moves = defaultdict(list), {}
        for partner_id, move_id, due, residual in cr.fetchall():
            if partner_id and residual and residual > 0.005:
                open_items[partner_id].append((residual, due))
                overdue_moves[move_id] = (partner_id, due)

        # reminders: our e-mails and messages on those invoices after they fell due
        reminders = defaultdict(int)
        if overdue_moves:
            cr.execute(
                SQL(
                    """
                    SELECT m.res_id, m.date::date
                      FROM mail_message m
                      JOIN res_users u ON u.partner_id = m.author_id AND NOT u.share
                     WHERE m.model = 'account.move' AND m.res_id = ANY(%(moves)s)
                       AND m.message_type IN ('email', 'comment')
                       AND m.subtype_id = %(comment)s
                       AND m.date < %(as_of)s::date + 1
                    """,
                    moves=list(overdue_moves),
                    comment=self.env.ref("mail.mt_comment").id,
                    as_of=as_of,
                )
            )
            for move_id, day in cr.fetchall():
                partner_id, due = overdue_moves[move_id]
                if day > due:
                    reminders[partner_id] += 1

        comms = self._printcrm_query_comms(company, as_of, policy)

        cr.execute(
            SQL(
                """
                SELECT partner_id, date_opened::date, severity,
                       state != 'cancelled'
                       AND (date_resolved IS NULL OR date_resolved >= %(as_of)s::date + 1),
                       category
                  FROM printcrm_complaint
                 WHERE company_id = %(company)s AND state != 'cancelled'
                   AND date_opened < %(as_of)s::date + 1
                   AND date_opened >= %(start)s
                """,
                company=company.id,
                as_of=as_of,
                start=as_of - timedelta(days=max(policy.complaint_window_days, 366)),
            )
        )
        complaints = defaultdict(list)
        for partner_id, day, severity, still_open, category in cr.fetchall():
            complaints[partner_id].append((day, severity, still_open, category))

        window_start = as_of - timedelta(days=policy.discount_window_days)
        cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, COUNT(DISTINCT o.id), MAX(l.discount)
                  FROM sale_order_line l
                  JOIN sale_order o ON o.id = l.order_id
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.company_id = %(company)s
                   AND o.date_order >= %(start)s AND o.date_order < %(as_of)s::date + 1
                   AND l.discount > 0 AND l.discount >= %(threshold)s
              GROUP BY 1
                """,
                company=company.id,
                start=window_start,
                as_of=as_of,
                threshold=policy.discount_threshold,
            )
        )
        discounts = {row[0]: (row[1], row[2] or 0.0) for row in cr.fetchall()}
        cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, COUNT(*)
                  FROM crm_lead l
                  JOIN crm_lost_reason r ON r.id = l.lost_reason_id
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE r.printcrm_price_related
                   AND (l.company_id = %(company)s OR l.company_id IS NULL)
                   AND l.date_closed >= %(start)s AND l.date_closed < %(as_of)s::date + 1
              GROUP BY 1
                """,
                company=company.id,
                start=window_start,
                as_of=as_of,
            )
        )
        lost_on_price = dict(cr.fetchall())
        keys = (
            set(orders)
            | set(open_items)
            | set(comms)
            | set(complaints)
            | set(discounts)
            | set(lost_on_price)
        )
        keys.discard(None)
        keys = self._printcrm_customers(keys)
        return {
            "keys": keys,
            "histories": self._printcrm_histories(
                company, as_of, {key: spans[key] for key in keys if key in spans}, history_start
            ),
            "windows": windows,
            "orders": orders,
            "leads": leads,
            "open_items": open_items,
            "reminders": reminders,
            "comms": comms,
            "complaints": complaints,
            "discounts": discounts,
            "lost_on_price": lost_on_price,
        }

    @api.model
    def _printcrm_histories(self, company, as_of, recent=None, since=None):
        """{customer: (repeat orders, weeks from its first to its last order, weeks from its
        first order to ``as_of``)}: what the purchase rhythm reads, for every customer that
        ever ordered. Orders of one day count as one buying occasion.

        ``recent``: the customers' orders from ``since`` on, already read by the batch
        (``{customer: (order days, first, last)}``); then only the older orders are read here,
        so the batch does not scan the same orders twice."""
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, COUNT(DISTINCT o.date_order::date),
                       MIN(o.date_order::date), MAX(o.date_order::date)
                  FROM sale_order o
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.state = 'sale' AND o.company_id = %(company)s
                   AND o.date_order < %(before)s
                   -- the fit is of customers: not this database's companies nor its users
                   AND NOT EXISTS (SELECT 1 FROM res_users u
                                    WHERE u.partner_id = p.commercial_partner_id AND NOT u.share)
                   AND NOT EXISTS (SELECT 1 FROM res_company c
                                    WHERE c.partner_id = p.commercial_partner_id)
              GROUP BY 1
                """,
                company=company.id,
                before=since if recent is not None else as_of + timedelta(days=1),
            )
        )
        spans = {
            partner_id: [days, first, last]
            for partner_id, days, first, last in self.env.cr.fetchall()
        }
        for partner_id, (days, first, last) in (recent or {}).items():
            span = spans.setdefault(partner_id, [0, first, None])
            span[0] += days
            span[2] = last
        return {
            partner_id: (days - 1, (last - first).days / WEEK, (as_of - first).days / WEEK)
            for partner_id, (days, first, last) in spans.items()
        }

    @api.model
    def _printcrm_query_comms(self, company, as_of, policy):
        """Per customer: (our e-mails, calls and activities in the window, its messages in the
        window, meetings held in the window, days since its last message or None).

        Messages count on the customer and its contacts, its orders and its leads. Ours are
        written by internal users; done activities count as ours, meetings apart."""
        self.env.cr.execute(
            SQL(
                """
                WITH internal AS (
                    SELECT DISTINCT partner_id FROM res_users WHERE NOT share
                ), messages AS (
                    -- the year's messages first, then the customer each one is about: the
                    -- messages are far fewer than the records they could be linked to
                    SELECT m.id, m.date, m.author_id, m.message_type, m.subtype_id,
                           m.mail_activity_type_id,
                           CASE m.model WHEN 'res.partner' THEN rp.commercial_partner_id
                                        WHEN 'sale.order' THEN op.commercial_partner_id
                                        ELSE lp.commercial_partner_id END AS customer
                      FROM mail_message m
                 LEFT JOIN res_partner rp ON m.model = 'res.partner' AND rp.id = m.res_id
                 LEFT JOIN sale_order so ON m.model = 'sale.order' AND so.id = m.res_id
                       AND so.company_id = %(company)s
                 LEFT JOIN res_partner op ON op.id = so.partner_id
                 LEFT JOIN crm_lead ld ON m.model = 'crm.lead' AND ld.id = m.res_id
                 LEFT JOIN res_partner lp ON lp.id = ld.partner_id
                     WHERE m.model IN ('res.partner', 'sale.order', 'crm.lead')
                       AND m.date < %(as_of)s::date + 1 AND m.date >= %(since)s
                )
                SELECT m.customer,
                       COUNT(*) FILTER (
                           WHERE m.date >= %(start)s AND (
                               (m.mail_activity_type_id IS NOT NULL
                                AND t.category IS DISTINCT FROM 'meeting')
                               OR (i.partner_id IS NOT NULL AND m.message_type = 'email')
                               OR (i.partner_id IS NOT NULL AND m.message_type = 'comment'
                                   AND m.subtype_id = %(comment)s))),
                       COUNT(*) FILTER (
                           WHERE m.date >= %(start)s AND a.commercial_partner_id = m.customer
                             AND i.partner_id IS NULL
                             AND m.message_type IN ('email', 'comment')),
                       COUNT(*) FILTER (
                           WHERE m.date >= %(start)s AND t.category = 'meeting'),
                       MAX(m.date) FILTER (
                           WHERE a.commercial_partner_id = m.customer AND i.partner_id IS NULL
                             AND m.message_type IN ('email', 'comment'))
                  FROM messages m
             LEFT JOIN res_partner a ON a.id = m.author_id
             LEFT JOIN internal i ON i.partner_id = m.author_id
             LEFT JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
                 WHERE m.customer IS NOT NULL
              GROUP BY m.customer
                """,
                company=company.id,
                start=as_of - timedelta(days=policy.response_window_days - 1),
                as_of=as_of,
                since=as_of - timedelta(days=365),
                comment=self.env.ref("mail.mt_comment").id,
            )
        )
        comms = {}
        for customer, outbound, inbound, meetings, last_reply in self.env.cr.fetchall():
            silent = (as_of - last_reply.date()).days if last_reply else None
            comms[customer] = (outbound, inbound, meetings, silent)
        return comms

    @api.model
    def _printcrm_customers(self, partner_ids):
        """The ids among ``partner_ids`` that are customers: commercial entities that bought
        or were invoiced, not a company of this database nor a user (OdooBot included)."""
        if not partner_ids:
            return set()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id FROM res_partner p
                 WHERE p.id = ANY(%(ids)s) AND p.id = p.commercial_partner_id
                   AND (p.customer_rank > 0
                        OR EXISTS (SELECT 1 FROM sale_order o WHERE o.partner_id = p.id))
                   AND NOT EXISTS (SELECT 1 FROM res_users u
                                    WHERE u.partner_id = p.id AND NOT u.share)
                   AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
                """,
                ids=list(partner_ids),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}
