# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import churn


class ResCompany(models.Model):
    """The company's churn policy: its signal types (one record per signal, with weight,
    window and thresholds) and the two company-wide risk levels."""

    _inherit = "res.company"

    printcrm_signal_type_ids = fields.One2many(
        "printcrm.churn.signal.type", "company_id", "Churn signal types"
    )
    # the score is a chance of losing the customer in percent: levels are probabilities
    printcrm_churn_medium_from = fields.Float("Medium risk from (% chance)", default=30.0)
    printcrm_churn_high_from = fields.Float("High risk from (% chance)", default=60.0)

    @api.constrains("printcrm_churn_medium_from", "printcrm_churn_high_from")
    def _check_printcrm_risk_levels(self):
        for company in self:
            if (
                not 0
                < company.printcrm_churn_medium_from
                <= company.printcrm_churn_high_from
                <= 100
            ):
                raise ValidationError(
                    self.env._(
                        "Churn settings of %(company)s cannot be saved: risk levels must be "
                        "0 < medium <= high <= 100. Correct them in Settings > Sales > Churn "
                        "early warning.",
                        company=company.display_name,
                    )
                )

    def _printcrm_signal_type(self, code):
        """This company's record of signal ``code``, archived or not."""
        self.ensure_one()
        SignalType = self.env["printcrm.churn.signal.type"].sudo().with_context(active_test=False)
        record = SignalType.search([("company_id", "=", self.id), ("code", "=", code)])
        return record or SignalType._printcrm_ensure(self).filtered(lambda r: r.code == code)

    def _printcrm_churn_policy(self):
        self.ensure_one()
        return churn.ChurnPolicy(
            **self.env["printcrm.churn.signal.type"]._printcrm_policy_values(self),
            medium_from=self.printcrm_churn_medium_from,
            high_from=self.printcrm_churn_high_from,
        )
