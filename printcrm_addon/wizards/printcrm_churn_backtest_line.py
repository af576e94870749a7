# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..rules.codes import CHURN_LEVELS


class PrintcrmChurnBacktestLine(models.TransientModel):
    """One customer of a backtest: its replayed score and what it did afterwards."""

    _name = "printcrm.churn.backtest.line"
    _description = "Churn backtest customer"
    _order = "score desc, id"

    backtest_id = fields.Many2one("printcrm.churn.backtest", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", "Customer", required=True, ondelete="cascade")
    partner_tier = fields.Selection(related="partner_id.printcrm_tier", string="Tier")
    score = fields.Float(digits=(5, 1))
    level = fields.Selection(CHURN_LEVELS, "Risk")
    usual_volume = fields.Float("Usual volume", digits=(16, 0))
    volume_after = fields.Float("Ordered afterwards", digits=(16, 0))
    lost = fields.Boolean()
    first_high = fields.Date("First 'high'")
    lead_days = fields.Integer("Lead time (days)")
    days_since_order = fields.Integer("Days since the last order")
