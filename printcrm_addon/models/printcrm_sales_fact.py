# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..batch import run_batch
from ..rules.codes import TIERS

_logger = logging.getLogger(__name__)

REFRESHED_AT = "printcrm_addon.sales_fact_refreshed_at"
# The parameter holds the start of the oldest transaction open when the table was last
# refreshed: a transaction committed after the refresh's snapshot wrote its orders with its
# own start as write date, never earlier. The margin covers the instant between the
# refresh's snapshot and its look at the open transactions.
MARGIN = timedelta(minutes=10)
# SQL: the time from which orders are read live (the parameter, less MARGIN)
SINCE_FUNCTION = "printcrm_sales_fact_since"
# on sale_order: the orders written since the last refresh
WRITE_DATE_INDEX = "printcrm_sale_order_write_date_index"


class PrintcrmSalesFact(models.Model):
    """The sales analysis's rows, kept in a table: confirmed order lines on their date (shift 0)
    and one year later (shift 1), in the company's currency, with the customer's tier then.

    Internal: only the analysis (``printcrm.sales.analysis``) reads it, and only the refresh
    writes it. It holds the orders as they were at the last refresh; the analysis reads the
    orders written since then live, so it is always current (see ``_printcrm_changed``). The
    daily job refreshes the orders written since its previous run, the orders whose customer,
    salesperson, team or company no longer match (a contact moved to another company), those
    dated after a tier change recorded since (an import dated in the past) and any confirmed
    order it misses; ``_printcrm_refresh(full=True)`` rebuilds the table after
    order lines were changed by SQL without their order's write date.
    """

    _name = "printcrm.sales.fact"
    _description = "Sales analysis rows (refreshed daily)"
    _log_access = False
    _order = "id"

    line_id = fields.Integer(required=True)
    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    shift = fields.Integer(required=True, help="0 on the sale's date, 1 one year later.")
    date = fields.Datetime(required=True, index=True)
    order_date = fields.Datetime(required=True)
    # a merge of customers moves these rows with the orders (it follows the foreign keys)
    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    # Plain ids: a foreign key costs a lookup per row written (a full refresh of 2,000,000
    # rows took twice as long with five of them). A company or a product with sales cannot
    # be deleted; a deleted salesperson or team shows as none in the analysis, which joins
    # them, until the daily refresh retakes the orders.
    company_id = fields.Integer(required=True)
    product_id = fields.Integer()
    user_id = fields.Integer()
    team_id = fields.Integer()
    # in the company's currency; the analysis shows them as Monetary
    amount = fields.Float()
    quantity = fields.Float()
    margin = fields.Float()
    period_tier = fields.Selection(
        TIERS,
        help="The customer's last tier change on or before the sale's date; empty before its "
        "first change (the analysis then looks the tier up when it is asked for).",
    )

    def init(self):
        # the analysis and the refresh look up the orders written since the last refresh
        tools.create_index(self.env.cr, WRITE_DATE_INDEX, "sale_order", ["write_date"])
        # a row twice would count its sales twice: refused
        tools.create_unique_index(
            self.env.cr, "printcrm_sales_fact_line_shift_uniq", self._table, ["line_id", "shift"]
        )
        self._printcrm_create_since_function()
        self.env.cr.execute(SQL("SELECT 1 FROM %s LIMIT 1", SQL.identifier(self._table)))
        if not self.env.cr.rowcount or self._printcrm_refreshed_at() is None:
            # a new install (or a reinstall: the table is new, the parameter may be old)
            self._printcrm_refresh(full=True)
            return
        Orders = self.env["printcrm.sales.fact.order"]
        self.env.cr.execute(SQL("SELECT 1 FROM %s LIMIT 1", SQL.identifier(Orders._table)))
        if not self.env.cr.rowcount:
            Orders._printcrm_fill_from(self._table)

    # -- what the analysis reads --------------------------------------------------------------

    @api.model
    def _printcrm_rows(self, orders, many=False):
        """The rows of the confirmed orders matching ``orders`` (SQL on the order ``so``), in
        the table's columns and types (the analysis reads them beside the table's rows: with
        the same types PostgreSQL merges both into one scan, in parallel). The tier then is
        the customer's last change on or before the order's date: a later change never
        alters it. With ``many`` (a refresh) the orders are read apart first, so that it is
        looked up once per order rather than once per row."""
        return SQL(
            """
            SELECT l.id AS line_id, o.id AS order_id, s.shift,
                   CASE s.shift WHEN 0 THEN o.date_order
                        ELSE o.date_order + INTERVAL '1 year' END AS date,
                   o.date_order AS order_date,
                   o.company_id, o.partner_id, l.product_id, o.user_id, o.team_id,
                   (l.price_subtotal / o.rate)::float8 AS amount,
                   l.product_uom_qty::float8 AS quantity,
                   (COALESCE(l.margin, 0) / o.rate)::float8 AS margin,
                   o.period_tier
              FROM (SELECT so.id, so.date_order, so.company_id, so.user_id, so.team_id,
                           COALESCE(NULLIF(so.currency_rate, 0), 1) AS rate,
                           COALESCE(p.commercial_partner_id, p.id) AS partner_id,
                           (SELECT h.new_tier FROM printcrm_tier_history h
                             WHERE h.partner_id = COALESCE(p.commercial_partner_id, p.id)
                               AND h.date <= so.date_order
                          ORDER BY h.date DESC, h.id DESC LIMIT 1) AS period_tier
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.state = 'sale' AND (%(orders)s) %(fence)s) o
              JOIN sale_order_line l ON l.order_id = o.id
             CROSS JOIN LATERAL (VALUES (0), (1)) s(shift)
             WHERE l.display_type IS NULL AND NOT COALESCE(l.is_downpayment, FALSE)
            """,
            orders=orders,
            fence=SQL("OFFSET 0") if many else SQL(),
        )

    @api.model
    def _printcrm_changed(self):
        """SQL: the orders the table may not hold as they are now (written since shortly
        before the last refresh): the analysis reads them live."""
        return SQL(
            "(SELECT so.id FROM sale_order so WHERE so.write_date >= %s())",
            SQL.identifier(SINCE_FUNCTION),
        )

    def _printcrm_create_since_function(self):
        # A function rather than a subquery: PostgreSQL evaluates a stable function when it
        # estimates a plan, so it expects the few orders written since the refresh (and reads
        # them through indexes) instead of a third of all orders; parallel safe, so that the
        # analysis's groupings still scan the table in parallel.
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION %(name)s() RETURNS timestamp
                LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT COALESCE(MAX(value)::timestamp, '-infinity') - %(margin)s::interval
                      FROM ir_config_parameter WHERE key = %(key)s
                $$
                """,
                name=SQL.identifier(SINCE_FUNCTION),
                key=REFRESHED_AT,
                margin=f"{int(MARGIN.total_seconds())} seconds",
            )
        )

    def _printcrm_refreshed_at(self):
        value = self.env["ir.config_parameter"].sudo().get_param(REFRESHED_AT)
        return fields.Datetime.to_datetime(value) if value else None

    # -- refresh ------------------------------------------------------------------------------

    @api.model
    def _cron_printcrm_refresh(self):
        return run_batch(self.env, self.sudo()._printcrm_refresh)

    @api.model
    def _printcrm_refresh(self, full=False):
        """Bring the table up to date: every order when ``full`` (or never refreshed), else
        the stale orders (``_printcrm_stale_orders``). Returns the number of rows written."""
        self.env.flush_all()
        cr = self.env.cr
        table = SQL.identifier(self._table)
        # one refresh at a time; the analysis still reads the rows as they were until commit
        cr.execute(SQL("LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE", table))
        started = self._printcrm_oldest_open_transaction()
        since = None if full else self._printcrm_refreshed_at()
        Orders = self.env["printcrm.sales.fact.order"]
        if since is None:
            # DELETE, not TRUNCATE: a reader keeps its snapshot of the rows meanwhile
            cr.execute(SQL("DELETE FROM %s", table))
            cr.execute(SQL("DELETE FROM %s", SQL.identifier(Orders._table)))
            orders = SQL("TRUE")
        else:
            stale = self._printcrm_stale_orders(since - MARGIN)
            cr.execute(SQL("DELETE FROM %s WHERE order_id = ANY(%s)", table, stale))
            cr.execute(
                SQL("DELETE FROM %s WHERE order_id = ANY(%s)", SQL.identifier(Orders._table), stale)
            )
            orders = SQL("so.id = ANY(%s)", stale)
        Orders._printcrm_take(orders)
        columns = SQL(
            "line_id, order_id, shift, date, order_date, company_id, partner_id, product_id,"
            " user_id, team_id, amount, quantity, margin, period_tier"
        )
        rows = self._printcrm_rows(orders, many=True)
        cr.execute(SQL("INSERT INTO %s (%s) %s", table, columns, rows))
        written = cr.rowcount
        self.env["ir.config_parameter"].sudo().set_param(
            REFRESHED_AT, fields.Datetime.to_string(started)
        )
        _logger.info("sales analysis: %s rows refreshed (%s)", written, "full" if full else since)
        return written

    def _printcrm_oldest_open_transaction(self):
        """The start of the oldest transaction open on this database (this one included): the
        orders it writes carry that time, and this refresh does not see them."""
        self.env.cr.execute(
            """
            SELECT LEAST(now(), MIN(xact_start)) AT TIME ZONE 'UTC'
              FROM pg_stat_activity
             WHERE datname = current_database() AND backend_type = 'client backend'
            """
        )
        return self.env.cr.fetchone()[0]

    def _printcrm_stale_orders(self, since):
        """Ids of the orders the table may hold wrongly or not at all: written since
        ``since``; whose customer (a contact moved to another company), salesperson, team or
        company no longer match; dated on or after a tier change recorded since then (their
        tier then may change); confirmed and never filed (confirmed by SQL). Rows deleted from
        the table by hand are not looked for: ``_printcrm_refresh(full=True)`` rebuilds it.
        The second and the last compare with ``printcrm.sales.fact.order``, one row per order,
        rather than with the table's rows (on the bench, a night without new orders went from
        1.2 s to 0.2 s)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT so.id FROM sale_order so WHERE so.write_date >= %(since)s
                 UNION
                SELECT f.order_id FROM %(orders)s f
                  JOIN sale_order so ON so.id = f.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE f.partner_id != COALESCE(p.commercial_partner_id, p.id)
                    OR f.company_id != so.company_id
                    OR f.user_id IS DISTINCT FROM so.user_id
                    OR f.team_id IS DISTINCT FROM so.team_id
                 UNION
                SELECT so.id FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                  JOIN printcrm_tier_history h
                    ON h.partner_id = COALESCE(p.commercial_partner_id, p.id)
                 WHERE h.create_date >= %(since)s AND so.date_order >= h.date
                 UNION
                SELECT so.id FROM sale_order so
                 WHERE so.state = 'sale'
                   AND NOT EXISTS (SELECT 1 FROM %(orders)s f WHERE f.order_id = so.id)
                """,
                since=since,
                orders=SQL.identifier(self.env["printcrm.sales.fact.order"]._table),
            )
        )
        return [order_id for (order_id,) in self.env.cr.fetchall()]
