# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..models.res_partner import MERGE_MARK


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Merging contacts copies every field onto the kept one: the batch outputs are left
    out (the next batch recomputes them) instead of refusing the merge."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        return super()._update_values(
            src_partners, dst_partner.with_context(printcrm_merge=MERGE_MARK)
        )
