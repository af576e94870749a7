# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PrintcrmDispatch(models.Model):
    """Manufacturing orders in the dispatch: the order is *in production* while one runs,
    the customer may still change it while they are only confirmed, and those of A
    customers get Odoo's urgent priority."""

    _inherit = "printcrm.dispatch"

    production_ids = fields.Many2many(
        "mrp.production",
        "printcrm_dispatch_production_rel",
        "dispatch_id",
        "production_id",
        string="Manufacturing orders",
        readonly=True,
        copy=False,
    )

    @api.depends("production_ids.state")
    def _compute_state(self):
        return super()._compute_state()

    @api.depends("production_ids.state")
    def _compute_can_change(self):
        return super()._compute_can_change()

    def _printcrm_production_states(self):
        self.ensure_one()
        return self.production_ids.mapped("state")

    def _printcrm_collect(self):
        result = super()._printcrm_collect()
        for record in self.sudo():
            productions = record.order_id.mrp_production_ids
            if productions != record.production_ids:
                record.production_ids = productions
        return result

    def _printcrm_apply_priority(self):
        result = super()._printcrm_apply_priority()
        productions = self._printcrm_urgent().production_ids
        productions.filtered(lambda p: p.state not in ("done", "cancel")).write({"priority": "1"})
        return result
