# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..rules import credit

LEVEL_GROUPS = {
    credit.BRANCH: "printcrm_addon.group_printcrm_branch_manager",
    credit.SALES: "printcrm_addon.group_printcrm_sales_manager",
    credit.GENERAL: "printcrm_addon.group_printcrm_general_manager",
}


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _printcrm_users_of_level(self, level, exclude=None):
        """The active internal users whose highest Customer Value group is ``level`` (each
        group implies the lower ones, so a general manager is also in the branch group);
        when there are none, every user of the group."""
        exclude = exclude or self.browse()
        group_users = self.env.ref(LEVEL_GROUPS[level]).users.filtered(
            lambda u: u.active and not u.share and u not in exclude
        )
        higher = self.browse()
        for other, xmlid in LEVEL_GROUPS.items():
            if other > level:
                higher |= self.env.ref(xmlid).users
        return (group_users - higher) or group_users

    def _read_format(self, fnames, load="_classic_read"):
        # a user's partner fields are read here, not through res.partner: the figures of a
        # customer that is not the reader's own read as empty here too (own-customer rule)
        result = super()._read_format(fnames, load=load)
        partners = {user.id: user.partner_id.id for user in self.sudo()}
        self.env["res.partner"]._printcrm_blank_hidden(result, fnames, partners)
        return result
