# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Quotations already open at installation get their confirmation deadline."""
    env["sale.order"]._printcrm_plan_open_quotations()


def uninstall_hook(env):
    """What the sales analysis adds outside its own tables: the function that tells which
    orders it reads live, and the index on the orders' write date."""
    env.cr.execute("DROP VIEW IF EXISTS printcrm_sales_analysis")
    env.cr.execute("DROP FUNCTION IF EXISTS printcrm_sales_fact_since()")
    env.cr.execute("DROP INDEX IF EXISTS printcrm_sale_order_write_date_index")
