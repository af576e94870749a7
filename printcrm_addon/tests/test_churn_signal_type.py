# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.api import call_kw
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import TODAY, PrintcrmCase

MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.2.0.0" / "post-migration.py"


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestChurnSignalType(PrintcrmCase):
    """Each churn signal is one record per company: weight, window, thresholds, on or off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Lotus Packaging", user_id=cls.salesperson.id, customer_rank=1)
        # monthly orders until July: an order drop (80) and the purchase rhythm (63 %)
        day = date(2025, 1, 15)
        while day <= date(2026, 7, 15):
            cls._order(cls.customer, 4000, day)
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 15)

    def _type(self, code, company=None):
        return (company or self.company)._printcrm_signal_type(code)

    def _score(self):
        self.env.flush_all()
        self.env["res.partner"]._cron_printcrm_compute_churn()
        self.env.invalidate_all()
        signals = self.env["printcrm.churn.signal"].search([("partner_id", "=", self.customer.id)])
        return self.customer.printcrm_churn_score, set(signals.mapped("signal_type"))

    def test_every_company_has_one_record_per_signal_with_the_shipped_policy(self):
        records = self.env["printcrm.churn.signal.type"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(records), 7)
        self.assertEqual(self._type("order_drop").weight, 80.0)
        self.assertEqual(self._type("order_drop").window_days, 90)
        other = self.env["res.company"].create({"name": "Signal Co"})
        self.assertEqual(len(other.printcrm_signal_type_ids), 7)
        self.assertEqual(self._type("no_response", other).min_count, 3.0)
        self.assertTrue(self._type("no_response", other).uses_min_count)
        self.assertFalse(self._type("complaint", other).uses_threshold)

    def test_weight_change_and_archiving_take_effect_on_the_next_run(self):
        self.assertEqual(self._score(), (92.6, {"order_drop", "purchase_rhythm"}))
        # 1 - (1 - 40% x 100%) x (1 - 63%)
        self._type("order_drop").weight = 40.0
        self.assertEqual(self._score(), (77.8, {"order_drop", "purchase_rhythm"}))
        # the drop counted from 70 % below the usual volume: -100 % still is one
        self._type("order_drop").threshold = 70.0
        self.assertEqual(self._score()[0], 77.8)
        self._type("order_drop").active = False
        self.assertEqual(self._score(), (63.0, {"purchase_rhythm"}))
        self._type("purchase_rhythm").active = False
        self.assertEqual(self._score(), (0.0, set()))
        self._type("order_drop").active = True
        self.assertEqual(self._score(), (40.0, {"order_drop"}))
        # the changes are in the record's chatter
        self._flush_tracking()
        tracked = self._type("order_drop").message_ids.tracking_value_ids
        self.assertIn("weight", tracked.field_id.mapped("name"))

    def test_bad_values_are_refused_naming_the_signal(self):
        for field, value in (
            ("weight", 150.0),
            ("weight", float("nan")),
            ("window_days", 100_000),
            ("window_days", 0),
            ("min_count", 0.0),
        ):
            with (
                self.subTest(field=field, value=value),
                self.assertRaisesRegex(ValidationError, "No response"),
            ):
                with self.env.cr.savepoint():
                    self._type("no_response").write({field: value})
                    self._type("no_response").flush_recordset()
        with self.assertRaisesRegex(ValidationError, "Purchase rhythm.*between 30 and 730"):
            self._type("purchase_rhythm").window_days = 10
        with self.assertRaisesRegex(ValidationError, "risk levels"):
            self.company.printcrm_churn_high_from = 10.0

    def test_only_managers_change_the_signals(self):
        record = self._type("complaint")
        self.assertEqual(
            call_kw(record.with_user(self.salesperson), "read", [record.ids, ["weight"]], {})[0][
                "weight"
            ],
            40.0,
        )
        with self.assertRaises(AccessError):
            call_kw(record.with_user(self.salesperson), "write", [record.ids, {"weight": 0}], {})
        call_kw(record.with_user(self.sales_manager), "write", [record.ids, {"weight": 10}], {})
        self.assertEqual(record.weight, 10.0)

    def test_migration_moves_the_old_company_columns(self):
        cr = self.env.cr
        # columns of 18.0.1.1.0, still there while the post-migration scripts run
        for column, sqltype in (
            ("printcrm_churn_weight_drop", "float8"),
            ("printcrm_churn_drop_window", "int4"),
            ("printcrm_churn_complaint_window", "int4"),
            ("printcrm_churn_response_min", "int4"),
            ("printcrm_churn_horizon_days", "int4"),
            ("printcrm_churn_discount_threshold", "float8"),
        ):
            cr.execute(
                SQL(
                    "ALTER TABLE res_company ADD COLUMN IF NOT EXISTS %s %s",
                    SQL.identifier(column),
                    SQL(sqltype),
                )
            )
        cr.execute(
            "UPDATE res_company SET printcrm_churn_weight_drop = 65, "
            "printcrm_churn_drop_window = 120, printcrm_churn_complaint_window = 60, "
            "printcrm_churn_response_min = 4, printcrm_churn_horizon_days = 365, "
            # the old settings took any discount threshold: the record keeps 0-100
            "printcrm_churn_discount_threshold = 150 WHERE id = %s",
            (self.company.id,),
        )
        spec = importlib.util.spec_from_file_location("printcrm_migration_2", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        self.assertGreaterEqual(migration.migrate_signal_types(self.env), 7)
        self.env.invalidate_all()
        self.assertEqual(self._type("order_drop").weight, 65.0)
        # the windows that were borrowed become the signals' own
        self.assertEqual(self._type("order_drop").window_days, 120)
        self.assertEqual(self._type("demand_tightening").window_days, 120)
        self.assertEqual(self._type("complaint").window_days, 60)
        self.assertEqual(self._type("discount_pressure").window_days, 60)
        self.assertEqual(self._type("no_response").min_count, 4.0)
        self.assertEqual(self._type("discount_pressure").threshold, 100.0)
        policy = self.company._printcrm_churn_policy()
        self.assertEqual((policy.horizon_days, policy.response_min_outbound), (365, 4))
        self.assertEqual(policy.weights["order_drop"], 65.0)
