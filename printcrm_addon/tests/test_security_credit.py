# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Credit decisions hold for what they were given for, and a salesperson sees the risk and
credit figures of its own customers only: tried as the restricted user through ``call_kw``."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditDecisionsHold(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_users()
        cls.company.write({"printcrm_credit_control": True, "printcrm_large_order_amount": 0})
        cls.customer = cls._customer("Bounded Cable Co", user_id=cls.salesperson.id)
        cls.customer.write({"credit_limit": 10_000.0, "use_partner_credit_limit": True})

    def _rpc(self, user, model, method, args, kwargs=None):
        return call_kw(self.env[model].with_user(user), method, args, kwargs or {})

    def _quotation(self, amount, partner=None):
        order = self._order(partner or self.customer, amount, TODAY, state="draft")
        order.user_id = self.salesperson
        return order

    def test_approval_holds_only_for_the_exposure_it_allowed(self):
        big, other = self._quotation(12_000), self._quotation(8_000)
        with self.assertRaisesRegex(UserError, "over its credit limit"):
            self._rpc(self.salesperson, "sale.order", "action_confirm", [big.ids])
        self._rpc(self.general_manager, "sale.order", "action_printcrm_approve", [big.ids])
        approval = big.printcrm_approval_ids
        self.assertEqual((approval.gate, approval.exposure), ("credit_limit", 12_000.0))
        self.assertEqual(big._printcrm_gate_verdict()[0], [], "the approval covers 12,000")
        # another order fits the limit alone and is confirmed meanwhile
        self._rpc(self.salesperson, "sale.order", "action_confirm", [other.ids])
        self.assertEqual(other.state, "sale")
        big.invalidate_recordset()
        self.assertFalse(approval.valid)
        with self.assertRaisesRegex(UserError, "exposure with this order 20,000.00"):
            self._rpc(self.salesperson, "sale.order", "action_confirm", [big.ids])
        self.assertEqual(big.state, "draft")
        # a new approval, for 20,000, lets it through
        self._rpc(self.general_manager, "sale.order", "action_printcrm_approve", [big.ids])
        self._rpc(self.salesperson, "sale.order", "action_confirm", [big.ids])
        self.assertEqual(big.state, "sale")
        self.assertEqual(sorted(big.printcrm_approval_ids.mapped("exposure")), [12_000, 20_000])

    def _goods_order(self, partner, term):
        goods = self.env["product.product"].create(
            {"name": "Armoured cable", "type": "consu", "is_storable": True}
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)])
        self.env["stock.quant"]._update_available_quantity(goods, warehouse[:1].lot_stock_id, 10)
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": self.salesperson.id,
                "payment_term_id": term.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": goods.id,
                            "product_uom_qty": 2,
                            "price_unit": 300.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        self._rpc(self.salesperson, "sale.order", "action_confirm", [order.ids])
        order.picking_ids.move_ids.quantity = 2
        return order

    def test_pay_first_is_decided_at_confirmation_and_kept(self):
        term_b = self.env.ref("printcrm_addon.payment_term_tier_b")
        class_c = self._customer("Cash Only Wires", user_id=self.salesperson.id)
        # an established class C customer; the quotation carried 30 days anyway
        class_c.sudo().write({"printcrm_tier_computed": "c", "printcrm_is_new_customer": False})
        order = self._goods_order(class_c, term_b)
        self.assertTrue(order.printcrm_pays_first)
        with self.assertRaisesRegex(UserError, "pays before delivery"):
            order.picking_ids.with_user(self.salesperson).button_validate()
        term_a = self.env.ref("printcrm_addon.payment_term_tier_a")
        for vals in ({"payment_term_id": term_a.id}, {"printcrm_pays_first": False}):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "Sales Manager"):
                self._rpc(self.salesperson, "sale.order", "write", [order.ids, vals])
        self.assertEqual((order.payment_term_id, order.printcrm_pays_first), (term_b, True))
        # an established class B customer on 30 days does not pay first (a new or unranked
        # one would: class C and new customers pay before delivery)
        plain = self._customer("Plain Co", user_id=self.salesperson.id)
        plain.sudo().write({"printcrm_tier_computed": "b", "printcrm_is_new_customer": False})
        self.assertFalse(self._goods_order(plain, term_b).printcrm_pays_first)

    def test_sales_manager_lifts_the_hold_and_it_is_tracked(self):
        prepay = self.env.ref("printcrm_addon.payment_term_prepayment")
        order = self._goods_order(self.customer, prepay)
        self.assertTrue(order.printcrm_pays_first)
        self._flush_tracking()
        self._rpc(
            self.sales_manager, "sale.order", "write", [order.ids, {"printcrm_pays_first": False}]
        )
        self._flush_tracking()
        self.assertFalse(order.printcrm_pays_first)
        tracked = order.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "printcrm_pays_first"
        )
        self.assertEqual(len(tracked), 1)
        order.picking_ids.with_user(self.salesperson).button_validate()
        self.assertEqual(order.picking_ids.state, "done")
        with self.assertRaisesRegex(AccessError, "flow"):
            self._rpc(
                self.salesperson,
                "sale.order",
                "create",
                [{"partner_id": self.customer.id, "printcrm_pays_first": True}],
            )


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestOwnCustomerFigures(PrintcrmCase):
    """Every internal user reads every partner; its risk and credit figures only the
    partner's salesperson and the managers."""

    FIGURES = [
        "printcrm_score_share",
        "printcrm_churn_score",
        "printcrm_churn_level",
        "printcrm_tier_score",
        "printcrm_credit_exposure",
        "printcrm_credit_available",
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._credit_users()
        cls.mine = cls._customer("Mine Cables", user_id=cls.salesperson.id)
        cls.theirs = cls._customer("Theirs Cables", user_id=cls.other_salesperson.id)
        for partner, score in ((cls.mine, 40.0), (cls.theirs, 90.0)):
            partner.write(
                {
                    "printcrm_churn_score": score,
                    "printcrm_churn_level": "high" if score > 50 else "medium",
                    "printcrm_score_share": score / 4,
                    "credit_limit": 5_000.0,
                    "use_partner_credit_limit": True,
                }
            )
            cls._order(partner, 1_000, TODAY)
        cls.both = (cls.mine | cls.theirs).ids

    def _rpc(self, user, method, args, kwargs=None):
        return call_kw(self.env["res.partner"].with_user(user), method, args, kwargs or {})

    def test_read_shows_figures_of_own_customers_only(self):
        rows = {r["id"]: r for r in self._rpc(self.salesperson, "read", [self.both, self.FIGURES])}
        self.assertEqual(rows[self.mine.id]["printcrm_churn_score"], 40.0)
        self.assertEqual(rows[self.mine.id]["printcrm_credit_available"], 4_000.0)
        for name in self.FIGURES:
            self.assertFalse(rows[self.theirs.id][name], name)
        spec = {name: {} for name in self.FIGURES}
        web = self._rpc(self.salesperson, "web_read", [[self.theirs.id], spec])
        self.assertFalse(web[0]["printcrm_churn_score"])
        manager = self._rpc(self.branch_manager, "read", [[self.theirs.id], self.FIGURES])
        self.assertEqual(manager[0]["printcrm_churn_score"], 90.0)
        self.assertEqual(manager[0]["printcrm_credit_exposure"], 1_000.0)

    def test_search_grouping_and_export_are_narrowed(self):
        self.salesperson.groups_id += self.env.ref("base.group_allow_export")
        found = self._rpc(
            self.salesperson,
            "search",
            [[("id", "in", self.both), ("printcrm_churn_score", ">", 50)]],
        )
        self.assertEqual(found, [], "the score of a colleague's customer must not be searchable")
        groups = self._rpc(
            self.salesperson,
            "read_group",
            [[("id", "in", self.both)], ["printcrm_churn_score:avg"], ["printcrm_churn_level"]],
        )
        counts = {g["printcrm_churn_level"]: g["printcrm_churn_level_count"] for g in groups}
        self.assertEqual(counts, {"high": 0, "medium": 1, "low": 0})
        self.assertEqual(
            len(self._rpc(self.branch_manager, "search", [[("printcrm_churn_score", ">", 50)]])),
            1,
        )
        with self.assertRaisesRegex(UserError, "own customers only"):
            self._rpc(
                self.salesperson, "export_data", [self.both, ["name", "printcrm_churn_score"]]
            )
        exported = self._rpc(
            self.salesperson, "export_data", [[self.mine.id], ["printcrm_churn_score"]]
        )
        self.assertEqual(exported["datas"], [[40.0]])

    def test_sorting_nested_exports_and_user_records_do_not_reveal_them(self):
        ordered = self._rpc(
            self.salesperson,
            "search",
            [[("id", "in", self.both)]],
            {"order": "printcrm_churn_score desc"},
        )
        self.assertEqual(ordered, [self.mine.id])
        self.salesperson.groups_id += self.env.ref("base.group_allow_export")
        order = self.env["sale.order"].search([("partner_id", "=", self.theirs.id)])[:1]
        order.user_id = self.salesperson
        with self.assertRaisesRegex(UserError, "own customers only"):
            call_kw(
                self.env["sale.order"].with_user(self.salesperson),
                "export_data",
                [order.ids, ["name", "partner_id/printcrm_churn_score"]],
                {},
            )
        portal = new_test_user(
            self.env,
            "printcrm_theirs_portal",
            groups="base.group_portal",
            partner_id=self.theirs.id,
        )
        rows = call_kw(
            self.env["res.users"].with_user(self.salesperson),
            "read",
            [portal.ids, ["printcrm_churn_score"]],
            {},
        )
        self.assertFalse(rows[0]["printcrm_churn_score"])
        creator = new_test_user(
            self.env, "printcrm_ctx_creator", groups="base.group_user,base.group_partner_manager"
        )
        with self.assertRaisesRegex(AccessError, "cannot be set by hand"):
            self.env["res.partner"].with_user(creator).with_context(
                default_printcrm_term_rule="tier_a"
            ).create({"name": "Context Forged Co"})

    def test_banner_and_request_form_show_no_figures_of_a_colleagues_customer(self):
        self.company.printcrm_credit_control = True
        order = self._order(self.theirs, 6_000, TODAY, state="draft")
        order.user_id = self.salesperson
        with self.assertRaises(UserError) as refused:
            call_kw(
                self.env["sale.order"].with_user(self.salesperson),
                "action_confirm",
                [order.ids],
                {},
            )
        self.assertIn(
            "Theirs Cables is over its credit limit. A General Manager", str(refused.exception)
        )
        self.assertNotIn("5,000", str(refused.exception))
        form = Form(self.env["printcrm.credit.request"].with_user(self.salesperson))
        form.partner_id = self.theirs
        self.assertEqual((form.current_limit, form.partner_exposure), (0.0, 0.0))
        form.partner_id = self.mine
        self.assertEqual((form.current_limit, form.partner_exposure), (5_000.0, 1_000.0))

    def test_credit_request_only_for_own_customers(self):
        with self.assertRaisesRegex(AccessError, "only its salesperson or a Branch Manager"):
            call_kw(
                self.env["printcrm.credit.request"].with_user(self.salesperson),
                "create",
                [{"partner_id": self.theirs.id, "requested_limit": 9_000}],
                {},
            )
        self.assertFalse(
            self.env["printcrm.credit.request"].search([("partner_id", "=", self.theirs.id)])
        )


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestChurnRunTwice(PrintcrmCase):
    def test_second_run_on_the_same_day_changes_nothing(self):
        customer = self._customer("Twice Run Co", customer_rank=1)
        # a score of 20 yesterday, a high one today: rising
        self.env["printcrm.churn.history"].create(
            {
                "partner_id": customer.id,
                "date": TODAY - timedelta(days=1),
                "score": 20.0,
                "level": "low",
            }
        )
        self._invoice(customer, 9_000.0, TODAY - timedelta(days=150))
        partner_fields = [
            "printcrm_churn_score",
            "printcrm_churn_level",
            "printcrm_churn_trend",
            "printcrm_churn_priority",
            "printcrm_churn_high_since",
        ]

        def state():
            self.env.flush_all()
            self.env.invalidate_all()
            return (
                customer.read(partner_fields)[0],
                customer.printcrm_churn_history_ids.read(["date", "score", "level"]),
                customer.printcrm_churn_signal_ids.read(["signal_type", "severity"]),
                len(customer.activity_ids),
            )

        self.env["res.partner"]._cron_printcrm_compute_churn()
        first = state()
        self.assertEqual(first[0]["printcrm_churn_trend"], "up")
        self.env["res.partner"]._cron_printcrm_compute_churn()
        self.assertEqual(state(), first)
