# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestComplaints(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_users()
        cls.customer = cls._customer("Lotus Packaging", user_id=cls.salesperson.id)

    def _complaint(self, partner, **vals):
        form = Form(self.env["printcrm.complaint"].with_user(self.salesperson))
        form.partner_id = partner
        form.description = "Cartons crushed on arrival"
        for name, value in vals.items():
            setattr(form, name, value)
        return form.save()

    def test_deadlines_by_tier_and_severity(self):
        opened = datetime.combine(TODAY, datetime.min.time())
        self.customer.sudo().with_context(printcrm_tier_batch=True).write(
            {"printcrm_tier_computed": "a"}
        )
        complaint = self._complaint(self.customer)
        self.assertEqual(complaint.response_deadline, opened + timedelta(hours=24))
        self.assertEqual(complaint.resolution_deadline, opened + timedelta(days=3))
        tier_c = self._customer("Small Print Shop")
        urgent = self._complaint(tier_c, severity="high")
        self.assertEqual(urgent.response_deadline, opened + timedelta(hours=36))
        self.assertEqual(urgent.resolution_deadline, opened + timedelta(days=3.5))
        self.assertTrue(complaint.name.startswith("CPL/"))

    def test_order_snapshot_at_complaint_time(self):
        order = self._order(self.customer, 1000, TODAY - timedelta(days=10))
        complaint = self._complaint(self.customer, order_id=order)
        self.assertEqual(complaint.ordered_qty, 10.0)
        order.order_line.product_uom_qty = 25
        complaint.invalidate_recordset()
        self.assertEqual(complaint.ordered_qty, 10.0)
        self.assertEqual(order.printcrm_complaint_count, 1)
        self.assertEqual(self.customer.printcrm_complaint_count, 1)
        action = order.action_printcrm_open_complaints()
        self.assertEqual(self.env["printcrm.complaint"].search(action["domain"]), complaint)

    def test_overdue_escalates_once_to_the_owners_manager(self):
        complaint = self._complaint(self.customer)  # C customer: respond within 72 h
        Complaint = self.env["printcrm.complaint"]
        opened = datetime.combine(TODAY, datetime.min.time())
        with freeze_time(opened + timedelta(hours=71)):
            self.assertFalse(Complaint.search([("is_overdue", "=", True)]))
        with freeze_time(opened + timedelta(hours=73)):
            self.assertEqual(Complaint.search([("is_overdue", "=", True)]), complaint)
            Complaint._cron_printcrm_escalate_complaints()
            Complaint._cron_printcrm_escalate_complaints()
        escalation = complaint.activity_ids
        self.assertEqual(len(escalation), 1)
        self.assertEqual(escalation.user_id, self.branch_manager)
        self.assertIn("has not answered complaint", escalation.note)
        self.assertTrue(complaint.escalated)

    def test_resolution_needs_cause_and_action(self):
        complaint = self._complaint(self.customer)
        complaint.action_start()
        self.assertEqual(complaint.state, "in_progress")
        self.assertTrue(complaint.date_responded)
        with self.assertRaisesRegex(Exception, "root cause and the corrective action"):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "in_progress")
        complaint.write({"root_cause": "Pallet", "corrective_action": "Corner boards"})
        complaint.action_resolve()
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestRetentionCase(PrintcrmCase):
    def test_retention_case_records_cause_decision_outcome(self):
        customer = self._customer("Lotus Packaging", user_id=self.salesperson.id)
        action = customer.action_printcrm_open_retention()
        self.assertEqual(action["view_mode"], "form")
        form = Form(
            self.env["printcrm.retention.case"]
            .with_user(self.salesperson)
            .with_context(**action["context"])
        )
        form.cause = "price"
        form.decision = "retain"
        form.action_plan = "Volume rebate of 3% from January"
        form.expected_gain = 120000
        form.expected_cost = 15000
        case = form.save()
        self.assertEqual(case.partner_id, customer)
        case.outcome = "retained"
        groups = self.env["printcrm.retention.case"]._read_group(
            [], ["cause", "outcome"], ["__count"]
        )
        self.assertIn(("price", "retained", 1), groups)
        with self.assertRaisesRegex(Exception, "needs an action plan"):
            self.env["printcrm.retention.case"].create(
                {"partner_id": customer.id, "cause": "quality", "decision": "retain"}
            )
        self.assertEqual(
            customer.action_printcrm_open_retention()["domain"], [("partner_id", "=", customer.id)]
        )
