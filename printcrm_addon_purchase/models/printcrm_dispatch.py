# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PrintcrmDispatch(models.Model):
    """Purchase orders in the dispatch: what the order is waiting for from vendors."""

    _inherit = "printcrm.dispatch"

    purchase_ids = fields.Many2many(
        "purchase.order",
        "printcrm_dispatch_purchase_rel",
        "dispatch_id",
        "purchase_id",
        string="Purchase orders",
        readonly=True,
        copy=False,
    )

    def _printcrm_collect(self):
        result = super()._printcrm_collect()
        for record in self.sudo():
            purchases = record.order_id._get_purchase_orders()
            if purchases != record.purchase_ids:
                record.purchase_ids = purchases
        return result
