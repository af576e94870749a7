# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import report_printcrm_credit_review, report_printcrm_customer_review
