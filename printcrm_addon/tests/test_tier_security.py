# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PrintcrmCase


@tagged("post_install", "-at_install")
class TestTierSecurity(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._customer("Own customer", user_id=cls.salesperson.id)
        cls.foreign = cls._customer("Someone else's", user_id=cls.other_salesperson.id)

    def test_groups_are_chained_and_admin_is_general_manager(self):
        self.assertTrue(self.salesperson.has_group("printcrm_addon.group_printcrm_salesperson"))
        self.assertFalse(self.salesperson.has_group("printcrm_addon.group_printcrm_branch_manager"))
        self.assertTrue(
            self.sales_manager.has_group("printcrm_addon.group_printcrm_branch_manager")
        )
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("printcrm_addon.group_printcrm_general_manager"))
        self.assertTrue(admin.has_group("printcrm_addon.group_printcrm_salesperson"))

    @mute_logger("odoo.models")
    def test_salesperson_cannot_override_a_tier(self):
        customer = self.own.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            customer.write({"printcrm_tier_override": "a", "printcrm_tier_override_reason": "x"})
        self.assertFalse(self.own.printcrm_tier_override)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesperson).create(
                {"name": "Sneaky", "printcrm_tier_override": "a"}
            )
        with self.assertRaises(AccessError):
            customer.write({"printcrm_tier_computed": "a"})

    def test_sales_manager_overrides_with_reason(self):
        self.own.sudo().printcrm_tier_computed = "c"
        self._flush_tracking()  # as if the customer had been created in an earlier transaction
        customer = self.own.with_user(self.sales_manager)
        customer.write(
            {"printcrm_tier_override": "a", "printcrm_tier_override_reason": "Famous brand"}
        )
        self.assertEqual(self.own.printcrm_tier, "a")
        row = self.own.printcrm_tier_history_ids.filtered(lambda h: h.source == "override")
        self.assertEqual(
            (row.old_tier, row.new_tier, row.source, row.reason, row.user_id),
            ("c", "a", "override", "Famous brand", self.sales_manager),
        )
        self._flush_tracking()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", self.own.id),
                ("field_id.name", "=", "printcrm_tier"),
            ]
        )
        self.assertEqual(tracked.new_value_char, "A")
        # clearing goes back to the computed class
        customer.write({"printcrm_tier_override": False})
        self.assertEqual(self.own.printcrm_tier, "c")
        self.assertEqual(
            self.own.printcrm_tier_history_ids.sorted("id").mapped("new_tier"), ["c", "a", "c"]
        )

    def test_override_without_reason_writes_nothing(self):
        customer = self.own.with_user(self.sales_manager)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            customer.write({"printcrm_tier_override": "b"})
        self.own.invalidate_recordset()
        self.assertFalse(self.own.printcrm_tier_override)
        self.assertFalse(self.own.printcrm_tier_history_ids)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            customer.write({"printcrm_tier_override": "b", "printcrm_tier_override_reason": "  "})

    def test_salesperson_sets_cooperation_of_own_customers_only(self):
        with Form(self.own.with_user(self.salesperson)) as form:
            form.printcrm_my_cooperation_rate = 80.0
            form.printcrm_cooperation_reason = "Also buys from a competitor"
        self.assertEqual(self.own.sudo().printcrm_cooperation_rate, 80.0)
        foreign = self.foreign.with_user(self.salesperson)
        self.assertFalse(foreign.printcrm_is_my_customer)
        self.assertEqual(foreign.printcrm_my_cooperation_rate, 0.0)
        with self.assertRaises(AccessError):
            foreign.printcrm_my_cooperation_rate = 10.0
        with self.assertRaises(AccessError):
            foreign.read(["printcrm_cooperation_rate"])
        self.assertEqual(self.foreign.sudo().printcrm_cooperation_rate, 100.0)

    def test_branch_manager_sets_anyones_cooperation(self):
        customer = self.foreign.with_user(self.sales_manager)
        self.assertTrue(customer.printcrm_is_my_customer)
        customer.write(
            {"printcrm_cooperation_rate": -20.0, "printcrm_cooperation_reason": "Poaches staff"}
        )
        self.assertEqual(self.foreign.sudo().printcrm_cooperation_rate, -20.0)

    def test_salesperson_reads_history_but_cannot_write_it(self):
        self.own.with_user(self.sales_manager).write(
            {"printcrm_tier_override": "b", "printcrm_tier_override_reason": "Growing fast"}
        )
        history = self.own.with_user(self.salesperson).printcrm_tier_history_ids
        self.assertEqual(history.new_tier, "b")
        with self.assertRaises(AccessError):
            history.write({"new_tier": "a"})
        with self.assertRaises(AccessError):
            self.env["printcrm.tier.history"].with_user(self.salesperson).create(
                {"partner_id": self.own.id, "source": "override"}
            )

    def test_a_colleagues_customers_tier_changes_and_scores_stay_hidden(self):
        for partner in (self.own, self.foreign):
            partner.with_user(self.sales_manager).write(
                {"printcrm_tier_override": "b", "printcrm_tier_override_reason": "Review"}
            )
        History = self.env["printcrm.tier.history"]
        self.assertEqual(History.with_user(self.salesperson).search([]).partner_id, self.own)
        foreign_row = History.search([("partner_id", "=", self.foreign.id)])
        self.assertTrue(foreign_row)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            foreign_row.with_user(self.salesperson).read(["score"])
        # a branch manager sees both
        branch = self.env["res.users"].search(
            [("groups_id", "in", self.env.ref("printcrm_addon.group_printcrm_branch_manager").id)],
            limit=1,
        )
        self.assertEqual(
            History.with_user(branch).search_count(
                [
                    (
                        "id",
                        "in",
                        (foreign_row | History.search([("partner_id", "=", self.own.id)])).ids,
                    )
                ]
            ),
            2,
        )
