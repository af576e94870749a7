# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from ..rules import dispatch

SOURCES = [
    (dispatch.SOURCE_STOCK, "From stock"),
    (dispatch.SOURCE_MANUFACTURE, "Manufacture"),
    (dispatch.SOURCE_PURCHASE, "Purchase"),
    (dispatch.SOURCE_NONE, "No supply route"),
]
RULE_SOURCE = {"manufacture": dispatch.SOURCE_MANUFACTURE, "buy": dispatch.SOURCE_PURCHASE}
# on sale_order_line: the discounted lines, which the churn batch's discount pressure reads
DISCOUNT_INDEX = "printcrm_sale_order_line_discount_index"


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def init(self):
        result = super().init()
        # most lines carry no discount: the churn batch reads the few that do rather than
        # scanning every line of the window
        tools.create_index(
            self.env.cr, DISCOUNT_INDEX, self._table, ["order_id"], where="discount > 0"
        )
        return result

    printcrm_supply_source = fields.Selection(
        SOURCES, "Supplied by", compute="_compute_printcrm_feasibility"
    )
    printcrm_earliest_date = fields.Date(
        "Earliest delivery",
        compute="_compute_printcrm_feasibility",
        help="From the forecast stock at the line's date, else the manufacturing or purchase "
        "lead time of the product's route, plus the customer lead time.",
    )
    printcrm_date_ok = fields.Boolean(
        "Requested date feasible", compute="_compute_printcrm_feasibility"
    )

    @api.depends(
        "product_id",
        "product_uom_qty",
        "product_uom",
        "virtual_available_at_date",
        "customer_lead",
        "route_id",
        "order_id.commitment_date",
        "order_id.warehouse_id",
    )
    def _compute_printcrm_feasibility(self):
        today = fields.Date.context_today(self)
        for line in self:
            product = line.product_id
            if not product or product.type != "consu" or line.state not in ("draft", "sent"):
                line.printcrm_supply_source = False
                line.printcrm_earliest_date = False
                line.printcrm_date_ok = True
                continue
            qty = line.product_uom._compute_quantity(line.product_uom_qty, product.uom_id)
            available = line.virtual_available_at_date if product.is_storable else qty
            source, lead = line._printcrm_supply_route()
            source, earliest = dispatch.earliest_date(
                today, qty, available, source, lead, line.customer_lead or 0
            )
            requested = line.order_id.commitment_date
            line.printcrm_supply_source = source
            line.printcrm_earliest_date = earliest
            line.printcrm_date_ok = bool(earliest) and (
                not requested or earliest <= requested.date()
            )

    def _printcrm_supply_route(self):
        """(source, lead days) of the rule that replenishes the warehouse stock for the
        product: Odoo's own lead time computation (BoM and company manufacturing lead,
        vendor and purchase lead)."""
        self.ensure_one()
        warehouse = self.order_id.warehouse_id
        if not warehouse:
            return dispatch.SOURCE_NONE, 0
        try:
            rules = self.product_id._get_rules_from_location(warehouse.lot_stock_id)
        except UserError:
            return dispatch.SOURCE_NONE, 0
        source = next(
            (RULE_SOURCE[r.action] for r in rules if r.action in RULE_SOURCE),
            dispatch.SOURCE_NONE,
        )
        if source == dispatch.SOURCE_PURCHASE and not self.product_id._select_seller(quantity=None):
            source = dispatch.SOURCE_NONE  # the warehouse would buy it, but from nobody
        if source == dispatch.SOURCE_NONE:
            return source, 0
        delays, _description = rules.with_context(bypass_delay_description=True)._get_lead_days(
            self.product_id
        )
        return source, int(delays["total_delay"] + 0.999)
