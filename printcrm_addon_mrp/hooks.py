# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Dispatches that existed before the bridge find their manufacturing orders."""
    env["printcrm.dispatch"].search([])._printcrm_collect()
