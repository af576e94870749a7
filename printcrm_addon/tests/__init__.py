# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_churn,
    test_churn_backtest,
    test_credit_delivery,
    test_credit_gate,
    test_credit_race,
    test_credit_request,
    test_credit_terms,
    test_demo_loader,
    test_dispatch,
    test_portal,
    test_tier_batch,
    test_tier_performance,
    test_tier_security,
    test_tier_settings,
    test_tier_views,
    test_translations,
)
