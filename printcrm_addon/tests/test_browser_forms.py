# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tours: the forms the crawler does not open, each as the role that uses it."""

from odoo.tests import tagged

from .browser_common import PrintcrmBrowserCase

REQUESTS = "/odoo/action-printcrm_addon.action_printcrm_credit_request"


@tagged("post_install", "-at_install", "printcrm_browser")
class TestBrowserForms(PrintcrmBrowserCase):
    def test_customer_form_every_page_as_salesperson(self):
        self.start_tour(f"/odoo/res.partner/{self.big.id}", "printcrm_customer_form", login="sp")

    def test_customer_form_every_page_as_sales_manager(self):
        self.start_tour(f"/odoo/res.partner/{self.big.id}", "printcrm_customer_form", login="sm")

    def test_ranking_row_opens_the_customer(self):
        self.start_tour(
            "/odoo/action-printcrm_addon.action_printcrm_ranking",
            "printcrm_open_first_row",
            login="sm",
        )

    def test_churn_radar_card_opens_the_customer(self):
        self.start_tour(
            "/odoo/action-printcrm_addon.action_printcrm_churn_radar",
            "printcrm_open_first_card",
            login="bm",
        )

    def test_complaint_retention_dispatch_forms(self):
        for url, login in (
            (f"/odoo/action-printcrm_addon.action_printcrm_complaint/{self.complaint.id}", "sp"),
            (
                f"/odoo/action-printcrm_addon.action_printcrm_retention_case/{self.retention.id}",
                "sp2",
            ),
            (f"/odoo/action-printcrm_addon.action_printcrm_dispatch/{self.dispatch.id}", "sp"),
            (f"/odoo/sale.order/{self.confirmed.id}", "sp"),
        ):
            with self.subTest(url=url):
                self.start_tour(url, "printcrm_form_pages", login=login)

    def test_churn_signal_type_form_as_sales_manager(self):
        record = self.env.company._printcrm_signal_type("order_drop")
        self.start_tour(
            f"/odoo/action-printcrm_addon.action_printcrm_churn_signal_type/{record.id}",
            "printcrm_form_pages",
            login="sm",
        )

    def test_settings_open(self):
        self.start_tour(
            "/odoo/action-printcrm_addon.action_printcrm_settings",
            "printcrm_settings",
            login="admin",
        )

    def test_dashboard_as_general_manager(self):
        Dashboard = self.env["printcrm.dashboard"].with_user(self.users["general_manager"])
        board = Dashboard.browse(Dashboard._printcrm_open_action()["res_id"])
        self.assertEqual(board.my_requests, 3)  # the GM takes over the lower levels too
        self.assertEqual(board.open_requests, 3)
        self.assertEqual(
            board.tier_a_count + board.tier_b_count + board.tier_c_count, len(self.customers)
        )
        self.start_tour(
            "/odoo/action-printcrm_addon.action_printcrm_dashboard_open",
            "printcrm_dashboard",
            login="gm",
        )

    def test_credit_request_through_every_level_in_the_browser(self):
        request = self.requests["draft"]
        url = f"{REQUESTS}/{request.id}"
        self.start_tour(url, "printcrm_credit_submit", login="sp")
        self.assertEqual(request.state, "branch")
        self.start_tour(url, "printcrm_credit_approve", login="bm")
        self.assertEqual(request.state, "sales")
        self.start_tour(url, "printcrm_credit_approve", login="sm")
        self.assertEqual(request.state, "general")
        self.start_tour(url, "printcrm_credit_approve", login="gm")
        self.assertEqual(request.state, "approved")
        self.assertEqual(
            request.approval_ids.mapped("user_id.login"),
            ["bm", "sm", "gm"],
        )
        self.assertEqual(request.partner_id.with_company(self.company).credit_limit, 50_000)

    def test_general_manager_takes_over_lower_levels_with_a_comment(self):
        request = self.requests["branch"]
        self.start_tour(
            f"{REQUESTS}/{request.id}", "printcrm_credit_approve_over_levels", login="gm"
        )
        self.assertEqual(request.state, "approved")
        self.assertEqual(sorted(request.approval_ids.mapped("level")), ["1", "2", "3"])
        self.assertIn("travelling", request.approval_ids[0].comment)

    def test_branch_manager_has_no_approve_button_above_his_level(self):
        request = self.requests["sales"]
        self.start_tour(f"{REQUESTS}/{request.id}", "printcrm_no_approve_button", login="bm")
        self.assertEqual(request.state, "sales")

    def test_quotation_with_credit_banner_and_approval_request(self):
        self.company.printcrm_credit_control = True
        customer = self.big.with_company(self.company)
        customer.write({"use_partner_credit_limit": True, "credit_limit": 1000})
        self.start_tour(
            f"/odoo/sale.order/{self.quotation.id}",
            "printcrm_quotation_credit_banner",
            login="sp",
        )
        self.assertTrue(self.quotation.activity_ids)

    def test_general_manager_opens_the_order_he_must_approve(self):
        self.company.printcrm_credit_control = True
        self.big.with_company(self.company).write(
            {"use_partner_credit_limit": True, "credit_limit": 1000}
        )
        self.quotation.with_user(self.users["salesperson"]).action_printcrm_request_approval()
        self.start_tour(
            "/odoo/action-printcrm_addon.action_printcrm_orders_to_approve",
            "printcrm_open_first_row",
            login="gm",
        )

    def test_churn_radar_runs_the_check_and_says_so(self):
        self.start_tour(
            "/odoo/action-printcrm_addon.action_printcrm_churn_radar",
            "printcrm_run_churn_check",
            login="sm",
        )

    def test_churn_model_as_sales_manager(self):
        self.start_tour(
            "/odoo/action-printcrm_addon.action_printcrm_churn_model",
            "printcrm_churn_model_learn",
            login="sm",
        )

    def test_churn_backtest_as_sales_manager(self):
        self.start_tour(
            "/odoo/action-printcrm_addon.action_printcrm_churn_backtest",
            "printcrm_churn_backtest",
            login="sm",
        )
