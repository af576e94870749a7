# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from rules import limits


def test_bounds_follow_the_unit_in_the_name():
    assert limits.upper_bound("printcrm_tier_window_months") == 120
    assert limits.upper_bound("printcrm_churn_drop_window") == 3650
    assert limits.upper_bound("printcrm_complaint_response_a") == 24 * 365
    assert limits.upper_bound("printcrm_complaint_resolution_c") == 3650
    assert limits.upper_bound("printcrm_large_order_amount") == limits.AMOUNT_BOUND
