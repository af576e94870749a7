# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..rules import dispatch

STATES = [
    (dispatch.WAITING, "Waiting"),
    (dispatch.IN_PRODUCTION, "In production"),
    (dispatch.READY, "Ready to ship"),
    (dispatch.PARTIALLY_SHIPPED, "Partially shipped"),
    (dispatch.SHIPPED, "Shipped"),
    (dispatch.INVOICED, "Invoiced"),
]


class PrintcrmDispatch(models.Model):
    """What a confirmed order launched in the ERP, and where it stands.

    Deliveries come from the order itself; manufacturing and purchase orders are found
    through its procurement group (``sale_mrp`` and ``sale_purchase_stock``) when the order
    is confirmed and whenever someone refreshes. The state is always computed."""

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
    production_ids = fields.Many2many(
        "mrp.production",
        "printcrm_dispatch_production_rel",
        "dispatch_id",
        "production_id",
        string="Manufacturing orders",
        readonly=True,
        copy=False,
    )
    purchase_ids = fields.Many2many(
        "purchase.order",
        "printcrm_dispatch_purchase_rel",
        "dispatch_id",
        "purchase_id",
        string="Purchase orders",
        readonly=True,
        copy=False,
    )
    state = fields.Selection(
        STATES,
        compute="_compute_state",
        store=True,
        tracking=True,
        index=True,
        help="Computed from the deliveries, manufacturing orders and invoices of the order.",
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
        "production_ids.state",
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
                record.production_ids.mapped("state"),
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

    @api.depends("state", "production_ids.state")
    def _compute_can_change(self):
        for record in self:
            record.can_change = dispatch.can_change(
                record.state, record.production_ids.mapped("state")
            )

    def _printcrm_collect(self):
        """Find what the orders launched through their procurement groups."""
        for record in self.sudo():
            order = record.order_id
            record.write(
                {
                    "production_ids": [(6, 0, order.mrp_production_ids.ids)],
                    "purchase_ids": [(6, 0, order._get_purchase_orders().ids)],
                }
            )

    def _printcrm_apply_priority(self):
        """A customers: Odoo's urgent priority (the star) on deliveries and manufacturing
        orders, so that reservation and planning serve them first."""
        urgent = self.sudo().filtered(lambda d: d.order_id.printcrm_tier == "a")
        pickings = urgent._outgoing().filtered(lambda p: p.state not in ("done", "cancel"))
        pickings.write({"priority": "1"})
        urgent.production_ids.filtered(lambda p: p.state not in ("done", "cancel")).write(
            {"priority": "1"}
        )

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
