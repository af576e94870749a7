# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """The shipped zh_CN and zh_TW catalogues load and reach labels, menus and messages."""

    def _load(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"].search([("name", "=", "printcrm_addon")])._update_translations(
            filter_lang=[lang]
        )

    def test_chinese_labels_and_menus(self):
        for lang, tier, menu in (("zh_CN", "客户等级", "排名"), ("zh_TW", "客戶等級", "排名")):
            self._load(lang)
            fields = self.env["res.partner"].with_context(lang=lang).fields_get(["printcrm_tier"])
            self.assertEqual(fields["printcrm_tier"]["string"], tier)
            ranking = self.env.ref("printcrm_addon.menu_printcrm_ranking").with_context(lang=lang)
            self.assertEqual(ranking.name, menu)

    def test_error_messages_are_translated(self):
        self._load("zh_CN")
        company = self.env.company.with_context(lang="zh_CN")
        with self.assertRaisesRegex(Exception, "统计期至少为 1 个月"):
            company.printcrm_tier_window_months = 0
            company.flush_recordset()

    def test_class_names_follow_the_readers_language(self):
        # installed in English, read in Chinese: the label of the reader's language
        self._load("zh_CN")
        Classes = self.env["printcrm.customer.class"]
        classes = Classes.search([("company_id", "=", self.env.company.id)])
        by_code = {c.code: c for c in classes}
        self.assertEqual(by_code["a"].name, "Class A")
        self.assertEqual(by_code["a"].display_name, "Class A")  # cached in English first
        chinese = by_code["a"].with_context(lang="zh_CN")
        self.assertEqual(chinese.name, "A 类")
        self.assertEqual(chinese.display_name, "A 类")
        self.assertEqual(by_code["foreign"].with_context(lang="zh_CN").name, "境外客户")
        # searched as the reader reads it (the many2one dropdown's name search)
        found = Classes.with_context(lang="zh_CN").name_search("境外")
        self.assertEqual(
            [row[0] for row in found if row[0] in classes.ids], [by_code["foreign"].id]
        )
        self.assertEqual(
            Classes.search([("id", "in", classes.ids), ("name", "not ilike", "class")]).mapped(
                "code"
            ),
            ["new", "foreign"],
        )
        # LIKE patterns as in SQL: % any text, _ one character
        english = Classes.search([("id", "in", classes.ids), ("name", "=ilike", "class _")])
        self.assertEqual(english.mapped("code"), ["a", "b", "c"])
        self.assertFalse(Classes.search([("id", "in", classes.ids), ("name", "like", "A%C")]))
