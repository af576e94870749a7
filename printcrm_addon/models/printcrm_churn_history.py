# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..rules.codes import CHURN_LEVELS, TIERS


class PrintcrmChurnHistory(models.Model):
    """A customer's churn score, level and tier from a day of the batch until its next row.

    The batch writes a row when one of them changes (also the day a score falls back to 0),
    so a base of quiet customers does not grow the table every day; the weekly charts read
    ``printcrm.churn.weekly``, which carries each row forward to the weeks it still holds.
    """

    _name = "printcrm.churn.history"
    _description = "Churn score history"
    _order = "date desc, id desc"
    _rec_name = "date"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    score = fields.Float(readonly=True, aggregator="avg")
    level = fields.Selection(CHURN_LEVELS, "Risk level", readonly=True)
    tier = fields.Selection(TIERS, readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)

    _sql_constraints = [
        (
            "partner_date_unique",
            "unique(partner_id, date)",
            "One churn score per customer and day.",
        ),
    ]
