# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..rules.codes import TIERS
from .res_partner import SALES_CHANNELS

MONTHS = [(f"{month:02d}", f"{month:02d}") for month in range(1, 13)]


class PrintcrmSalesAnalysis(models.Model):
    """Confirmed sales with the same period of last year beside them.

    Every confirmed order line appears twice: once on its own date with its figures, and
    once one year later with its figures in the "last year" columns (only up to today), so
    that any grouping of the pivot (month, customer, category...) shows both periods. The
    tier then is the customer's tier on the sale's date (its tier today when no change is
    known around that date)."""

    _name = "printcrm.sales.analysis"
    _inherit = ["printcrm.report.mixin"]
    _description = "Sales analysis"
    _auto = False
    _rec_name = "date"
    _order = "date desc"

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    partner_tier = fields.Selection(TIERS, "Tier", readonly=True)
    channel = fields.Selection(SALES_CHANNELS, readonly=True)
    country_id = fields.Many2one("res.country", "Customer country", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", "Product category", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales team", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    amount = fields.Monetary("Sales", readonly=True)
    quantity = fields.Float(readonly=True)
    margin = fields.Monetary(readonly=True)
    amount_last_year = fields.Monetary("Sales last year", readonly=True)
    growth = fields.Float(
        "Growth (%)",
        readonly=True,
        aggregator="sum",
        help="Sales against the same period last year: (sales - last year) / last year.",
    )
    period_tier = fields.Selection(
        TIERS, "Tier then", readonly=True, help="The customer's tier on the date of the sale."
    )
    year = fields.Char(readonly=True)
    month_of_year = fields.Selection(MONTHS, "Month of year", readonly=True)
    quantity_last_year = fields.Float("Quantity last year", readonly=True)
    margin_last_year = fields.Monetary("Margin last year", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The rows come from the table the daily job refreshes (printcrm.sales.fact), except
        # for the orders written since: those are read live, so the analysis is always current
        # and reads each stored row once. No WITH clause and no DISTINCT at the top:
        # PostgreSQL merges the view into each query and computes only the columns the query
        # uses (a grouping by month joins neither the customer nor the product). The tier
        # then is stored when a change on or before the sale's date gives it (a later change
        # never alters it); before the customer's first change it is the old tier of that
        # change, else its tier today: looked up here, as it changes with the next change.
        Fact = self.env["printcrm.sales.fact"]
        changed = Fact._printcrm_changed()
        columns = SQL(
            "f.line_id, f.order_id, f.shift, f.date, f.order_date, f.company_id, f.partner_id,"
            " f.product_id, f.user_id, f.team_id, f.amount, f.quantity, f.margin, f.period_tier"
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT f.line_id * 2 + f.shift AS id, f.date, f.company_id, f.order_id,
                           f.partner_id, cp.printcrm_tier AS partner_tier,
                           cp.printcrm_sales_channel AS channel, cp.country_id,
                           f.product_id, t.categ_id, u.id AS user_id, ct.id AS team_id,
                           CASE f.shift WHEN 0 THEN f.amount ELSE 0.0 END AS amount,
                           CASE f.shift WHEN 0 THEN f.quantity ELSE 0.0 END AS quantity,
                           CASE f.shift WHEN 0 THEN f.margin ELSE 0.0 END AS margin,
                           CASE f.shift WHEN 1 THEN f.amount ELSE 0.0 END AS amount_last_year,
                           CASE f.shift WHEN 1 THEN f.quantity ELSE 0.0 END
                               AS quantity_last_year,
                           CASE f.shift WHEN 1 THEN f.margin ELSE 0.0 END AS margin_last_year,
                           0.0 AS growth,
                           COALESCE(f.period_tier, %(tier_before_first_change)s,
                                    cp.printcrm_tier) AS period_tier,
                           CASE f.shift WHEN 0 THEN to_char(f.date, 'YYYY') END AS year,
                           CASE f.shift WHEN 0 THEN to_char(f.date, 'MM') END AS month_of_year
                      FROM (SELECT %(columns)s FROM %(fact)s f
                             WHERE f.order_id NOT IN %(changed)s
                             UNION ALL
                            SELECT %(columns)s FROM (%(live)s) f) f
                 LEFT JOIN res_partner cp ON cp.id = f.partner_id
                 LEFT JOIN product_product pp ON pp.id = f.product_id
                 LEFT JOIN product_template t ON t.id = pp.product_tmpl_id
                 LEFT JOIN res_users u ON u.id = f.user_id
                 LEFT JOIN crm_team ct ON ct.id = f.team_id
                     WHERE f.shift = 0 OR f.date <= now() AT TIME ZONE 'UTC'
                )
                """,
                view=SQL.identifier(self._table),
                fact=SQL.identifier(Fact._table),
                columns=columns,
                changed=changed,
                live=Fact._printcrm_rows(SQL("so.id IN %s", changed)),
                tier_before_first_change=SQL(
                    """
                    (SELECT h.old_tier FROM printcrm_tier_history h
                      WHERE h.partner_id = f.partner_id AND h.date > f.order_date
                   ORDER BY h.date, h.id LIMIT 1)
                    """
                ),
            )
        )

    def _read_group_select(self, aggregate_spec, query):
        """Growth is a ratio of sums, not a sum: computed from the group's two totals."""
        if aggregate_spec == "growth:sum":
            return SQL(
                "COALESCE(100.0 * (SUM(%(now)s) - SUM(%(before)s))"
                " / NULLIF(SUM(%(before)s), 0), 0)",
                now=self._field_to_sql(self._table, "amount", query),
                before=self._field_to_sql(self._table, "amount_last_year", query),
            )
        return super()._read_group_select(aggregate_spec, query)
