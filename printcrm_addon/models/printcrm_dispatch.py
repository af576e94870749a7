# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..rules import dispatch
from ..rules.codes import DISPATCH_STATES


class PrintcrmDispatch(models.Model):
    """What a confirmed order launched in the ERP, and where it stands.

    Deliveries come from the order itself. Manufacturing and purchase orders are added by
    the bridges (``printcrm_addon_mrp``, ``printcrm_addon_purchase``, installed on their own
    when MRP or Purchase is), which find them through the order's procurement group when the
    order is confirmed and whenever someone refreshes. The state is always computed."""

    _name = "printcrm.dispatch"
    _description = "Order dispatch"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _rec_name = "order_id"

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", readonly=True
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Salesperson")
    partner_tier = fields.Selection(related="order_id.printcrm_tier", string="Tier")
    picking_ids = fields.Many2many(
        "stock.picking",
        "printcrm_dispatch_picking_rel",
        "dispatch_id",
        "picking_id",
        string="Deliveries",
        compute="_compute_picking_ids",
        store=True,
    )
    state = fields.Selection(
        DISPATCH_STATES,
        compute="_compute_state",
        store=True,
        tracking=True,
        index=True,
        help="Computed from the deliveries, manufacturing orders (when MRP is installed) and "
        "invoices of the order.",
    )
    is_export = fields.Boolean("Export", compute="_compute_is_export", store=True)
    date_requested = fields.Datetime(related="order_id.commitment_date", string="Requested date")
    date_planned_ship = fields.Datetime(
        "Planned ship date", compute="_compute_date_planned_ship", store=True
    )
    ordered_qty = fields.Float(
        "Ordered quantity", compute="_compute_state", store=True, digits="Product Unit"
    )
    shipped_qty = fields.Float(
        "Shipped quantity", compute="_compute_state", store=True, digits="Product Unit"
    )
    can_change = fields.Boolean(
        "Can still change", compute="_compute_can_change", help="Nothing produced or shipped yet."
    )

    _sql_constraints = [
        ("order_unique", "unique(order_id)", "An order has one dispatch."),
    ]

    @api.depends("order_id.picking_ids")
    def _compute_picking_ids(self):
        for record in self:
            record.picking_ids = record.order_id.picking_ids

    def _outgoing(self):
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )

    @api.depends(
        "picking_ids.state",
        "order_id.order_line.qty_delivered",
        "order_id.order_line.product_uom_qty",
        "order_id.invoice_status",
    )
    def _compute_state(self):
        for record in self:
            lines = record.order_id.order_line.filtered(
                lambda line: line.product_id.type == "consu"
            )
            record.ordered_qty = sum(lines.mapped("product_uom_qty"))
            record.shipped_qty = sum(lines.mapped("qty_delivered"))
            record.state = dispatch.dispatch_state(
                record._outgoing().mapped("state"),
                record._printcrm_production_states(),
                record.ordered_qty,
                record.shipped_qty,
                record.order_id.invoice_status == "invoiced",
            )

    @api.depends("order_id.partner_shipping_id.country_id", "order_id.company_id.country_id")
    def _compute_is_export(self):
        for record in self:
            record.is_export = dispatch.is_export(
                record.order_id.partner_shipping_id.country_id.id,
                record.order_id.company_id.country_id.id,
            )

    @api.depends("picking_ids.scheduled_date", "picking_ids.state")
    def _compute_date_planned_ship(self):
        for record in self:
            open_ones = record._outgoing().filtered(lambda p: p.state not in ("done", "cancel"))
            record.date_planned_ship = min(open_ones.mapped("scheduled_date"), default=False)

    @api.depends("state")
    def _compute_can_change(self):
        for record in self:
            record.can_change = dispatch.can_change(
                record.state, record._printcrm_production_states()
            )

    def _printcrm_production_states(self):
        """States of the manufacturing orders the order launched: none without MRP (the
        MRP bridge overrides this and adds the dependency of the computes)."""
        self.ensure_one()
        return []

    def _printcrm_collect(self):
        """Hook: find what the orders launched through their procurement groups. Deliveries
        are a computed field; the bridges collect manufacturing and purchase orders."""
        return True

    def _printcrm_urgent(self):
        """Dispatches of A customers, as superuser: their ERP documents go first."""
        return self.sudo().filtered(lambda d: d.order_id.printcrm_tier == "a")

    def _printcrm_apply_priority(self):
        """A customers: Odoo's urgent priority (the star) on their open deliveries, so that
        reservation serves them first (the MRP bridge does the same for manufacturing)."""
        pickings = self._printcrm_urgent()._outgoing()
        pickings.filtered(lambda p: p.state not in ("done", "cancel")).write({"priority": "1"})

    def action_refresh(self):
        # the collection runs as superuser: the caller must at least see these dispatches
        self.check_access("read")
        if not self.env.user.has_group("printcrm_addon.group_printcrm_salesperson"):
            raise AccessError(self.env._("Refreshing an order dispatch is for the sales team."))
        self._printcrm_collect()
        self._printcrm_apply_priority()
        return True

    def action_open_order(self):
        self.ensure_one()
        self.check_access("read")
        return self.order_id.get_formview_action()
