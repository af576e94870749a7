# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal

from ..models.sale_order import MAX_REQUEST_CHARS


class PrintcrmCustomerPortal(CustomerPortal):
    @http.route(
        "/my/orders/<int:order_id>/printcrm_request",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def printcrm_order_request(self, order_id, access_token=None, kind="change", message="", **kw):
        """The customer asks to change or cancel an order that is not in production yet."""
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if len(message or "") > MAX_REQUEST_CHARS:
            return request.redirect(order_sudo.get_portal_url(query_string="&printcrm_too_long=1"))
        try:
            order_sudo._printcrm_customer_request(
                "cancel" if kind == "cancel" else "change",
                message,
                request.env.user.partner_id,
            )
            query = "&printcrm_requested=1"
        except UserError:
            query = "&printcrm_refused=1"
        return request.redirect(order_sudo.get_portal_url(query_string=query))
