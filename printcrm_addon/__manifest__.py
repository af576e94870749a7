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
    "depends": [
        "account",
        "crm",
        "sale_crm",
        "sale_management",
        "sale_margin",
        "sale_stock",
    ],
    "data": [
        "security/printcrm_security.xml",
        "security/ir.model.access.csv",
        "security/printcrm_credit_rules.xml",
        "security/printcrm_churn_rules.xml",
        "data/ir_cron.xml",
        "data/account_payment_term_data.xml",
        "data/printcrm_credit_data.xml",
        "data/printcrm_churn_data.xml",
        "views/printcrm_tier_history_views.xml",
        "views/printcrm_credit_request_views.xml",
        "views/printcrm_complaint_views.xml",
        "views/printcrm_churn_signal_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/account_payment_register_views.xml",
        "views/printcrm_menus.xml",
        "reports/printcrm_credit_review_report.xml",
    ],
    "demo": [
        "demo/printcrm_demo.xml",
    ],
}
