# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import TODAY, PrintcrmCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditTerms(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.cn")
        cls.company.printcrm_credit_control = True
        cn, jp = cls.env.ref("base.cn"), cls.env.ref("base.jp")
        cls.a_customer = cls._customer("Class A", country_id=cn.id)
        cls.b_customer = cls._customer("Class B", country_id=cn.id)
        cls.c_customer = cls._customer("Class C", country_id=cn.id)
        cls.new_customer = cls._customer("Newcomer", country_id=cn.id)
        cls.foreign_customer = cls._customer("Tokyo buyer", country_id=jp.id)
        customers = cls.a_customer | cls.b_customer | cls.c_customer | cls.foreign_customer
        customers.sudo().write({"printcrm_is_new_customer": False})
        for partner, tier in (
            (cls.a_customer, "a"),
            (cls.b_customer, "b"),
            (cls.c_customer, "c"),
            (cls.new_customer, "a"),
            (cls.foreign_customer, "a"),
        ):
            partner.sudo().printcrm_tier_computed = tier
        cls.term = {
            name: cls.env.ref(f"printcrm_addon.payment_term_{name}")
            for name in ("tier_a", "tier_b", "prepayment", "letter_of_credit")
        }

    def test_shipped_terms_are_the_default_mapping(self):
        company = self.company
        self.assertEqual(company.printcrm_term_tier_a_id, self.term["tier_a"])
        self.assertEqual(company.printcrm_term_tier_a_id.line_ids.nb_days, 60)
        self.assertEqual(company.printcrm_term_tier_b_id.line_ids.nb_days, 30)
        self.assertEqual(company.printcrm_term_tier_c_id, self.term["prepayment"])
        self.assertEqual(company.printcrm_term_new_id, self.term["prepayment"])
        self.assertEqual(company.printcrm_term_foreign_id, self.term["letter_of_credit"])

    def test_terms_applied_per_class_new_and_foreign(self):
        default_term = (
            self.env["res.partner"].create({"name": "Untouched"}).property_payment_term_id
        )
        self.assertFalse(default_term, "creating a partner must not set a term")
        self.env["res.partner"].with_user(self.sales_manager).browse(
            self.a_customer.id
        ).action_printcrm_apply_terms()
        self.env["printcrm.credit.engine"]._printcrm_apply_terms_all()
        expected = {
            self.a_customer: ("tier_a", "tier_a"),
            self.b_customer: ("tier_b", "tier_b"),
            self.c_customer: ("prepayment", "tier_c"),
            self.new_customer: ("prepayment", "new"),
            self.foreign_customer: ("letter_of_credit", "foreign"),
        }
        for partner, (term, rule) in expected.items():
            self.assertEqual(partner.property_payment_term_id, self.term[term], partner.name)
            self.assertEqual(partner.printcrm_term_rule, rule, partner.name)
        note = self.c_customer.message_ids.filtered(lambda m: "Payment terms" in m.body)[:1]
        self.assertIn("Payment before delivery", note.body)
        self.assertIn("Class C", note.body)

    def test_exception_kept_until_it_expires(self):
        self.b_customer.sudo().write(
            {
                "printcrm_term_exception_id": self.term["tier_a"].id,
                "printcrm_term_exception_until": TODAY + timedelta(days=10),
            }
        )
        self.env["printcrm.credit.engine"]._printcrm_apply_terms_all()
        self.assertEqual(self.b_customer.property_payment_term_id, self.term["tier_a"])
        self.assertEqual(self.b_customer.printcrm_term_rule, "exception")
        with freeze_time(TODAY + timedelta(days=11)):
            self.env["printcrm.credit.engine"]._printcrm_apply_terms_all()
        self.assertEqual(self.b_customer.property_payment_term_id, self.term["tier_b"])
        self.assertEqual(self.b_customer.printcrm_term_rule, "tier_b")

    def test_credit_control_off_leaves_terms_alone(self):
        self.company.printcrm_credit_control = False
        self.env["printcrm.credit.engine"]._printcrm_apply_terms_all()
        self.assertFalse(self.c_customer.property_payment_term_id)

    def test_missing_mapping_and_bad_thresholds_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "Term for class B"), self.cr.savepoint():
            self.company.printcrm_term_tier_b_id = False
        self.assertEqual(self.company.printcrm_term_tier_b_id, self.term["tier_b"])
        with self.assertRaisesRegex(ValidationError, "below zero"), self.cr.savepoint():
            self.company.printcrm_large_order_amount = -1
        with (
            self.assertRaisesRegex(ValidationError, "grace cannot be negative"),
            self.cr.savepoint(),
        ):
            self.company.printcrm_overdue_grace_days = -2
        self.assertEqual(self.company.printcrm_large_order_amount, 500000.0)
