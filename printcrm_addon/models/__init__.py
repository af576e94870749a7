# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import printcrm_workflow_mixin  # noqa: I001 (inherited by the models below)
from . import printcrm_own_customer_mixin
from . import printcrm_report_mixin
from . import (
    crm_lead,
    crm_lost_reason,
    mail_activity_type,
    payment_transaction,
    printcrm_churn_engine,
    printcrm_churn_facts,
    printcrm_churn_history,
    printcrm_churn_learning,
    printcrm_churn_model,
    printcrm_churn_signal,
    printcrm_churn_signal_type,
    printcrm_churn_store,
    printcrm_complaint,
    printcrm_credit_approval,
    printcrm_credit_engine,
    printcrm_credit_request,
    printcrm_credit_request_flow,
    printcrm_customer_class,
    printcrm_demo_loader,
    printcrm_demo_queues,
    printcrm_dispatch,
    printcrm_order_approval,
    printcrm_retention_case,
    printcrm_tier_engine,
    printcrm_tier_facts,
    printcrm_tier_history,
    res_company,
    res_company_checks,
    res_company_churn,
    res_config_settings,
    res_partner,
    res_partner_churn,
    res_partner_credit,
    res_partner_guard,
    res_users,
    sale_order,
    sale_order_credit,
    sale_order_terms,
    sale_order_line,
    stock_picking,
)

# the sales analysis's table, filled from the orders and the tier history, and the SQL views:
# created after the tables they read (histories, the partner's columns; the table's orders
# before the table, whose first refresh at installation files them)
from . import printcrm_sales_fact_order
from . import printcrm_sales_fact
from . import printcrm_churn_weekly, printcrm_sales_analysis
