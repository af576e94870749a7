# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0

- The policy that depends on the customer's class moves from company columns into
  ``printcrm.customer.class`` records (one per company and class); the old columns, which Odoo
  leaves in place, are read once here.
- Whether a confirmed order pays before delivery is stored on the order. Before, it was read
  from the order's current payment terms at each delivery; the orders confirmed then keep that
  reading: pay first when their terms are the company's class C or new-customer terms.
- Approvals over the limit or of overdue invoices hold up to the exposure they were given for,
  a new column: the ones given before, on quotations still waiting, get the customer's exposure
  as it is now, or they would stop counting and those quotations need approving again.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.printcrm_addon.models.res_company import CLASS_FIELDS


def migrate_class_policy(env):
    """Copy the old company columns into the class records; return how many were moved."""
    present = [name for name in CLASS_FIELDS if column_exists(env.cr, "res_company", name)]
    if not present:
        return 0
    env.cr.execute(
        SQL(
            "SELECT id, %s FROM res_company",
            SQL(", ").join(SQL.identifier(name) for name in present),
        )
    )
    rows = env.cr.fetchall()
    Class = env["printcrm.customer.class"].sudo()
    companies = env["res.company"].browse([row[0] for row in rows])
    Class._printcrm_ensure(companies)
    moved = 0
    for company_id, *values in rows:
        records = {r.code: r for r in Class.search([("company_id", "=", company_id)])}
        changes = {}
        for name, value in zip(present, values, strict=True):
            if value is None:
                continue
            code, attribute = CLASS_FIELDS[name]
            changes.setdefault(code, {})[attribute] = value
        # in SQL, then checked once: one class at a time could fail on valid settings (the
        # old A share beside the new default B share)
        for code, vals in changes.items():
            env.cr.execute(
                SQL(
                    "UPDATE printcrm_customer_class SET %s WHERE id = %s",
                    SQL(", ").join(
                        SQL("%s = %s", SQL.identifier(name), value) for name, value in vals.items()
                    ),
                    records[code].id,
                )
            )
            moved += len(vals)
        Class.invalidate_model()
        env["res.company"].browse(company_id)._check_printcrm_tier_policy()
    return moved


def fill_approval_exposure(env):
    """Exposure and overdue amount for the waiting quotations' approvals that have none; return
    how many were filled."""
    approvals = (
        env["printcrm.order.approval"]
        .sudo()
        .search(
            [
                ("gate", "in", ["credit_limit", "overdue"]),
                ("exposure", "=", 0),
                ("overdue_amount", "=", 0),
                ("order_id.state", "in", ["draft", "sent"]),
            ]
        )
    )
    for order in approvals.order_id:
        exposure = order._printcrm_exposure()
        approvals.filtered(lambda a, o=order: a.order_id == o).write(
            {"exposure": exposure.total, "overdue_amount": exposure.overdue}
        )
    return len(approvals)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    migrate_class_policy(env)
    fill_approval_exposure(env)
    env.flush_all()
    cr.execute(
        """
        UPDATE sale_order o
           SET printcrm_pays_first = TRUE
          FROM printcrm_customer_class k
         WHERE k.company_id = o.company_id
           AND k.code IN ('c', 'new')
           AND o.state = 'sale'
           AND o.payment_term_id = k.payment_term_id
        """
    )
