# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    printcrm_price_related = fields.Boolean(
        "Lost on price",
        help="Opportunities lost for this reason count as discount pressure in the churn "
        "early warning.",
    )
