# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..rules import credit, dispatch


class StockPicking(models.Model):
    _inherit = "stock.picking"

    printcrm_is_export = fields.Boolean(
        "Export",
        compute="_compute_printcrm_is_export",
        store=True,
        help="The customer is in another country than the company.",
    )
    # export: booked by the shipping staff
    printcrm_incoterm_id = fields.Many2one(
        "account.incoterms",
        "Incoterm",
        compute="_compute_printcrm_incoterm_id",
        store=True,
        readonly=False,
    )
    printcrm_port_loading = fields.Char("Port of loading")
    printcrm_port_discharge = fields.Char("Port of discharge")
    printcrm_vessel = fields.Char("Vessel / voyage")
    printcrm_booking_ref = fields.Char("Booking reference")
    printcrm_container = fields.Char("Container number")
    # domestic: the delivery run
    printcrm_driver = fields.Char("Driver")
    printcrm_vehicle = fields.Char("Vehicle")
    printcrm_run_date = fields.Date("Delivery run date")

    @api.depends("partner_id.country_id", "company_id.country_id", "picking_type_code")
    def _compute_printcrm_is_export(self):
        for picking in self:
            country = picking.partner_id.commercial_partner_id.country_id or (
                picking.partner_id.country_id
            )
            picking.printcrm_is_export = picking.picking_type_code == "outgoing" and (
                dispatch.is_export(country.id, picking.company_id.country_id.id)
            )

    @api.depends("sale_id.incoterm")
    def _compute_printcrm_incoterm_id(self):
        for picking in self:
            picking.printcrm_incoterm_id = picking.sale_id.incoterm or picking.printcrm_incoterm_id

    def _action_done(self):
        result = super()._action_done()
        # the warehouse user validating may not read the order: invoicing is the company's
        shipped = (
            self.sudo()
            .filtered(
                lambda p: (
                    p.state == "done"
                    and p.picking_type_code == "outgoing"
                    and p.sale_id.company_id.printcrm_invoice_by_terms
                )
            )
            .sale_id
        )
        shipped.filtered(
            lambda o: not o._printcrm_pays_before_delivery()
        )._printcrm_invoice_delivered()
        return result

    def button_validate(self):
        self._printcrm_check_prepayment()
        return super().button_validate()

    def _printcrm_check_prepayment(self):
        """Seed 003, 4.3.3 a (3): class C and new customers pay in full before delivery."""
        for picking in self.sudo():
            order = picking.sale_id
            company = picking.company_id
            if not (
                order
                and picking.picking_type_code == "outgoing"
                and company.printcrm_credit_control
                and order._printcrm_pays_before_delivery()
            ):
                continue
            missing = order._printcrm_amount_unpaid()
            if order.currency_id.compare_amounts(missing, 0.0) > 0:
                money = order.currency_id
                raise UserError(
                    self.env._(
                        "%(picking)s cannot be validated: %(customer)s pays before delivery "
                        "(%(term)s) and %(missing)s of the %(total)s of %(order)s is not paid "
                        "yet. Register the payment or a down payment first.",
                        picking=picking.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        # no term on the order: the customer's class or newness decided
                        term=order.payment_term_id.display_name
                        or self.env._("its class or being new"),
                        missing=credit.money_text(missing, money.name),
                        total=credit.money_text(order.amount_total, money.name),
                        order=order.name,
                    )
                )
