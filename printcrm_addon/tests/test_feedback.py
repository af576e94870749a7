# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Buttons that run work say what happened; approvers read what they approve."""

from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
class TestFeedback(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_users()
        cls.own_docs_gm = new_test_user(
            cls.env,
            "printcrm_gm_own",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "printcrm_addon.group_printcrm_general_manager",
            name="Gao Own Documents",
        )
        cls.customers = [
            cls._customer(f"Feedback {index}", user_id=cls.salesperson.id) for index in range(4)
        ]
        for index, customer in enumerate(cls.customers):
            for month in range(1, 8):
                cls._order(customer, 1000 * (index + 1), TODAY - timedelta(days=30 * month))

    def _message(self, action):
        self.assertEqual(action["tag"], "display_notification")
        return action["params"]["message"]

    def test_recompute_tiers_says_how_many_of_each(self):
        message = self._message(
            self.env["res.partner"].with_user(self.sales_manager).action_printcrm_recompute_tiers()
        )
        tiers = [c.printcrm_tier for c in self.customers]
        self.assertEqual(
            message,
            f"Tiers recomputed: {tiers.count('a')} A, {tiers.count('b')} B and "
            f"{tiers.count('c')} C customers.",
        )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesperson).action_printcrm_recompute_tiers()

    def test_apply_terms_counts_changes_or_says_control_is_off(self):
        customer = self.customers[0].with_user(self.branch_manager)
        action = customer.action_printcrm_apply_terms()
        self.assertEqual(action["params"]["type"], "warning")
        self.company.printcrm_credit_control = True
        self.env["res.partner"]._cron_printcrm_recompute_tiers()
        customer.sudo().property_payment_term_id = False
        message = self._message(customer.action_printcrm_apply_terms())
        self.assertEqual(message, "Terms by class applied to 1 customer(s): 1 changed.")
        self.assertTrue(customer.sudo().property_payment_term_id)
        with self.assertRaises(AccessError):
            self.customers[0].with_user(self.salesperson).action_printcrm_apply_terms()

    def test_churn_check_counts_customers_and_levels(self):
        message = self._message(
            self.env["res.partner"].with_user(self.branch_manager).action_printcrm_compute_churn()
        )
        self.assertRegex(message, r"^\d+ customers checked: \d+ high, \d+ medium risk\.$")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesperson).action_printcrm_compute_churn()

    def test_general_manager_with_own_documents_reads_the_order_to_approve(self):
        self.company.printcrm_credit_control = True
        customer = self.customers[0]
        customer.write({"use_partner_credit_limit": True, "credit_limit": 100})
        quotation = self._order(customer, 5000, TODAY, state="draft")
        quotation.user_id = self.salesperson
        as_gm = quotation.with_user(self.own_docs_gm)
        with self.assertRaises(AccessError):
            as_gm.check_access("read")
        message = self._message(
            quotation.with_user(self.salesperson).action_printcrm_request_approval()
        )
        self.assertIn("General Manager", message)
        as_gm.invalidate_recordset()
        as_gm.check_access("read")
        self.assertEqual(as_gm.order_line.product_id, self.product)
        with self.assertRaises(AccessError):
            as_gm.unlink()
        with self.assertRaises(AccessError):
            as_gm.order_line.write({"product_uom_qty": 1})
        # an ordinary to-do does not open the salesperson's other quotations to the approver
        other = self._order(customer, 50, TODAY, state="draft")
        other.user_id = self.salesperson
        other.activity_schedule("mail.mail_activity_data_todo", user_id=self.own_docs_gm.id)
        self.assertFalse(other.with_user(self.own_docs_gm).has_access("read"))
        self._message(as_gm.action_printcrm_approve())
        self.assertFalse(quotation.printcrm_missing_gates)
