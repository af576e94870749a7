# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    printcrm_order_approval = fields.Boolean(
        "Order approval request",
        help="Its open activities let their assignee open the quotation to approve (record "
        "rule on sales orders), whatever the assignee's own sales rights.",
    )
