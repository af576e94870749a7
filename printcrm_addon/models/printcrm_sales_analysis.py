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
    view reads each line once (a lateral pair of rows), not twice."""

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
        # No WITH clause and no DISTINCT at the top: PostgreSQL then merges the view into
        # each query and computes only the columns the query uses (a grouping by month does
        # not format years, join products nor look up past tiers). Each line is read once and
        # given twice: on its date (shift 0) and one year later in the "last year" columns.
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT l.id * 2 + s.shift AS id,
                           CASE s.shift WHEN 0 THEN o.date_order
                                ELSE o.date_order + INTERVAL '1 year' END AS date,
                           o.company_id, o.id AS order_id,
                           cp.id AS partner_id, cp.printcrm_tier AS partner_tier,
                           cp.printcrm_sales_channel AS channel, cp.country_id,
                           l.product_id, t.categ_id, o.user_id, o.team_id,
                           CASE s.shift WHEN 0 THEN %(amount)s ELSE 0.0 END AS amount,
                           CASE s.shift WHEN 0 THEN l.product_uom_qty ELSE 0.0 END AS quantity,
                           CASE s.shift WHEN 0 THEN %(margin)s ELSE 0.0 END AS margin,
                           CASE s.shift WHEN 1 THEN %(amount)s ELSE 0.0 END AS amount_last_year,
                           CASE s.shift WHEN 1 THEN l.product_uom_qty ELSE 0.0 END
                               AS quantity_last_year,
                           CASE s.shift WHEN 1 THEN %(margin)s ELSE 0.0 END AS margin_last_year,
                           0.0 AS growth,
                           %(period_tier)s AS period_tier,
                           CASE s.shift WHEN 0 THEN to_char(o.date_order, 'YYYY') END AS year,
                           CASE s.shift WHEN 0 THEN to_char(o.date_order, 'MM') END
                               AS month_of_year
                      FROM sale_order_line l
                      JOIN sale_order o ON o.id = l.order_id
                      JOIN res_partner p ON p.id = o.partner_id
                      JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
                 LEFT JOIN product_product pp ON pp.id = l.product_id
                 LEFT JOIN product_template t ON t.id = pp.product_tmpl_id
                     CROSS JOIN LATERAL (VALUES (0), (1)) s(shift)
                     WHERE o.state = 'sale' AND l.display_type IS NULL
                       AND NOT COALESCE(l.is_downpayment, FALSE)
                       AND (s.shift = 0
                            OR o.date_order + INTERVAL '1 year' <= now() AT TIME ZONE 'UTC')
                )
                """,
                view=SQL.identifier(self._table),
                amount=SQL("l.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1)"),
                margin=SQL("COALESCE(l.margin, 0) / COALESCE(NULLIF(o.currency_rate, 0), 1)"),
                period_tier=self._printcrm_period_tier(),
            )
        )

    def _printcrm_period_tier(self):
        """The customer's tier on the order's date: the last change on or before it, else the
        old tier of the first change after it, else its tier today. Subqueries rather than a
        join, so that only a grouping by "Tier then" pays for them (the join costs every
        query of the view its time twice over)."""
        return SQL(
            """
            COALESCE(
                (SELECT h.new_tier FROM printcrm_tier_history h
                  WHERE h.partner_id = cp.id AND h.date <= o.date_order
               ORDER BY h.date DESC, h.id DESC LIMIT 1),
                (SELECT h.old_tier FROM printcrm_tier_history h
                  WHERE h.partner_id = cp.id AND h.date > o.date_order
               ORDER BY h.date, h.id LIMIT 1),
                cp.printcrm_tier)
            """
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
