# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import time
from datetime import timedelta

from odoo import Command, api, fields, models

from ..demo import dataset

_logger = logging.getLogger(__name__)


class PrintcrmDemoLoader(models.AbstractModel):
    """Turns ``demo/dataset.py`` into a company, customers, orders, invoices and payments.

    ``make demo`` (``tools/demo.py``) runs :meth:`_demo_steps` one by one and prints each
    step's counts; :meth:`load_all` does the same from an Odoo shell. Everything is created in
    batches through the ORM, so the records are what Odoo itself would have made: confirmed
    orders with sale_margin costs, posted invoices linked to the order lines, and payments
    reconciled on their dates. :meth:`load` (the history only, in the current company) is
    what the tests use.
    """

    _name = "printcrm.demo.loader"
    _description = "PrintCRM demo data loader"

    @api.model
    def load(self, customers=170, seed=2026, today=None, company=None):
        """Customers with three years of history in ``company`` (default: the current one)."""
        state = {"company": company or self.env.company}
        for _label, step in self._demo_steps(customers, seed, today, state)[1:4]:
            step()
        return True

    @api.model
    def load_all(self, customers=170, seed=2026, today=None):
        """The whole demo: company, users, history, tiers, queues and churn history."""
        for label, step in self._demo_steps(customers, seed, today):
            started = time.monotonic()
            counts = step()
            _logger.info("PrintCRM demo %s: %s (%.0f s)", label, counts, time.monotonic() - started)
        return True

    @api.model
    def _demo_steps(self, customers=170, seed=2026, today=None, state=None):
        """[(label, step)]: each step creates one kind of records and returns its counts."""
        today = today or fields.Date.context_today(self)
        state = state if state is not None else {}
        base = dataset.generate(today, customers=customers, seed=seed)
        counts = dataset.summary(base)
        queues = self.env["printcrm.demo.queues"]

        def company():
            state["company"] = self._demo_company()
            return "{}, {}, chart {}, users {}".format(
                state["company"].name,
                state["company"].currency_id.name,
                state["company"].chart_template,
                ", ".join(self._demo_users(state["company"]).mapped("login")),
            )

        def customers_step():
            loader = self.with_company(state["company"])
            state["products"] = loader._demo_products()
            state["partners"] = loader._demo_partners(base, state["company"])
            return (
                f"{counts['customers']} ({counts['domestic']} in China, {counts['export']} abroad)"
            )

        def orders():
            loader = self.with_company(state["company"])
            state["orders"] = loader._demo_orders(
                base, state["partners"], state["products"], state["company"]
            )
            return f"{counts['orders']:,} confirmed, {counts['lines']:,} lines"

        def invoices():
            loader = self.with_company(state["company"])
            moves = loader._demo_invoices(base, state["orders"])
            loader._demo_payments(base, moves, state["company"])
            return (
                f"{counts['invoices']:,} posted, {counts['payments']:,} paid "
                f"({counts['late']:,} late), {counts['unpaid']:,} open"
            )

        return [
            ("company", company),
            ("customers", customers_step),
            ("orders", orders),
            ("invoices and payments", invoices),
            ("tiers and terms", lambda: queues._demo_tiers(state["company"])),
            ("queues", lambda: queues._demo_queues(base, state["partners"], today)),
            ("churn history", lambda: queues._demo_churn(state["company"], today)),
            ("churn learning", lambda: queues._demo_churn_learning(state["company"], today)),
        ]

    @api.model
    def load_portal_demo(self):
        """The portal login zhang / zhang; see ``printcrm.demo.queues``."""
        return self.env["printcrm.demo.queues"]._demo_portal()

    # --- company and users ----
    def _demo_company(self):
        """The Chinese demo company, created once, with the Chinese chart of accounts."""
        company = self.env.ref("printcrm_addon.demo_company_huatong", raise_if_not_found=False)
        if company:
            return company
        spec = dataset.COMPANY
        currency = self.env.ref(f"base.{spec['currency']}")
        currency.active = True
        # partner_autocomplete would look the demo company up online (and log it offline)
        offline = (
            {"iap_enrich_auto_done": True}
            if "iap_enrich_auto_done" in self.env["res.company"]._fields
            else {}
        )
        company = self.env["res.company"].create(
            {
                **offline,
                "name": spec["name"],
                "report_header": spec["english_name"],
                "street": spec["street"],
                "city": spec["city"],
                "zip": spec["zip"],
                "phone": spec["phone"],
                "email": spec["email"],
                "website": spec["website"],
                "country_id": self.env.ref(f"base.{spec['country'].lower()}").id,
                "currency_id": currency.id,
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "printcrm_addon",
                "name": "demo_company_huatong",
                "model": "res.company",
                "res_id": company.id,
                "noupdate": True,
            }
        )
        company.resource_calendar_id.tz = spec["tz"]
        # Odoo makes a company's warehouse only in tests or from the settings
        if not self.env["stock.warehouse"].search_count([("company_id", "=", company.id)]):
            self.env["stock.warehouse"].create(
                {"name": "Shenzhen plant", "code": "SZ", "company_id": company.id}
            )
        self.env.user.company_ids = [Command.link(company.id)]
        cn_chart = self.env["ir.module.module"].search_count(
            [("name", "=", "l10n_cn"), ("state", "=", "installed")]
        )
        chart = spec["chart"] if cn_chart else "generic_coa"
        self.env["account.chart.template"].try_loading(chart, company, install_demo=False)
        company.write(
            {
                "printcrm_credit_control": True,
                "printcrm_invoice_by_terms": True,
                "printcrm_branch_signoff_all": True,
            }
        )
        return company

    def _demo_users(self, company):
        """The demo users of ``demo/printcrm_demo.xml`` work in ``company``, in their language;
        the admin gets it as default company too (and keeps English)."""
        Users = self.env["res.users"]
        users = Users
        for login, xmlid, _role, lang in dataset.USERS:
            user = self.env.ref(f"printcrm_addon.{xmlid}", raise_if_not_found=False)
            if not user:
                continue
            self.env["res.lang"]._activate_lang(lang)
            user.write(
                {
                    "company_ids": [Command.set(company.ids)],
                    "company_id": company.id,
                    "lang": lang,
                    "tz": dataset.COMPANY["tz"],
                }
            )
            users |= user
            assert user.login == login, user.login
        # `--load-language=zh_CN` on a new database makes Chinese the default language of
        # new partners and of the admin: English stays the database language
        self.env["ir.default"].set("res.partner", "lang", "en_US")
        self.env.ref("base.user_root").lang = "en_US"
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        if admin:
            admin.write(
                {
                    "company_ids": [Command.link(company.id)],
                    "company_id": company.id,
                    "lang": "en_US",
                }
            )
        by_login = {user.login: user for user in users}
        if {"kevin", "lily", "tom"} <= set(by_login):
            self.env["crm.team"].create(
                {
                    "name": "South China Sales",
                    "company_id": company.id,
                    "user_id": by_login["kevin"].id,
                    "member_ids": [Command.set([by_login["lily"].id, by_login["tom"].id])],
                }
            )
        return users

    def _demo_salespeople(self):
        """{login: user} of the salespeople; the current user when the demo users are missing."""
        found = {}
        for login, xmlid, _role, _lang in dataset.USERS[:2]:
            user = self.env.ref(f"printcrm_addon.{xmlid}", raise_if_not_found=False)
            found[login] = user or self.env.user
        return found

    # --- history ----
    def _demo_products(self):
        Product = self.env["product.product"]
        return Product.concat(
            *(
                Product.create(
                    {
                        "name": name,
                        "type": "consu",
                        "invoice_policy": "order",
                        "list_price": price,
                        "standard_price": cost,
                        "taxes_id": [Command.clear()],
                    }
                )
                for name, price, cost in dataset.PRODUCTS
            )
        )

    def _demo_partners(self, base, company):
        salespeople = self._demo_salespeople()
        codes = {c.country for c in base} | {c.investor_country for c in base}
        country = {code: self.env.ref(f"base.{code.lower()}").id for code in codes}
        partners = self.env["res.partner"].create(
            [
                {
                    "name": customer.name,
                    "ref": customer.ref,
                    "is_company": True,
                    "customer_rank": 1,
                    "company_id": company.id,
                    "city": customer.city,
                    "country_id": country[customer.country],
                    "printcrm_investor_country_id": country[customer.investor_country],
                    "printcrm_sales_channel": customer.channel,
                    "user_id": salespeople[customer.salesperson].id,
                    "email": f"purchasing@{customer.ref.lower()}.example.com",
                }
                for customer in base
            ]
        )
        with_cooperation = [
            (partner, customer.cooperation)
            for partner, customer in zip(partners, base, strict=True)
            if customer.cooperation is not None
        ]
        for partner, rate in with_cooperation:
            partner.printcrm_cooperation_rate = rate
        return partners

    def _demo_utc(self, local):
        """A naive local time of the demo company as Odoo stores it (UTC)."""
        return local - timedelta(hours=dataset.COMPANY["tz_offset_hours"])

    def _demo_orders(self, base, partners, products, company):
        """One confirmed order per dataset order on its date, with when it was received and
        how long its confirmation took."""
        target_hours = 8.0 * (company.printcrm_confirm_target_days or 1.0)
        pricelist = self.env["printcrm.demo.queues"]._demo_pricelist(company)
        values, keys = [], []
        for c_index, (customer, partner) in enumerate(zip(base, partners, strict=True)):
            for o_index, order in enumerate(customer.orders):
                keys.append((c_index, o_index))
                values.append(
                    {
                        "partner_id": partner.id,
                        "user_id": partner.user_id.id,
                        "company_id": company.id,
                        "pricelist_id": pricelist.id,
                        "date_order": self._demo_utc(order.confirmed_at),
                        "printcrm_received_at": self._demo_utc(order.received_at),
                        "printcrm_confirmed_at": self._demo_utc(order.confirmed_at),
                        "printcrm_confirm_hours": order.confirm_hours,
                        "printcrm_confirm_late": order.confirm_hours > target_hours,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[product].id,
                                    "product_uom_qty": qty,
                                    "price_unit": price,
                                    "purchase_price": cost,
                                    "tax_id": [Command.clear()],
                                }
                            )
                            for product, qty, price, cost in order.lines
                        ],
                    }
                )
        # created as quotations and then marked confirmed: confirmed lines created as such
        # would launch a delivery each (history needs none, and the rules may be missing)
        orders = self.env["sale.order"].with_context(tracking_disable=True).create(values)
        orders.write({"state": "sale"})
        return dict(zip(keys, orders, strict=True))

    def _demo_invoices(self, base, orders):
        values, keys = [], []
        for c_index, customer in enumerate(base):
            for o_index, order in enumerate(customer.orders):
                if not order.invoice:
                    continue
                sale = orders[(c_index, o_index)]
                keys.append((c_index, o_index))
                values.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": sale.partner_id.id,
                        "company_id": sale.company_id.id,
                        "invoice_user_id": sale.user_id.id,
                        "invoice_date": order.invoice.invoice_date,
                        "invoice_date_due": order.invoice.due_date,
                        "invoice_origin": sale.name,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": line.product_id.id,
                                    "quantity": line.product_uom_qty,
                                    "price_unit": line.price_unit,
                                    "tax_ids": [Command.clear()],
                                    "sale_line_ids": [Command.set(line.ids)],
                                }
                            )
                            for line in sale.order_line
                        ],
                    }
                )
        moves = self.env["account.move"].with_context(tracking_disable=True).create(values)
        moves.action_post()
        return dict(zip(keys, moves, strict=True))

    def _demo_payments(self, base, invoices, company):
        """Payments on their dates, each reconciled with its invoice."""
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        paid = [
            (key, base[key[0]].orders[key[1]].invoice.paid_date)
            for key in invoices
            if base[key[0]].orders[key[1]].invoice.paid_date
        ]
        payments = (
            self.env["account.payment"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": invoices[key].commercial_partner_id.id,
                        "amount": invoices[key].amount_total,
                        "date": paid_date,
                        "journal_id": journal.id,
                        "memo": invoices[key].name,
                    }
                    for key, paid_date in paid
                ]
            )
        )
        payments.action_post()
        plan = []
        for (key, _date), payment in zip(paid, payments, strict=True):
            receivable = invoices[key].line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            )
            counterpart = payment.move_id.line_ids.filtered(
                lambda line: line.account_type == "asset_receivable"
            )
            plan.append(receivable + counterpart)
        self.env["account.move.line"]._reconcile_plan(plan)
