# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import printcrm_workflow_mixin  # noqa: I001 (inherited by the models below)
from . import printcrm_own_customer_mixin
from . import (
    crm_lead,
    crm_lost_reason,
    mail_activity_type,
    payment_transaction,
    printcrm_churn_history,
    printcrm_churn_signal,
    printcrm_complaint,
    printcrm_credit_approval,
    printcrm_credit_request,
    printcrm_demo_loader,
    printcrm_demo_queues,
    printcrm_dispatch,
    printcrm_order_approval,
    printcrm_retention_case,
    printcrm_sales_analysis,
    printcrm_tier_history,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    sale_order,
    sale_order_line,
    stock_picking,
)
