# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date

from ..rules import backtest, churn


class PrintcrmChurnBacktest(models.TransientModel):
    """Replay the churn detectors as of a past date and compare with what happened next.

    The replay only reads data dated before each replay date (the detectors' ``as_of``), so
    a company can change weights and thresholds in Settings and see whether the warnings
    would have been better on its own history."""

    _name = "printcrm.churn.backtest"
    _description = "Churn warnings backtest"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_as_of = fields.Date(
        "Warnings as of",
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=6),
        help="The detectors see only what was recorded up to this day.",
    )
    horizon_months = fields.Integer(
        "Outcome window (months)",
        default=6,
        required=True,
        help="A customer counts as lost if it ordered nothing, or less than the share below of "
        "its usual volume, in these months after the date.",
    )
    lost_share = fields.Float(
        "Lost below (% of usual volume)",
        default=30.0,
        required=True,
    )
    lookback_months = fields.Integer(
        "Replay months before",
        default=6,
        required=True,
        help="The detectors are also replayed once a month over these months before the date, "
        "to measure how early the first 'high' came.",
    )
    top_share = fields.Float("Top share of scores (%)", default=10.0, required=True)

    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    customer_count = fields.Integer("Customers judged", readonly=True)
    lost_count = fields.Integer("Customers lost", readonly=True)
    auc = fields.Float("AUC", digits=(3, 3), readonly=True)
    baseline_auc = fields.Float(
        "AUC of days since the last order",
        digits=(3, 3),
        readonly=True,
        help="The same customers ranked by how long they had not ordered on the date: the "
        "warnings are worth their complexity only when their AUC is above this one.",
    )
    default_auc = fields.Float(
        "AUC with the default weights",
        digits=(3, 3),
        readonly=True,
        help="The score as it is without learned weights, on the same customers and date.",
    )
    weights_note = fields.Text("Weights used", readonly=True)
    measures_html = fields.Html(
        "Calibration and lift", readonly=True, sanitize=False, translate=False
    )
    precision_top = fields.Float("Precision among top scores (%)", digits=(5, 1), readonly=True)
    high_count = fields.Integer("Flagged high", readonly=True)
    high_lost_count = fields.Integer("Flagged high and lost", readonly=True)
    precision_high = fields.Float("Precision of 'high' (%)", digits=(5, 1), readonly=True)
    recall_high = fields.Float("Lost customers flagged high (%)", digits=(5, 1), readonly=True)
    median_lead_days = fields.Float("Median lead time (days)", digits=(6, 1), readonly=True)
    line_ids = fields.One2many("printcrm.churn.backtest.line", "backtest_id", readonly=True)

    @api.constrains("horizon_months", "lookback_months", "lost_share", "top_share")
    def _check_parameters(self):
        for wizard in self:
            if not 1 <= wizard.horizon_months <= 36:
                raise UserError(self.env._("The outcome window must be between 1 and 36 months."))
            if not 0 <= wizard.lookback_months <= 24:
                raise UserError(self.env._("Replay between 0 and 24 months before the date."))
            if not 0 < wizard.lost_share <= 100 or not 0 < wizard.top_share <= 100:
                raise UserError(self.env._("Shares are percentages above 0 and at most 100."))

    def _horizon_end(self):
        return self.date_as_of + relativedelta(months=self.horizon_months)

    def action_run(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        latest = today - relativedelta(months=self.horizon_months)
        if self.date_as_of > latest:
            raise UserError(
                self.env._(
                    "A backtest as of %(date)s needs %(months)s months of what happened "
                    "afterwards, which have not passed yet. Choose a date on or before "
                    "%(latest)s, or a shorter outcome window.",
                    date=format_date(self.env, self.date_as_of),
                    months=self.horizon_months,
                    latest=format_date(self.env, latest),
                )
            )
        if self.company_id not in self.env.companies:
            raise AccessError(
                self.env._(
                    "You may backtest only the companies you work in; %(company)s is not one.",
                    company=self.company_id.display_name,
                )
            )
        weights, why = self._printcrm_learned_weights(self.date_as_of)
        first_day = self.date_as_of - relativedelta(months=self.lookback_months)
        # the earlier replays (when 'high' first came) may not use weights that learned from
        # what happened after them: one set learned as of the first replay serves them all
        early = self._printcrm_learned_weights(first_day)[0] if self.lookback_months else None
        replays = self._printcrm_replay(weights, early)
        outcomes = self._printcrm_outcomes()
        rows, lines = [], []
        final = replays[self.date_as_of]
        silences, defaults, flags = [], [], []
        for partner_id, (usual, after, silent_days) in outcomes.items():
            result = final.get(partner_id, {})
            score = result.get("score", 0.0)
            level = result.get("level", churn.LEVEL_LOW)
            lost = backtest.is_lost(after, usual, self.lost_share)
            first_high = next(
                (
                    day
                    for day in sorted(replays)
                    if replays[day].get(partner_id, {}).get("level") == churn.LEVEL_HIGH
                ),
                None,
            )
            rows.append((score, level, lost, first_high))
            silences.append(silent_days)
            defaults.append(result.get("default_score", 0.0))
            flags.append({signal.signal_type for signal in result.get("signals", [])})
            lines.append(
                {
                    "backtest_id": self.id,
                    "partner_id": partner_id,
                    "score": score,
                    "level": level,
                    "usual_volume": usual,
                    "volume_after": after,
                    "lost": lost,
                    "first_high": first_high,
                    "lead_days": (self.date_as_of - first_high).days if lost and first_high else 0,
                    "days_since_order": silent_days,
                }
            )
        summary = backtest.backtest_summary(rows, self.date_as_of, self.top_share / 100.0)
        self.line_ids.unlink()
        self.env["printcrm.churn.backtest.line"].create(lines)
        self.write(
            {
                "state": "done",
                "customer_count": summary["customers"],
                "lost_count": summary["lost"],
                "auc": summary["auc"] or 0.0,
                # the obvious baseline on the same customers and date: do the warnings beat it?
                "baseline_auc": backtest.auc(silences, [row[2] for row in rows]) or 0.0,
                "default_auc": backtest.auc(defaults, [row[2] for row in rows]) or 0.0,
                "weights_note": why,
                "measures_html": self._printcrm_measures_html(
                    rows, flags, self._printcrm_no_order(list(outcomes))
                ),
                "precision_top": 100.0 * (summary["precision_top"] or 0.0),
                "high_count": summary["high"],
                "high_lost_count": summary["high_lost"],
                "precision_high": 100.0 * (summary["precision_high"] or 0.0),
                "recall_high": 100.0 * (summary["recall_high"] or 0.0),
                "median_lead_days": summary["median_lead_days"] or 0.0,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Backtest churn warnings"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _printcrm_learned_weights(self, day):
        """(weights, in words) learned from before ``day`` only — the replay must not
        know the future it is measured on. None while the history is too short."""
        learning = self.env["printcrm.churn.learning"]
        weights, why, _examples = learning._printcrm_fit(self.company_id, day)
        if weights is None:
            return None, why
        return weights, self.env._(
            "Learned from the customers as of one horizon before the date:\n%(weights)s",
            weights=learning._printcrm_describe(weights),
        )

    def _printcrm_no_order(self, customers):
        """Per customer: ordered nothing in the score's own horizon after the date (what the
        score predicts), or None while that horizon has not passed."""
        policy = self.company_id._printcrm_churn_policy()
        end = self.date_as_of + relativedelta(days=policy.horizon_days)
        if end > fields.Date.context_today(self):
            return None
        learning = self.env["printcrm.churn.learning"]
        ordered = learning._printcrm_ordering(self.company_id, self.date_as_of, end)
        return [customer not in ordered for customer in customers]

    def _printcrm_replay(self, weights, early_weights=None):
        """{replay date: detector results}, once a month up to the date, oldest first."""
        engine = self.env["printcrm.churn.engine"]
        model = self.env["printcrm.churn.model"]
        policy = self.company_id._printcrm_churn_policy()
        self.env.flush_all()
        replays = {}
        for back in range(self.lookback_months, -1, -1):
            day = self.date_as_of - relativedelta(months=back)
            results = engine._printcrm_evaluate_company(
                self.company_id, day, live=False, weights=None
            )
            features = {
                pid: result["features"]
                for pid, result in results.items()
                if result["features"] is not None
            }
            learned = model._printcrm_learned_scores(
                weights if day == self.date_as_of else early_weights, features
            )
            for partner_id, result in results.items():
                result["default_score"] = result["score"]
                if partner_id in learned:
                    result["score"] = learned[partner_id]
                    result["level"] = churn.churn_level(result["score"], policy)
            replays[day] = results
        return replays

    def _printcrm_measures_html(self, rows, flags, no_order):
        """Calibration by decile (against what the score predicts: no order in its horizon)
        and each warning's lift (against the customers lost), as two small tables."""
        lost = [row[2] for row in rows]
        labels = dict(
            self.env["printcrm.churn.signal"]
            ._fields["signal_type"]
            ._description_selection(self.env)
        )
        deciles = (
            backtest.calibration([row[0] / 100.0 for row in rows], no_order) if no_order else []
        )
        lifts = sorted(backtest.signal_lift(flags, lost).items())
        return _html_table(
            self.env._(
                "Calibration: predicted and observed share with no order in the score's horizon"
            ),
            (
                self.env._("Decile"),
                self.env._("Customers"),
                self.env._("Predicted"),
                self.env._("No order"),
            ),
            [
                (index + 1, count, f"{100 * predicted:.0f}%", f"{100 * observed:.0f}%")
                for index, (count, predicted, observed) in enumerate(deciles)
            ],
        ) + _html_table(
            self.env._("Lift of each warning"),
            (
                self.env._("Warning"),
                self.env._("Customers flagged"),
                self.env._("Of them lost"),
                self.env._("Lift"),
            ),
            [
                (labels.get(code, code), flagged, f"{100 * share:.0f}%", f"{ratio or 0:.2f}")
                for code, (flagged, share, ratio) in lifts
            ],
        )

    def _printcrm_outcomes(self):
        """{customer: (usual volume, volume ordered in the outcome window, days since its last
        order on the date)} in one query,
        for the customers that ordered in the year before the date (the ones that had
        already gone by then are not news)."""
        as_of, end = self.date_as_of, self._horizon_end()
        year_ago = as_of - relativedelta(years=1)
        self.env.cr.execute(
            SQL(
                """
                WITH daily AS (
                    SELECT p.commercial_partner_id AS customer, o.date_order::date AS day,
                           o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1) AS amount
                      FROM sale_order o
                      JOIN res_partner p ON p.id = o.partner_id
                     WHERE o.state = 'sale' AND o.company_id = %(company)s
                       AND o.date_order < %(end)s::date + 1
                )
                SELECT customer,
                       MIN(day),
                       MAX(day) FILTER (WHERE day <= %(as_of)s),
                       COALESCE(SUM(amount) FILTER (
                           WHERE day > %(year_ago)s AND day <= %(year_ago_end)s), 0),
                       COALESCE(SUM(amount) FILTER (
                           WHERE day > %(year_ago)s AND day <= %(as_of)s), 0),
                       COALESCE(SUM(amount) FILTER (WHERE day > %(as_of)s), 0)
                  FROM daily
              GROUP BY customer
                HAVING SUM(amount) FILTER (WHERE day > %(year_ago)s AND day <= %(as_of)s) > 0
                """,
                company=self.company_id.id,
                end=end,
                as_of=as_of,
                year_ago=year_ago,
                year_ago_end=year_ago + (end - as_of),
            )
        )
        horizon_days = (end - as_of).days
        outcomes = {}
        for customer, first, last, last_year, trailing, after in self.env.cr.fetchall():
            usual = backtest.usual_volume(last_year, trailing, (as_of - first).days, horizon_days)
            if usual:
                outcomes[customer] = (usual, after, (as_of - last).days)
        return outcomes


def _html_table(title, headers, rows):
    cells = Markup("").join(
        Markup("<tr>%s</tr>") % Markup("").join(Markup("<td>%s</td>") % cell for cell in row)
        for row in rows
    )
    return Markup(
        '<h5>%s</h5><table class="table table-sm"><thead><tr>%s</tr></thead>'
        "<tbody>%s</tbody></table>"
    ) % (title, Markup("").join(Markup("<th>%s</th>") % h for h in headers), cells)
