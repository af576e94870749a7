# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scheduled batches that complete beside the day's work."""

import gc
import logging
import random
import threading
import time
from contextlib import contextmanager

from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)

TRIES = 5


def run_batch(env, work, tries=TRIES):
    """Run ``work`` as a scheduled job: started again on a concurrency error, then committed.

    A batch reads every customer in one snapshot and writes many of them; a confirmation or
    an edit committed meanwhile makes PostgreSQL refuse its write (serialization failure).
    Odoo retries an RPC call in that case, not a scheduled job, whose run would be lost until
    the next day. In a job (``cron_id`` in the context) the work is retried here with a fresh
    snapshot and a growing random wait, as Odoo's ``retrying`` does for RPC; that one also
    reloads the registry on each try, which a batch does not need. Elsewhere (a button,
    whose RPC call already retries; a test) the work runs as is.
    """
    if not env.context.get("cron_id"):
        with _heap_frozen():
            return work()
    return _retried(env, work, tries)


_frozen = {"depth": 0, "mine": False}
_frozen_lock = threading.Lock()


@contextmanager
def _heap_frozen():
    """Keep the collector off the objects that existed before the batch.

    A batch allocates per customer (figures, results, signals) and so sets off full
    collections, each of which walks every object of the server process: the registry,
    caches and modules, some 200,000 objects in a bare Odoo, 0.09-0.10 s per collection, one
    per run of the tier or the churn batch at 10,000 customers (measured). Frozen, they are
    skipped; what is created meanwhile is still collected, and everything frozen is handed
    back to the collector when the last batch of the process ends (batches in other threads
    share the freeze; a freeze made by something else is left alone). Objects that become
    garbage while frozen wait for that moment: seconds, as long as a batch runs.
    """
    with _frozen_lock:
        if not _frozen["depth"]:
            _frozen["mine"] = not gc.get_freeze_count()
            if _frozen["mine"]:
                gc.freeze()
        _frozen["depth"] += 1
    try:
        yield
    finally:
        with _frozen_lock:
            _frozen["depth"] -= 1
            if not _frozen["depth"] and _frozen["mine"]:
                gc.unfreeze()
                _frozen["mine"] = False


def _retried(env, work, tries):
    for attempt in range(1, tries + 1):
        try:
            # frozen while it works, not while it waits to try again
            with _heap_frozen():
                result = work()
            env.cr.commit()
            return result
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
            env.cr.rollback()  # also empties the environment's cache
            if attempt == tries:
                raise
            wait = random.uniform(0.0, 2**attempt)
            _logger.info(
                "%s: %s, try %s of %s again in %.1f s",
                getattr(work, "__name__", work),
                type(error).__name__,
                attempt + 1,
                tries,
                wait,
            )
            time.sleep(wait)
    return None
