# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_tier_batch
from . import test_tier_security
from . import test_tier_settings
from . import test_tier_performance
from . import test_tier_views
