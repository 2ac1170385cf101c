"""The import progress page's figures (admin_batches.progress), read from a batch without the database."""

import datetime as dt

from articles.admin_batches import progress
from articles.models import ImportBatch

START = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


def ended(seconds: float, **counts) -> dict:
    batch = ImportBatch(
        status=ImportBatch.Status.FINISHED,
        started_at=START,
        running_since=START,
        finished_at=START + dt.timedelta(seconds=seconds),
        **counts,
    )
    return progress(batch)


def test_an_import_quicker_than_a_second_says_so_and_gives_no_rate():
    # "Took 0 s (2 records a second)": one record in half a second, read as a rate.
    state = ended(0.4, updated=1)
    assert state["took"] == "under a second"
    assert state["rate"] == 0


def test_a_longer_import_gives_its_time_and_rate():
    state = ended(125, created=500)
    assert state["took"] == "2 min 05 s"
    assert state["rate"] == 4.0
