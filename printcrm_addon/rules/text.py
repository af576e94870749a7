# Copyright 2026 printcrm_addon contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sentences produced by the pure rules, kept translatable without importing Odoo."""


def _lt(template):
    """Marks a message for Odoo's translation export; the ORM translates it when shown."""
    return template


class Message(str):
    """An English sentence that also carries its template and values, so that the ORM side
    can render it again in the user's language (``env._(message.template, **message.params)``).
    """

    def __new__(cls, template, **params):
        message = super().__new__(cls, template % params)
        message.template = template
        message.params = params
        return message
