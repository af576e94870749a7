# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TODAY, PrintcrmCase

AS_OF = date(2026, 5, 22)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestChurnBacktest(PrintcrmCase):
    """Four customers active in the year before 22 May 2026, replayed as of that day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stopper = cls._customer("Stopped in February")
        cls.steady = cls._customer("Steady all along")
        cls.fader = cls._customer("Faded after May")
        cls.dipper = cls._customer("Paused, then came back")
        cls.gone_before = cls._customer("Gone in 2024")
        cls._monthly(cls.stopper, 4000, date(2024, 1, 15), date(2026, 2, 15))
        cls._monthly(cls.steady, 4000, date(2024, 1, 15), date(2026, 11, 15))
        cls._monthly(cls.fader, 4000, date(2024, 1, 15), date(2026, 5, 15))
        cls._monthly(cls.fader, 500, date(2026, 6, 15), date(2026, 11, 15))
        cls._monthly(cls.dipper, 4000, date(2024, 1, 15), date(2026, 2, 15))
        cls._monthly(cls.dipper, 9000, date(2026, 6, 15), date(2026, 11, 15))
        cls._monthly(cls.gone_before, 4000, date(2024, 1, 15), date(2024, 9, 15))

    @classmethod
    def _monthly(cls, partner, amount, first, last):
        day = first
        while day <= last:
            cls._order(partner, amount, day)
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 15)

    def _backtest(self, **vals):
        form = Form(self.env["printcrm.churn.backtest"].with_user(self.sales_manager))
        form.date_as_of = AS_OF
        for name, value in vals.items():
            setattr(form, name, value)
        wizard = form.save()
        wizard.action_run()
        return wizard

    def _line(self, wizard, partner):
        return wizard.line_ids.filtered(lambda line: line.partner_id == partner)

    def test_replay_scores_against_what_happened_next(self):
        wizard = self._backtest(top_share=50.0)
        # the customer gone in 2024 is not judged: it had already left
        self.assertEqual(
            wizard.line_ids.partner_id,
            self.stopper | self.steady | self.fader | self.dipper,
        )
        stopper, steady = self._line(wizard, self.stopper), self._line(wizard, self.steady)
        fader, dipper = self._line(wizard, self.fader), self._line(wizard, self.dipper)
        # 23 May - 22 Nov: nothing; usual = mean of the same 184 days of 2025 (6 x 4,000)
        # and the trailing-year rate (9 orders since June 2025: 36,000 x 184 / 365)
        self.assertAlmostEqual(stopper.usual_volume, (24000 + 36000 * 184 / 365) / 2, 0)
        self.assertTrue(stopper.lost)
        self.assertEqual(stopper.volume_after, 0)
        self.assertEqual(stopper.level, "high")
        self.assertTrue(fader.lost)  # 6 x 500 = 3,000, under 30% of about 24,000
        self.assertEqual(fader.volume_after, 3000)
        self.assertEqual(fader.level, "low")  # nothing announced it on 22 May
        # the dipper came back after 22 May: the replay must not have seen that
        self.assertEqual(dipper.level, "high")
        self.assertFalse(dipper.lost)
        self.assertEqual(dipper.volume_after, 54000)
        self.assertFalse(steady.lost)
        self.assertEqual(steady.level, "low")
        # a monthly buyer that ordered a week ago: 4% chance of no order, shown as no signal
        self.assertEqual(steady.score, 3.8)

        self.assertEqual(wizard.customer_count, 4)
        self.assertEqual(wizard.lost_count, 2)
        self.assertEqual(wizard.high_count, 2)
        self.assertEqual(wizard.high_lost_count, 1)
        self.assertEqual(wizard.precision_high, 50.0)
        self.assertEqual(wizard.recall_high, 50.0)
        # lost (stopper high, fader 0) against kept (dipper high, steady 0): half the pairs
        self.assertAlmostEqual(wizard.auc, 0.5)
        # the baseline on the same customers: 96 days silent (stopper, dipper), 7 (the others)
        self.assertEqual(stopper.days_since_order, 96)
        self.assertEqual(steady.days_since_order, 7)
        self.assertAlmostEqual(wizard.baseline_auc, 0.5)
        self.assertEqual(wizard.precision_top, 50.0)
        # first 'high' of the stopper in the monthly replays, and its lead to 22 May
        # 22 March: Jan + Feb = 8,000 against 12,000 (-33%), not high yet; 22 April: 4,000
        # against 12,000 (-67%) and 66 days without an order: high, 30 days ahead
        self.assertEqual(stopper.first_high, date(2026, 4, 22))
        self.assertEqual(stopper.lead_days, 30)
        self.assertEqual(wizard.median_lead_days, 30)
        self.assertFalse(fader.first_high)

        # today the dipper orders again: the live batch does not flag it
        self.env.flush_all()
        self.env["res.partner"]._cron_printcrm_compute_churn()
        self.assertEqual(self.dipper.printcrm_churn_level, "low")

    def test_a_stricter_loss_share_changes_the_outcome(self):
        wizard = self._backtest(lost_share=5.0)
        self.assertFalse(self._line(wizard, self.fader).lost)  # 3,000 is above 5%
        self.assertEqual(wizard.lost_count, 1)
        self.assertEqual(wizard.recall_high, 100.0)

    def test_outcome_window_must_have_passed(self):
        form = Form(self.env["printcrm.churn.backtest"].with_user(self.sales_manager))
        form.date_as_of = date(2026, 8, 1)
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "on or before 05/22/2026"):
            wizard.action_run()
        self.assertEqual(wizard.state, "draft")
        self.assertFalse(wizard.line_ids)
        with self.assertRaisesRegex(UserError, "between 1 and 36 months"):
            wizard.horizon_months = 0

    def test_salesperson_cannot_run_a_backtest(self):
        with self.assertRaises(AccessError):
            self.env["printcrm.churn.backtest"].with_user(self.salesperson).create(
                {"date_as_of": AS_OF}
            )
