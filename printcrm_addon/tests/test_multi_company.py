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
        # the other figures stay in the company currency of the user
        self.assertEqual(self.there.printcrm_currency_id, self.env.company.currency_id)

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
        self.assertEqual(
            every.high_risk_sales - mine.high_risk_sales, self.there.printcrm_annual_sales
        )
        # with both companies, both
        both = self.manager.sudo()
        both.company_ids |= self.plant
        ranking = Partner.search(
            self._action_domain("printcrm_addon.action_printcrm_ranking", both)
        )
        self.assertIn(self.there, ranking)
