# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..rules.codes import CHURN_LEVELS, TIERS


class PrintcrmChurnWeekly(models.Model):
    """Each customer's churn score at the end of each week, for the charts.

    The history keeps a row per change; a week shows the customer's last row on or before its
    Sunday (the current week: its latest row), so a customer whose score did not move for a
    month still counts in each of those weeks, with that score.
    """

    _name = "printcrm.churn.weekly"
    _inherit = ["printcrm.report.mixin"]
    _description = "Churn score by week"
    _auto = False
    _order = "week desc, id desc"
    _rec_name = "week"

    week = fields.Date(readonly=True, help="Monday of the week.")
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    score = fields.Float(readonly=True, aggregator="avg")
    level = fields.Selection(CHURN_LEVELS, "Risk level", readonly=True)
    tier = fields.Selection(TIERS, readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # A row dated D, followed by the customer's next row on N, holds from the week of D
        # up to the week before N's (none when N falls in the same week: the later row holds
        # that week); the last row holds up to the current week (its own week at least, for a
        # replay dated ahead of the server's clock). Each history row is read
        # once; the ids pack the row's id and the week's offset from it.
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT (h.id::bigint << 16) + w.k AS id,
                           (h.first_week + w.k * INTERVAL '1 week')::date AS week,
                           h.partner_id, h.company_id, h.score, h.level, h.tier, h.user_id
                      FROM (SELECT id, partner_id, company_id, score, level, tier, user_id,
                                   date_trunc('week', date::timestamp) AS first_week,
                                   COALESCE(
                                       date_trunc('week', LEAD(date::timestamp) OVER (
                                           PARTITION BY partner_id ORDER BY date)),
                                       GREATEST(
                                           date_trunc('week', CURRENT_DATE::timestamp),
                                           date_trunc('week', date::timestamp)
                                       ) + INTERVAL '1 week'
                                   ) AS end_week
                              FROM printcrm_churn_history) h
                      CROSS JOIN LATERAL generate_series(
                           0, (EXTRACT(DAY FROM h.end_week - h.first_week)::int / 7) - 1
                      ) AS w(k)
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
