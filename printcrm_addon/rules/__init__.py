# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Business rules as plain functions on plain data, one module per domain.

Nothing here imports Odoo: the rules are unit-tested with pytest alone (``tests/rules``).
"""
