# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import PrintcrmCase


@tagged("post_install", "-at_install")
class TestTierSettings(PrintcrmCase):
    def _assert_refused(self, vals, expected):
        before = self.company.read(list(vals))[0]
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            self.company.write(vals)
        self.assertIn(expected, str(caught.exception))
        self.assertIn(self.company.name, str(caught.exception))
        self.company.invalidate_recordset()
        self.assertEqual(self.company.read(list(vals))[0], before)

    def test_defaults_follow_the_seed(self):
        c = self.company
        self.assertEqual(
            (c.printcrm_tier_method, c.printcrm_tier_a_share, c.printcrm_tier_b_share),
            ("count_share", 10.0, 30.0),
        )
        self.assertEqual((c.printcrm_tier_window_months, c.printcrm_new_customer_months), (12, 6))
        self.assertEqual(c.printcrm_new_customer_max_orders, 6)

    def test_shares_outside_0_100(self):
        self._assert_refused({"printcrm_tier_a_share": 120.0}, "between 0 and 100")
        self._assert_refused({"printcrm_tier_b_share": -5.0}, "between 0 and 100")

    def test_a_plus_b_over_100(self):
        self._assert_refused(
            {"printcrm_tier_a_share": 60.0, "printcrm_tier_b_share": 50.0}, "must not exceed 100"
        )

    def test_thresholds_out_of_order(self):
        self._assert_refused(
            {
                "printcrm_tier_method": "threshold",
                "printcrm_tier_a_threshold": 100.0,
                "printcrm_tier_b_threshold": 500.0,
            },
            "A > B >= 0",
        )
        self._assert_refused(
            {
                "printcrm_tier_method": "cumulative_share",
                "printcrm_tier_a_cumulative": 96.0,
                "printcrm_tier_b_cumulative": 95.0,
            },
            "0 < A <= B <= 100",
        )

    def test_negative_window_and_counts(self):
        self._assert_refused({"printcrm_tier_window_months": -1}, "at least 1 month")
        self._assert_refused({"printcrm_new_customer_months": -1}, "cannot be negative")
        self._assert_refused({"printcrm_payment_late_horizon": 0}, "at least 1 day")

    def test_settings_form_saves_and_refuses(self):
        settings = Form(self.env["res.config.settings"])
        settings.printcrm_tier_a_share = 15.0
        settings.save().execute()
        self.assertEqual(self.company.printcrm_tier_a_share, 15.0)
        settings = Form(self.env["res.config.settings"])
        settings.printcrm_tier_a_share = 80.0
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            settings.save().execute()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.printcrm_tier_a_share, 15.0)
