"""The spilling row store gives every item back in key order, however many runs it wrote,
as many times as it is read, and leaves no file behind when closed."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.reports.cohort_spill import SortedSpill


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.text(max_size=3))), st.integers(1, 6))
def test_items_come_back_sorted_and_stable_whatever_was_written_out(items, keep):
    store = SortedSpill(key=lambda item: item[0], keep=keep)
    for item in items:
        store.append(item)
    expected = sorted(items, key=lambda item: item[0])  # stable: equal keys keep their order
    assert len(store) == len(items)
    assert list(store) == expected
    assert list(store) == expected  # read again: the runs are read afresh
    folders = {run.parent for run in store.runs}
    store.close()
    assert not any(Path(f).exists() for f in folders)
