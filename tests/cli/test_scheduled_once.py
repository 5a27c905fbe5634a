"""`kechuang run-scheduled` does its work once, however many servers run it at the same time."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from kechuang.cli import main
from kechuang.common.job_lock import held_once


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_run_is_skipped_while_the_first_holds_the_work(capsys):
    holding, release = threading.Event(), threading.Event()
    held: list[bool] = []

    def other_server() -> None:  # its own database session, as another process would have
        try:
            with held_once("run-scheduled") as mine:
                held.append(mine)
                holding.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=other_server)
    thread.start()
    assert holding.wait(20) and held == [True]
    try:
        assert main(["run-scheduled"]) == 0
        out = capsys.readouterr().out
        assert "另一个定时任务正在运行" in out
        assert "邮件：" not in out  # nothing of the work was done twice
    finally:
        release.set()
        thread.join()

    assert main(["run-scheduled"]) == 0
    assert "邮件：发送" in capsys.readouterr().out  # once free, the work runs
