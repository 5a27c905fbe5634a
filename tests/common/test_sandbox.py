"""The limited child under the real server: waitress calls it from worker threads, several at once."""

from __future__ import annotations

import threading

import pytest

from kechuang.common.sandbox import LimitExceeded, run_limited

MB = 1024 * 1024


def _rows(n: int) -> list[tuple[int, str]]:
    return [(i, f"第{i}行") for i in range(n)]


def _refuse(message: str) -> None:
    raise ValueError(message)


def _hoard() -> bytes:
    return b"x" * (512 * MB)


def test_parses_started_by_several_server_threads_at_once_each_get_their_own_rows():
    results: dict[int, object] = {}

    def upload(n: int) -> None:
        results[n] = run_limited(_rows, n, memory_bytes=256 * MB, seconds=20)

    threads = [threading.Thread(target=upload, args=(n,)) for n in (10, 2_000, 50_000, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert results == {n: _rows(n) for n in (10, 2_000, 50_000, 3)}


def test_a_refusal_in_the_child_reaches_the_caller_with_its_type_and_words():
    with pytest.raises(ValueError) as refused:
        run_limited(_refuse, "文件不是 Excel（.xlsx）格式", memory_bytes=64 * MB, seconds=10)

    assert str(refused.value) == "文件不是 Excel（.xlsx）格式"
    assert "_refuse" in refused.value.__notes__[0]  # the child's traceback, for the error log


def test_a_child_that_wants_more_memory_than_allowed_ends_in_a_chinese_message():
    with pytest.raises(LimitExceeded, match="^文件解析超出内存或时间限制，请检查文件后重新上传$"):
        run_limited(_hoard, memory_bytes=128 * MB, seconds=10)
