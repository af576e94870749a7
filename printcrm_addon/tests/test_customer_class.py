# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
from datetime import timedelta
from pathlib import Path

from freezegun import freeze_time

from odoo.api import call_kw
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import TODAY, PrintcrmCase

MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migration.py"


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCustomerClass(PrintcrmCase):
    """The policy that depends on the class is one record per company and class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"]
        for i in range(10):
            customer = cls._customer(f"Class policy buyer {i:02d}", country_id=False)
            cls._order(customer, 10000 - 1000 * i, TODAY - timedelta(days=30 + i))
            cls.customers |= customer
        cls.classes = {r.code: r for r in cls.company.printcrm_class_ids}

    def _run(self):
        self.env["res.partner"]._cron_printcrm_recompute_tiers()

    def test_every_company_has_its_five_classes_with_the_shipped_policy(self):
        self.assertEqual(sorted(self.classes), ["a", "b", "c", "foreign", "new"])
        self.assertEqual(self.classes["a"].payment_term_id.line_ids.nb_days, 60)
        self.assertEqual(self.classes["a"].escalate_to, "managers")
        self.assertEqual(self.company.printcrm_tier_a_share, self.classes["a"].share)
        other = self.env["res.company"].create({"name": "Second plant"})
        self.assertEqual(len(other.printcrm_class_ids), 5)

    def test_a_change_in_the_record_takes_effect_at_the_next_batch(self):
        self._run()
        self.assertEqual(self.customers.mapped("printcrm_tier").count("a"), 1)
        self.classes["a"].share = 30.0
        self.assertEqual(self.company.printcrm_tier_a_share, 30.0)
        self._run()
        self.assertEqual(self.customers.mapped("printcrm_tier").count("a"), 3)
        # the payment term of class B, changed in its record, is applied by the batch
        self.company.write(
            {
                "printcrm_credit_control": True,
                "printcrm_new_customer_months": 0,
                "printcrm_new_customer_max_orders": 0,
            }
        )
        self.classes["b"].payment_term_id = self.env.ref("printcrm_addon.payment_term_tier_a")
        self._run()
        b_customer = self.customers.filtered(lambda c: c.printcrm_tier == "b")[:1]
        self.assertTrue(b_customer)
        self.assertEqual(b_customer.property_payment_term_id, self.classes["b"].payment_term_id)
        # the settings write into the same records
        self.company.printcrm_tier_b_share = 40.0
        self.assertEqual(self.classes["b"].share, 40.0)

    def test_changes_are_checked_and_tracked(self):
        with self.assertRaisesRegex(ValidationError, "must not exceed 100"):
            self.classes["b"].share = 95.0
        with self.assertRaises(ValidationError):
            self.classes["c"].complaint_response_hours = float("nan")
        self.classes["c"].complaint_resolution_days = 9.0
        self._flush_tracking()
        tracked = self.classes["c"].message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("complaint_resolution_days", tracked)
        with self.assertRaises(AccessError):
            call_kw(
                self.env["printcrm.customer.class"].with_user(self.salesperson),
                "write",
                [self.classes["a"].ids, {"share": 50.0}],
                {},
            )
        self.assertEqual(self.classes["a"].share, 10.0)

    def test_escalation_follows_the_class(self):
        self._credit_users()
        self.classes["c"].escalate_to = "branch"
        customer = self._customer("Quiet C buyer", user_id=self.salesperson.id, customer_rank=1)
        customer.sudo().printcrm_tier_computed = "c"
        for months in range(18, 3, -1):
            self._order(customer, 4000, TODAY - timedelta(days=30 * months))
        self.env["res.partner"]._cron_printcrm_compute_churn()
        activity_type = self.env.ref("printcrm_addon.mail_activity_printcrm_churn_escalation")
        activities = customer.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(customer.printcrm_churn_level, "high")
        self.assertIn(self.branch_manager, activities.user_id)
        self.assertNotIn(self.salesperson, activities.user_id)

    def test_migration_moves_the_old_company_columns(self):
        cr = self.env.cr
        # the columns of 18.0.1.0.0, which Odoo leaves in place (present in an upgraded base)
        for column, sqltype in (
            ("printcrm_tier_a_share", "float8"),
            ("printcrm_tier_b_share", "float8"),
            ("printcrm_term_tier_c_id", "int4"),
            ("printcrm_complaint_response_b", "float8"),
        ):
            cr.execute(
                SQL(
                    "ALTER TABLE res_company ADD COLUMN IF NOT EXISTS %s %s",
                    SQL.identifier(column),
                    SQL(sqltype),
                )
            )
        term_b = self.env.ref("printcrm_addon.payment_term_tier_b")
        cr.execute(
            # valid together (75 + 20), not one at a time beside the default B share of 30
            "UPDATE res_company SET printcrm_tier_a_share = 75, printcrm_tier_b_share = 20, "
            "printcrm_term_tier_c_id = %s, "
            "printcrm_complaint_response_b = 36 WHERE id = %s",
            (term_b.id, self.company.id),
        )
        spec = importlib.util.spec_from_file_location("printcrm_migration", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        self.assertGreaterEqual(migration.migrate_class_policy(self.env), 4)
        self.env.invalidate_all()
        self.assertEqual((self.classes["a"].share, self.classes["b"].share), (75.0, 20.0))
        self.assertEqual(self.classes["c"].payment_term_id, term_b)
        self.assertEqual(self.classes["b"].complaint_response_hours, 36.0)
        self.assertEqual(self.company.printcrm_complaint_response_b, 36.0)
