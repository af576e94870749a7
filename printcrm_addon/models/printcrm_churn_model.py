# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

import numpy as np

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..rules import churn, rhythm

# the fitted rhythm is reused this long by the nightly batch; refitting daily moves nothing
REFIT_DAYS = 30
# fewer lost or kept customers than this in the past and learned weights would be noise; the
# fit is regularised (weights shrink toward 0 when the past says little), and what is applied
# is first measured on a later period it did not see
MIN_OUTCOMES = 8
# with fewer customers than this a maximum-likelihood fit is noise (three customers give a
# base that never drops out): the published estimates of the model's authors stand in
MIN_FIT_CUSTOMERS = 30
REFERENCE_RHYTHM = rhythm.REFERENCE
CURRENT_DAYS = 365  # customers that ordered within this many days are judged by their rhythm
OTHER_SIGNALS = tuple(code for code in churn.SIGNAL_TYPES if code != churn.PURCHASE_RHYTHM)


class PrintcrmChurnModel(models.Model):
    """What a company's churn score has learned from its own customers: the purchase-rhythm
    parameters (BG/NBD, refitted by the batch every month) and, once a manager applies them,
    the weights learned from the company's own past (``printcrm.churn.learning``)."""

    _name = "printcrm.churn.model"
    _description = "Churn model of a company"
    _inherit = ["mail.thread"]
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    rhythm_r = fields.Float("r (order rate shape)", readonly=True)
    rhythm_alpha = fields.Float("alpha (order rate scale, weeks)", readonly=True)
    rhythm_a = fields.Float("a (dropout)", readonly=True)
    rhythm_b = fields.Float("b (dropout)", readonly=True)
    rhythm_fit_date = fields.Date("Rhythm fitted on", readonly=True)
    rhythm_customers = fields.Integer(
        "Customers in the fit",
        readonly=True,
        help="With fewer than 30 customers that ever ordered, the batch uses the published "
        "estimates of the model's authors instead of a fit (r 0.243, alpha 4.414, a 0.793, "
        "b 2.426: about one order every 18 weeks, a quarter of customers stopping after an "
        "order).",
    )
    weights_data = fields.Json(readonly=True)
    weights_date = fields.Date("Learned weights applied on", readonly=True, tracking=True)
    weights_trained_as_of = fields.Date("Learned from the customers as of", readonly=True)
    weights_customers = fields.Integer("Customers learned from", readonly=True)
    weights_lost = fields.Integer("Of which ordered nothing afterwards", readonly=True)
    auc_before = fields.Float("AUC with the default weights", digits=(3, 3), readonly=True)
    auc_after = fields.Float("AUC with the learned weights", digits=(3, 3), readonly=True)
    auc_recency = fields.Float("AUC of days since the last order", digits=(3, 3), readonly=True)
    weights_note = fields.Text("About the weights", readonly=True)

    _sql_constraints = [
        ("company_uniq", "unique(company_id)", "A company has one churn model."),
    ]

    @api.model
    def _printcrm_of(self, company):
        model = self.sudo().search([("company_id", "=", company.id)], limit=1)
        return model or self.sudo().create({"company_id": company.id})

    # --- the purchase rhythm ----
    def _printcrm_rhythm(self, histories, as_of, live):
        """The rhythm to judge ``histories`` with: the stored fit while it is recent (the
        nightly batch), else a fit on these histories, stored when ``live``. A replay of a
        past date (``live`` false) always fits on what was known then."""
        self.ensure_one()
        recent = self.rhythm_fit_date and timedelta(0) <= as_of - self.rhythm_fit_date < timedelta(
            REFIT_DAYS
        )
        if live and recent and self.rhythm_customers >= MIN_FIT_CUSTOMERS:
            return rhythm.Rhythm(self.rhythm_r, self.rhythm_alpha, self.rhythm_a, self.rhythm_b)
        if len(histories) < MIN_FIT_CUSTOMERS:
            fitted = REFERENCE_RHYTHM
        else:
            start = {}
            stored = (self.rhythm_r, self.rhythm_alpha, self.rhythm_a, self.rhythm_b)
            if live and self.rhythm_customers >= MIN_FIT_CUSTOMERS and min(stored) > 0:
                # a month of new orders barely moves the optimum: starting from last month's
                # fit takes tens of evaluations instead of thousands
                start["start"] = stored
            fitted = rhythm.fit(*zip(*histories.values(), strict=True), **start)
            if not all(np.isfinite(fitted.as_tuple())):
                fitted = REFERENCE_RHYTHM
        if live:
            self.write(
                {
                    "rhythm_r": fitted.r,
                    "rhythm_alpha": fitted.alpha,
                    "rhythm_a": fitted.a,
                    "rhythm_b": fitted.b,
                    "rhythm_fit_date": as_of,
                    "rhythm_customers": len(histories),
                }
            )
        return fitted

    def _printcrm_weights(self):
        """The applied learned weights, or None while the defaults hold — also when they were
        learned for other inputs or another horizon than the settings' (apply them again)."""
        self.ensure_one()
        data = self.weights_data
        expected = self._printcrm_weights_data(
            None, self.company_id._printcrm_churn_policy().horizon_days
        )
        if not data or any(data.get(key) != value for key, value in expected.items()):
            return None
        return rhythm.Weights.from_dict(data)

    @staticmethod
    def _printcrm_weights_data(weights, horizon_days):
        """What is stored of learned weights: the numbers and what they were learned for."""
        data = {
            "signals": list(OTHER_SIGNALS),
            "features": list(rhythm.FEATURES),
            "horizon_days": horizon_days,
        }
        return {**weights.as_dict(), **data} if weights else data

    @staticmethod
    def _printcrm_add_rhythm(found, fitted, histories, horizon, policy):
        """Each customer with an order history gets the purchase rhythm's signal when its
        chance of ordering nothing in the horizon is worth showing; returns the chances too
        small to show, which still count in the score."""
        if fitted is None or not histories:
            return {}
        ids = list(histories)
        x, t_x, T = (np.array(column) for column in zip(*histories.values(), strict=True))
        # a degenerate fit must not stop the nightly batch on a NaN: no answer is "no news"
        chances = np.nan_to_num(rhythm.p_no_order(fitted, x, t_x, T, horizon), nan=0.0)
        unshown = {}
        for index, partner_id in enumerate(ids):
            chance = float(chances[index])
            if 100.0 * chance < policy.rhythm_min_chance:
                unshown[partner_id] = chance
                continue
            explanation = rhythm.explain(x[index], t_x[index], T[index], chance, horizon)
            signal = churn.detect_purchase_rhythm(chance, explanation, policy)
            if signal:
                found[partner_id].append(signal)
        return unshown

    @staticmethod
    def _printcrm_current(histories, customers):
        """The histories of ``customers`` that ordered within a year: one gone for longer is
        no news, and would flood the radar with customers nobody can keep any more."""
        return {
            key: history
            for key, history in ((key, histories.get(key)) for key in customers)
            if history and (history[2] - history[1]) * rhythm.WEEK <= CURRENT_DAYS
        }

    @staticmethod
    def _printcrm_features(fitted, histories, signals, horizon_weeks):
        """{customer: feature row} for the customers with an order history: the rhythm's
        features and the severity (0-1) of each other warning."""
        ids = list(histories)
        if not ids or fitted is None:
            return {}
        x, t_x, T = np.array([histories[i] for i in ids], dtype=float).T
        column = {code: index for index, code in enumerate(OTHER_SIGNALS)}
        extra = np.zeros((len(ids), len(OTHER_SIGNALS)))
        for row, partner_id in enumerate(ids):
            for signal in signals.get(partner_id, ()):
                col = column.get(signal.signal_type)
                if col is not None:
                    extra[row, col] = max(extra[row, col], signal.severity / 100.0)
        rows = rhythm.features(fitted, x, t_x, T, horizon_weeks, extra)
        return dict(zip(ids, rows, strict=True))

    @staticmethod
    def _printcrm_learned_scores(weights, features):
        """{customer: score 0-100}: the learned probability of ordering nothing."""
        if weights is None or not features:
            return {}
        ids = list(features)
        probabilities = weights.probability([features[i] for i in ids])
        return {i: round(100.0 * float(p), 1) for i, p in zip(ids, probabilities, strict=True)}

    def action_apply_learned_weights(self):
        """Learn from the company's own past how much each warning predicted that a customer
        ordered nothing, and score with it from now on (see ``printcrm.churn.learning``)."""
        self._printcrm_check_manager()
        self.env["printcrm.churn.learning"]._printcrm_apply(self.sudo())
        return True

    def action_use_default_weights(self):
        self._printcrm_check_manager()
        self.sudo().write(
            {
                "weights_data": False,
                "weights_date": False,
                "weights_trained_as_of": False,
                "weights_note": False,
                "auc_before": 0.0,
                "auc_after": 0.0,
                "auc_recency": 0.0,
            }
        )
        self.sudo().message_post(body=self.env._("The churn score uses the default weights again."))
        return True

    def _printcrm_check_manager(self):
        """The model's figures are written by the batch and by these two actions only, and
        only a Sales Manager of the model's company changes how churn is scored."""
        if not self.env.user.has_group("printcrm_addon.group_printcrm_sales_manager"):
            raise AccessError(self.env._("Only a Sales Manager may change how churn is scored."))
        self.ensure_one()
        self.check_access("read")
