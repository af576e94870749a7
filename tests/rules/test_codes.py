# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each selection of the models carries exactly the codes its rule module decides with."""

from rules import churn, codes, credit, dispatch, tiering


def keys(selection):
    return [code for code, _label in selection]


def test_selections_carry_the_rules_codes_once():
    assert keys(codes.TIERS) == [tiering.TIER_A, tiering.TIER_B, tiering.TIER_C]
    assert keys(codes.SIGNAL_TYPES) == list(churn.SIGNAL_TYPES)
    assert set(keys(codes.CHURN_LEVELS)) == {churn.LEVEL_LOW, churn.LEVEL_MEDIUM, churn.LEVEL_HIGH}
    assert set(keys(codes.CHURN_TRENDS)) == {churn.TREND_UP, churn.TREND_FLAT, churn.TREND_DOWN}
    assert keys(codes.GATES) == list(credit.GATE_LEVEL)
    assert [int(code) for code in keys(codes.APPROVAL_LEVELS)] == list(credit.LEVELS)
    assert keys(codes.DISPATCH_STATES) == list(dispatch.STATES)
    rules = {
        credit.RULE_EXCEPTION,
        credit.RULE_FOREIGN,
        credit.RULE_NEW,
        *credit.RULE_TIER.values(),
    }
    assert set(keys(codes.TERM_RULES)) == rules
    assert set(codes.LEVEL_OF_REQUEST_STATE.values()) == set(credit.LEVELS)
    assert set(codes.LEVEL_OF_REQUEST_STATE) < set(keys(codes.REQUEST_STATES))
    for selection in (codes.TIERS, codes.CLASS_CODES, codes.ESCALATION_TARGETS, codes.TERM_RULES):
        assert len(set(keys(selection))) == len(selection)
        assert all(label for _code, label in selection)


def test_escalation_route_follows_the_class_then_falls_back():
    routes = {"a": churn.ESCALATE_MANAGERS, "b": churn.ESCALATE_BRANCH, "c": "salesperson"}
    assert churn.escalation_route("a", routes) == ["managers", "salesperson", "branch"]
    assert churn.escalation_route("b", routes) == ["branch", "salesperson"]
    # no tier yet: treated as C
    assert churn.escalation_route(False, routes) == ["salesperson", "branch"]
    assert churn.escalation_route("a", {}) == ["salesperson", "branch"]


def test_priority_is_risk_times_value():
    assert churn.priority(50.0, 12000.0) == 6000.0
    assert churn.priority(92.6, 1234.567) == 1143.21
    # refunds above sales give no negative priority
    assert churn.priority(80.0, -500.0) == 0.0
    assert churn.priority(80.0, None) == 0.0
