# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The answer of a button that ran work: a notification saying what happened."""


def notification(message, title=None, kind="success", reload=False):
    """A ``display_notification`` client action; ``reload`` refreshes the view behind it so
    that what the work changed is shown."""
    params = {"message": message, "type": kind, "sticky": False}
    if title:
        params["title"] = title
    if reload:
        params["next"] = {"type": "ir.actions.client", "tag": "soft_reload"}
    return {"type": "ir.actions.client", "tag": "display_notification", "params": params}
