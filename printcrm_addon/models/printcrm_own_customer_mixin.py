# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.osv import expression

MANAGER_GROUP = "printcrm_addon.group_printcrm_branch_manager"


class PrintcrmOwnCustomerMixin(models.AbstractModel):
    """Figures a salesperson sees for its own customers only.

    Odoo lets every internal user read every partner, and a field's ``groups`` is all or
    nothing; but a salesperson must see the churn risk and credit figures of its customers,
    not those of a colleague's (nor derive a Branch-Manager field such as the cooperation rate
    from the score). Below Branch Manager, these fields read as empty on other customers, and
    a search, grouping or export that uses them is narrowed to the user's own customers.
    """

    _name = "printcrm.own.customer.mixin"
    _description = "Figures readable on own customers only"

    # the fields concerned; the model defines them
    _printcrm_own_only_fields = ()

    def _printcrm_restricted(self):
        return not self.env.su and not self.env.user.has_group(MANAGER_GROUP)

    def _printcrm_own_domain(self):
        return [("commercial_partner_id.user_id", "=", self.env.uid)]

    def _printcrm_uses_own_only(self, names):
        private = set(self._printcrm_own_only_fields)
        return any(name.split(".")[0].split(":")[0] in private for name in names)

    def _printcrm_domain_fields(self, domain):
        return [leaf[0] for leaf in domain or () if isinstance(leaf, (list, tuple)) and leaf]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # a sort on a hidden figure ranks the customers by it: narrowed as a filter would be
        ordered = [part.split()[0] for part in (order or "").split(",") if part.strip()]
        if self._printcrm_restricted() and self._printcrm_uses_own_only(
            self._printcrm_domain_fields(domain) + ordered
        ):
            domain = expression.AND([domain or [], self._printcrm_own_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        if self._printcrm_restricted() and self._printcrm_uses_own_only(
            [*groupby, *aggregates, *self._printcrm_domain_fields(having)]
        ):
            domain = expression.AND([domain or [], self._printcrm_own_domain()])
        return super()._read_group(
            domain,
            groupby=groupby,
            aggregates=aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        self._printcrm_blank_hidden(result, fnames, {row["id"]: row["id"] for row in result})
        return result

    @api.model
    def _printcrm_blank_hidden(self, rows, fnames, partner_of_row):
        """Empty the hidden figures in ``rows`` (read results) whose partner
        (``partner_of_row[row id]``) is not one of the user's own customers."""
        hidden = [name for name in fnames if name in self._printcrm_own_only_fields]
        if not (hidden and self._printcrm_restricted()):
            return
        own = set(self.browse(list(set(partner_of_row.values())))._printcrm_own_ids())
        for row in rows:
            if partner_of_row.get(row["id"]) not in own:
                row.update(dict.fromkeys(hidden, False))

    def _printcrm_own_ids(self):
        mine = self.sudo().filtered(lambda p: p.commercial_partner_id.user_id.id == self.env.uid)
        return mine.ids

    def _printcrm_figures_hidden(self):
        """Whether this customer's figures are hidden from the current user."""
        self.ensure_one()
        return self._printcrm_restricted() and self.id not in self._printcrm_own_ids()

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        # reached for the partners of any export (an order's customer too): refuse the
        # hidden figures of customers that are not the user's own
        if (
            self._printcrm_restricted()
            and self._printcrm_uses_own_only([path[0] for path in fields if path])
            and set(self.ids) - set(self._printcrm_own_ids())
        ):
            raise UserError(
                self.env._(
                    "Churn risk and credit figures can be exported for your own customers "
                    "only: select only your customers, or leave those columns out."
                )
            )
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
