# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import account_payment_register, printcrm_credit_reject_wizard
