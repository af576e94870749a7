# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..rules import churn, credit, order_drop, rhythm
from .printcrm_churn_signal import ESCALATION_ACTIVITY, message_data
from .printcrm_customer_class import DEFAULTS as CLASS_DEFAULTS

STORED = object()  # score with the weights the company applied


class PrintcrmChurnEngine(models.AbstractModel):
    """The churn batch: gather → decide → store → notify.

    Gather: ``printcrm.churn.facts`` (one grouped query per source and company). Decide: the
    detectors and the score of ``rules/churn.py`` (``_printcrm_detect`` lists the detectors).
    Store: the active signals, each customer's score, level, trend and the day's history,
    set-based. Notify: one escalation activity per customer entering *high*, routed by tier.
    """

    _name = "printcrm.churn.engine"
    _description = "Churn early-warning batch"

    @api.model
    def _printcrm_run(self, as_of=None, escalate=True):
        """Detect, score and store the signals of every customer as of ``as_of``.

        A customer active in several companies is judged in each and keeps its worst result.
        ``escalate=False`` rebuilds past history without scheduling activities today.
        """
        as_of = as_of or fields.Date.context_today(self)
        self.env.flush_all()
        results = self._printcrm_evaluate(as_of)
        self._printcrm_forget_non_customers()
        previous = self._printcrm_read_previous(set(results), as_of)
        for partner_id, before in previous.items():
            # a customer that had a score and no longer shows anything goes back to 0
            results.setdefault(partner_id, {"company": before["company"], "signals": []})
            result = results[partner_id]
            result.setdefault("score", 0.0)
            result.setdefault("level", churn.LEVEL_LOW)
        store = self.env["printcrm.churn.store"]
        store._printcrm_store_signals(results, as_of)
        entered = store._printcrm_store_churn(results, previous, as_of)
        if escalate:
            self._printcrm_escalate(entered, results)
        return results

    @api.model
    def _printcrm_forget_non_customers(self):
        """Scores left on partners that are no customers (an earlier version scored the
        company itself, users and contacts) are cleared, so the radar lists customers only."""
        self.env.cr.execute(
            """
            WITH gone AS (
                UPDATE res_partner p
                   SET printcrm_churn_score = NULL, printcrm_churn_level = NULL,
                       printcrm_churn_trend = NULL, printcrm_churn_priority = NULL,
                       printcrm_churn_high_since = NULL, printcrm_churn_company_id = NULL
                 WHERE p.printcrm_churn_level IS NOT NULL
                   AND (p.id != p.commercial_partner_id
                        OR EXISTS (SELECT 1 FROM res_users u
                                    WHERE u.partner_id = p.id AND NOT u.share)
                        OR EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id))
             RETURNING p.id
            )
            UPDATE printcrm_churn_signal s SET active = FALSE
              FROM gone WHERE s.partner_id = gone.id
            """
        )
        self.env["res.partner"].invalidate_model()
        self.env["printcrm.churn.signal"].invalidate_model()

    @api.model
    def _printcrm_evaluate(self, as_of, live=None):
        """{partner id: {company, signals, score, level, features}} computed from the
        database; ``live`` (default: ``as_of`` is today) lets the batch store a new fit of the
        purchase rhythm."""
        if live is None:
            live = as_of == fields.Date.context_today(self)
        results = {}
        companies = self.env["res.company"].sudo().search([], order="id")  # pylint: disable=no-search-all
        for company in companies:
            for partner_id, result in self._printcrm_evaluate_company(company, as_of, live).items():
                if partner_id in results and results[partner_id]["score"] >= result["score"]:
                    continue
                results[partner_id] = result
        return results

    @api.model
    def _printcrm_evaluate_company(self, company, as_of, live=False, weights=STORED):
        """One company's customers as of ``as_of``. ``weights``: the learned weights to score
        with (None: the defaults; by default the ones the company applied)."""
        policy = company._printcrm_churn_policy()
        data = self.env["printcrm.churn.facts"]._printcrm_gather(company, as_of, policy)
        model = self.env["printcrm.churn.model"]._printcrm_of(company)
        found = self._printcrm_detect(data, as_of, policy)
        histories = model._printcrm_current(data["histories"], found)
        fitted = model._printcrm_rhythm(data["histories"], as_of, live)
        horizon = policy.horizon_days / rhythm.WEEK
        unshown = model._printcrm_add_rhythm(found, fitted, histories, horizon, policy)
        found = {
            partner_id: churn.enabled(signals, policy) for partner_id, signals in found.items()
        }
        nightly = weights is STORED
        if nightly:
            weights = model._printcrm_weights()
        features = {}
        if weights is not None or not nightly:  # the defaults in the nightly run need none
            features = model._printcrm_features(fitted, histories, found, horizon)
        learned = model._printcrm_learned_scores(weights, features)
        if churn.PURCHASE_RHYTHM in policy.disabled:
            learned = {}  # the learned weights are built on the rhythm: switched off with it
        results = {}
        for partner_id, signals in found.items():
            score = learned.get(partner_id)
            if score is None:
                score = churn.churn_score(signals, policy, unshown.get(partner_id, 0.0))
            results[partner_id] = {
                "company": company.id,
                "signals": signals,
                "score": score,
                "level": churn.churn_level(score, policy),
                "features": features.get(partner_id),
            }
        return results

    @staticmethod
    def _printcrm_detect(data, as_of, policy):
        windows = data["windows"]
        pooled = order_drop.pooled_index(list(data["orders"].values()), windows, policy)
        found = {}
        for partner_id in data["keys"]:
            comms = data["comms"].get(partner_id, (0, 0, 0, None))
            complaints = data["complaints"].get(partner_id, [])
            quality = sum(
                1
                for when, _sev, _open, category in complaints
                if category == "quality" and (as_of - when).days < policy.lead_window_days
            )
            discounted, max_discount = data["discounts"].get(partner_id, (0, 0.0))
            signals = [
                churn.detect_overdue_payment(
                    data["open_items"].get(partner_id, []),
                    data["reminders"].get(partner_id, 0),
                    as_of,
                    policy,
                ),
                partner_id in data["orders"]
                and order_drop.detect(data["orders"][partner_id], windows, policy, pooled),
                churn.detect_no_response(*comms, policy=policy),
                churn.detect_complaints([c[:3] for c in complaints], as_of, policy),
                churn.detect_discount_pressure(
                    discounted, max_discount, data["lost_on_price"].get(partner_id, 0), policy
                ),
                churn.demand_tightening(*data["leads"].get(partner_id, ((), ())), quality, policy),
            ]
            found[partner_id] = [signal for signal in signals if signal]
        return found

    @api.model
    def _printcrm_read_previous(self, partner_ids, as_of):
        """Each customer's score and level before ``as_of`` (its last history row of an
        earlier day), and its last row up to ``as_of`` (``latest``: score, level, tier; the
        store writes a row only when they change). Not the partner's current fields, which a
        first run of the same day already changed: a second run must find the same trend and
        the same entries into 'high'. One lookup of each customer's last two rows."""
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, COALESCE(p.printcrm_churn_company_id, p.company_id),
                       h.date, h.score, h.level, h.tier
                  FROM res_partner p
                  LEFT JOIN LATERAL (
                        SELECT date, score, level, tier FROM printcrm_churn_history
                         WHERE partner_id = p.id AND date <= %(day)s
                         ORDER BY date DESC LIMIT 2
                       ) h ON TRUE
                 WHERE p.id = ANY(%(ids)s) OR p.printcrm_churn_score > 0
                 ORDER BY p.id, h.date DESC
                """,
                ids=list(partner_ids),
                day=as_of,
            )
        )
        previous, same_day = {}, set()
        for partner_id, company_id, day, score, level, tier in self.env.cr.fetchall():
            if partner_id in same_day:
                # the row before a same-day row (one row per day: an earlier day)
                previous[partner_id].update(score=score, level=level)
            elif partner_id not in previous:
                # its last row up to as_of: the previous score too when of an earlier day
                earlier = day is not None and day < as_of
                if day == as_of:
                    same_day.add(partner_id)
                previous[partner_id] = {
                    "score": score if earlier else None,
                    "level": level if earlier else None,
                    # a customer no longer judged anywhere stays where it was judged
                    "company": company_id or self.env.company.id,
                    "latest": (score, level, tier) if day else None,
                }
        return previous

    def _printcrm_signal_line(self, signal):
        field = self.env["printcrm.churn.signal"]._fields["signal_type"]
        labels = dict(field._description_selection(self.env))
        return self.env._(
            "%(signal)s (%(severity)s): %(explanation)s",
            signal=labels[signal.signal_type],
            severity=signal.severity,
            explanation=self.env["printcrm.churn.signal"]._printcrm_render(
                message_data(signal.explanation)
            ),
        )

    @api.model
    def _printcrm_escalate(self, entered, results):
        """One activity per responsible person for each customer that just entered 'high', to
        whom its class says (``printcrm.customer.class.escalate_to``; shipped: C its
        salesperson, B the Branch Managers, A the Sales and General Managers)."""
        if not entered:
            return
        partners = self.env["res.partner"].sudo().browse(entered)
        activity_type = self.env.ref(ESCALATION_ACTIVITY)
        # a customer still carrying an open escalation is not escalated again
        already = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        Users = self.env["res.users"]
        by_target = {
            churn.ESCALATE_MANAGERS: Users._printcrm_users_of_level(credit.GENERAL)
            | Users._printcrm_users_of_level(credit.SALES),
            churn.ESCALATE_BRANCH: Users._printcrm_users_of_level(credit.BRANCH),
        }
        # who is alerted is the policy of the customer's class, per company
        routes = defaultdict(
            lambda: {code: CLASS_DEFAULTS[code]["escalate_to"] for code in CLASS_DEFAULTS}
        )
        for record in self.env["printcrm.customer.class"].sudo().search([]):  # pylint: disable=no-search-all
            routes[record.company_id.id][record.code] = record.escalate_to
        model_id = self.env["ir.model"]._get_id("res.partner")
        values = []
        for partner in partners:
            if partner.id in already:
                continue
            holders = {**by_target, churn.ESCALATE_SALESPERSON: partner.user_id}
            route = churn.escalation_route(
                partner.printcrm_tier, routes[results[partner.id]["company"]]
            )
            users = next((holders[t] for t in route if holders.get(t)), Users)
            # the lines carry customer data: escaped, joined as markup
            note = Markup("<br/>").join(
                self._printcrm_signal_line(signal) for signal in results[partner.id]["signals"]
            )
            score = results[partner.id]["score"]
            summary = self.env._(
                "High churn risk: %(customer)s (score %(score)s)",
                customer=partner.display_name,
                score=score,
            )
            for user in users:
                values.append(
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": summary,
                        "note": note,
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
        if values:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                values
            )
