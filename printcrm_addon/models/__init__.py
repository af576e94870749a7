# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    crm_lead,
    payment_transaction,
    printcrm_credit_approval,
    printcrm_credit_request,
    printcrm_demo_loader,
    printcrm_order_approval,
    printcrm_tier_history,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    stock_picking,
)
