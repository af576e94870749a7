# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A database with something on every screen of the add-on, and one user per role.

The browser tests (crawler and tours) log in as these users: a screen that only breaks with
data, or only for a restricted role, breaks here too.
"""

from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, new_test_user

ROLE_GROUPS = {
    # Odoo's "own documents only" sales right, as most salespeople have
    "salesperson": "sales_team.group_sale_salesman,printcrm_addon.group_printcrm_salesperson",
    "branch_manager": "sales_team.group_sale_salesman_all_leads,"
    "printcrm_addon.group_printcrm_branch_manager",
    "sales_manager": "sales_team.group_sale_manager,printcrm_addon.group_printcrm_sales_manager",
    # a general manager who signs but does not administer sales: own documents only
    "general_manager": "sales_team.group_sale_salesman,"
    "printcrm_addon.group_printcrm_general_manager",
}


class PrintcrmBrowserCase(HttpCase):
    """Users ``sp``, ``bm``, ``sm`` and ``gm`` (password = login) and data for every screen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.users = {}
        for login, role in (
            ("sp", "salesperson"),
            ("bm", "branch_manager"),
            ("sm", "sales_manager"),
            ("gm", "general_manager"),
        ):
            cls.users[role] = new_test_user(
                cls.env,
                login,
                groups=f"base.group_user,{ROLE_GROUPS[role]}",
                name=f"{role.replace('_', ' ').title()} ({login})",
                password=login,
                tz="Asia/Shanghai",
            )
        cls.users["salesperson_2"] = new_test_user(
            cls.env,
            "sp2",
            groups=f"base.group_user,{ROLE_GROUPS['salesperson']}",
            name="Second Salesperson (sp2)",
            password="sp2",
        )
        if "tour_enabled" in cls.env["res.users"]._fields:
            for user in cls.users.values():
                user.tour_enabled = False
        cls._build_screen_data()

    @classmethod
    def _build_screen_data(cls):
        sp, sp2 = cls.users["salesperson"], cls.users["salesperson_2"]
        cls.product = cls.env["product.product"].create(
            {
                "name": "Shielded cable 3x1.5",
                "is_storable": True,
                "list_price": 100.0,
                "standard_price": 70.0,
                "taxes_id": [Command.clear()],
            }
        )
        today = date.today()
        cls.customers = cls.env["res.partner"]
        sizes = [90_000, 40_000, 20_000, 9_000, 5_000, 2_000]
        for index, size in enumerate(sizes):
            owner = sp if index % 2 == 0 else sp2
            customer = cls.env["res.partner"].create(
                {
                    "name": f"Browser Customer {index + 1}",
                    "is_company": True,
                    "user_id": owner.id,
                    "country_id": cls.env.ref("base.cn").id,
                }
            )
            cls.customers |= customer
            months = 20 if index != 1 else 14  # customer 2 stopped ordering six months ago
            for month in range(months, 0 if index != 1 else 6, -1):
                cls._order(customer, owner, size / 10, today - timedelta(days=30 * month))
        partners = cls.env["res.partner"]
        partners._cron_printcrm_recompute_tiers()
        partners._cron_printcrm_compute_churn()
        cls.big, cls.stopped = cls.customers[0], cls.customers[1]
        cls.complaint = cls.env["printcrm.complaint"].create(
            {
                "partner_id": cls.big.id,
                "category": "delivery",
                "description": "The last drum came two weeks late",
                "user_id": sp.id,
            }
        )
        cls.retention = cls.env["printcrm.retention.case"].create(
            {
                "partner_id": cls.stopped.id,
                "cause": "price",
                "decision": "retain",
                "action_plan": "Volume rebate of 3% from January",
                "user_id": sp2.id,
            }
        )
        cls.requests = cls._credit_requests()
        cls.quotation = cls._quotation(cls.big, sp, 5000)
        cls.confirmed = cls._quotation(cls.big, sp, 1200)
        cls.confirmed.action_confirm()
        cls.dispatch = cls.confirmed.printcrm_dispatch_id

    @classmethod
    def _order(cls, partner, user, qty, when):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "date_order": datetime.combine(when, datetime.min.time()) + timedelta(hours=9),
                "state": "sale",
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": qty,
                            "price_unit": 100.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    @classmethod
    def _quotation(cls, partner, user, qty):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": qty,
                            "price_unit": 100.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    @classmethod
    def _credit_requests(cls):
        """One request in draft and one waiting at each level, all prepared by ``sp``."""
        Request = cls.env["printcrm.credit.request"]
        requests = {}
        # a salesperson asks credit for its own customers only
        own = cls.customers.filtered(lambda c: c.user_id == cls.users["salesperson"])
        for state, customer in zip(
            ("draft", "branch", "sales", "general"), [*own, *own], strict=False
        ):
            request = Request.with_user(cls.users["salesperson"]).create(
                {
                    "partner_id": customer.id,
                    "requested_limit": 50_000,
                    "profile_organisation": "Listed group, three plants",
                    "finance_payment_record": "Paid within terms for two years",
                }
            )
            if state != "draft":
                request.action_submit()
            if state in ("sales", "general"):
                request.with_user(cls.users["branch_manager"]).action_approve()
            if state == "general":
                request.with_user(cls.users["sales_manager"]).action_approve()
            requests[state] = request.sudo()
        return requests
