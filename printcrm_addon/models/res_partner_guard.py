# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

from .res_partner import MERGE_MARK, RATE_BOUNDS, SYSTEM_FIELDS, TIER_INPUTS


class ResPartner(models.Model):
    """Who may write what on a customer: the batches' outputs only by the batches, the
    manager fields by managers, a cooperation rate with its reason; a change of tier made
    through the ORM leaves a history row."""

    _inherit = "res.partner"

    @api.constrains("printcrm_tier_override", "printcrm_tier_override_reason")
    def _check_printcrm_tier_override_reason(self):
        for partner in self:
            if (
                partner.printcrm_tier_override
                and not (partner.printcrm_tier_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "%(customer)s: a tier override needs a reason. Fill in 'Override "
                        "reason' or clear the override.",
                        customer=partner.display_name,
                    )
                )

    def _printcrm_check_manager_field(self, vals, fields_and_groups, creating=False):
        if self.env.su:
            return
        for field_name, group in fields_and_groups:
            if (
                creating
                and field_name in vals
                and self._printcrm_is_default(field_name, vals[field_name])
            ):
                continue
            if field_name in vals and not self.env.user.has_group(group):
                label = self._fields[field_name].get_description(self.env)["string"]
                customers = ", ".join(self.mapped("display_name")[:5])
                raise AccessError(
                    self.env._(
                        "Only a %(group)s can change '%(field)s' (customers: %(customers)s).",
                        group=self.env.ref(group).name,
                        field=label,
                        customers=customers,
                    )
                )

    def _printcrm_guard_system_fields(self, vals, creating=False):
        if self.env.su:
            return
        written = [
            name
            for name in SYSTEM_FIELDS
            if name in vals and not (creating and self._printcrm_is_default(name, vals[name]))
        ]
        if written:
            label = self._fields[written[0]].get_description(self.env)["string"]
            raise AccessError(
                self.env._(
                    "'%(field)s' is computed by the add-on's batches and approvals and cannot "
                    "be set by hand (customers: %(customers)s). A Sales Manager may override "
                    "the tier; credit terms change through a credit request.",
                    field=label,
                    customers=", ".join(self.mapped("display_name")[:5]),
                )
            )

    @api.constrains("printcrm_cooperation_rate", "printcrm_payment_rate_override")
    def _check_printcrm_rates(self):
        low, high = RATE_BOUNDS
        for partner in self.sudo():
            for name in ("printcrm_cooperation_rate", "printcrm_payment_rate_override"):
                value = partner[name]
                if not math.isfinite(value) or not low <= value <= high:
                    raise ValidationError(
                        self.env._(
                            "%(customer)s: '%(field)s' must be between %(low)s and %(high)s "
                            "percent; enter a number in that range.",
                            customer=partner.display_name,
                            field=self._fields[name].get_description(self.env)["string"],
                            low=low,
                            high=high,
                        )
                    )

    def _printcrm_require_cooperation_reason(self, vals):
        """A person who changes a cooperation rate says why (the batch and imports do not)."""
        rate_fields = ("printcrm_cooperation_rate", "printcrm_my_cooperation_rate")
        if self.env.su or not any(name in vals for name in rate_fields):
            return
        reason = vals.get("printcrm_cooperation_reason")
        for partner in self.sudo():
            if not (reason or partner.printcrm_cooperation_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(customer)s: say why the cooperation rate changes in 'Cooperation "
                        "reason'.",
                        customer=partner.display_name,
                    )
                )

    def _printcrm_is_default(self, name, value):
        """A new partner may carry a field's default: Odoo itself sends the defaults of the
        partner's fields when a user (``_inherits``) or a contact is created."""
        field = self._fields[name]
        default = field.default(self) if field.default else False
        return value == default or (not value and not default)

    def _printcrm_guard_write(self, vals, creating=False):
        self._printcrm_guard_system_fields(vals, creating=creating)
        self._printcrm_check_manager_field(
            vals,
            [
                ("printcrm_tier_override", "printcrm_addon.group_printcrm_sales_manager"),
                (
                    "printcrm_payment_rate_overridden",
                    "printcrm_addon.group_printcrm_branch_manager",
                ),
                ("printcrm_payment_rate_override", "printcrm_addon.group_printcrm_branch_manager"),
            ],
            creating=creating,
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo adds the context's default_* values after this point: guard them too
        context_defaults = {
            key[len("default_") :]: value
            for key, value in self.env.context.items()
            if key.startswith("default_printcrm_")
        }
        for vals in vals_list:
            self._printcrm_guard_write({**context_defaults, **vals}, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("printcrm_merge") is MERGE_MARK:
            vals = {key: value for key, value in vals.items() if key not in SYSTEM_FIELDS}
            vals.pop("printcrm_cooperation_rate", None)
        self._printcrm_guard_write(vals)
        if not any(field in vals for field in TIER_INPUTS):
            result = super().write(vals)
        else:
            before = {partner.id: partner.printcrm_tier for partner in self}
            result = super().write(vals)
            self._printcrm_log_tier_changes(before)
        # after the write: who may not set the rate at all is refused by the write itself
        self._printcrm_require_cooperation_reason(vals)
        return result

    def _printcrm_log_tier_changes(self, before):
        """History rows for a change of tier made through the ORM (an override, mostly).

        mail.thread already tracks the field in the chatter; the batch stores its own changes
        set-based in ``_printcrm_store_tier_changes``.
        """
        changed = self.filtered(
            lambda p: p.commercial_partner_id == p and p.printcrm_tier != before.get(p.id)
        )
        if not changed:
            return
        self.env["printcrm.tier.history"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "old_tier": before.get(partner.id) or False,
                    "new_tier": partner.printcrm_tier or False,
                    "score": partner.printcrm_tier_score,
                    "source": "override" if partner.printcrm_tier_override else "computed",
                    "reason": partner.printcrm_tier_override_reason
                    if partner.printcrm_tier_override
                    else False,
                    "user_id": self.env.uid,
                }
                for partner in changed
            ]
        )
