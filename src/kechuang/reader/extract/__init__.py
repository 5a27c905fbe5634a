"""Blocks → the extraction dict (document, indicators, series, tasks, task suggestions).

Order of work: metadata first (the plan period decides target years), then
tables (indicator, statistics, task lists), then prose goals, which merge into
the table indicators they restate.
"""

from __future__ import annotations

from kechuang.reader.blocks import Block, Paragraph, Table
from kechuang.reader.deadline import NO_DEADLINE, Deadline
from kechuang.reader.extract.goals import YearContext, goals_in_text
from kechuang.reader.extract.item_tasks import item_tasks
from kechuang.reader.extract.merge import merge_goal
from kechuang.reader.extract.metadata import read_metadata
from kechuang.reader.extract.sections import annotate
from kechuang.reader.extract.series import is_series_table, read_series
from kechuang.reader.extract.suggestions import task_suggestions
from kechuang.reader.extract.tables import merged_header, read_indicator_table
from kechuang.reader.extract.tasks import read_tasks

__all__ = ["extract_blocks"]


def extract_blocks(blocks: list[Block], deadline: Deadline = NO_DEADLINE) -> dict:
    """Turn ordered blocks into the schema dict (without catalogue codes)."""
    document = read_metadata(blocks)
    period = (document["period"]["start"], document["period"]["end"]) if document["period"] else None
    start, end = period if period else (None, None)
    region = document.get("region")
    sections = annotate(blocks)

    indicators: list[dict] = []
    series: list[dict] = []
    tasks: list[dict] = []
    task_sections: list[str] = []
    for block, section in zip(blocks, sections, strict=True):
        deadline.check()
        if not isinstance(block, Table) or len(block.rows) < 2:
            continue
        if is_series_table(block, period):
            series.extend(read_series(block))
            continue
        rows = read_tasks(block, end) if not _has_indicator_column(block) else None
        if rows:
            tasks.extend(rows)
            task_sections.extend([section.kind] * len(rows))
            continue
        found = read_indicator_table(block, period)
        if found:
            indicators.extend(_table_indicator(ind) for ind in found)

    context = YearContext()
    for block, section in zip(blocks, sections, strict=True):
        deadline.check()
        if section.path[: len(context.path)] != context.path:
            context = YearContext()  # a new section: the year stated above no longer applies
        if isinstance(block, Paragraph):
            year = context.year
            for goal in goals_in_text(
                block.text, section=section.kind, start=start, end=end, context=context, region=region
            ):
                merge_goal(indicators, goal)
            if context.year != year:
                context.path = section.path
    for task, kind in zip(tasks, task_sections, strict=True):
        kind = "body" if kind == "target" else kind
        for text in (task["goal"], task.get("content") or ""):
            for goal in goals_in_text(
                text, section=kind, start=start, end=end, default_year=task["deadline"], region=region
            ):
                merge_goal(indicators, goal)

    if not tasks:  # no task table: numbered items naming their units are the task list
        tasks.extend(item_tasks(blocks, sections, end))
    suggestions = task_suggestions(blocks, tasks)  # a task chapter's headings, for the reviewer

    for ind in indicators:
        ind.pop("_from_table", None)
    for task in tasks:
        task.pop("content", None)
    return {
        "document": document,
        "indicators": indicators,
        "series": series,
        "tasks": tasks,
        "task_suggestions": suggestions,
    }


def _has_indicator_column(table: Table) -> bool:
    """A table with an 指标 column is an indicator table even when it names responsible units."""
    header, _ = merged_header(table)
    return any("指标" in h for h in header)


def _table_indicator(ind) -> dict:
    return {
        "name": ind.name,
        "category": ind.category,
        "unit": ind.unit,
        "attribute": ind.attribute,
        "source": ind.source,
        "note": ind.note,
        "baseline": ind.baseline,
        "targets": [{**t, "evidence": ind.evidence} for t in ind.targets],
        "actuals": ind.actuals,
        "evidence": ind.evidence,
        "_from_table": True,
    }
