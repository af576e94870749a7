# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class PrintcrmSalesFactOrder(models.Model):
    """The orders the sales analysis's table holds, one row each, with what its rows were
    filed under (customer, company, salesperson, team) at the last refresh.

    The nightly refresh compares these with the orders to find the ones to take again: one row
    per order instead of the table's two rows per order line, so that a night without new
    orders reads 250,000 rows rather than 2,000,000 at the bench's size. Written only by
    ``printcrm.sales.fact._printcrm_refresh``, with the table's rows.
    """

    _name = "printcrm.sales.fact.order"
    _description = "Orders held by the sales analysis"
    _log_access = False
    _order = "order_id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    # plain ids, as in the table's rows: a merge of customers moves the orders and leaves
    # these, so the next refresh takes the merged customer's orders again
    partner_id = fields.Integer(required=True)
    company_id = fields.Integer(required=True)
    user_id = fields.Integer()
    team_id = fields.Integer()

    def init(self):
        tools.create_unique_index(
            self.env.cr, "printcrm_sales_fact_order_uniq", self._table, ["order_id"]
        )

    def _printcrm_take(self, orders):
        """File the confirmed orders matching ``orders`` (SQL on the order ``so``) as they
        are now."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (order_id, partner_id, company_id, user_id, team_id)
                SELECT so.id, COALESCE(p.commercial_partner_id, p.id), so.company_id,
                       so.user_id, so.team_id
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND (%(orders)s)
                """,
                table=SQL.identifier(self._table),
                orders=orders,
            )
        )

    def _printcrm_fill_from(self, facts):
        """A database whose table was filled before this one existed (18.0.2.0.0): its
        orders as the table's rows file them, so that the next refresh does not take them
        all again."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (order_id, partner_id, company_id, user_id, team_id)
                SELECT DISTINCT ON (f.order_id)
                       f.order_id, f.partner_id, f.company_id, f.user_id, f.team_id
                  FROM %(facts)s f
                 WHERE f.shift = 0
              ORDER BY f.order_id
                """,
                table=SQL.identifier(self._table),
                facts=SQL.identifier(facts),
            )
        )
        return self.env.cr.rowcount
