# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Quotations already open at installation get their confirmation deadline."""
    env["sale.order"]._printcrm_plan_open_quotations()
