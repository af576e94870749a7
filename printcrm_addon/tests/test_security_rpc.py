# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every public method of the add-on is an RPC endpoint: called the way the web client calls
it, by a portal user and by an internal user without sales rights, each is refused and
nothing is written."""

import inspect

from odoo.api import call_kw
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.service.model import get_public_method
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import TODAY, PrintcrmCase

ADDON_MODULE = "odoo.addons.printcrm_addon"
# CRUD and framework entry points: guarded by access rights, record rules and the write
# guards, tested with the fields they protect (test_security_guards.py)
ORM_METHODS = {
    "create",
    "write",
    "unlink",
    "copy",
    "read",
    "search",
    "default_get",
    "fields_get",
    "init",
    "web_read",
    "web_save",
    "onchange",
    "get_views",
}
# tables a refused call must leave as they were
WATCHED = (
    "res_partner",
    "sale_order",
    "mail_activity",
    "mail_message",
    "printcrm_credit_request",
    "printcrm_credit_approval",
    "printcrm_order_approval",
    "printcrm_complaint",
    "printcrm_churn_signal",
    "printcrm_churn_history",
    "printcrm_tier_history",
    "printcrm_dispatch",
    "printcrm_retention_case",
)


def addon_public_methods(env):
    """{model: [method names]} of the public methods the add-on defines or overrides."""
    found = {}
    for model_name in sorted(env.registry):
        model = env[model_name]
        if model._abstract and model._name != "printcrm.workflow.mixin":
            continue
        names = set()
        for cls in type(model).mro():
            if not cls.__module__.startswith(ADDON_MODULE):
                continue
            for name, member in vars(cls).items():
                if name.startswith("_") or name in ORM_METHODS or not inspect.isfunction(member):
                    continue
                names.add(name)
        if names:
            found[model_name] = sorted(names)
    return found


@tagged("post_install", "-at_install")
class TestPublicMethodsOverRpc(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Rpc Target Cables", user_id=cls.salesperson.id)
        cls.order = cls._order(cls.customer, 5000, TODAY)
        cls.portal = new_test_user(cls.env, "printcrm_rpc_portal", groups="base.group_portal")
        cls.portal.partner_id.parent_id = cls.customer
        cls.clerk = new_test_user(cls.env, "printcrm_rpc_clerk", groups="base.group_user")
        cls.records = cls._one_record_per_model()

    @classmethod
    def _one_record_per_model(cls):
        env = cls.env
        complaint = env["printcrm.complaint"].create(
            {"partner_id": cls.customer.id, "description": "Late", "category": "delivery"}
        )
        request = env["printcrm.credit.request"].create(
            {"partner_id": cls.customer.id, "requested_limit": 1000}
        )
        env["res.partner"]._cron_printcrm_compute_churn()
        signal = env["printcrm.churn.signal"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "signal_type": "order_drop",
                "severity": 50,
            }
        )
        quotation = cls._order(cls.customer, 100, TODAY, state="draft")
        return {
            "res.partner": cls.customer,
            "sale.order": quotation,
            "sale.order.line": quotation.order_line,
            "printcrm.complaint": complaint,
            "printcrm.credit.request": request,
            "printcrm.churn.signal": signal,
            "printcrm.dispatch": env["printcrm.dispatch"].create({"order_id": cls.order.id}),
            "printcrm.retention.case": env["printcrm.retention.case"].create(
                {
                    "partner_id": cls.customer.id,
                    "cause": "price",
                    "decision": "retain",
                    "action_plan": "Visit",
                }
            ),
            "printcrm.credit.reject.wizard": env["printcrm.credit.reject.wizard"].create(
                {"request_id": request.id, "reason": "No"}
            ),
            "printcrm.credit.approve.wizard": env["printcrm.credit.approve.wizard"].create(
                {"request_id": request.id, "comment": "Ok"}
            ),
            "printcrm.dashboard": env["printcrm.dashboard"].create({}),
            "printcrm.churn.backtest": env["printcrm.churn.backtest"].create({}),
            "res.config.settings": env["res.config.settings"].create({}),
            "stock.picking": env["stock.picking"].create(
                {"picking_type_id": env.ref("stock.picking_type_out").id}
            ),
        }

    def _snapshot(self):
        parts = [
            SQL(
                "SELECT %s, COUNT(*), COALESCE(MAX(write_date), 'epoch') FROM %s",
                table,
                SQL.identifier(table),
            )
            for table in WATCHED
        ]
        self.env.flush_all()
        self.env.cr.execute(SQL(" UNION ALL ").join(parts))
        return sorted(self.env.cr.fetchall())

    def _call(self, user, model_name, method_name, before):
        """As the RPC route does: public method lookup, then call_kw on the user's env.

        Returns whether the call ran; when it ran, it must have written nothing."""
        record = self.records.get(model_name)
        model = self.env[model_name].with_user(user)
        method = get_public_method(model, method_name)
        try:
            inspect.signature(method).bind(model)
        except TypeError:
            return False  # needs arguments: the route refuses the call before it runs
        args = [record.ids if record else []]
        self.env.invalidate_all()  # a request starts with an empty cache: reads are checked
        with self.env.cr.savepoint(flush=False) as savepoint:
            try:
                call_kw(model, method_name, args, {})
            except (AccessError, UserError, ValidationError, MissingError):
                savepoint.rollback()
                return False
            written = self._snapshot() != before
            savepoint.rollback()
        self.assertFalse(written, f"{user.login}: {model_name}.{method_name} wrote")
        return True

    def test_every_public_method_is_refused_to_portal_and_non_sales_users(self):
        self.maxDiff = None
        methods = addon_public_methods(self.env)
        self.assertIn("action_printcrm_compute_churn", methods["res.partner"])
        self.assertIn("action_refresh", methods["printcrm.dispatch"])
        before = self._snapshot()
        accepted = []
        for user in (self.portal, self.clerk):
            for model_name, names in methods.items():
                for name in names:
                    if self._call(user, model_name, name, before):
                        accepted.append(f"{user.login}: {model_name}.{name}")
        self.assertEqual(accepted, [], "public methods that ran for a user without rights")
        self.assertEqual(self._snapshot(), before)

    def test_scheduled_work_is_not_callable_over_rpc(self):
        for model_name, method in (
            ("res.partner", "_cron_printcrm_recompute_tiers"),
            ("res.partner", "_cron_printcrm_compute_churn"),
            ("printcrm.complaint", "_cron_printcrm_escalate_complaints"),
            ("printcrm.sales.fact", "_cron_printcrm_refresh"),
            ("printcrm.sales.fact", "_printcrm_refresh"),
        ):
            self.assertTrue(hasattr(self.env[model_name], method), method)
            with self.assertRaises(AccessError):
                get_public_method(self.env[model_name].with_user(self.salesperson), method)

    def test_sales_analysis_rows_are_read_through_the_analysis_only(self):
        # the table behind the analysis holds every salesperson's sales: a salesperson reads
        # the analysis (its record rules), never the table
        Fact = self.env["printcrm.sales.fact"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            call_kw(Fact, "search_read", [[]], {"fields": ["amount"]})
        Analysis = self.env["printcrm.sales.analysis"].with_user(self.salesperson)
        self.assertIsInstance(call_kw(Analysis, "search_read", [[]], {"fields": ["amount"]}), list)

    def test_portal_user_reads_no_internal_scoring_field(self):
        partner = self.customer.with_user(self.portal)
        for name in (
            "printcrm_margin_rate",
            "printcrm_churn_score",
            "printcrm_rank",
            "printcrm_drop_candidate",
            "printcrm_tier",
            "printcrm_credit_exposure",
        ):
            with self.subTest(field=name), self.assertRaises(AccessError):
                partner.read([name])
        self.assertEqual(partner.read(["name"])[0]["name"], "Rpc Target Cables")
