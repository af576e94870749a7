# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PrintCRM: Manufacturing in Order Dispatch",
    "summary": "Manufacturing orders of a sale in its dispatch, its state and its priority",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/printcrm/printcrm_addon",
    "author": "printcrm_addon contributors",
    "license": "LGPL-3",
    "depends": ["printcrm_addon", "sale_mrp"],
    "data": ["views/printcrm_dispatch_views.xml"],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
}
