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
# A change committed by a transaction that started before a refresh is not in the refresh's
# snapshot, yet its write date is older than the refresh: orders written this long before a
# refresh are still read live by the analysis and taken again by the next refresh.
LATE_COMMIT = timedelta(hours=1)
# SQL: the time from which orders are read live (the last refresh, less LATE_COMMIT)
SINCE_FUNCTION = "printcrm_sales_fact_since"


class PrintcrmSalesFact(models.Model):
    """The sales analysis's rows, kept in a table: confirmed order lines on their date (shift 0)
    and one year later (shift 1), in the company's currency, with the customer's tier then.

    Internal: only the analysis (``printcrm.sales.analysis``) reads it, and only the refresh
    writes it. It holds the orders as they were at the last refresh; the analysis reads the
    orders written since then live, so it is always current (see ``_printcrm_changed``). The
    nightly job refreshes the orders written since the previous run, the orders of customers
    whose tier history changed and any confirmed order it misses; ``_printcrm_refresh(full=True)``
    rebuilds the table after orders were changed by SQL without their write date.
    """

    _name = "printcrm.sales.fact"
    _description = "Sales analysis rows (refreshed nightly)"
    _log_access = False
    _order = "id"

    line_id = fields.Integer(required=True)
    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    shift = fields.Integer(required=True, help="0 on the sale's date, 1 one year later.")
    date = fields.Datetime(required=True, index=True)
    # plain ids: the analysis joins what it shows; no foreign key slows the deletion of a
    # product, a user or a team that the history mentions
    company_id = fields.Integer(required=True)
    partner_id = fields.Integer(required=True, index=True)
    product_id = fields.Integer()
    user_id = fields.Integer()
    team_id = fields.Integer()
    # in the company's currency; the analysis shows them as Monetary
    amount = fields.Float()
    quantity = fields.Float()
    margin = fields.Float()
    period_tier = fields.Selection(TIERS, help="Empty when no tier change is known around then.")

    def init(self):
        # the analysis and the refresh look up the orders written since the last refresh
        tools.create_index(
            self.env.cr, "printcrm_sale_order_write_date_index", "sale_order", ["write_date"]
        )
        self._printcrm_create_since_function()
        self.env.cr.execute(SQL("SELECT 1 FROM %s LIMIT 1", SQL.identifier(self._table)))
        if not self.env.cr.rowcount or self._printcrm_refreshed_at() is None:
            # a new install (or a reinstall: the table is new, the parameter may be old)
            self._printcrm_refresh(full=True)

    # -- what the analysis reads --------------------------------------------------------------

    @api.model
    def _printcrm_rows(self, orders, many=False):
        """The rows of the confirmed orders matching ``orders`` (SQL on the order ``so``), in
        the table's columns and types (the analysis reads them beside the table's rows: with
        the same types PostgreSQL merges both into one scan, in parallel). The tier then is
        looked up once per order: the last change on or before the order's date, else the old
        tier of the first change after it. For ``many`` orders (a refresh) the orders are
        read apart first, so that the tier then is looked up once per order, not per row."""
        return SQL(
            """
            SELECT l.id AS line_id, o.id AS order_id, s.shift,
                   CASE s.shift WHEN 0 THEN o.date_order
                        ELSE o.date_order + INTERVAL '1 year' END AS date,
                   o.company_id, o.partner_id, l.product_id, o.user_id, o.team_id,
                   (l.price_subtotal / o.rate)::float8 AS amount,
                   l.product_uom_qty::float8 AS quantity,
                   (COALESCE(l.margin, 0) / o.rate)::float8 AS margin,
                   o.period_tier
              FROM (SELECT so.id, so.date_order, so.company_id, so.user_id, so.team_id,
                           COALESCE(NULLIF(so.currency_rate, 0), 1) AS rate,
                           COALESCE(p.commercial_partner_id, p.id) AS partner_id,
                           COALESCE(
                               (SELECT h.new_tier FROM printcrm_tier_history h
                                 WHERE h.partner_id = COALESCE(p.commercial_partner_id, p.id)
                                   AND h.date <= so.date_order
                              ORDER BY h.date DESC, h.id DESC LIMIT 1),
                               (SELECT h.old_tier FROM printcrm_tier_history h
                                 WHERE h.partner_id = COALESCE(p.commercial_partner_id, p.id)
                                   AND h.date > so.date_order
                              ORDER BY h.date, h.id LIMIT 1)) AS period_tier
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
                    SELECT COALESCE(MAX(value)::timestamp, '-infinity') - %(late)s::interval
                      FROM ir_config_parameter WHERE key = %(key)s
                $$
                """,
                name=SQL.identifier(SINCE_FUNCTION),
                key=REFRESHED_AT,
                late=f"{int(LATE_COMMIT.total_seconds())} seconds",
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
        the orders written since the last refresh, those of customers whose tier history
        changed since, and confirmed orders it does not hold. Returns the number of rows
        written."""
        self.env.flush_all()
        cr = self.env.cr
        table = SQL.identifier(self._table)
        # one refresh at a time; readers are not blocked
        cr.execute(SQL("LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE", table))
        started = cr.now()
        since = None if full else self._printcrm_refreshed_at()
        if since is None:
            cr.execute(SQL("TRUNCATE %s", table))
            orders = SQL("TRUE")
        else:
            stale = self._printcrm_stale_orders(since - LATE_COMMIT)
            cr.execute(SQL("DELETE FROM %s WHERE order_id = ANY(%s)", table, stale))
            orders = SQL("so.id = ANY(%s)", stale)
        columns = SQL(
            "line_id, order_id, shift, date, company_id, partner_id, product_id, user_id,"
            " team_id, amount, quantity, margin, period_tier"
        )
        rows = self._printcrm_rows(orders, many=True)
        cr.execute(SQL("INSERT INTO %s (%s) %s", table, columns, rows))
        written = cr.rowcount
        self.env["ir.config_parameter"].sudo().set_param(
            REFRESHED_AT, fields.Datetime.to_string(started)
        )
        _logger.info("sales analysis: %s rows refreshed (%s)", written, "full" if full else since)
        return written

    def _printcrm_stale_orders(self, since):
        """Ids of the orders written since ``since``, of customers whose tier history changed
        since then (the tier then of their orders may change), and of confirmed orders absent
        from the table (confirmed by SQL, or the table emptied)."""
        self.env.cr.execute(
            SQL(
                """
                SELECT so.id FROM sale_order so WHERE so.write_date >= %(since)s
                 UNION
                SELECT so.id FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                 WHERE COALESCE(p.commercial_partner_id, p.id) IN (
                       SELECT h.partner_id FROM printcrm_tier_history h
                        WHERE h.create_date >= %(since)s)
                 UNION
                SELECT so.id FROM sale_order so
                 WHERE so.state = 'sale'
                   AND NOT EXISTS (SELECT 1 FROM %(table)s f WHERE f.order_id = so.id)
                """,
                since=since,
                table=SQL.identifier(self._table),
            )
        )
        return [order_id for (order_id,) in self.env.cr.fetchall()]
