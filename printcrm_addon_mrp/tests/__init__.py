# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_dispatch_mrp, test_dispatch_mrp_browser
