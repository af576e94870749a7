# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The churn score on purchase histories loaded as customers and confirmed orders, split by
time: the score with the weights learned from before the cut-off against "days since the
last order" on the same customers.

Two histories: CDNOW (Fader and Hardie: every purchase of 2,357 customers of a music retailer
from January 1997 to June 1998, shipped in the PyPI package ``lifetimes``; not in this
repository, skipped with a clear line without it) and a deterministic sample drawn from the
purchase-rhythm model itself, so that ``make test`` always runs the same path.
"""

import importlib.util
import logging
import pathlib
from collections import defaultdict
from datetime import date, timedelta
from unittest.mock import patch

import numpy as np
from freezegun import freeze_time

from odoo.api import call_kw
from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.printcrm_churn_model import REFIT_DAYS
from ..rules import backtest, churn, rhythm
from .common import PrintcrmCase

_logger = logging.getLogger(__name__)

CUTOFF = date(1997, 9, 30)  # the score sees 39 weeks of purchases
END = date(1998, 6, 30)  # lost: nothing bought in the 39 weeks after
LEARNED_FROM = date(1997, 6, 30)  # weights: customers as of 30 June, outcome up to the cut-off


def cdnow_orders():
    spec = importlib.util.find_spec("lifetimes")
    path = spec and spec.origin and pathlib.Path(spec.origin).parent / "datasets"
    if not path or not (path / "CDNOW_sample.txt").exists():
        return None
    orders = defaultdict(list)
    for line in (path / "CDNOW_sample.txt").read_text().splitlines():
        _master, customer, day, _quantity, amount = line.split()
        when = date(int(day[:4]), int(day[4:6]), int(day[6:]))
        orders[customer].append((when, float(amount)))
    return orders


def simulated_orders(customers=400, seed=7):
    """Purchases drawn from the BG/NBD story (reference parameters, weeks): each customer
    first buys in the first 12 weeks of 1997, then at its own rate until it drops out."""
    rng = np.random.default_rng(seed)
    start, weeks = date(1997, 1, 1), (END - date(1997, 1, 1)).days / 7
    orders = {}
    for index in range(customers):
        rate = rng.gamma(0.243, 1 / 4.414)
        dropout = rng.beta(0.793, 2.426)
        when, days = rng.uniform(0, 12), []
        while when < weeks:
            days.append((start + timedelta(days=int(when * 7)), 100.0))
            if rng.random() < dropout or rate <= 0:
                break
            when += rng.exponential(1 / rate)
        orders[f"sim{index}"] = days
    return orders


@tagged("post_install", "-at_install")
class TestChurnLearnedOnHistory(PrintcrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.env["res.company"].create({"name": "History Co"})
        # weights learned on three months (30 June to the cut-off)
        cls.shop._printcrm_signal_type("purchase_rhythm").window_days = (CUTOFF - LEARNED_FROM).days

    def _load(self, orders):
        """Customers and confirmed orders of ``self.shop`` in three statements."""
        cr, names = self.env.cr, sorted(orders)
        cr.execute(
            SQL(
                """
                INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                         customer_rank, autopost_bills, company_id)
                SELECT n, n, TRUE, TRUE, 'contact', 1, 'ask', %(company)s
                  FROM unnest(%(names)s::varchar[]) n
             RETURNING id, name
                """,
                names=names,
                company=self.shop.id,
            )
        )
        ids = {name: pid for pid, name in cr.fetchall()}
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            [list(ids.values())],
        )
        rows = [(ids[name], day, amount) for name in names for day, amount in orders[name]]
        partners, days, amounts = zip(*rows, strict=True)
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.shop.id)], limit=1)
        cr.execute(
            SQL(
                """
                INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                        company_id, currency_id, currency_rate, state,
                                        date_order, picking_policy, warehouse_id,
                                        amount_untaxed, amount_total)
                SELECT 'HIST' || o.n, o.partner, o.partner, o.partner, %(company)s,
                       %(currency)s, 1.0, 'sale', o.day + interval '12 hours', 'direct',
                       %(warehouse)s, o.amount, o.amount
                  FROM unnest(%(partners)s::int[], %(days)s::date[], %(amounts)s::numeric[])
                       WITH ORDINALITY AS o(partner, day, amount, n)
                """,
                company=self.shop.id,
                currency=self.shop.currency_id.id,
                warehouse=warehouse.id,
                partners=list(partners),
                days=list(days),
                amounts=list(amounts),
            )
        )
        self.env.invalidate_all()
        return set(ids.values())

    def _measure(self, orders):
        """(AUC of the score, AUC of days since the last order, customers) at the cut-off."""
        customers = self._load(orders)
        learning = self.env["printcrm.churn.learning"]
        weights, why, _examples = learning._printcrm_fit(self.shop, CUTOFF)
        self.assertTrue(weights, why)
        engine = self.env["printcrm.churn.engine"]
        results = engine._printcrm_evaluate_company(self.shop, CUTOFF, weights=weights)
        ordered = learning._printcrm_ordering(self.shop, CUTOFF, END)
        facts = self.env["printcrm.churn.facts"]._printcrm_histories(self.shop, CUTOFF)
        judged = sorted(set(results) & set(facts))
        self.assertEqual(set(judged), {c for c in customers if c in facts})
        lost = [pid not in ordered for pid in judged]
        score = backtest.auc([results[pid]["score"] for pid in judged], lost)
        recency = backtest.auc([facts[pid][2] - facts[pid][1] for pid in judged], lost)
        return score, recency, len(judged), sum(lost)

    def test_cdnow_score_beats_days_since_last_order(self):
        orders = cdnow_orders()
        if orders is None:
            self.skipTest(
                "SKIPPED real-data test: the PyPI package 'lifetimes' (CDNOW data) is absent"
            )
        score, recency, customers, lost = self._measure(orders)
        _logger.info(
            "CDNOW sample as orders: %s customers judged on %s, %s lost by %s; AUC of the "
            "score %.4f, of days since the last order %.4f",
            customers,
            CUTOFF,
            lost,
            END,
            score,
            recency,
        )
        self.assertEqual(customers, 2357)
        self.assertGreater(score, recency)

    def test_simulated_history_takes_the_same_path(self):
        score, recency, customers, lost = self._measure(simulated_orders())
        _logger.info("Simulated history: AUC score %.4f, recency %.4f", score, recency)
        self.assertEqual(customers, 400)
        self.assertTrue(0 < lost < customers)
        self.assertGreater(score, 0.6)
        self.assertGreater(recency, 0.5)

    def test_apply_learned_weights_records_the_figures_and_only_for_managers(self):
        self._load(simulated_orders())
        model = self.env["printcrm.churn.model"]._printcrm_of(self.shop)
        manager = self.sales_manager
        manager.write({"company_ids": [(4, self.shop.id)]})
        as_manager = model.with_user(manager).with_context(allowed_company_ids=[self.shop.id])
        with freeze_time(CUTOFF):
            as_manager.action_apply_learned_weights()
        self.assertEqual(model.weights_date, CUTOFF)
        self.assertEqual(model.weights_trained_as_of, LEARNED_FROM)
        self.assertTrue(0 < model.weights_lost < model.weights_customers <= 400)
        self.assertTrue(0.5 < model.auc_after <= 1.0)
        self.assertTrue(model.auc_before and model.auc_recency)
        # one label per line, each capitalised like the signal types beside it
        self.assertIn("Purchase rhythm: ", model.weights_note)
        self.assertIn("Repeat orders: ", model.weights_note)
        self.assertIn("Time since the last order: ", model.weights_note)
        self.assertIn("Learned weights applied", model.message_ids[0].body)
        # the batch now scores with them
        with freeze_time(CUTOFF):
            results = self.env["printcrm.churn.engine"]._printcrm_evaluate_company(
                self.shop, CUTOFF
            )
        learned = model._printcrm_learned_scores(
            model._printcrm_weights(), {p: r["features"] for p, r in results.items()}
        )
        some = next(iter(learned))
        self.assertEqual(results[some]["score"], learned[some])

        # learned for 92 days: a new horizon in the settings sets them aside until applied again
        rhythm_type = self.shop._printcrm_signal_type("purchase_rhythm")
        rhythm_type.window_days = 180
        self.assertIsNone(model._printcrm_weights())
        rhythm_type.window_days = (CUTOFF - LEARNED_FROM).days
        self.assertTrue(model._printcrm_weights())
        # the rhythm switched off: the weights built on it are set aside, the defaults score
        rhythm_type.active = False
        with freeze_time(CUTOFF):
            off = self.env["printcrm.churn.engine"]._printcrm_evaluate_company(self.shop, CUTOFF)
        self.assertFalse(
            any(s.signal_type == "purchase_rhythm" for r in off.values() for s in r["signals"])
        )
        policy = self.shop._printcrm_churn_policy()
        self.assertEqual(off[some]["score"], churn.churn_score(off[some]["signals"], policy))
        rhythm_type.active = True

        # a salesperson cannot, through the RPC route either
        self.salesperson.write({"company_ids": [(4, self.shop.id)]})
        for method in ("action_apply_learned_weights", "action_use_default_weights"):
            with self.assertRaises(AccessError):
                model_env = self.env["printcrm.churn.model"].with_user(self.salesperson)
                self.assertTrue(get_public_method(model_env, method))
                call_kw(model_env, method, [model.id], {})
        self.assertEqual(model.weights_date, CUTOFF)
        as_manager.action_use_default_weights()
        self.assertFalse(model.weights_data)

    def test_a_customer_gone_for_over_a_year_gets_no_rhythm_and_backtests_stay_in_ones_companies(
        self,
    ):
        customers = self._load(
            {
                "gone": [(date(1995, 3, 1), 10.0), (date(1996, 6, 1), 10.0)],
                "current": [(date(1997, 3, 1), 10.0), (date(1997, 6, 1), 10.0)],
            }
        )
        results = self.env["printcrm.churn.engine"]._printcrm_evaluate_company(self.shop, CUTOFF)
        rhythm_of = {
            pid: [s for s in results[pid]["signals"] if s.signal_type == "purchase_rhythm"]
            for pid in customers
        }
        gone = self.env["res.partner"].search([("name", "=", "gone")]).id
        self.assertEqual(rhythm_of[gone], [])
        self.assertIsNone(results[gone]["features"])
        self.assertTrue(any(rhythm_of[pid] for pid in customers if pid != gone))
        # a Sales Manager of the main company only may not backtest History Co
        wizard = (
            self.env["printcrm.churn.backtest"]
            .with_user(self.sales_manager)
            .create({"company_id": self.shop.id, "date_as_of": CUTOFF})
        )
        with self.assertRaises(AccessError):
            wizard.action_run()

    def test_too_short_a_history_keeps_the_default_weights_and_says_why(self):
        self._load({"a": [(date(1997, 9, 1), 10.0)], "b": [(date(1997, 9, 2), 10.0)]})
        model = self.env["printcrm.churn.model"]._printcrm_of(self.shop)
        self.sales_manager.write({"company_ids": [(4, self.shop.id)]})
        with freeze_time(CUTOFF):
            model.with_user(self.sales_manager).with_context(
                allowed_company_ids=[self.shop.id]
            ).action_apply_learned_weights()
        self.assertFalse(model.weights_data)
        self.assertIn("too short to learn from", model.weights_note)

    def test_nightly_batch_reuses_the_rhythm_for_a_month_then_refits_from_it(self):
        self._load(simulated_orders())
        model = self.env["printcrm.churn.model"]._printcrm_of(self.shop)
        facts = self.env["printcrm.churn.facts"]
        calls = []

        def counted(*args, **kwargs):
            calls.append(kwargs.get("start"))
            return real_fit(*args, **kwargs)

        real_fit = rhythm.fit
        with patch.object(rhythm, "fit", counted):
            first = model._printcrm_rhythm(
                facts._printcrm_histories(self.shop, CUTOFF), CUTOFF, True
            )
            later = CUTOFF + timedelta(days=REFIT_DAYS - 1)
            kept = model._printcrm_rhythm(facts._printcrm_histories(self.shop, later), later, True)
            refit_day = CUTOFF + timedelta(days=REFIT_DAYS)
            histories = facts._printcrm_histories(self.shop, refit_day)
            refit = model._printcrm_rhythm(histories, refit_day, True)
        # a cold fit, none for 29 days, then a fit that starts where the last one ended
        self.assertEqual(calls, [None, first.as_tuple()])
        self.assertEqual(kept, first)
        self.assertEqual(model.rhythm_fit_date, refit_day)
        # as good an optimum as a fit from the default start on the same customers
        columns = [np.array(column) for column in zip(*histories.values(), strict=True)]
        cold = rhythm.fit(*columns)
        self.assertGreaterEqual(
            rhythm.log_likelihood(refit.as_tuple(), *columns),
            rhythm.log_likelihood(cold.as_tuple(), *columns) - 1e-3,
        )
