# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PrintCRM: Customer Value, Credit and Order Dispatch",
    "summary": "A/B/C customer tiering, credit terms by class, churn warnings "
    "and order dispatch for B2B manufacturers",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/printcrm/printcrm_addon",
    "author": "printcrm_addon contributors",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "account",
        "crm",
        "sale_crm",
        "sale_management",
        "sale_margin",
    ],
    "data": [
        "security/printcrm_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "views/printcrm_tier_history_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/printcrm_menus.xml",
    ],
    "demo": [
        "demo/printcrm_demo.xml",
    ],
}
