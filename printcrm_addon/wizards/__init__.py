# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    account_payment_register,
    base_partner_merge_automatic_wizard,
    printcrm_churn_backtest,
    printcrm_churn_backtest_line,
    printcrm_credit_approve_wizard,
    printcrm_credit_reject_wizard,
    printcrm_dashboard,
)
