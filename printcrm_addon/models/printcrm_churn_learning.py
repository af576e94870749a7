# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_date

from ..rules import rhythm
from ..rules.backtest import auc
from .printcrm_churn_model import MIN_OUTCOMES, OTHER_SIGNALS


class PrintcrmChurnLearning(models.AbstractModel):
    """Weights learned from the company's own past.

    The churn batch is replayed as of a past day (only what was known then); each customer's
    features (purchase rhythm, time since its last order, repeat orders, the other warnings'
    severities) are set against what it did next: ordered nothing in the horizon, or not. A
    regularised logistic model (``rules/rhythm.fit_weights``) says how much each one predicted
    it. Before weights are applied they are measured on a later period they did not see."""

    _name = "printcrm.churn.learning"
    _description = "Churn weights learned from the company's own past"

    @api.model
    def _printcrm_examples(self, company, day, end):
        """(features, lost, default scores) of the customers judged as of ``day``; lost: no
        confirmed order after ``day`` up to ``end``."""
        engine = self.env["printcrm.churn.engine"]
        results = engine._printcrm_evaluate_company(company, day, live=False, weights=None)
        ordered = self._printcrm_ordering(company, day, end)
        judged = [pid for pid, result in results.items() if result["features"] is not None]
        return (
            [results[pid]["features"] for pid in judged],
            [pid not in ordered for pid in judged],
            [results[pid]["score"] for pid in judged],
        )

    @api.model
    def _printcrm_ordering(self, company, day, end):
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT p.commercial_partner_id
                  FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
                 WHERE o.state = 'sale' AND o.company_id = %(company)s
                   AND o.date_order >= %(day)s::date + 1 AND o.date_order < %(end)s::date + 1
                """,
                company=company.id,
                day=day,
                end=end,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _printcrm_fit(self, company, as_of, examples=None):
        """(weights or None, why not, examples): learned from the customers as of one horizon
        before ``as_of`` and what they did up to ``as_of`` — nothing a company would not have
        known on ``as_of``. ``examples``: those already gathered for that day."""
        horizon = timedelta(days=company._printcrm_churn_policy().horizon_days)
        examples = examples or self._printcrm_examples(company, as_of - horizon, as_of)
        features, lost, _scores = examples
        lost_count = sum(lost)
        if min(lost_count, len(lost) - lost_count) < MIN_OUTCOMES:
            why = self.env._(
                "The history is too short to learn from: as of %(day)s, %(lost)s customers "
                "ordered nothing in the following %(days)s days and %(kept)s ordered again; "
                "at least %(min)s of each are needed. The default weights are used.",
                day=format_date(self.env, as_of - horizon),
                lost=lost_count,
                kept=len(lost) - lost_count,
                days=horizon.days,
                min=MIN_OUTCOMES,
            )
            return None, why, examples
        return rhythm.fit_weights(features, lost), "", examples

    @api.model
    def _printcrm_apply(self, model):
        """Measure the weights on the last horizon they did not see, then learn them again on
        the most recent past and store them on ``model`` with the figures."""
        company = model.company_id
        today = fields.Date.context_today(self)
        horizon = timedelta(days=company._printcrm_churn_policy().horizon_days)
        held_out, why, _seen = self._printcrm_fit(company, today - horizon)
        if held_out is None:
            return self._printcrm_keep_defaults(model, why)
        examples = self._printcrm_examples(company, today - horizon, today)
        features, lost, defaults = examples
        before = auc(defaults, lost) or 0.0
        after = auc(list(held_out.probability(features)), lost) or 0.0
        recency = auc([row[1] for row in features], lost) or 0.0
        final, why, _seen = self._printcrm_fit(company, today, examples)
        if final is None:
            return self._printcrm_keep_defaults(model, why)
        model.write(
            {
                "weights_data": model._printcrm_weights_data(final, horizon.days),
                "weights_date": today,
                "weights_trained_as_of": today - horizon,
                "weights_customers": len(lost),
                "weights_lost": sum(lost),
                "auc_before": before,
                "auc_after": after,
                "auc_recency": recency,
                "weights_note": self._printcrm_describe(final),
            }
        )
        model.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Learned weights applied. On the %(days)s days up to today, which they did not "
                "see: AUC %(after).3f with them, %(before).3f with the default weights, "
                "%(recency).3f for days since the last order (%(customers)s customers, "
                "%(lost)s ordered nothing).",
                days=horizon.days,
                after=after,
                before=before,
                recency=recency,
                customers=len(lost),
                lost=sum(lost),
            )
        )
        return True

    @api.model
    def _printcrm_keep_defaults(self, model, why):
        """Too short a history: the score goes back to the defaults, as the note says."""
        model.write({"weights_data": False, "weights_date": False, "weights_note": why})
        model.message_post(body=why)
        return False

    @api.model
    def _printcrm_describe(self, weights):
        """The weights in words, strongest first (standardised, so comparable)."""
        labels = [
            self.env._("Purchase rhythm"),
            self.env._("Time since the last order"),
            self.env._("Repeat orders"),
        ]
        signal_labels = dict(
            self.env["printcrm.churn.signal"]
            ._fields["signal_type"]
            ._description_selection(self.env)
        )
        labels += [signal_labels.get(code, code) for code in OTHER_SIGNALS]
        pairs = sorted(zip(labels, weights.coef[1:], strict=True), key=lambda pair: -abs(pair[1]))
        return "\n".join(f"{label}: {coef:+.2f}" for label, coef in pairs)
