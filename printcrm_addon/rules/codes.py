# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Codes and labels of what several models and the rules share: tiers and classes, churn levels
and trends, signal types, approval levels and gates, term rules, workflow states.

The codes come from the rule modules that decide with them; the models' selection fields take
these lists, so a code is declared once and its label once (Odoo translates the labels of
selection fields). Plain data, no Odoo import.
"""

from . import churn, credit, dispatch, tiering

TIERS = [(tiering.TIER_A, "A"), (tiering.TIER_B, "B"), (tiering.TIER_C, "C")]

# the class records: the three tiers and the rules for new and foreign customers
CLASS_NEW, CLASS_FOREIGN = "new", "foreign"
CLASS_CODES = [
    (tiering.TIER_A, "Class A"),
    (tiering.TIER_B, "Class B"),
    (tiering.TIER_C, "Class C"),
    (CLASS_NEW, "New customers"),
    (CLASS_FOREIGN, "Foreign customers"),
]

# who is alerted when a customer of a class may leave
ESCALATION_TARGETS = [
    (churn.ESCALATE_SALESPERSON, "The customer's salesperson"),
    (churn.ESCALATE_BRANCH, "Branch Managers"),
    (churn.ESCALATE_MANAGERS, "Sales and General Managers"),
]

# highest first: the radar shows its columns in this order
CHURN_LEVELS = [
    (churn.LEVEL_HIGH, "High"),
    (churn.LEVEL_MEDIUM, "Medium"),
    (churn.LEVEL_LOW, "Low"),
]
CHURN_TRENDS = [
    (churn.TREND_UP, "Rising"),
    (churn.TREND_FLAT, "Stable"),
    (churn.TREND_DOWN, "Falling"),
]
SIGNAL_TYPES = [
    (churn.OVERDUE_PAYMENT, "Overdue payment"),
    (churn.ORDER_DROP, "Order drop"),
    (churn.NO_RESPONSE, "No response"),
    (churn.COMPLAINT, "Complaints"),
    (churn.DISCOUNT_PRESSURE, "Discount pressure"),
    (churn.DEMAND_TIGHTENING, "Demand tightening"),
    (churn.PURCHASE_RHYTHM, "Purchase rhythm"),
]

# approval levels are numbers in the rules; selection fields store text
APPROVAL_LEVELS = [
    (str(credit.BRANCH), "Branch Manager"),
    (str(credit.SALES), "Sales Manager"),
    (str(credit.GENERAL), "General Manager"),
]
GATES = [
    (credit.GATE_CREDIT_LIMIT, "Over the credit limit"),
    (credit.GATE_OVERDUE, "Overdue invoices"),
    (credit.GATE_LARGE_ORDER, "Large order"),
    (credit.GATE_BRANCH_SIGNOFF, "Branch Manager sign-off"),
]
TERM_RULES = [
    (credit.RULE_TIER[tiering.TIER_A], "Class A"),
    (credit.RULE_TIER[tiering.TIER_B], "Class B"),
    (credit.RULE_TIER[tiering.TIER_C], "Class C"),
    (credit.RULE_NEW, "New customer"),
    (credit.RULE_FOREIGN, "Foreign customer"),
    (credit.RULE_EXCEPTION, "Approved exception"),
]
# a credit request waits for one level after the other
REQUEST_STATES = [
    ("draft", "Draft"),
    ("branch", "Waiting Branch Manager"),
    ("sales", "Waiting Sales Manager"),
    ("general", "Waiting General Manager"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
LEVEL_OF_REQUEST_STATE = {"branch": credit.BRANCH, "sales": credit.SALES, "general": credit.GENERAL}

DISPATCH_STATES = [
    (dispatch.WAITING, "Waiting"),
    (dispatch.IN_PRODUCTION, "In production"),
    (dispatch.READY, "Ready to ship"),
    (dispatch.PARTIALLY_SHIPPED, "Partially shipped"),
    (dispatch.SHIPPED, "Shipped"),
    (dispatch.INVOICED, "Invoiced"),
]
