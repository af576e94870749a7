# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools

from ..rules.codes import TIERS


class PrintcrmTierHistory(models.Model):
    _name = "printcrm.tier.history"
    _description = "Customer tier change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    old_tier = fields.Selection(TIERS, readonly=True)
    new_tier = fields.Selection(TIERS, readonly=True)
    score = fields.Float(readonly=True)
    source = fields.Selection(
        [("computed", "Computed"), ("override", "Override")], required=True, readonly=True
    )
    user_id = fields.Many2one(
        "res.users", "Changed by", default=lambda self: self.env.user, readonly=True
    )
    reason = fields.Char(readonly=True)

    def init(self):
        # the sales analysis looks up a customer's tier on a date
        tools.create_index(
            self.env.cr,
            "printcrm_tier_history_partner_date_index",
            self._table,
            ["partner_id", "date", "id"],
        )
