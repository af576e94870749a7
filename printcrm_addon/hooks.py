# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL, drop_view_if_exists

from .models.printcrm_sales_fact import SINCE_FUNCTION, WRITE_DATE_INDEX
from .models.sale_order_line import DISCOUNT_INDEX


def post_init_hook(env):
    """Quotations already open at installation get their confirmation deadline."""
    env["sale.order"]._printcrm_plan_open_quotations()


def uninstall_hook(env):
    """What the add-on adds outside its own tables: the function that tells the sales
    analysis which orders it reads live (the view that calls it first), the index on the
    orders' write date and the one on discounted order lines."""
    drop_view_if_exists(env.cr, env["printcrm.sales.analysis"]._table)
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(SINCE_FUNCTION)))
    for index in (WRITE_DATE_INDEX, DISCOUNT_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
