# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's own crawler over the Sales app, as each role: every menu, view type and filter
opens in Chromium without a client error."""

from odoo.tests import tagged

from .browser_common import PrintcrmBrowserCase

CRAWL = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('sale.sale_menu_root');"
)


@tagged("post_install", "-at_install", "printcrm_browser")
class TestCrawlSalesApp(PrintcrmBrowserCase):
    allow_end_on_form = True

    def _crawl(self, login):
        self.browser_js(
            "/odoo",
            CRAWL,
            "odoo.isReady === true",
            login=login,
            timeout=900,
            success_signal="clickbot test succeeded",
        )

    def test_crawl_as_salesperson(self):
        self._crawl("sp")

    def test_crawl_as_branch_manager(self):
        self._crawl("bm")

    def test_crawl_as_general_manager(self):
        self._crawl("gm")
