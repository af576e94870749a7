# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestMultiCompany(PrintcrmCase):
    """A user sees the ranking and the churn risks of the companies they work in, in the
    currency of the company that ranks each customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        euro = cls.env.ref("base.EUR")
        euro.active = True
        assert cls.company.currency_id != euro
        cls.env["res.currency.rate"].create(
            {"currency_id": euro.id, "rate": 2.0, "name": TODAY, "company_id": cls.company.id}
        )
        cls.plant = cls.env["res.company"].create({"name": "Export plant", "currency_id": euro.id})
        cls.env.user.company_ids |= cls.plant
        cls.here = cls._customer("Home market buyer")
        cls.there = cls._customer("Export plant buyer")
        cls._order(cls.here, 5000, TODAY - timedelta(days=40))
        abroad = cls._order(cls.there, 8000, TODAY - timedelta(days=50), state="draft")
        abroad.write({"company_id": cls.plant.id})
        abroad.with_company(cls.plant).action_confirm()
        # a manager of the first company only
        cls.manager = new_test_user(
            cls.env,
            "printcrm_mc_manager",
            groups="sales_team.group_sale_manager,printcrm_addon.group_printcrm_sales_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        Partner = cls.env["res.partner"]
        Partner._cron_printcrm_recompute_tiers()
        Partner._cron_printcrm_compute_churn()

    def test_a_lapsed_customer_stays_in_the_company_it_bought_from(self):
        lapsed = self._customer("Lapsed plant buyer")
        old = self._order(lapsed, 900, TODAY - timedelta(days=500), state="draft")
        old.write({"company_id": self.plant.id})
        old.with_company(self.plant).action_confirm()
        Partner = self.env["res.partner"]
        # ranked once (C, no sales in the window), then found in every company's ranking
        Partner._cron_printcrm_recompute_tiers()
        Partner._cron_printcrm_recompute_tiers()
        self.assertEqual(lapsed.printcrm_tier_company_id, self.plant)
        self.assertEqual(lapsed.printcrm_order_count, 1)

    def _action_domain(self, xmlid, user):
        action = self.env.ref(xmlid)
        companies = user.company_ids.ids
        return safe_eval(action.domain, {"allowed_company_ids": companies, "uid": user.id})

    def test_each_customer_is_ranked_in_its_company_and_currency(self):
        self.assertEqual(self.here.printcrm_tier_company_id, self.company)
        self.assertEqual(self.there.printcrm_tier_company_id, self.plant)
        self.assertEqual(self.there.printcrm_tier_currency_id, self.env.ref("base.EUR"))
        self.assertEqual(self.here.printcrm_tier_currency_id, self.company.currency_id)
        self.assertEqual(self.there.printcrm_churn_company_id, self.plant)
        # the credit figures stay in the currency of the company the user works in
        self.assertEqual(
            self.there.with_company(self.plant).printcrm_currency_id, self.env.ref("base.EUR")
        )

    def test_a_user_of_one_company_sees_its_ranking_and_risks(self):
        Partner = self.env["res.partner"].with_user(self.manager)
        ranking = Partner.search(
            self._action_domain("printcrm_addon.action_printcrm_ranking", self.manager)
        )
        self.assertIn(self.here, ranking)
        self.assertNotIn(self.there, ranking)
        self.env.cr.execute(
            "UPDATE res_partner SET printcrm_churn_level = 'high' WHERE id IN %s",
            [(self.here.id, self.there.id)],
        )
        Partner.invalidate_model()
        radar = Partner.search(
            self._action_domain("printcrm_addon.action_printcrm_churn_radar", self.manager)
        )
        self.assertIn(self.here, radar)
        self.assertNotIn(self.there, radar)
        Board = self.env["printcrm.dashboard"]
        mine = Board.with_user(self.manager).create({})
        every = Board.with_context(allowed_company_ids=[self.company.id, self.plant.id]).create({})
        self.assertEqual(every.high_risk_count - mine.high_risk_count, 1)
        tiers = ("tier_a_count", "tier_b_count", "tier_c_count")
        self.assertEqual(sum(every[f] for f in tiers) - sum(mine[f] for f in tiers), 1)
        # 8,000 in the plant's euros, at 2 euros to the board's currency: 4,000
        self.assertEqual(self.there.printcrm_annual_sales, 8000)
        self.assertAlmostEqual(every.high_risk_sales - mine.high_risk_sales, 4000, places=2)
        sales = ("tier_a_sales", "tier_b_sales", "tier_c_sales")
        self.assertAlmostEqual(sum(every[f] for f in sales) - sum(mine[f] for f in sales), 4000)
        # with both companies, both
        both = self.manager.sudo()
        both.company_ids |= self.plant
        ranking = Partner.search(
            self._action_domain("printcrm_addon.action_printcrm_ranking", both)
        )
        self.assertIn(self.there, ranking)

    def test_a_credit_request_shows_annual_sales_in_its_currency(self):
        request = self.env["printcrm.credit.request"].create(
            {"partner_id": self.there.id, "requested_limit": 1000}
        )
        self.assertEqual(request.currency_id, self.company.currency_id)
        self.assertAlmostEqual(request.partner_annual_sales, 4000, places=2)  # 8,000 euros
