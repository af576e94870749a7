/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("printcrm_portal_order_status", {
    steps: () => [
        {
            content: "The order is confirmed",
            trigger: "#printcrm_order_status .badge:contains('Yes')",
        },
        {
            content: "Its dispatch status is shown",
            trigger: "#printcrm_dispatch_state:contains('Waiting')",
        },
        {
            content: "Quantities shipped and left",
            trigger: "#printcrm_shipped_table td:contains('Tour cable')",
        },
        {
            content: "Say what should change",
            trigger: "#printcrm_change textarea[name='message']",
            run: "edit Please deliver 20 instead of 12",
        },
        {
            content: "Ask for the change",
            trigger: "#printcrm_request_change",
            run: "click",
        },
        {
            content: "The request was sent",
            trigger: "#printcrm_order_status .alert-success",
        },
    ],
});
