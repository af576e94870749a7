# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import res_company
from . import res_config_settings
from . import printcrm_tier_history
from . import res_partner
from . import sale_order
from . import crm_lead
