# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError

ANY = "any"
CURRENT_USER = "current_user"
# the flow's mark in the context: an object, which no RPC client can send (a string could)
_FLOW = object()


class PrintcrmWorkflowMixin(models.AbstractModel):
    """Records whose workflow fields change only through their own buttons.

    Every public method is an RPC endpoint and a view's ``readonly`` protects nothing: a
    plain ``write`` of ``state`` would skip approvals and checks. The flow's methods write
    through ``_printcrm_flow()``; anything else that touches a workflow field is refused.
    """

    _name = "printcrm.workflow.mixin"
    _description = "Workflow fields written by the flow only"

    # field name -> what creation may set: a value, None (nothing), ANY (set by the model's
    # own create, e.g. a sequence) or CURRENT_USER (the creating user's id)
    _printcrm_workflow_fields = {}

    def _printcrm_flow(self):
        return self.with_context(printcrm_flow=(_FLOW, self._name))

    def _printcrm_in_flow(self):
        mark = self.env.context.get("printcrm_flow")
        return self.env.su or (
            isinstance(mark, tuple)
            and len(mark) == 2
            and mark[0] is _FLOW
            and mark[1] == self._name
        )

    def _printcrm_refuse_workflow_fields(self, names):
        field = self._fields[names[0]].get_description(self.env)["string"]
        raise AccessError(
            self.env._(
                "'%(field)s' of %(records)s changes only through the buttons of its flow.",
                field=field,
                records=", ".join(self.mapped("display_name")) or self._description,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._printcrm_in_flow():
            for vals in vals_list:
                forbidden = [
                    name
                    for name, rule in self._printcrm_workflow_fields.items()
                    if name in vals and not self._printcrm_creation_allows(rule, vals[name])
                ]
                if forbidden:
                    self._printcrm_refuse_workflow_fields(forbidden)
        return super().create(vals_list)

    def _printcrm_creation_allows(self, rule, value):
        if rule == ANY or value in (False, None):
            return True
        if rule == CURRENT_USER:
            return value == self.env.uid
        return value == rule

    def write(self, vals):
        if not self._printcrm_in_flow():
            forbidden = [name for name in self._printcrm_workflow_fields if name in vals]
            if forbidden:
                self._printcrm_refuse_workflow_fields(forbidden)
        return super().write(vals)
