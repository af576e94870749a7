# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import api, fields, models
from odoo.tools import SQL

from ..rules import churn
from .printcrm_churn_signal import message_data


class PrintcrmChurnStore(models.AbstractModel):
    """What the churn batch writes, set-based: the active signals, each customer's score,
    level, trend and priority, and the day's history row. One statement per table whatever
    the number of customers; rows that did not change are not sent."""

    _name = "printcrm.churn.store"
    _description = "Churn early-warning storage"

    @api.model
    def _printcrm_store_signals(self, results, as_of):
        self.env["printcrm.churn.signal"].flush_model()
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
                       AND (s.company_id, s.severity, s.explanation_data, s.last_detected)
                           IS DISTINCT FROM (v.company, v.severity, v.data, %(as_of)s::date)
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
        self.env["printcrm.churn.signal"].invalidate_model()

    @api.model
    def _printcrm_store_churn(self, results, previous, as_of):
        """Write score, level and trend, and a history row where they changed; return the
        customers that just entered the high level. Only rows that change are sent: a second
        run of the day, or a customer whose figures did not move, costs no write.

        The history keeps changes, not days: a row when a customer's score, level or tier
        differs from its last row up to ``as_of`` (``previous[id]["latest"]``, read by the
        engine with the previous score). Most customers keep yesterday's score, so a
        new day writes a few hundred rows instead of one per customer (10,000 rows cost
        0.36 s on the bench) and the table does not grow by the customer base every day;
        ``printcrm.churn.weekly`` carries each row forward for the charts."""
        ids = list(results)
        if not ids:
            return []
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT p.id, p.printcrm_annual_sales, p.printcrm_tier, p.user_id,
                       p.printcrm_churn_high_since, p.printcrm_churn_score,
                       p.printcrm_churn_level, p.printcrm_churn_trend, p.printcrm_churn_priority,
                       p.printcrm_churn_company_id
                  FROM res_partner p
                 WHERE p.id = ANY(%s)
                """,
                ids,
            )
        )
        current = {row[0]: row[1:] for row in cr.fetchall()}
        partner_rows, history_rows, entered = [], [], []
        for partner_id in ids:
            result = results[partner_id]
            before = previous.get(partner_id, {})
            sales, tier, user_id, high_since, *stored = current.get(partner_id, [None] * 9)
            stored_high_since = high_since
            level = result["level"]
            if churn.entered_high(level, before.get("level")):
                entered.append(partner_id)
                high_since = as_of
            elif level != churn.LEVEL_HIGH:
                high_since = None
            row = {
                "id": partner_id,
                "company": result["company"],
                "score": result["score"],
                "level": level,
                "trend": churn.churn_trend(result["score"], before.get("score")),
                "priority": churn.priority(result["score"], sales),
                "high_since": high_since and str(high_since),
                "tier": tier,
                "user": user_id,
            }
            if (
                _changed(
                    stored, (row["score"], level, row["trend"], row["priority"], row["company"])
                )
                or stored_high_since != high_since
            ):
                partner_rows.append(row)
            if _changed(before.get("latest"), (row["score"], level, tier)):
                history_rows.append(row)
        if partner_rows:
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET printcrm_churn_score = v.score, printcrm_churn_level = v.level,
                           printcrm_churn_trend = v.trend, printcrm_churn_priority = v.priority,
                           printcrm_churn_high_since = v.high_since,
                           printcrm_churn_company_id = v.company
                      FROM jsonb_to_recordset(%s::jsonb)
                           AS v(id int, score numeric, level varchar, trend varchar,
                                priority numeric, high_since date, company int)
                     WHERE p.id = v.id
                    """,
                    json.dumps(partner_rows),
                )
            )
        if history_rows:
            cr.execute(
                SQL(
                    """
                    INSERT INTO printcrm_churn_history
                           (partner_id, company_id, date, score, level, tier, user_id,
                            create_date, create_uid, write_date, write_uid)
                    SELECT v.id, v.company, %(day)s, v.score, v.level, v.tier, v.user,
                           %(now)s, %(uid)s, %(now)s, %(uid)s
                      FROM jsonb_to_recordset(%(rows)s::jsonb)
                           AS v(id int, company int, score numeric, level varchar,
                                tier varchar, "user" int)
                    ON CONFLICT (partner_id, date) DO UPDATE
                       SET score = EXCLUDED.score, level = EXCLUDED.level,
                           tier = EXCLUDED.tier, write_date = EXCLUDED.write_date,
                           write_uid = EXCLUDED.write_uid
                    """,
                    day=as_of,
                    now=fields.Datetime.now(),
                    uid=self.env.uid,
                    rows=json.dumps(history_rows),
                )
            )
        self.env["res.partner"].invalidate_model(
            [
                "printcrm_churn_score",
                "printcrm_churn_level",
                "printcrm_churn_trend",
                "printcrm_churn_priority",
                "printcrm_churn_high_since",
                "printcrm_churn_company_id",
            ]
        )
        self.env["printcrm.churn.history"].invalidate_model()
        return entered


def _changed(stored, new):
    """Whether stored (score, level, ...) differ from the new ones; scores compared to the
    cent, as the columns keep them."""
    if not stored or stored[0] is None:
        return True
    score, *rest = stored
    return abs(float(score) - float(new[0])) >= 0.005 or list(rest) != list(new[1:])
