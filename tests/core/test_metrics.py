"""The per-example metrics table, gathered chunk by chunk: the same table as the chunks'
columns joined, whatever the chunks' sizes."""

from __future__ import annotations

import numpy as np

from curator.core.engine import metrics
from curator.core.engine.metrics import Gathered, Growing, frame_of
from curator.core.families.protocol import ChunkPart, Column, Family


class Counting(Family):
    name = "counting"
    columns = (Column("count"), Column("score", "float", 0.5), Column("lang", "str", ""))


class Silent(Family):  # a family whose chunks sent no columns: its defaults
    name = "silent"
    columns = (Column("quiet", "int", 7), Column("tag", "str", "x"))


def chunk(start: int, rows: int) -> ChunkPart:
    numbers = np.arange(start, start + rows, dtype=np.int64)
    return ChunkPart({"count": numbers * 3, "score": numbers / 7,
                      "lang": ["en" if n % 3 else "fr" for n in numbers.tolist()]},
                     payload=("payload", start))


def test_chunks_gather_into_the_joined_table() -> None:
    sizes = [0, 5, 1, 4096, 3, 9000, 0, 17]  # across the first capacity and its doublings
    gathered, start = Gathered(), 0
    for rows in sizes:
        gathered.add(np.arange(start, start + rows, dtype=np.int64) + 1,
                     {"counting": chunk(start, rows)})
        start += rows
    table = frame_of(gathered, [Counting(), Silent()])
    everything = np.arange(start)
    assert table.index.tolist() == (everything + 1).tolist()
    assert table["count"].dtype == np.int64 and table["count"].tolist() == (everything * 3
                                                                             ).tolist()
    assert table["score"].dtype == np.float64
    assert table["score"].tolist() == (everything / 7).tolist()
    langs = table["lang"]
    assert langs.dtype == object
    assert langs.tolist() == ["en" if n % 3 else "fr" for n in range(start)]
    assert len({id(v) for v in langs}) == 2  # one object per distinct value
    assert table["quiet"].tolist() == [7] * start and set(table["tag"]) == {"x"}
    assert gathered.payloads("counting") == [("payload", s) for s in
                                             np.cumsum([0, *sizes[:-1]]).tolist()]
    gathered.joined["counting"] = "whole"
    assert gathered.payloads("counting") == ["whole"]


def test_a_growing_column_copies_each_value_once_into_room_it_doubles() -> None:
    column = Growing()
    for n in range(100):
        column.extend(np.full(n, n, dtype=np.int64))
    values = column.values()
    assert isinstance(values, np.ndarray)
    assert values.tolist() == [n for n in range(100) for _ in range(n)]
    assert column.array is not None and len(column.array) < 2 * len(values) + metrics.FIRST_ROWS


def test_an_empty_file_has_an_empty_table() -> None:
    table = frame_of(Gathered(), [Counting()])
    assert len(table) == 0 and table["count"].dtype == np.int64 and table["lang"].dtype == object
