# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from ..rules import churn, order_drop
from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
class TestChurnOrderSummaries(PrintcrmCase):
    """The batch sums each customer's orders in SQL; the backtest of one customer and the pure
    tests sum them in Python (``order_drop.summarize``): both must give the same figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.steady = cls._customer("Summary Steady", customer_rank=1)
        cls.young = cls._customer("Summary Young", customer_rank=1)
        cls.orders = {cls.steady: [], cls.young: []}
        day = date(2022, 3, 3)
        while day <= TODAY:
            cls._dated(cls.steady, 1000.0 + day.month * 10, day, lead=21 if day.day < 9 else None)
            day += timedelta(days=37)
        # two orders of one day are one buying occasion; one lies after the day judged
        for when, amount, lead in (
            (date(2026, 4, 2), 700.0, 14),
            (date(2026, 4, 2), 300.0, 10),
            (date(2026, 9, 30), 250.0, 3),
            (TODAY + timedelta(days=3), 999.0, None),
        ):
            cls._dated(cls.young, amount, when, lead)

    @classmethod
    def _dated(cls, partner, amount, when, lead):
        order = cls._order(partner, amount, when)
        if lead is not None:
            order.commitment_date = datetime.combine(when, datetime.min.time()) + timedelta(
                days=lead, hours=12
            )
        cls.orders[partner].append((when, amount, lead))

    def test_sql_summaries_equal_the_pure_ones(self):
        policy = self.company._printcrm_churn_policy()
        windows = order_drop.order_windows(TODAY, policy)
        self.env.flush_all()
        facts = self.env["printcrm.churn.facts"]
        since = TODAY - timedelta(days=365 * 5)
        summaries, leads, spans = facts._printcrm_order_summaries(
            self.company, TODAY, policy, windows, since
        )
        for partner, rows in self.orders.items():
            pure = order_drop.summarize([(when, amount) for when, amount, _l in rows], windows)
            got = summaries[partner.id]
            self.assertEqual(
                (got.first, got.before_days), (pure.first, pure.before_days), partner.name
            )
            for field in ("recent", "before_total"):
                self.assertAlmostEqual(getattr(got, field), getattr(pure, field), 2)
            self.assertEqual(len(got.same), len(pure.same))
            for mine, theirs in zip(got.same + got.years, pure.same + pure.years, strict=True):
                self.assertAlmostEqual(mine, theirs, 2)
        young = summaries[self.young.id]
        # 2 April counts once (1,000 that day), 30 September in the window, 26 November not
        self.assertEqual((young.before_days, young.before_total, young.recent), (1, 1000.0, 250.0))
        self.assertEqual(spans[self.young.id], (2, date(2026, 4, 2), date(2026, 9, 30)))
        # each order's lead time, the window's and the older ones apart
        self.assertEqual(
            (leads[self.young.id][0], sorted(leads[self.young.id][1])), ([3], [10, 14])
        )
        start = TODAY - timedelta(days=policy.lead_window_days)
        steady = [(when, lead) for when, _a, lead in self.orders[self.steady] if lead]
        self.assertEqual(
            [sorted(part) for part in leads[self.steady.id]],
            [
                sorted(lead for when, lead in steady if when > start),
                sorted(lead for when, lead in steady if when <= start),
            ],
        )
        lead_rows = [(when, lead) for when, _a, lead in self.orders[self.young] if lead]
        pure_signal = churn.detect_demand_tightening(lead_rows, 0, TODAY, policy)
        self.assertEqual(
            churn.demand_tightening(*leads[self.young.id], 0, policy),
            pure_signal,
        )


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestChurnStore(PrintcrmCase):
    """The batch sends only the rows that change: a second run of the day rewrites nothing
    that is already right, and repairs what is not."""

    def _run(self):
        self.env.flush_all()
        self.env["res.partner"]._cron_printcrm_compute_churn()
        self.env.invalidate_all()

    def _history(self, partner):
        self.env.cr.execute(
            "SELECT score, level, write_uid FROM printcrm_churn_history "
            "WHERE partner_id = %s AND date = %s",
            [partner.id, TODAY],
        )
        return self.env.cr.fetchone()

    def test_second_run_of_the_day_writes_only_what_changed(self):
        quiet = self._customer("Store Quiet", customer_rank=1)
        moved = self._customer("Store Moved", customer_rank=1)
        for partner in (quiet, moved):
            for months in (20, 16, 12, 8):
                self._order(partner, 3000.0, TODAY - timedelta(days=30 * months))
        self._run()
        score, level, _uid = self._history(moved)
        self.assertGreater(score, 0)
        self.assertEqual(moved.printcrm_churn_score, score)
        # mark the stored rows, then spoil one customer's figures
        other = self.salesperson.id
        self.env.cr.execute(
            "UPDATE printcrm_churn_history SET write_uid = %s WHERE date = %s", [other, TODAY]
        )
        self.env.cr.execute(
            "UPDATE printcrm_churn_history SET score = 1, level = 'low' "
            "WHERE partner_id = %s AND date = %s",
            [moved.id, TODAY],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET printcrm_churn_score = 1 WHERE id = %s", [moved.id]
        )
        self.env.invalidate_all()
        self._run()
        # the right row was left alone; the spoilt one is rewritten by the batch's user
        self.assertEqual(self._history(quiet)[2], other)
        self.assertEqual(self._history(moved), (score, level, self.env.uid))
        self.assertEqual(moved.printcrm_churn_score, score)

    def test_a_new_day_writes_history_only_for_what_changed(self):
        steady = self._customer("Store Steady", customer_rank=1)
        moving = self._customer("Store Moving", customer_rank=1)
        store = self.env["printcrm.churn.store"]

        def results(steady_score, moving_score):
            return {
                partner.id: {"company": self.company.id, "score": score, "level": level}
                for partner, score, level in (
                    (steady, steady_score, "medium"),
                    (moving, moving_score, "high" if moving_score >= 70 else "medium"),
                )
            }

        def rows(partner):
            return self.env["printcrm.churn.history"].search(
                [("partner_id", "=", partner.id)], order="date"
            )

        engine = self.env["printcrm.churn.engine"]
        for days, moving_score in ((0, 50.0), (1, 50.0), (2, 75.0), (3, 75.0)):
            day = TODAY + timedelta(days=days)
            # as the engine passes them: each customer's last rows up to that day
            previous = engine._printcrm_read_previous({steady.id, moving.id}, day)
            store._printcrm_store_churn(results(40.0, moving_score), previous, day)
        self.env.invalidate_all()
        # the steady customer keeps its first row; the other gets one when its score moved
        self.assertEqual(rows(steady).mapped("date"), [TODAY])
        self.assertEqual(rows(moving).mapped("date"), [TODAY, TODAY + timedelta(days=2)])
        self.assertEqual(rows(moving).mapped("level"), ["medium", "high"])

    def test_weekly_view_carries_each_row_to_the_weeks_it_holds(self):
        partner = self._customer("Weekly Buyer", customer_rank=1)
        self.env.cr.execute("SELECT CURRENT_DATE")
        this_monday = self.env.cr.fetchone()[0]
        this_monday -= timedelta(days=this_monday.weekday())
        monday = this_monday - timedelta(weeks=5)
        History = self.env["printcrm.churn.history"]
        for day, score in (
            (monday, 10.0),  # superseded in its own week by the next row
            (monday + timedelta(days=2), 20.0),  # holds weeks 0 and 1
            (monday + timedelta(weeks=2, days=1), 30.0),  # holds weeks 2 to the current one
        ):
            History.create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "date": day,
                    "score": score,
                    "level": "low",
                }
            )
        self.env.flush_all()
        weekly = self.env["printcrm.churn.weekly"].search(
            [("partner_id", "=", partner.id)], order="week"
        )
        expected = [(monday + timedelta(weeks=k), 20.0 if k < 2 else 30.0) for k in range(6)]
        self.assertEqual([(w.week, w.score) for w in weekly], expected)
        self.assertEqual(len(set(weekly.ids)), 6)
        # the chart's average by week counts the customer once per week
        groups = self.env["printcrm.churn.weekly"].read_group(
            [("partner_id", "=", partner.id)], ["score:avg"], ["week:week"], lazy=False
        )
        self.assertEqual([g["__count"] for g in groups], [1] * 6)
        # a replay dated ahead of the server's clock still shows in its own week
        ahead = self._customer("Weekly Ahead", customer_rank=1)
        History.create(
            {"partner_id": ahead.id, "date": this_monday + timedelta(weeks=3, days=2), "score": 5.0}
        )
        self.env.flush_all()
        self.assertEqual(
            self.env["printcrm.churn.weekly"]
            .search([("partner_id", "=", ahead.id)])
            .mapped("week"),
            [this_monday + timedelta(weeks=3)],
        )

    def test_weekly_view_shows_a_salesperson_only_own_customers(self):
        mine = self._customer("Weekly Mine", customer_rank=1, user_id=self.salesperson.id)
        theirs = self._customer("Weekly Theirs", customer_rank=1, user_id=self.other_salesperson.id)
        for partner in (mine, theirs):
            self.env["printcrm.churn.history"].create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "date": TODAY,
                    "score": 10.0,
                    "level": "low",
                }
            )
        self.env.flush_all()
        domain = [("partner_id", "in", (mine | theirs).ids)]
        Weekly = self.env["printcrm.churn.weekly"]
        self.assertEqual(Weekly.with_user(self.salesperson).search(domain).partner_id, mine)
        # the chart's grouping as the salesperson: its own customer's weeks only
        groups = Weekly.with_user(self.salesperson).read_group(
            domain, ["score:avg"], ["partner_id"], lazy=False
        )
        self.assertEqual([g["partner_id"][0] for g in groups], [mine.id])
        self.assertEqual(
            Weekly.with_user(self.sales_manager).search(domain).partner_id, mine | theirs
        )
