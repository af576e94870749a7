# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, tagged

from .common import PrintcrmCase


@tagged("post_install", "-at_install")
class TestTierViews(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Viewed customer", user_id=cls.salesperson.id)
        cls.customer.sudo().printcrm_tier_computed = "b"

    def test_partner_form_as_salesperson(self):
        form = Form(self.customer.with_user(self.salesperson))
        self.assertEqual(form.printcrm_tier, "b")
        self.assertEqual(form.printcrm_my_cooperation_rate, 100.0)
        self.assertNotIn("printcrm_cooperation_rate", form._view["fields"])

    def test_partner_form_as_manager(self):
        form = Form(self.customer.with_user(self.sales_manager))
        form.printcrm_tier_override = "a"
        form.printcrm_tier_override_reason = "Famous brand"
        form.save()
        self.assertEqual(self.customer.printcrm_tier, "a")

    def test_sale_order_and_lead_show_the_tier(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        order = Form(self.env["sale.order"].with_user(self.salesperson))
        order.partner_id = contact
        self.assertEqual(order.printcrm_tier, "b")
        lead = Form(self.env["crm.lead"].with_user(self.salesperson))
        lead.name = "Cable tender"
        lead.partner_id = self.customer
        self.assertEqual(lead.printcrm_tier, "b")

    def test_ranking_kanban_search_and_settings_views_render(self):
        partners = self.env["res.partner"].with_user(self.salesperson)
        action = self.env.ref("printcrm_addon.action_printcrm_ranking")
        views = partners.get_views([(v.view_id.id, v.view_mode) for v in action.view_ids])
        ranking = views["views"]["list"]["arch"]
        for column in ("printcrm_rank", "printcrm_score_share", "printcrm_cumulative_share"):
            self.assertIn(column, ranking)
        kanban = partners.get_views([(False, "kanban"), (False, "search")])["views"]
        self.assertIn("printcrm_tier", kanban["kanban"]["arch"])
        self.assertIn("group_printcrm_tier", kanban["search"]["arch"])
        grouped = partners.read_group(
            [("id", "=", self.customer.id)], ["printcrm_tier"], ["printcrm_tier"]
        )
        self.assertEqual(grouped[0]["printcrm_tier"], "b")
        Form(self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")))
        history = self.env["printcrm.tier.history"].with_user(self.salesperson)
        self.assertIn("new_tier", history.get_views([(False, "list")])["views"]["list"]["arch"])
