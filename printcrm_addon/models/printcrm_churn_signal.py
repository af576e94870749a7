# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..rules import churn
from ..rules.text import Message

SIGNAL_TYPES = [
    (churn.OVERDUE_PAYMENT, "Overdue payment"),
    (churn.ORDER_DROP, "Order drop"),
    (churn.NO_RESPONSE, "No response"),
    (churn.COMPLAINT, "Complaints"),
    (churn.DISCOUNT_PRESSURE, "Discount pressure"),
    (churn.DEMAND_TIGHTENING, "Demand tightening"),
]
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
    @api.model
    def _printcrm_run(self, as_of=None, escalate=True):
        """Detect, score and store the signals of every customer as of ``as_of``.

        A customer active in several companies is judged in each and keeps its worst result.
        ``escalate=False`` rebuilds past history without scheduling activities today.
        """
        as_of = as_of or fields.Date.context_today(self)
        self.env.flush_all()
        results = self._printcrm_evaluate(as_of)
        self._printcrm_forget_non_customers()
        previous = self._printcrm_read_previous(set(results), as_of)
        for partner_id, before in previous.items():
            # a customer that had a score and no longer shows anything goes back to 0
            results.setdefault(partner_id, {"company": before["company"], "signals": []})
            result = results[partner_id]
            result.setdefault("score", 0.0)
            result.setdefault("level", churn.LEVEL_LOW)
        self._printcrm_store_signals(results, as_of)
        entered = self.env["res.partner"]._printcrm_store_churn(results, previous, as_of)
        if escalate:
            self._printcrm_escalate(entered, results)
        return results

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

    @api.model
    def _printcrm_forget_non_customers(self):
        """Scores left on partners that are no customers (an earlier version scored the
        company itself, users and contacts) are cleared, so the radar lists customers only."""
        self.env.cr.execute(
            """
            WITH gone AS (
                UPDATE res_partner p
                   SET printcrm_churn_score = NULL, printcrm_churn_level = NULL,
                       printcrm_churn_trend = NULL, printcrm_churn_priority = NULL,
                       printcrm_churn_high_since = NULL
                 WHERE p.printcrm_churn_level IS NOT NULL
                   AND (p.id != p.commercial_partner_id
                        OR EXISTS (SELECT 1 FROM res_users u
                                    WHERE u.partner_id = p.id AND NOT u.share)
                        OR EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id))
             RETURNING p.id
            )
            UPDATE printcrm_churn_signal s SET active = FALSE
              FROM gone WHERE s.partner_id = gone.id
            """
        )
        self.env["res.partner"].invalidate_model()
        self.invalidate_model()

    @api.model
    def _printcrm_evaluate(self, as_of):
        """{partner id: {company, signals, score, level}} computed from the database."""
        results = {}
        companies = self.env["res.company"].sudo().search([], order="id")  # pylint: disable=no-search-all
        for company in companies:
            policy = company._printcrm_churn_policy()
            data = self._printcrm_gather(company, as_of, policy)
            for partner_id, signals in self._printcrm_detect(data, as_of, policy).items():
                score = churn.churn_score(signals, policy)
                if partner_id in results and results[partner_id]["score"] >= score:
                    continue
                results[partner_id] = {
                    "company": company.id,
                    "signals": signals,
                    "score": score,
                    "level": churn.churn_level(score, policy),
                }
        return results

    @staticmethod
    def _printcrm_detect(data, as_of, policy):
        pooled = churn.seasonal_index(data["all_orders"], as_of, policy.drop_window_days)
        found = {}
        for partner_id in data["keys"]:
            comms = data["comms"].get(partner_id, (0, 0, 0, None))
            complaints = data["complaints"].get(partner_id, [])
            quality = sum(
                1
                for when, _sev, _open, category in complaints
                if category == "quality" and (as_of - when).days < policy.lead_window_days
            )
            discounted, max_discount = data["discounts"].get(partner_id, (0, 0.0))
            signals = [
                churn.detect_overdue_payment(
                    data["open_items"].get(partner_id, []),
                    data["reminders"].get(partner_id, 0),
                    as_of,
                    policy,
                ),
                churn.detect_order_drop(
                    data["orders"].get(partner_id, []), as_of, policy, pooled_index=pooled
                ),
                churn.detect_no_response(*comms, policy=policy),
                churn.detect_complaints([c[:3] for c in complaints], as_of, policy),
                churn.detect_discount_pressure(
                    discounted, max_discount, data["lost_on_price"].get(partner_id, 0), policy
                ),
                churn.detect_demand_tightening(
                    data["lead_times"].get(partner_id, []), quality, as_of, policy
                ),
            ]
            found[partner_id] = [signal for signal in signals if signal]
        return found

    # --- reading: one grouped query per source, whatever the number of customers ----
    @api.model
    def _printcrm_gather(self, company, as_of, policy):
        cr = self.env.cr
        history_start = as_of - timedelta(
            days=365 * (policy.drop_history_years + 1) + policy.drop_window_days
        )
        cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, o.date_order::date,
                       SUM(o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1)),
                       MIN(o.commitment_date::date - o.date_order::date)
                  FROM sale_order o
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.state = 'sale' AND o.company_id = %(company)s
                   AND o.date_order >= %(start)s AND o.date_order < %(as_of)s::date + 1
              GROUP BY 1, 2
              ORDER BY 1, 2
                """,
                company=company.id,
                start=history_start,
                as_of=as_of,
            )
        )
        orders, lead_times, all_orders = defaultdict(list), defaultdict(list), []
        for partner_id, day, amount, lead in cr.fetchall():
            orders[partner_id].append((day, amount or 0.0))
            all_orders.append((day, amount or 0.0))
            if lead is not None and lead >= 0:
                lead_times[partner_id].append((day, lead))

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
                   AND l.discount >= %(threshold)s
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
            "orders": orders,
            "all_orders": all_orders,
            "lead_times": lead_times,
            "open_items": open_items,
            "reminders": reminders,
            "comms": comms,
            "complaints": complaints,
            "discounts": discounts,
            "lost_on_price": lost_on_price,
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
                WITH linked AS (
                    SELECT 'res.partner' AS model, id AS res_id, commercial_partner_id AS customer
                      FROM res_partner WHERE commercial_partner_id IS NOT NULL
                    UNION ALL
                    SELECT 'sale.order', o.id, p.commercial_partner_id
                      FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
                     WHERE o.company_id = %(company)s
                    UNION ALL
                    SELECT 'crm.lead', l.id, p.commercial_partner_id
                      FROM crm_lead l JOIN res_partner p ON p.id = l.partner_id
                ), internal AS (
                    SELECT DISTINCT partner_id FROM res_users WHERE NOT share
                )
                SELECT k.customer,
                       COUNT(*) FILTER (
                           WHERE m.date >= %(start)s AND (
                               (m.mail_activity_type_id IS NOT NULL
                                AND t.category IS DISTINCT FROM 'meeting')
                               OR (i.partner_id IS NOT NULL AND m.message_type = 'email')
                               OR (i.partner_id IS NOT NULL AND m.message_type = 'comment'
                                   AND m.subtype_id = %(comment)s))),
                       COUNT(*) FILTER (
                           WHERE m.date >= %(start)s AND a.commercial_partner_id = k.customer
                             AND i.partner_id IS NULL
                             AND m.message_type IN ('email', 'comment')),
                       COUNT(*) FILTER (
                           WHERE m.date >= %(start)s AND t.category = 'meeting'),
                       MAX(m.date) FILTER (
                           WHERE a.commercial_partner_id = k.customer AND i.partner_id IS NULL
                             AND m.message_type IN ('email', 'comment'))
                  FROM mail_message m
                  JOIN linked k ON k.model = m.model AND k.res_id = m.res_id
             LEFT JOIN res_partner a ON a.id = m.author_id
             LEFT JOIN internal i ON i.partner_id = m.author_id
             LEFT JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
                 WHERE m.date < %(as_of)s::date + 1 AND m.date >= %(since)s
              GROUP BY k.customer
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
    def _printcrm_read_previous(self, partner_ids, as_of):
        """Each customer's score and level before ``as_of``: its last history row of an earlier
        day. Not the partner's current fields, which a first run of the same day already
        changed: a second run must find the same trend and the same entries into 'high'."""
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, h.score, h.level, p.company_id
                  FROM res_partner p
                  LEFT JOIN LATERAL (
                        SELECT score, level FROM printcrm_churn_history
                         WHERE partner_id = p.id AND date < %(day)s
                         ORDER BY date DESC LIMIT 1
                       ) h ON TRUE
                 WHERE p.id = ANY(%(ids)s) OR p.printcrm_churn_score > 0
                """,
                ids=list(partner_ids),
                day=as_of,
            )
        )
        return {
            row[0]: {
                "score": row[1],
                "level": row[2],
                "company": row[3] or self.env.company.id,
            }
            for row in self.env.cr.fetchall()
        }

    # --- writing: set-based ----
    @api.model
    def _printcrm_store_signals(self, results, as_of):
        self.flush_model()
        self.env.cr.execute(
            "SELECT id, partner_id, signal_type FROM printcrm_churn_signal WHERE active"
        )
        existing = {(row[1], row[2]): row[0] for row in self.env.cr.fetchall()}
        updates, inserts = [], []
        for partner_id, result in results.items():
            for signal in result["signals"]:
                row = (
                    partner_id,
                    result["company"],
                    signal.signal_type,
                    signal.severity,
                    message_data(signal.explanation),
                )
                key = (partner_id, signal.signal_type)
                if key in existing:
                    updates.append((existing.pop(key), *row))
                else:
                    inserts.append(row)
        cr, now, uid = self.env.cr, fields.Datetime.now(), self.env.uid
        if updates:
            cr.execute(
                SQL(
                    """
                    UPDATE printcrm_churn_signal s
                       SET company_id = v.company, severity = v.severity,
                           explanation_data = v.data, last_detected = %(as_of)s,
                           write_date = %(now)s, write_uid = %(uid)s
                      FROM (SELECT * FROM jsonb_to_recordset(%(rows)s::jsonb)
                            AS r(id int, company int, severity int, data jsonb)) v
                     WHERE s.id = v.id
                    """,
                    rows=json.dumps(
                        [
                            {"id": u[0], "company": u[2], "severity": u[4], "data": u[5]}
                            for u in updates
                        ]
                    ),
                    as_of=as_of,
                    now=now,
                    uid=uid,
                )
            )
        if inserts:
            cr.execute(
                SQL(
                    """
                    INSERT INTO printcrm_churn_signal
                           (partner_id, company_id, signal_type, severity, explanation_data,
                            first_detected, last_detected, active,
                            create_date, create_uid, write_date, write_uid)
                    SELECT v.partner, v.company, v.signal_type, v.severity, v.data,
                           %(as_of)s, %(as_of)s, TRUE, %(now)s, %(uid)s, %(now)s, %(uid)s
                      FROM jsonb_to_recordset(%(rows)s::jsonb)
                           AS v(partner int, company int, signal_type varchar, severity int,
                                data jsonb)
                    """,
                    rows=json.dumps(
                        [
                            {
                                "partner": i[0],
                                "company": i[1],
                                "signal_type": i[2],
                                "severity": i[3],
                                "data": i[4],
                            }
                            for i in inserts
                        ]
                    ),
                    as_of=as_of,
                    now=now,
                    uid=uid,
                )
            )
        if existing:
            # the cause went away: keep the signal as history
            cr.execute(
                SQL(
                    "UPDATE printcrm_churn_signal SET active = FALSE, write_date = %s "
                    "WHERE id = ANY(%s)",
                    now,
                    list(existing.values()),
                )
            )
        self.invalidate_model()

    def _printcrm_signal_line(self, signal):
        labels = dict(self._fields["signal_type"]._description_selection(self.env))
        return self.env._(
            "%(signal)s (%(severity)s): %(explanation)s",
            signal=labels[signal.signal_type],
            severity=signal.severity,
            explanation=self._printcrm_render(message_data(signal.explanation)),
        )

    @api.model
    def _printcrm_escalate(self, entered, results):
        """One activity per responsible person for each customer that just entered 'high':
        tier C its salesperson, B the Branch Managers, A the Sales and General Managers."""
        if not entered:
            return
        partners = self.env["res.partner"].sudo().browse(entered)
        activity_type = self.env.ref(ESCALATION_ACTIVITY)
        # a customer still carrying an open escalation is not escalated again
        already = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        Users = self.env["res.users"]
        by_tier = {
            "a": Users._printcrm_users_of_level(3) | Users._printcrm_users_of_level(2),
            "b": Users._printcrm_users_of_level(1),
        }
        model_id = self.env["ir.model"]._get_id("res.partner")
        values = []
        for partner in partners:
            if partner.id in already:
                continue
            users = by_tier.get(partner.printcrm_tier) or partner.user_id or by_tier["b"]
            # the lines carry customer data: escaped, joined as markup
            note = Markup("<br/>").join(
                self._printcrm_signal_line(signal) for signal in results[partner.id]["signals"]
            )
            score = results[partner.id]["score"]
            summary = self.env._(
                "High churn risk: %(customer)s (score %(score)s)",
                customer=partner.display_name,
                score=score,
            )
            for user in users:
                values.append(
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": summary,
                        "note": note,
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
        if values:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                values
            )
