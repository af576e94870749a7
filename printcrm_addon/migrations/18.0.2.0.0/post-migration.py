# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.2.0.0

Manufacturing and purchase orders of a dispatch moved into the bridges ``printcrm_addon_mrp``
and ``printcrm_addon_purchase``: the add-on no longer makes every company install MRP and
Purchase. A database that has them installs the bridge, so nothing is lost; the bridge's
install hook collects the orders again for every dispatch.

The churn signals' weights, windows and thresholds move from company columns into
``printcrm.churn.signal.type`` records (one per company and signal); the old columns are
still there while post-migration scripts run (Odoo drops the columns of removed fields at the
end of the update) and are read once here. A value the records refuse (the old settings had
looser bounds) is brought within the record's bounds, with a warning. Discount pressure and
demand tightening get their own windows, until now borrowed from the complaint and order
drop windows.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.printcrm_addon.models.printcrm_churn_signal_type import PARAMETERS
from odoo.addons.printcrm_addon.rules import churn

_logger = logging.getLogger(__name__)

BRIDGES = {"printcrm_addon_mrp": "sale_mrp", "printcrm_addon_purchase": "sale_purchase_stock"}


def install_bridges(env):
    """Mark the bridges whose Odoo module is installed; return their names."""
    Module = env["ir.module.module"]
    installed = set(
        Module.search([("name", "in", list(BRIDGES.values())), ("state", "=", "installed")]).mapped(
            "name"
        )
    )
    wanted = [bridge for bridge, base in BRIDGES.items() if base in installed]
    bridges = Module.search([("name", "in", wanted), ("state", "=", "uninstalled")])
    present = Module.search([("name", "in", wanted)]).filtered(
        lambda m: m.state in ("uninstalled", "installed", "to install", "to upgrade")
    )
    for name in set(wanted) - set(present.mapped("name")):
        _logger.warning(
            "%s is not on the addons path: the order dispatch shows no %s until it is "
            "installed (its orders are found again then).",
            name,
            "manufacturing orders" if name.endswith("mrp") else "purchase orders",
        )
    if bridges:
        bridges.button_install()
    return bridges.mapped("name")


# old company column -> the (signal, field) records that take its value
SIGNAL_COLUMNS = {
    "printcrm_churn_weight_overdue": [(churn.OVERDUE_PAYMENT, "weight")],
    "printcrm_churn_overdue_days": [(churn.OVERDUE_PAYMENT, "threshold")],
    "printcrm_churn_weight_drop": [(churn.ORDER_DROP, "weight")],
    "printcrm_churn_drop_window": [
        (churn.ORDER_DROP, "window_days"),
        (churn.DEMAND_TIGHTENING, "window_days"),
    ],
    "printcrm_churn_drop_threshold": [(churn.ORDER_DROP, "threshold")],
    "printcrm_churn_drop_min_orders": [(churn.ORDER_DROP, "min_count")],
    "printcrm_churn_horizon_days": [(churn.PURCHASE_RHYTHM, "window_days")],
    "printcrm_churn_weight_response": [(churn.NO_RESPONSE, "weight")],
    "printcrm_churn_response_window": [(churn.NO_RESPONSE, "window_days")],
    "printcrm_churn_response_min": [(churn.NO_RESPONSE, "min_count")],
    "printcrm_churn_weight_complaint": [(churn.COMPLAINT, "weight")],
    "printcrm_churn_complaint_window": [
        (churn.COMPLAINT, "window_days"),
        (churn.DISCOUNT_PRESSURE, "window_days"),
    ],
    "printcrm_churn_weight_discount": [(churn.DISCOUNT_PRESSURE, "weight")],
    "printcrm_churn_discount_threshold": [(churn.DISCOUNT_PRESSURE, "threshold")],
    "printcrm_churn_discount_min": [(churn.DISCOUNT_PRESSURE, "min_count")],
    "printcrm_churn_weight_demand": [(churn.DEMAND_TIGHTENING, "weight")],
    "printcrm_churn_lead_ratio": [(churn.DEMAND_TIGHTENING, "threshold")],
}


def _within(code, attribute, value):
    low, high = {"weight": (0, 100), **PARAMETERS[code]}.get(attribute, (None, None))
    if low is None or low <= value <= high:
        return value
    bounded = min(max(value, low), high)
    _logger.warning(
        "churn signal %s: %s %s is out of %s-%s, set to %s",
        code,
        attribute,
        value,
        low,
        high,
        bounded,
    )
    return bounded


def migrate_signal_types(env):
    """Copy the old company columns into the signal type records; return how many values
    were moved."""
    present = [name for name in SIGNAL_COLUMNS if column_exists(env.cr, "res_company", name)]
    if not present:
        return 0
    env.cr.execute(
        SQL(
            "SELECT id, %s FROM res_company",
            SQL(", ").join(SQL.identifier(name) for name in present),
        )
    )
    rows = env.cr.fetchall()
    SignalType = env["printcrm.churn.signal.type"].sudo().with_context(active_test=False)
    SignalType._printcrm_ensure(env["res.company"].browse([row[0] for row in rows]))
    moved = 0
    for company_id, *values in rows:
        records = {r.code: r for r in SignalType.search([("company_id", "=", company_id)])}
        changes = {}
        for name, value in zip(present, values, strict=True):
            if value is None:
                continue
            for code, attribute in SIGNAL_COLUMNS[name]:
                changes.setdefault(code, {})[attribute] = _within(code, attribute, value)
                moved += 1
        for code, vals in changes.items():
            records[code].write(vals)
    return moved


def migrate(cr, version):
    if version:
        env = api.Environment(cr, SUPERUSER_ID, {})
        migrate_signal_types(env)
        install_bridges(env)
