# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Complaint deadlines: every complaint has one owner and a deadline."""

from dataclasses import dataclass
from datetime import timedelta

# a high-severity complaint gets half the time of its tier; the others the tier's time
SEVERITY_FACTOR = {"low": 1.0, "medium": 1.0, "high": 0.5}


@dataclass(frozen=True)
class ComplaintPolicy:
    response_hours: dict  # tier -> hours to the first response
    resolution_days: dict  # tier -> days to the resolution


DEFAULT_POLICY = ComplaintPolicy(
    response_hours={"a": 24, "b": 48, "c": 72},
    resolution_days={"a": 3, "b": 5, "c": 7},
)


def deadlines(opened_at, tier, severity, policy=DEFAULT_POLICY):
    """(response deadline, resolution deadline) of a complaint opened at ``opened_at``.
    A customer without a tier is treated as C."""
    tier = tier if tier in policy.response_hours else "c"
    factor = SEVERITY_FACTOR.get(severity, 1.0)
    response = opened_at + timedelta(hours=policy.response_hours[tier] * factor)
    resolution = opened_at + timedelta(days=policy.resolution_days[tier] * factor)
    return response, resolution


def is_overdue(now, state, responded_at, response_deadline, resolution_deadline):
    """Open and past a deadline: no response by the response deadline, or not resolved by
    the resolution deadline."""
    if state not in ("new", "in_progress"):
        return False
    if responded_at is None and response_deadline and now > response_deadline:
        return True
    return bool(resolution_deadline and now > resolution_deadline)
