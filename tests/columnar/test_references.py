"""References used before: found by a hash of their text, settled by the text itself.

:func:`text_hashes` gives equal texts equal hashes wherever they lie (a column of one
length, of many, a slice, a Python string); :class:`References` never takes two texts
for one because their hashes are equal, and never misses one it holds.
"""

from __future__ import annotations

import pickle

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from complaintcode.columnar._assemble import References
from complaintcode.columnar._spellings import text_hashes

_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "A", "HC-2025-000001", "HC-2025-000002", "é" * 9, "x" * 8, "x" * 16]),
)


def _one(text: str) -> int:
    return int(text_hashes(pa.array([text], pa.string()))[0])


@given(st.lists(_TEXT, max_size=30), st.integers(0, 5))
def test_equal_texts_have_equal_hashes_wherever_they_lie(texts: list[str], cut: int) -> None:
    column = pa.array(["zz", *texts], pa.string()).slice(1)  # an offset into the buffer
    hashes = text_hashes(column).tolist()
    assert hashes == [_one(text) for text in texts]
    assert hashes[cut:] == text_hashes(column.slice(cut)).tolist()


@given(st.lists(st.text(min_size=1, max_size=20), min_size=2, max_size=30, unique=True))
def test_texts_of_one_length_hash_as_in_a_column_of_many(texts: list[str]) -> None:
    size = max(len(text.encode()) for text in texts)
    padded = [text.encode().ljust(size, b"-").decode() for text in texts]
    assert text_hashes(pa.array(padded, pa.string())).tolist() == [_one(t) for t in padded]


def test_two_texts_with_one_hash_are_two_references() -> None:
    """Hashes given by hand collide: the texts tell the references apart."""
    seen = References()
    seen.add(["A", "B"], [2, 3], np.array([7, 7], dtype=np.int64))
    assert seen.may_hold(np.array([7], dtype=np.int64))
    assert seen.first_row("A", 7) == 2
    assert seen.first_row("B", 7) == 3
    assert seen.first_row("C", 7) is None  # the same hash, another text: new


def test_a_hash_never_added_is_not_held() -> None:
    seen = References()
    assert not seen.may_hold(np.array([5], dtype=np.int64))
    seen.add(pa.array(["A", "B"]), [2, 3], text_hashes(pa.array(["A", "B"])))
    assert not seen.may_hold(text_hashes(pa.array(["C", "D"])))
    assert seen.may_hold(text_hashes(pa.array(["C", "B"])))
    assert seen.first_row("B", _one("B")) == 3
    assert seen.first_row("C", _one("C")) is None


def test_references_taken_in_from_a_worker_are_held() -> None:
    """A worker's references travel pickled (without the bitmap) and are absorbed."""
    seen, worker = References(), References()
    seen.add(["A"], [2], text_hashes(pa.array(["A"])))
    worker.add(["B", "C"], [10, 11], text_hashes(pa.array(["B", "C"])))
    travelled = pickle.loads(pickle.dumps(worker))
    assert travelled.may_hold(text_hashes(pa.array(["C"])))
    seen.absorb(travelled)
    assert seen.may_hold(text_hashes(pa.array(["C"])))
    assert seen.first_row("C", _one("C")) == 11
    assert seen.first_row("A", _one("A")) == 2
