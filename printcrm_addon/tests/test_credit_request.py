# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditRequest(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_users()
        cls.customer = cls._customer("Huaxin Lighting", user_id=cls.salesperson.id)
        cls.term_30 = cls.env.ref("printcrm_addon.payment_term_tier_b")

    def _request(self, limit=80000.0, **vals):
        form = Form(self.env["printcrm.credit.request"].with_user(self.salesperson))
        form.partner_id = self.customer
        form.requested_limit = limit
        form.profile_organisation = "Family-owned, 300 staff"
        form.finance_payment_record = "Always paid within 10 days of due date"
        for name, value in vals.items():
            setattr(form, name, value)
        return form.save()

    def test_full_flow_writes_limit_and_exception(self):
        request = self._request(
            term_exception_id=self.term_30, term_exception_until=TODAY + timedelta(days=180)
        )
        self.assertEqual(request.state, "draft")
        request.action_submit()
        self.assertEqual(request.state, "branch")
        activity = request.activity_ids
        self.assertEqual(activity.user_id, self.branch_manager)

        request.with_user(self.branch_manager).action_approve(comment="Known since 2019")
        self.assertEqual(request.state, "sales")
        self.assertIn(self.sales_manager, request.activity_ids.user_id)
        self.assertNotIn(self.branch_manager, request.activity_ids.user_id)
        request.with_user(self.sales_manager).action_approve()
        self.assertEqual(request.state, "general")
        self.assertIn(self.general_manager, request.activity_ids.user_id)
        request.with_user(self.general_manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertFalse(request.activity_ids)
        # the requester hears of it in its inbox
        told = request.message_ids.filtered(lambda m: self.salesperson.partner_id in m.partner_ids)
        self.assertIn("was approved", told[:1].body)

        trail = request.approval_ids
        self.assertEqual(trail.mapped("level"), ["1", "2", "3"])
        self.assertEqual(
            trail.mapped("user_id"), self.branch_manager | self.sales_manager | self.general_manager
        )
        self.assertEqual(trail[0].comment, "Known since 2019")
        self.assertFalse(any(trail.mapped("on_behalf")))
        self.assertEqual(self.customer.credit_limit, 80000.0)
        self.assertTrue(self.customer.use_partner_credit_limit)
        self.assertEqual(self.customer.property_payment_term_id, self.term_30)
        self.assertEqual(self.customer.printcrm_term_rule, "exception")
        self.assertEqual(self.customer.printcrm_term_exception_until, TODAY + timedelta(days=180))

    def test_requests_to_approve_follow_the_approvers_level(self):
        request = self._request()
        request.action_submit()
        Request = self.env["printcrm.credit.request"]
        to_approve = [("waiting_my_level", "=", True)]
        self.assertEqual(Request.with_user(self.branch_manager).search(to_approve), request)
        self.assertFalse(Request.with_user(self.sales_manager).search(to_approve))
        self.assertFalse(Request.with_user(self.salesperson).search(to_approve))
        request.with_user(self.branch_manager).action_approve()
        self.assertFalse(Request.with_user(self.branch_manager).search(to_approve))
        self.assertEqual(Request.with_user(self.sales_manager).search(to_approve), request)
        self.assertTrue(request.with_user(self.sales_manager).waiting_my_level)
        # the general manager's queue also lists the lower levels, which it may take over
        self.assertEqual(Request.with_user(self.general_manager).search(to_approve), request)
        self.assertTrue(request.with_user(self.general_manager).can_approve)
        self.assertFalse(request.with_user(self.branch_manager).can_approve)
        request.with_user(self.sales_manager).action_approve()
        self.assertEqual(Request.with_user(self.general_manager).search(to_approve), request)
        self.assertFalse(request.with_user(self.sales_manager).waiting_my_level)

    def test_credit_review_report_renders_profile_exposure_and_trail(self):
        request = self._request()
        request.action_submit()
        request.with_user(self.general_manager).action_approve(comment="Strategic account")
        self._invoice(self.customer, 2500.0, TODAY - timedelta(days=10))
        self.customer.property_payment_term_id = self.term_30
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.branch_manager)
            ._render_qweb_html(
                "printcrm_addon.action_report_printcrm_credit_review", self.customer.ids
            )
        )
        html = html.decode()
        self.assertIn("Credit review", html)
        self.assertIn("Huaxin Lighting", html)
        self.assertIn("80,000.00", html)  # the limit granted by the request
        self.assertIn("2,500.00", html)  # exposure and overdue
        self.assertIn(request.name, html)
        self.assertIn("Strategic account", html)
        self.assertIn("Grace General", html)
        self.assertIn(self.customer.property_payment_term_id.name, html)
        # a customer with no tier change and no request: those sections are left out
        bare = self._customer("Bare Customer")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.branch_manager)
            ._render_qweb_html("printcrm_addon.action_report_printcrm_credit_review", bare.ids)[0]
            .decode()
        )
        self.assertIn("Bare Customer", html)
        self.assertNotIn("Tier history", html)
        self.assertNotIn("Credit requests", html)

    def test_nobody_approves_own_request(self):
        request = (
            self.env["printcrm.credit.request"]
            .with_user(self.branch_manager)
            .create({"partner_id": self.customer.id, "requested_limit": 1000.0})
        )
        request.action_submit()
        with self.assertRaisesRegex(AccessError, "cannot approve it yourself"):
            request.with_user(self.branch_manager).action_approve()
        self.assertEqual(request.state, "branch")

    def test_salesperson_cannot_approve_and_levels_cannot_be_skipped_downwards(self):
        request = self._request()
        request.action_submit()
        with self.assertRaisesRegex(AccessError, "Branch Manager"):
            request.with_user(self.other_salesperson).action_approve()
        request.with_user(self.branch_manager).action_approve()
        # the next step is the sales manager's: a branch manager cannot take it
        with self.assertRaisesRegex(AccessError, "Sales Manager"):
            request.with_user(self.branch_manager).action_approve()
        self.assertEqual(request.state, "sales")
        self.assertEqual(len(request.approval_ids), 1)

    def test_higher_group_approves_lower_levels_and_it_is_recorded(self):
        request = self._request()
        request.action_submit()
        # without a comment, approving three levels at once asks for one and writes nothing
        action = request.with_user(self.general_manager).action_approve()
        self.assertEqual(action["res_model"], "printcrm.credit.approve.wizard")
        self.assertEqual(request.state, "branch")
        self.assertFalse(request.approval_ids)
        wizard = Form(
            self.env["printcrm.credit.approve.wizard"]
            .with_user(self.general_manager)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.levels, "Branch Manager, Sales Manager, General Manager")
        wizard.comment = "Strategic account"
        wizard.save().action_confirm()
        self.assertEqual(request.state, "approved")
        trail = request.approval_ids
        self.assertEqual(trail.mapped("level"), ["1", "2", "3"])
        self.assertEqual(trail.mapped("on_behalf"), [True, True, False])
        self.assertEqual(set(trail.mapped("user_id")), {self.general_manager})
        self.assertEqual(self.customer.credit_limit, 80000.0)

    def test_reject_needs_a_reason_and_notifies_the_requester(self):
        request = self._request()
        request.action_submit()
        request.with_user(self.branch_manager).action_approve()
        with self.assertRaisesRegex(UserError, "reason"):
            request.with_user(self.sales_manager).action_reject(reason="  ")
        with self.assertRaisesRegex(AccessError, "Sales Manager"):
            request.with_user(self.branch_manager).action_reject(reason="No")
        wizard = Form(
            self.env["printcrm.credit.reject.wizard"]
            .with_user(self.sales_manager)
            .with_context(default_request_id=request.id)
        )
        wizard.reason = "Balance sheet too weak"
        wizard.save().action_reject()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.reject_reason, "Balance sheet too weak")
        self.assertEqual(request.approval_ids[-1].decision, "reject")
        self.assertEqual(request.activity_ids.user_id, self.salesperson)
        told = request.message_ids.filtered(lambda m: self.salesperson.partner_id in m.partner_ids)
        self.assertIn("Balance sheet too weak", told[:1].body)
        self.assertFalse(self.customer.use_partner_credit_limit)

    def test_bad_input_is_refused_and_nothing_written(self):
        count = self.env["printcrm.credit.request"].search_count([])
        # each call is one RPC: its transaction (here a savepoint) is rolled back on error
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.cr.savepoint():
            self.env["printcrm.credit.request"].create(
                {"partner_id": self.customer.id, "requested_limit": -5.0}
            )
        with self.assertRaisesRegex(ValidationError, "in the past"), self.cr.savepoint():
            self.env["printcrm.credit.request"].create(
                {
                    "partner_id": self.customer.id,
                    "requested_limit": 5.0,
                    "term_exception_id": self.term_30.id,
                    "term_exception_until": TODAY - timedelta(days=1),
                }
            )
        self.assertEqual(self.env["printcrm.credit.request"].search_count([]), count)

    def test_salesperson_sees_only_own_requests(self):
        mine = self._request()
        other_customer = self._customer("Someone else's", user_id=self.other_salesperson.id)
        theirs = (
            self.env["printcrm.credit.request"]
            .with_user(self.other_salesperson)
            .create({"partner_id": other_customer.id, "requested_limit": 10.0})
        )
        visible = self.env["printcrm.credit.request"].with_user(self.salesperson).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesperson).read(["requested_limit"])
        self.assertIn(
            theirs, self.env["printcrm.credit.request"].with_user(self.branch_manager).search([])
        )
