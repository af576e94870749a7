# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: whether a confirmed order pays before delivery is stored on the order.

Before, it was read from the order's current payment terms at each delivery; the orders
confirmed then keep that reading: pay first when their terms are the company's class C or
new-customer terms.
"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            UPDATE sale_order o
               SET printcrm_pays_first = TRUE
              FROM res_company c
             WHERE c.id = o.company_id
               AND o.state = 'sale'
               AND o.payment_term_id IN (c.printcrm_term_tier_c_id, c.printcrm_term_new_id)
            """
        )
    )
