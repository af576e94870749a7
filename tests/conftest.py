"""Pure tests import the add-on's ``rules`` package directly, without Odoo.

``printcrm_addon/__init__.py`` imports Odoo models, so the rules are reached through the
add-on folder on ``sys.path`` instead of through the add-on package.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "printcrm_addon"))
