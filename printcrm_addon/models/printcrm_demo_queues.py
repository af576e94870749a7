# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
from collections import Counter
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from ..demo import dataset, queues

PROFILE = {
    "profile_organisation": "Private manufacturer, two plants, about 600 employees.",
    "profile_products_market": "Household appliances and lighting for China and Europe.",
    "profile_competitiveness": "Among the five largest suppliers of its retail customers.",
    "profile_operations": "Orders every month; forecasts shared each quarter.",
    "profile_prospects": "New line of solar products from next year.",
    "priority_profitability": "Margin above our average on harnesses and data cable.",
    "priority_requirements": "UL and VDE certified cable, RoHS declarations with each lot.",
    "priority_market_effect": "Reference customer for other appliance makers.",
    "finance_payment_record": "Paid on time over the last 24 months.",
    "finance_bank_credit": "Credit line with its bank renewed this year.",
    "finance_profitability": "Profitable in each of the last three years.",
    "finance_balance_sheet": "Audited statements received.",
    "finance_solvency": "Current ratio 1.6.",
}


class PrintcrmDemoQueues(models.AbstractModel):
    """The batches and the open work of the demo company (``demo/queues.py``): tiers and
    terms, credit requests in every state, quotations waiting for an approval or late,
    orders in dispatch, complaints, the portal login, churn history and retention cases.
    Each record is made by the user whose job it is (``with_user``), so that the activities,
    trails and chatter are the ones the add-on makes."""

    _name = "printcrm.demo.queues"
    _description = "PrintCRM demo queues"

    def _demo_user(self, login):
        return self.env["res.users"].search([("login", "=", login)], limit=1) or self.env.user

    def _demo_pricelist(self, company):
        Pricelist = self.env["product.pricelist"]
        domain = [("company_id", "=", company.id), ("currency_id", "=", company.currency_id.id)]
        return Pricelist.search(domain, limit=1) or Pricelist.create(
            {
                "name": f"{company.currency_id.name} list prices",
                "company_id": company.id,
                "currency_id": company.currency_id.id,
            }
        )

    # --- batches ----
    @api.model
    def _demo_tiers(self, company):
        self.env["res.partner"]._cron_printcrm_recompute_tiers()
        customers = self._demo_customers(company)
        tiers = Counter(customers.mapped("printcrm_tier"))
        rules = Counter(customers.mapped("printcrm_term_rule"))
        return "tiers A {} / B {} / C {}; terms by rule {}".format(
            tiers["a"],
            tiers["b"],
            tiers["c"],
            dict(sorted((k or "-", v) for k, v in rules.items())),
        )

    def _demo_customers(self, company):
        return self.env["res.partner"].search(
            [("ref", "=like", "PCD%"), ("is_company", "=", True), ("company_id", "=", company.id)]
        )

    @api.model
    def _demo_churn_learning(self, company, today):
        """Learned weights applied as a Sales Manager would, and a backtest of six months ago
        beside its baseline (days since the last order)."""
        model = self.env["printcrm.churn.model"]._printcrm_of(company)
        self.env["printcrm.churn.learning"]._printcrm_apply(model)
        # today's radar scored with them, as the next nightly run would
        self.env["res.partner"]._cron_printcrm_compute_churn()
        wizard = self.env["printcrm.churn.backtest"].create(
            {"company_id": company.id, "date_as_of": today - relativedelta(months=6)}
        )
        wizard.action_run()
        return (
            f"weights {'learned' if model.weights_date else 'default'} "
            f"(held-out AUC {model.auc_after:.3f}, defaults {model.auc_before:.3f}, "
            f"recency {model.auc_recency:.3f}); backtest as of {wizard.date_as_of}: "
            f"AUC {wizard.auc:.3f} against {wizard.baseline_auc:.3f} for days since the last "
            f"order ({wizard.customer_count} customers, {wizard.lost_count} lost)"
        )

    @api.model
    def _demo_churn(self, company, today):
        """26 weeks of churn history, today's run, the other batches, then retention cases."""
        signals = self.env["printcrm.churn.engine"]
        for weeks in range(26, 0, -1):
            signals._printcrm_run(today - timedelta(weeks=weeks), escalate=False)
        self.env["res.partner"]._cron_printcrm_compute_churn()
        self.env["printcrm.complaint"]._cron_printcrm_escalate_complaints()
        customers = self._demo_customers(company)
        cases = self._demo_retention(customers)
        levels = Counter(customers.mapped("printcrm_churn_level"))
        history = self.env["printcrm.churn.history"].search_count(
            [("partner_id", "in", customers.ids)]
        )
        return "risk high {} / medium {} / low {}; {:,} history rows; {} retention cases".format(
            levels["high"], levels["medium"], levels["low"], history, len(cases)
        )

    def _demo_retention(self, customers):
        """A retention case for each of the six customers most at risk."""
        risky = customers.filtered("printcrm_churn_score").sorted(
            lambda p: (-p.printcrm_churn_score, p.id)
        )[:6]
        causes = ("price", "quality", "service", "price", "other", "quality")
        values = []
        for n, partner in enumerate(risky):
            keep = partner.printcrm_tier in ("a", "b") or n % 2 == 0
            values.append(
                {
                    "partner_id": partner.id,
                    "user_id": partner.user_id.id,
                    "company_id": partner.company_id.id,
                    "cause": causes[n],
                    "decision": "retain" if keep else "let_go",
                    "action_plan": "Visit by the Branch Manager; review prices of the last "
                    "quarter and agree a delivery plan."
                    if keep
                    else False,
                    "expected_gain": round(partner.printcrm_annual_sales * 0.1, -2),
                    "expected_cost": 20_000.0 if keep else 0.0,
                    "outcome": "retained" if n == 5 else "open",
                }
            )
        return self.env["printcrm.retention.case"].create(values)

    # --- queues ----
    @api.model
    def _demo_queues(self, base, partners, today):
        plan = queues.plan(base, today)
        products = self.env["product.product"].search(
            [("name", "in", [p[0] for p in dataset.PRODUCTS])], order="id desc"
        )
        product = products.filtered(lambda p: p.name == dataset.PRODUCTS[3][0])[:1]
        requests = self._demo_credit_requests(plan, partners)
        waiting = self._demo_quotations(plan.approval_quotes, partners, product, request=True)
        late = self._demo_late_quotations(plan.late_quotes, partners, product)
        confirmed = self._demo_quotations(plan.new_orders, partners, product, confirm=True)
        complaints = self._demo_complaints(plan.complaints, partners)
        self._demo_portal()
        states = Counter(requests.mapped("state"))
        return (
            "credit requests {}; {} quotations waiting for approval, {} late; "
            "{} orders in dispatch; {} complaints ({} overdue)".format(
                dict(states),
                len(waiting),
                len(late),
                self.env["printcrm.dispatch"].search_count([("order_id", "in", confirmed.ids)]) + 2,
                len(complaints),
                len(complaints.filtered("is_overdue")),
            )
        )

    def _demo_credit_requests(self, plan, partners):
        """One request per state, each moved there by the users of the approval chain."""
        kevin, mona, grace = (self._demo_user(login) for login in ("kevin", "mona", "grace"))
        steps = {
            "draft": [],
            "branch": ["submit"],
            "sales": ["submit", kevin],
            "general": ["submit", kevin, mona],
            "approved": ["submit", kevin, mona, grace],
            "rejected": ["submit", "reject"],
        }
        Request = self.env["printcrm.credit.request"]
        for index, state, limit in plan.credit_requests:
            partner = partners[index]
            seller = partner.user_id
            request = (
                Request.with_user(seller)
                .with_company(partner.company_id)
                .create(
                    {
                        "partner_id": partner.id,
                        "requested_limit": limit,
                        "finance_capital": 10_000_000.0,
                        **PROFILE,
                    }
                )
            )
            for step in steps[state]:
                if step == "submit":
                    request.with_user(seller).action_submit()
                elif step == "reject":
                    request.with_user(kevin).action_reject(
                        reason="Two invoices paid late this quarter; ask again in three months."
                    )
                else:
                    request.with_user(step).action_approve(comment="Agreed.")
            Request |= request
        return Request

    def _demo_order_values(self, partner, product, amount, **extra):
        return {
            "partner_id": partner.id,
            "company_id": partner.company_id.id,
            "pricelist_id": self._demo_pricelist(partner.company_id).id,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": max(1, round(amount / product.list_price)),
                        "tax_id": [Command.clear()],
                    }
                )
            ],
            **extra,
        }

    def _demo_quotations(self, items, partners, product, request=False, confirm=False):
        """Quotations made by the customer's salesperson; ``request``: approval requested;
        ``confirm``: approved (Branch Manager, or General Manager when more is needed) and
        confirmed through Odoo's flow, so that dispatch and invoicing by terms run."""
        Order = self.env["sale.order"]
        for index, amount, *_rest in items:
            partner = partners[index]
            seller = partner.user_id
            order = (
                Order.with_user(seller)
                .with_company(partner.company_id)
                .create(self._demo_order_values(partner, product, amount))
            )
            if request:
                order.with_user(seller).action_printcrm_request_approval()
            if confirm:
                self._demo_approve_and_confirm(order)
            Order |= order
        return Order

    def _demo_approve_and_confirm(self, orders):
        for order in orders:
            missing, _messages = order._printcrm_gate_verdict()
            if order.company_id.printcrm_credit_control and missing:
                approver = "kevin" if missing == ["branch_signoff"] else "grace"
                order.with_user(self._demo_user(approver)).action_printcrm_approve(
                    comment="Approved for the demo."
                )
            order.with_user(order.user_id or self.env.user).action_confirm()

    def _demo_late_quotations(self, items, partners, product):
        """Quotations received some working days ago and not confirmed: past the target."""
        now_local = fields.Datetime.now() + timedelta(hours=dataset.COMPANY["tz_offset_hours"])
        Order = self.env["sale.order"]
        for index, amount, days in items:
            partner = partners[index]
            received = dataset.working_hours_before(now_local, 8 * days) - timedelta(
                hours=dataset.COMPANY["tz_offset_hours"]
            )
            Order |= (
                Order.with_user(partner.user_id)
                .with_company(partner.company_id)
                .create(
                    self._demo_order_values(partner, product, amount, printcrm_received_at=received)
                )
            )
        return Order

    def _demo_complaints(self, items, partners):
        now = fields.Datetime.now()
        values = []
        for index, category, severity, days, state, description in items:
            partner = partners[index]
            opened = now - timedelta(days=days, hours=2)
            order = self.env["sale.order"].search(
                [("partner_id", "=", partner.id), ("state", "=", "sale")],
                order="date_order desc",
                limit=1,
            )
            values.append(
                {
                    "partner_id": partner.id,
                    "company_id": partner.company_id.id,
                    "order_id": order.id,
                    "user_id": partner.user_id.id,
                    "category": category,
                    "severity": severity,
                    "description": description,
                    "state": state,
                    "date_opened": opened,
                    "date_responded": opened + timedelta(hours=3) if state != "new" else False,
                    "date_resolved": opened + timedelta(days=2) if state == "closed" else False,
                    "date_closed": opened + timedelta(days=3) if state == "closed" else False,
                }
            )
        return self.env["printcrm.complaint"].create(values)

    # --- portal ----
    @api.model
    def _demo_portal(self):
        """A portal login (zhang / zhang) for the demo's portal customer (``dataset.
        PORTAL_CUSTOMER``) and two orders confirmed through Odoo's own flow, so that the
        dispatch and the customer's order page have something to show: one waiting for goods,
        one ready to ship with a complaint."""
        ref = f"PCD{dataset.PORTAL_INDEX + 1:03d}"
        customer = self.env["res.partner"].search(
            [("ref", "=", ref), ("is_company", "=", True)], order="id desc", limit=1
        )
        if not customer:
            return False
        contact = self.env["res.partner"].create(
            {
                "name": dataset.PORTAL_CONTACT,
                "parent_id": customer.id,
                "email": "zhang.wei@huamei.example.com",
                "function": "Purchasing manager",
            }
        )
        # Odoo's own demo data already has a "portal" login
        self.env["res.users"].with_context(no_reset_password=True).create(
            {
                "login": "zhang",
                "password": "zhang",
                "lang": "zh_CN" if self.env["res.lang"]._lang_get("zh_CN") else "en_US",
                "partner_id": contact.id,
                "company_id": customer.company_id.id or self.env.company.id,
                "company_ids": [Command.set((customer.company_id or self.env.company).ids)],
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        drum = self.env["product.product"].create(
            {
                "name": "Shielded cable drum (made to stock)",
                "is_storable": True,
                "list_price": 900.0,
                "taxes_id": [Command.clear()],
            }
        )
        ready_product = self.env["product.product"].search(
            [("name", "=", dataset.PRODUCTS[0][0])], order="id desc", limit=1
        )
        company = customer.company_id or self.env.company
        commitment = fields.Datetime.now() + datetime.timedelta(days=14)
        Order = self.env["sale.order"].with_company(company)
        waiting = Order.create(
            self._demo_order_values(
                customer, drum, 8 * 900.0, commitment_date=commitment, user_id=customer.user_id.id
            )
        )
        ready = Order.create(
            self._demo_order_values(
                customer, ready_product, 20 * ready_product.list_price, user_id=customer.user_id.id
            )
        )
        self._demo_approve_and_confirm(waiting | ready)
        self.env["printcrm.complaint"].with_company(company).create(
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "order_id": ready.id,
                "category": "delivery",
                "description": "The previous shipment arrived two days late.",
            }
        )
        return True
