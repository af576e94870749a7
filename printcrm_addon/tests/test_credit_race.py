# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


class CommittedDataCase(BaseCase):
    """Data committed for other cursors to see, removed after the test."""

    def _remove_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(self.ids["orders"])
            orders._action_cancel()
            orders.unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["res.partner"].browse(self.ids["partners"]).unlink()
            env.company.printcrm_credit_control = self.previous_control


@tagged("post_install", "-at_install")
class TestCreditRace(CommittedDataCase):
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
            self.ids = {"partners": partner.ids, "product": product.id, "orders": orders.ids}
        self.addCleanup(self._remove_data)

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


@tagged("post_install", "-at_install")
class TestConfirmationsDuringTierBatch(CommittedDataCase):
    """Confirmations from parallel connections while the nightly tier batch runs: the batch
    completes (retried from the start when a confirmation changed a customer it writes) and no
    customer's exposure passes its limit."""

    ORDERS_PER_CUSTOMER = 4  # of 3,000 each against a 10,000 limit: three fit

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.previous_control = env.company.printcrm_credit_control
            env.company.printcrm_credit_control = True
            product = env["product.product"].create(
                {"name": "Batch race cable", "type": "service", "list_price": 100.0}
            )
            partners = env["res.partner"].create(
                [{"name": f"Batch race buyer {i}", "is_company": True} for i in range(2)]
            )
            partners.write({"credit_limit": 10000.0, "use_partner_credit_limit": True})
            line = {"product_id": product.id, "price_unit": 100.0, "tax_id": [Command.clear()]}
            # a confirmed order each, so that the batch ranks (and writes) these customers
            history = env["sale.order"].create(
                [
                    {
                        "partner_id": p.id,
                        "order_line": [Command.create(dict(line, product_uom_qty=1))],
                    }
                    for p in partners
                ]
            )
            history.action_confirm()
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": p.id,
                        "order_line": [Command.create(dict(line, product_uom_qty=30))],
                    }
                    for p in partners
                    for _i in range(self.ORDERS_PER_CUSTOMER)
                ]
            )
            self.cron_id = env.ref("printcrm_addon.ir_cron_printcrm_recompute_tiers").id
            self.ids = {
                "partners": partners.ids,
                "product": product.id,
                "orders": (history | orders).ids,
                "drafts": orders.ids,
            }
        self.addCleanup(self._remove_data)

    def test_batch_completes_and_limits_hold(self):
        Engine = self.registry["printcrm.tier.engine"]
        ranking = Engine._printcrm_apply_ranking
        attempts = []

        def slow_ranking(records, *args, **kwargs):
            # the first attempt gathered its figures and waits: the confirmations commit now
            attempts.append(time.monotonic())
            if len(attempts) == 1:
                time.sleep(2.0)
            return ranking(records, *args, **kwargs)

        outcome = {"confirmed": 0, "refused": 0, "errors": []}
        lock = threading.Lock()
        # the registry lock is held by the test runner: cursors and environments are made here
        cursors = [self.registry.cursor() for _i in range(len(self.ids["drafts"]) + 1)]
        for cr in cursors:
            self.addCleanup(cr.close)
        batch_env = api.Environment(cursors[0], SUPERUSER_ID, {"cron_id": self.cron_id})
        order_envs = [api.Environment(cr, SUPERUSER_ID, {}) for cr in cursors[1:]]

        @mute_logger("odoo.sql_db", "odoo.service.model")
        def run_batch():
            try:
                outcome["batch"] = batch_env["res.partner"]._cron_printcrm_recompute_tiers()
            except Exception as error:  # noqa: BLE001 (reported by the assertion below)
                outcome["batch"] = repr(error)

        @mute_logger("odoo.sql_db")
        def confirm(env, order_id):
            for _attempt in range(10):
                try:
                    env["sale.order"].browse(order_id).action_confirm()
                    env.cr.commit()
                    with lock:
                        outcome["confirmed"] += 1
                    return
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                    # what Odoo does for an RPC call (odoo.service.model.retrying)
                    env.cr.rollback()
                    env.invalidate_all()
                    time.sleep(0.05)
                except UserError:
                    env.cr.rollback()
                    with lock:
                        outcome["refused"] += 1
                    return
                except Exception as error:  # noqa: BLE001 (reported by the assertion below)
                    env.cr.rollback()
                    with lock:
                        outcome["errors"].append(repr(error))
                    return
            with lock:
                outcome["errors"].append(f"{order_id}: no more tries")

        with patch.object(Engine, "_printcrm_apply_ranking", slow_ranking):
            batch = threading.Thread(target=run_batch)
            batch.start()
            time.sleep(0.5)  # the batch has its snapshot
            workers = [
                threading.Thread(target=confirm, args=(env, order_id))
                for env, order_id in zip(order_envs, self.ids["drafts"], strict=True)
            ]
            for worker in workers:
                worker.start()
            for thread in (*workers, batch):
                thread.join(timeout=120)
            self.assertFalse([t for t in (*workers, batch) if t.is_alive()], outcome)

        self.assertIs(outcome["batch"], True, "the tier batch did not complete")
        self.assertEqual(outcome["errors"], [])
        self.assertEqual((outcome["confirmed"], outcome["refused"]), (6, 2))
        self.assertGreaterEqual(len(attempts), 2, "the batch never met a confirmation")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            for partner in env["res.partner"].browse(self.ids["partners"]):
                confirmed = env["sale.order"].search(
                    [("partner_id", "=", partner.id), ("state", "=", "sale")]
                )
                self.assertLessEqual(sum(confirmed.mapped("amount_total")), 10000.0)
                self.assertEqual(len(confirmed), 4, "the first order and three of 3,000")
                # the batch that completed saw the confirmed orders
                self.assertEqual(partner.printcrm_order_count, 4)
