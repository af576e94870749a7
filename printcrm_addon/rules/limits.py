# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Upper bounds of settings, by what their name says they count.

Shares and thresholds have their own, more precise checks (0-100 etc.) next to their
settings; here every number only has to be finite and within the bound of its unit."""

# suffix of the setting's name -> the largest sensible absolute value
BOUNDS = (
    ("_months", 120),  # ten years of history
    ("_years", 20),
    ("_days", 3650),
    ("_window", 3650),  # windows are in days
    ("_horizon", 3650),
    ("_hours", 24 * 365),
    ("_orders", 10_000),
    ("_min", 1_000_000),
)
# settings whose unit is in the middle of their name (one per class: _a, _b, _c)
INFIXES = (("complaint_response_", 24 * 365), ("complaint_resolution_", 3650))
AMOUNT_BOUND = 1e15  # money and other open-ended numbers: finite and below this


def upper_bound(name):
    """The largest absolute value the setting ``name`` may take."""
    for infix, bound in INFIXES:
        if infix in name:
            return bound
    for suffix, bound in BOUNDS:
        if name.endswith(suffix):
            return bound
    return AMOUNT_BOUND
