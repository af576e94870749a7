# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCreditRace(BaseCase):
    """Two confirmations for one customer at the same time, on two real cursors.

    Each order fits the limit alone, both together do not: the second must see the first.
    The data is committed (other cursors must see it) and removed afterwards.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.company
            self.previous_control = company.printcrm_credit_control
            company.printcrm_credit_control = True
            partner = env["res.partner"].create({"name": "Race buyer", "is_company": True})
            partner.write({"credit_limit": 10000.0, "use_partner_credit_limit": True})
            # a service: confirming makes no stock moves, so cleaning up stays simple
            product = env["product.product"].create(
                {"name": "Race cable", "type": "service", "list_price": 100.0}
            )
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 60,
                                    "price_unit": 100.0,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for _i in range(2)
                ]
            )
            self.ids = {"partner": partner.id, "product": product.id, "orders": orders.ids}
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.ids["orders"])
            orders._action_cancel()
            orders.unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()
            env.company.printcrm_credit_control = self.previous_control

    def test_second_confirmation_waits_and_sees_the_first(self):
        first, second = self.ids["orders"]
        outcome = {}

        # the registry lock is held by the test runner: environments are made here, not in
        # the thread
        second_cr = self.registry.cursor()
        self.addCleanup(second_cr.close)
        second_env = api.Environment(second_cr, SUPERUSER_ID, {})

        @mute_logger("odoo.sql_db")
        def confirm_second():
            # what odoo.service.model.retrying does for an RPC; the failed UPDATE is logged
            for attempt in range(1, 4):
                try:
                    second_env["sale.order"].browse(second).action_confirm()
                    second_cr.commit()
                    outcome["second"] = "confirmed"
                    return
                except SerializationFailure:
                    second_cr.rollback()
                    second_env.invalidate_all()
                    outcome["retries"] = attempt
                except UserError as error:
                    outcome["second"] = str(error)
                    second_cr.rollback()
                    return

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["sale.order"].browse(first).action_confirm()
            # the first holds the customer's row: the second must wait for it
            thread = threading.Thread(target=confirm_second)
            thread.start()
            time.sleep(1.0)
            self.assertTrue(thread.is_alive(), "the second confirmation did not wait")
            # the lock is only visible to another connection once committed
            cr.commit()  # pylint: disable=invalid-commit
        thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        self.assertEqual(outcome.get("retries"), 1)
        self.assertIn("over its credit limit", outcome["second"])
        self.assertIn("excess 2,000.00", outcome["second"])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            states = env["sale.order"].browse(self.ids["orders"]).mapped("state")
        self.assertEqual(states, ["sale", "draft"])
