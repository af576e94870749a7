# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Workflow and batch fields change only through their flows, settings reject absurd
numbers, user text reaches notes escaped: each tried as the restricted user, through the
RPC entry point (``call_kw``) where the web client would go."""

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
class TestWorkflowAndBatchFields(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_users()
        cls.customer = cls._customer("Guarded Wire Co", user_id=cls.salesperson.id)

    def _rpc(self, user, model, method, args, kwargs=None):
        return call_kw(self.env[model].with_user(user), method, args, kwargs or {})

    def _request(self):
        form = Form(self.env["printcrm.credit.request"].with_user(self.salesperson))
        form.partner_id = self.customer
        form.requested_limit = 10_000
        request = form.save()
        request.action_submit()
        return request

    def test_credit_request_state_amount_and_author_follow_the_flow(self):
        request = self._request()
        for vals in (
            {"state": "general"},
            {"state": "approved"},
            {"user_id": self.other_salesperson.id},
            {"reject_reason": "x"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self._rpc(self.salesperson, "printcrm.credit.request", "write", [request.ids, vals])
        # the flow's context mark cannot be sent over RPC
        for mark in ("printcrm.credit.request", ["x", "printcrm.credit.request"]):
            with self.subTest(mark=mark), self.assertRaises(AccessError):
                self._rpc(
                    self.salesperson,
                    "printcrm.credit.request",
                    "write",
                    [request.ids, {"state": "general"}],
                    {"context": {"printcrm_flow": mark}},
                )
        request.with_user(self.branch_manager).action_approve()
        with self.assertRaises(UserError):
            self._rpc(
                self.salesperson,
                "printcrm.credit.request",
                "write",
                [request.ids, {"requested_limit": 9_999_999}],
            )
        with self.assertRaises(AccessError):
            self._rpc(
                self.salesperson,
                "printcrm.credit.request",
                "create",
                [{"partner_id": self.customer.id, "requested_limit": 5, "state": "approved"}],
            )
        self.assertEqual((request.state, request.requested_limit), ("sales", 10_000))
        self.assertEqual(request.user_id, self.salesperson)

    def test_credit_request_amount_rejects_nan_and_infinity(self):
        for amount in (float("nan"), float("inf")):
            with self.subTest(amount=amount), self.assertRaises(ValidationError):
                self._rpc(
                    self.salesperson,
                    "printcrm.credit.request",
                    "create",
                    [{"partner_id": self.customer.id, "requested_limit": amount}],
                )

    def test_complaint_is_filed_new_and_moves_by_its_buttons(self):
        for vals in ({"state": "closed"}, {"escalated": True}, {"date_opened": "1900-01-01"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self._rpc(
                    self.salesperson,
                    "printcrm.complaint",
                    "create",
                    [{"partner_id": self.customer.id, "description": "Late", **vals}],
                )
        complaint_id = self._rpc(
            self.salesperson,
            "printcrm.complaint",
            "create",
            [{"partner_id": self.customer.id, "description": "Late"}],
        )
        complaint = self.env["printcrm.complaint"].browse(complaint_id)
        with self.assertRaises(AccessError):
            self._rpc(
                self.salesperson,
                "printcrm.complaint",
                "write",
                [[complaint_id], {"state": "resolved"}],
            )
        with self.assertRaises(UserError):  # resolving needs a root cause and an action
            complaint.with_user(self.salesperson).action_resolve()
        self.assertEqual(complaint.state, "new")

    def test_partner_duplicate_and_request_copy_still_work(self):
        self.customer.sudo().write({"printcrm_score_share": 12.5, "printcrm_rank": 3})
        copy = self.customer.with_user(self.sales_manager).copy()
        self.assertFalse(copy.sudo().printcrm_rank)
        request = self._request()
        request.with_user(self.branch_manager).action_reject(reason="Too early")
        again = request.with_user(self.salesperson).copy()
        self.assertEqual((again.state, again.user_id), ("draft", self.salesperson))

    def test_batch_and_credit_outputs_of_a_customer_are_not_writable(self):
        for vals in (
            {"printcrm_tier": "a"},
            {"printcrm_churn_score": 0},
            {"printcrm_churn_level": "low"},
            {"printcrm_term_exception_id": self.env["account.payment.term"].search([], limit=1).id},
            {"printcrm_rank": 1},
            # who sees the customer in the ranking and on the radar
            {"printcrm_tier_company_id": self.env.company.id},
            {"printcrm_churn_company_id": self.env.company.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self._rpc(self.sales_manager, "res.partner", "write", [self.customer.ids, vals])
        self.assertFalse(self.customer.printcrm_tier)

    def test_cooperation_rate_is_bounded_and_needs_a_reason(self):
        for rate in (1e12, -101.0, float("nan")):
            with self.subTest(rate=rate), self.assertRaises(ValidationError):
                self._rpc(
                    self.branch_manager,
                    "res.partner",
                    "write",
                    [
                        self.customer.ids,
                        {"printcrm_cooperation_rate": rate, "printcrm_cooperation_reason": "test"},
                    ],
                )
        with self.assertRaises(ValidationError):
            self._rpc(
                self.branch_manager,
                "res.partner",
                "write",
                [self.customer.ids, {"printcrm_cooperation_rate": 120.0}],
            )
        self._rpc(
            self.branch_manager,
            "res.partner",
            "write",
            [
                self.customer.ids,
                {
                    "printcrm_cooperation_rate": 120.0,
                    "printcrm_cooperation_reason": "Shares its forecasts",
                },
            ],
        )
        self.assertEqual(self.customer.sudo().printcrm_cooperation_rate, 120.0)

    def test_settings_reject_nan_infinity_and_absurd_windows(self):
        company = self.company.with_user(self.env.ref("base.user_admin"))
        for name, value in (
            ("printcrm_tier_a_threshold", float("nan")),
            ("printcrm_large_order_amount", float("nan")),
            ("printcrm_complaint_response_a", float("inf")),
            ("printcrm_tier_window_months", 1_000_000),
        ):
            with self.subTest(setting=name), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    company.write({name: value})
                    company.flush_recordset()
        # the Settings screen: an amount is rounded on its way in, the refusal comes first
        settings = self.env["res.config.settings"].with_user(self.env.ref("base.user_admin"))
        with self.assertRaisesRegex(ValidationError, "Large order threshold"):
            settings.create({"printcrm_large_order_amount": float("nan")})

    def test_branch_manager_does_not_sign_off_own_order(self):
        self.company.write({"printcrm_credit_control": True, "printcrm_branch_signoff_all": True})
        order = self._order(self.customer, 1000, TODAY, state="draft")
        order.user_id = self.branch_manager
        with self.assertRaisesRegex(AccessError, "your own order"):
            self._rpc(self.branch_manager, "sale.order", "action_printcrm_approve", [order.ids])
        self.assertFalse(order.printcrm_approval_ids)

    def test_customer_text_reaches_notes_escaped_and_requests_are_limited(self):
        order = self._order(self.customer, 100, TODAY)
        hostile = '<img src="https://evil.example/x.png"><a href="https://evil.example">win</a>'
        order._printcrm_customer_request("change", hostile, self.customer)
        note = order.activity_ids.note
        self.assertNotIn("<img", note)
        self.assertIn("&lt;img", note)
        order._printcrm_customer_request("change", "and one more thing", self.customer)
        self.assertEqual(len(order.activity_ids), 1, "one open request activity per order")
        with self.assertRaises(UserError):
            order._printcrm_customer_request("change", "x" * 5000, self.customer)


@tagged("post_install", "-at_install")
class TestReportRoutes(HttpCase):
    """``/report/pdf/...`` ignores a report's groups: the reports check who asks."""

    def test_salesperson_gets_neither_credit_review_nor_a_foreign_customer_review(self):
        new_test_user(
            self.env,
            "printcrm_rep_sp",
            groups="base.group_user,sales_team.group_sale_salesman",
            password="printcrm_rep_sp",
        )
        other = new_test_user(self.env, "printcrm_rep_sp2", groups="sales_team.group_sale_salesman")
        foreign = self.env["res.partner"].create(
            {"name": "Foreign Co", "is_company": True, "user_id": other.id}
        )
        self.authenticate("printcrm_rep_sp", "printcrm_rep_sp")
        for report, title in (
            ("report_printcrm_credit_review", "Credit review:"),
            ("report_printcrm_customer_review", "Customer review:"),
        ):
            with self.subTest(report=report):
                response = self.url_open(f"/report/html/printcrm_addon.{report}/{foreign.id}")
                self.assertEqual(response.status_code, 403)
                self.assertNotIn(title, response.text)


@tagged("post_install", "-at_install")
class TestOdooFlowsStillCreatePartners(PrintcrmCase):
    """Odoo sends the defaults of every partner field when a user or a contact is created:
    the guards on batch and manager fields must let the defaults through."""

    def test_user_manager_creates_users_and_a_contact_creator_contacts(self):
        user_admin = new_test_user(
            self.env,
            "printcrm_useradmin",
            groups="base.group_user,base.group_erp_manager,base.group_partner_manager",
        )
        created = (
            self.env["res.users"]
            .with_user(user_admin)
            .create({"name": "New Colleague", "login": "printcrm_new_colleague"})
        )
        self.assertEqual(created.partner_id.printcrm_payment_rate_computed, 100.0)
        creator = new_test_user(
            self.env, "printcrm_creator", groups="base.group_user,base.group_partner_manager"
        )
        contact = (
            self.env["res.partner"]
            .with_user(creator)
            .create({"name": "Fresh Contact Co", "is_company": True})
        )
        self.assertTrue(contact.exists())
        with self.assertRaisesRegex(AccessError, "cannot be set by hand"):
            self.env["res.partner"].with_user(creator).create(
                {"name": "Forged Co", "printcrm_payment_rate_computed": 10.0}
            )
