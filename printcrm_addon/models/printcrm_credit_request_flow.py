# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

from ..notify import notification
from ..rules import credit
from .printcrm_credit_request import ACTIVITY, LEVEL_OF_STATE, STATE_OF_LEVEL, STATES
from .res_users import LEVEL_GROUPS


class PrintcrmCreditRequest(models.Model):
    """The approval flow of a credit request: submitted, approved level after level (or
    several at once with a comment), rejected, and the limit and term granted at the end."""

    _inherit = "printcrm.credit.request"

    def action_submit(self):
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._("%(request)s is already submitted.", request=request.display_name)
                )
            if request.user_id != self.env.user and not self.env.user.has_group(
                LEVEL_GROUPS[credit.BRANCH]
            ):
                raise AccessError(
                    self.env._(
                        "Only %(user)s, who prepared %(request)s, can submit it.",
                        user=request.user_id.name,
                        request=request.display_name,
                    )
                )
            request._printcrm_flow().state = "branch"
            request._printcrm_schedule_next(credit.BRANCH)
        return True

    def action_approve(self, comment=None):
        if len(self) > 1 and not (comment and comment.strip()):
            skipping = self.filtered(
                lambda r: (
                    LEVEL_OF_STATE.get(r.state)
                    and r._printcrm_user_level() > LEVEL_OF_STATE[r.state]
                )
            )
            if skipping:
                raise UserError(
                    self.env._(
                        "%(request)s would be approved for several levels at once: open it and "
                        "approve it on its own, with a comment.",
                        request=skipping[0].display_name,
                    )
                )
        for request in self:
            level = LEVEL_OF_STATE.get(request.state)
            if not level:
                raise UserError(
                    self.env._(
                        "%(request)s is not waiting for an approval (state: %(state)s).",
                        request=request.display_name,
                        state=dict(STATES)[request.state],
                    )
                )
            if request.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "You prepared %(request)s and cannot approve it yourself; another "
                        "manager must.",
                        request=request.display_name,
                    )
                )
            own_level = request._printcrm_user_level()
            if own_level < level:
                raise AccessError(
                    self.env._(
                        "%(request)s waits for a %(group)s; your groups do not allow this step.",
                        request=request.display_name,
                        group=self.env.ref(LEVEL_GROUPS[level]).name,
                    )
                )
            approved, following = credit.next_state(level, own_level)
            if len(approved) > 1 and not (comment and comment.strip()):
                return request._printcrm_confirm_levels_action(approved)
            request._printcrm_record(approved, "approve", comment, on_behalf=own_level > level)
            request.activity_unlink([ACTIVITY])
            if following:
                request._printcrm_flow().state = STATE_OF_LEVEL[following]
                request._printcrm_schedule_next(following)
            else:
                request._printcrm_flow().state = "approved"
                request._printcrm_grant()
                request._printcrm_tell_requester(
                    self.env._(
                        "Your credit request %(request)s for %(customer)s was approved: limit "
                        "%(limit)s.",
                        request=request.name,
                        customer=request.partner_id.display_name,
                        limit=credit.money_text(request.requested_limit, request.currency_id.name),
                    )
                )
        if len(self) == 1:
            message = (
                self.env._("%(request)s approved.", request=self.name)
                if self.state == "approved"
                else self.env._(
                    "%(request)s approved at your level; it now waits for: %(state)s.",
                    request=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )
            return notification(message, reload=True)
        return True

    def _printcrm_confirm_levels_action(self, levels):
        """Approving several levels at once is confirmed with a comment, kept in the trail."""
        labels = dict(
            self.env["printcrm.credit.approval"]._fields["level"]._description_selection(self.env)
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve several levels"),
            "res_model": "printcrm.credit.approve.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_request_id": self.id,
                "default_levels": ", ".join(labels[str(level)] for level in levels),
            },
        }

    def _printcrm_tell_requester(self, body):
        """A message to the requester's inbox, on the request."""
        self.message_post(
            body=body,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def action_reject(self, reason=None):
        if not reason or not reason.strip():
            raise UserError(self.env._("Give a reason to reject a credit request."))
        for request in self:
            level = LEVEL_OF_STATE.get(request.state)
            if not level:
                raise UserError(
                    self.env._(
                        "%(request)s is not waiting for an approval.",
                        request=request.display_name,
                    )
                )
            if request._printcrm_user_level() < level:
                raise AccessError(
                    self.env._(
                        "%(request)s waits for a %(group)s; only that group or a higher one "
                        "can reject it.",
                        request=request.display_name,
                        group=self.env.ref(LEVEL_GROUPS[level]).name,
                    )
                )
            request._printcrm_record((level,), "reject", reason)
            request.activity_unlink([ACTIVITY])
            request._printcrm_flow().write({"state": "rejected", "reject_reason": reason})
            request.activity_schedule(
                ACTIVITY,
                user_id=request.user_id.id,
                note=plaintext2html(self.env._("Credit request rejected: %s", reason)),
            )
            request._printcrm_tell_requester(
                self.env._(
                    "Your credit request %(request)s for %(customer)s was rejected: %(reason)s",
                    request=request.name,
                    customer=request.partner_id.display_name,
                    reason=reason,
                )
            )
        return True

    def action_open_reject_wizard(self):
        self.ensure_one()
        if not self.can_approve:
            raise AccessError(
                self.env._(
                    "%(request)s does not wait for your level; you cannot reject it.",
                    request=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "printcrm.credit.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    # --- helpers ----
    def _printcrm_user_level(self):
        user = self.env.user
        levels = [level for level, group in LEVEL_GROUPS.items() if user.has_group(group)]
        return max(levels, default=0)

    def _printcrm_record(self, levels, decision, comment, on_behalf=False):
        self.env["printcrm.credit.approval"].sudo().create(
            [
                {
                    "request_id": self.id,
                    "level": str(level),
                    "decision": decision,
                    "user_id": self.env.uid,
                    "comment": comment or False,
                    "on_behalf": on_behalf and level != max(levels),
                }
                for level in levels
            ]
        )

    def _printcrm_schedule_next(self, level):
        """One activity for each user of the group that acts next, except the requester."""
        users = self.env["res.users"]._printcrm_users_of_level(level, exclude=self.user_id)
        summary = self.env._(
            "Credit request %(request)s: %(customer)s, limit %(limit)s",
            request=self.name,
            customer=self.partner_id.display_name,
            limit=credit.money_text(self.requested_limit, self.currency_id.name),
        )
        for user in users:
            self.activity_schedule(ACTIVITY, user_id=user.id, summary=summary)

    def _printcrm_grant(self):
        partner = self.partner_id.with_company(self.company_id).sudo()
        values = {"credit_limit": self.requested_limit, "use_partner_credit_limit": True}
        if self.term_exception_id:
            values.update(
                printcrm_term_exception_id=self.term_exception_id.id,
                printcrm_term_exception_until=self.term_exception_until,
                property_payment_term_id=self.term_exception_id.id,
                printcrm_term_rule="exception",
            )
        partner.write(values)
        partner.message_post(
            body=self.env._(
                "Credit limit %(limit)s approved by %(user)s (request %(request)s).",
                limit=credit.money_text(self.requested_limit, self.currency_id.name),
                user=self.env.user.name,
                request=self.name,
            )
        )
