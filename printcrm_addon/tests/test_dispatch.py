# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import PrintcrmCase
from .dispatch_common import DispatchCase


@tagged("post_install", "-at_install")
class TestDispatch(DispatchCase):
    """Orders served from stock, from confirmation to invoice: what every company has, with
    or without manufacturing and purchase (their bridges test the orders they launch)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.drum = cls._stocked("Cable drum")

    def test_dispatch_follows_delivery_and_invoice(self):
        order = self._sale(self.customer_a, [(self.drum, 10)])
        dispatch = order.printcrm_dispatch_id
        self.assertTrue(dispatch)
        delivery = self._outgoing(dispatch)
        self.assertEqual(len(delivery), 1)
        # nothing in stock yet: the order waits and may still change
        self.assertEqual(dispatch.state, "waiting")
        self.assertTrue(dispatch.can_change)
        # A customer: urgent priority on the delivery
        self.assertEqual(delivery.priority, "1")
        self.assertFalse(dispatch.is_export)
        self.assertTrue(dispatch.action_refresh())

        self.env["stock.quant"]._update_available_quantity(self.drum, self.stock, 10)
        delivery.action_assign()
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(dispatch.state, "ready")
        self.assertFalse(dispatch.can_change)

        self._deliver(delivery, {self.drum: 4})
        self.assertEqual(dispatch.state, "partially_shipped")
        self.assertEqual(dispatch.shipped_qty, 4)
        self.assertEqual(dispatch.ordered_qty, 10)
        backorder = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        self.assertIn(backorder, dispatch.picking_ids)
        self._deliver(backorder, {self.drum: 6})
        self.assertEqual(dispatch.state, "shipped")

        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(dispatch.state, "invoiced")

    def test_c_export_order_has_normal_priority_and_export_flag(self):
        # confirmed by a salesperson, who may read the dispatch of its own order
        order = self._sale(self.customer_c, [(self.drum, 3)], user=self.salesperson)
        dispatch = order.printcrm_dispatch_id
        self.assertEqual(dispatch.state, "waiting")
        other = self._sale(self.customer_c, [(self.drum, 1)])
        Dispatch = self.env["printcrm.dispatch"].with_user(self.salesperson)
        self.assertEqual(Dispatch.search([("partner_id", "=", self.customer_c.id)]), dispatch)
        self.assertTrue(other.printcrm_dispatch_id)
        self.assertTrue(dispatch.is_export)
        self.assertEqual(dispatch.picking_ids.priority, "0")

    def _packing_list(self, picking):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "printcrm_addon.report_printcrm_packing_list", picking.ids
        )
        return html.decode()

    def test_packing_list_prints_export_or_domestic_shipping(self):
        self.drum.weight = 1.5
        export = self._sale(self.customer_c, [(self.drum, 4)])
        export.incoterm = self.env.ref("account.incoterm_FOB")
        picking = export.picking_ids
        self.assertTrue(picking.printcrm_is_export)
        self.assertEqual(picking.printcrm_incoterm_id.code, "FOB")
        picking.write(
            {
                "printcrm_port_loading": "Shanghai",
                "printcrm_port_discharge": "Hai Phong",
                "printcrm_container": "MSKU 123456-7",
                "printcrm_driver": "never printed on an export",
            }
        )
        html = self._packing_list(picking)
        self.assertIn("Hai Phong", html)
        self.assertIn("MSKU 123456-7", html)
        self.assertIn("FOB", html)
        self.assertIn("6.00", html)  # 4 x 1.5 kg
        self.assertNotIn("never printed", html)

        domestic = self._sale(self.customer_a, [(self.drum, 2)])
        picking = domestic.picking_ids
        self.assertFalse(picking.printcrm_is_export)
        picking.write({"printcrm_driver": "Wang Lei", "printcrm_vehicle": "Hu A-12345"})
        html = self._packing_list(picking)
        self.assertIn("Wang Lei", html)
        self.assertIn("Hu A-12345", html)
        self.assertNotIn("Port of loading", html)

    def test_invoices_follow_the_payment_terms_when_enabled(self):
        stock_product = self._stocked("Drum in stock", on_hand=100)
        prepay_term = self.company.printcrm_term_new_id
        credit_term = self.company.printcrm_term_tier_a_id
        self.customer_a.property_payment_term_id = credit_term
        self.customer_c.property_payment_term_id = prepay_term

        # off (the default): nothing is invoiced by itself, as in standard Odoo
        order = self._sale(self.customer_c, [(stock_product, 2)])
        self.assertFalse(order.invoice_ids)

        self.company.printcrm_invoice_by_terms = True
        prepaid = self._sale(self.customer_c, [(stock_product, 3)])
        self.assertEqual(prepaid.payment_term_id, prepay_term)
        self.assertEqual(len(prepaid.invoice_ids), 1)
        self.assertEqual(prepaid.invoice_ids.state, "posted")
        self.assertAlmostEqual(prepaid.invoice_ids.amount_untaxed, 300.0)

        on_credit = self._sale(self.customer_a, [(stock_product, 5)])
        self.assertFalse(on_credit.invoice_ids)
        picking = on_credit.picking_ids
        picking.action_assign()
        self._deliver(picking, {stock_product: 5})
        self.assertEqual(len(on_credit.invoice_ids), 1)
        self.assertEqual(on_credit.invoice_ids.state, "posted")
        self.assertEqual(on_credit.invoice_ids.invoice_payment_term_id, credit_term)
        self.assertAlmostEqual(on_credit.invoice_ids.amount_untaxed, 500.0)
        self.assertEqual(on_credit.printcrm_dispatch_id.state, "invoiced")

    @freeze_time("2026-11-20 09:00:00")
    def test_lines_show_whether_the_requested_date_can_be_met(self):
        drum = self._stocked("Drum in stock", on_hand=5, sale_delay=1)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "commitment_date": datetime(2026, 11, 30, 12, 0),
                "order_line": [Command.create({"product_id": drum.id, "product_uom_qty": 4})],
            }
        )
        from_stock = order.order_line
        self.assertEqual(from_stock.printcrm_supply_source, "stock")
        self.assertEqual(str(from_stock.printcrm_earliest_date), "2026-11-21")
        self.assertTrue(from_stock.printcrm_date_ok)
        self.assertTrue(order.printcrm_date_feasible)
        self.assertEqual(str(order.printcrm_earliest_commitment), "2026-11-21")
        order.commitment_date = datetime(2026, 11, 20, 15, 0)
        self.assertFalse(order.printcrm_date_feasible)
        order.action_printcrm_use_earliest_date()
        self.assertEqual(order.commitment_date, datetime(2026, 11, 21, 12, 0))
        self.assertTrue(order.printcrm_date_feasible)
        # more than the stock and no route that makes or buys drums
        from_stock.product_uom_qty = 8
        self.assertEqual(from_stock.printcrm_supply_source, "none")
        # ... so no date is proposed for it, nor for the order, and the date is not feasible
        self.assertFalse(from_stock.printcrm_earliest_date)
        self.assertFalse(from_stock.printcrm_date_ok)
        self.assertFalse(order.printcrm_earliest_commitment)
        self.assertFalse(order.printcrm_date_feasible)

    def test_views_of_orders_dispatch_and_analysis_load(self):
        self._credit_users()
        for xmlid, user in (
            ("printcrm_addon.action_printcrm_dispatch", self.salesperson),
            ("printcrm_addon.action_printcrm_orders_waiting", self.salesperson),
            ("printcrm_addon.action_printcrm_sales_analysis", self.salesperson),
            ("printcrm_addon.action_printcrm_confirmation_lead_time", self.branch_manager),
        ):
            action = self.env.ref(xmlid)
            model = self.env[action.res_model].with_user(user)
            modes = action.view_mode.split(",")
            views = model.get_views([(False, mode) for mode in modes] + [(False, "search")])
            self.assertEqual(set(views["views"]), {*modes, "search"}, xmlid)
        order_form = self.env["sale.order"].with_user(self.salesperson).get_views([(False, "form")])
        arch = order_form["views"]["form"]["arch"]
        self.assertIn("printcrm_earliest_commitment", arch)
        self.assertIn("printcrm_supply_source", arch)
        picking_form = self.env["stock.picking"].get_views([(False, "form")])
        self.assertIn("printcrm_port_loading", picking_form["views"]["form"]["arch"])

    def test_warehouse_user_who_cannot_read_the_order_ships_and_invoices(self):
        drum = self._stocked("Drum in stock", on_hand=10)
        self.customer_a.property_payment_term_id = self.company.printcrm_term_tier_a_id
        self.company.printcrm_invoice_by_terms = True
        order = self._sale(self.customer_a, [(drum, 2)])
        keeper = new_test_user(
            self.env,
            "printcrm_wh",
            groups="base.group_user,stock.group_stock_manager,sales_team.group_sale_salesman",
        )
        picking = order.picking_ids.with_user(keeper)
        picking.action_assign()
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.invoice_ids.state, "posted")
        self.assertEqual(order.printcrm_dispatch_id.state, "invoiced")

    def test_service_only_order_has_no_dispatch(self):
        service = self.env["product.product"].create({"name": "Design work", "type": "service"})
        order = self._sale(self.customer_c, [(service, 1)])
        self.assertFalse(order.printcrm_dispatch_id)


@tagged("post_install", "-at_install")
class TestConfirmationSla(PrintcrmCase):
    """Target: one working day on the company's calendar (Mon-Fri 8-17)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_users()
        cls.customer = cls._customer("Lotus Packaging", user_id=cls.salesperson.id)
        calendar = cls.company.resource_calendar_id
        calendar.tz = "UTC"
        cls.calendar = calendar

    def _quotation(self, received):
        with freeze_time(received):
            return self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "product_uom_qty": 5})
                    ],
                }
            )

    def test_friday_order_is_due_monday_and_late_on_tuesday(self):
        friday = datetime(2026, 11, 20, 10, 0)
        order = self._quotation(friday)
        self.assertEqual(order.printcrm_received_at, friday)
        self.assertEqual(order.printcrm_confirm_deadline, datetime(2026, 11, 23, 10, 0))
        Order = self.env["sale.order"]
        domain = [("printcrm_confirm_overdue", "=", True), ("id", "=", order.id)]
        with freeze_time(datetime(2026, 11, 22, 18, 0)):  # Sunday: not late yet
            self.assertFalse(Order.search(domain))
            self.assertFalse(Order._cron_printcrm_late_confirmation() & order)
        with freeze_time(datetime(2026, 11, 23, 11, 0)):  # Monday 11:00: late
            self.assertEqual(Order.search(domain), order)
            Order._cron_printcrm_late_confirmation()
            Order._cron_printcrm_late_confirmation()  # not twice
            late_type = self.env.ref("printcrm_addon.mail_activity_printcrm_late_confirmation")
            self.assertEqual(order.activity_ids.activity_type_id, late_type)
            self.assertEqual(order.activity_ids.user_id, self.branch_manager)
            self.assertIn(
                "Received Nov 20, 2026, 10:00:00 AM, to be confirmed by Nov 23",
                str(order.activity_ids.note),
            )
            order.action_confirm()
        self.assertFalse(order.activity_ids)
        self.assertTrue(order.printcrm_confirm_late)
        # Friday 10-17 (6 h with the lunch break) + Monday 8-11 (3 h)
        self.assertAlmostEqual(order.printcrm_confirm_hours, 9.0)
        self.assertFalse(Order.search(domain))

    def test_received_date_is_editable_and_moves_the_deadline(self):
        order = self._quotation(datetime(2026, 11, 23, 9, 0))
        with Form(order.with_user(self.salesperson)) as form:
            form.printcrm_received_at = datetime(2026, 11, 19, 9, 0)  # Thursday
        self.assertEqual(order.printcrm_confirm_deadline, datetime(2026, 11, 20, 9, 0))
        with freeze_time(datetime(2026, 11, 20, 8, 30)):
            order.action_confirm()
        self.assertFalse(order.printcrm_confirm_late)
        self.assertEqual(order.printcrm_tier_confirmed, order.printcrm_tier)

    def test_installation_plans_open_quotations_only_and_history_stays(self):
        open_one = self._quotation(datetime(2026, 11, 20, 10, 0))
        confirmed = self._quotation(datetime(2026, 11, 20, 10, 0))
        with freeze_time(datetime(2026, 11, 20, 11, 0)):
            confirmed.action_confirm()
        # as the add-on finds them on an existing database: no deadline yet
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET printcrm_confirm_deadline = NULL WHERE id IN %s",
            [(open_one.id, confirmed.id)],
        )
        self.env.invalidate_all()
        planned = self.env["sale.order"]._printcrm_plan_open_quotations()
        self.assertIn(open_one, planned)
        self.assertNotIn(confirmed, planned)
        self.assertEqual(open_one.printcrm_confirm_deadline, datetime(2026, 11, 23, 10, 0))
        # a new target re-plans open quotations, not the history of confirmed ones
        confirmed.printcrm_confirm_deadline = datetime(2026, 11, 23, 10, 0)
        self.company.printcrm_confirm_target_days = 2
        self.assertEqual(open_one.printcrm_confirm_deadline, datetime(2026, 11, 24, 10, 0))
        self.assertEqual(confirmed.printcrm_confirm_deadline, datetime(2026, 11, 23, 10, 0))
