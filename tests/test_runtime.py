"""The serving process's garbage-collector settings (why: bot/runtime.py, measured by bench/load.py)."""

import gc

from bot import startup
from bot.runtime import GC_THRESHOLDS, tune_gc


def test_start_up_sets_larger_young_generations_and_freezes_the_start_up_heap():
    before = gc.get_threshold()
    restore = tune_gc()
    try:
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        restore()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert GC_THRESHOLDS[0] > 700  # CPython's default young generation
    assert tune_gc in startup.HOOKS
