# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    printcrm_tier = fields.Selection(
        related="partner_id.commercial_partner_id.printcrm_tier", string="Customer tier"
    )
