"""Writing judged rows to `TargetJudgement` and reading them back as `TargetRow`s."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from kechuang.observations.models import Audience, PlanJudgementSummary, TargetJudgement
from kechuang.observations.progress import TargetProgress
from kechuang.observations.progress.types import floats_finite

_PROGRESS_FIELDS = frozenset(TargetProgress.__dataclass_fields__)
# Held in columns of their own (pages count and sort by them), after the status code, and so
# left out of the `progress` text with the status's word, which the code gives: a national
# rebuild encodes a quarter of a million of these, and floats are most of the cost.
IN_COLUMNS = ("completion", "expected_progress", "likelihood", "latest_value", "latest_period")
_LEFT_OUT = frozenset({"status", "status_code", *IN_COLUMNS})
_DEFAULTS = tuple(
    (name, f.default) for name, f in TargetProgress.__dataclass_fields__.items() if name not in _LEFT_OUT
)


def audience_for(*, include_provisional: bool, include_simulated: bool) -> str | None:
    """The stored audience a judging call matches, or None (then it is computed on demand)."""
    if include_provisional and include_simulated:
        return Audience.STAFF
    if not include_provisional and not include_simulated:
        return Audience.PUBLIC
    return None


def stored_progress(progress: TargetProgress) -> dict[str, Any]:
    """What `progress` column holds: the fields not at their defaults (most are None for most
    targets; a national rebuild writes a quarter of a million of these) nor in other columns."""
    values = vars(progress)
    return {
        name: v
        for name, default in _DEFAULTS
        if not ((v := values[name]) is default or (type(v) is type(default) and v == default))
    }


def progress_from(text: str, status_code: str, columns: Sequence[Any]) -> TargetProgress:
    """A TargetProgress from its stored text (`progress_json`: fields left out are at their
    defaults), its status code and its `IN_COLUMNS` values; keys of another version are ignored."""
    fields = {k: v for k, v in orjson.loads(text).items() if k in _PROGRESS_FIELDS}
    fields.update(zip(IN_COLUMNS, columns, strict=True))
    fields["latest_period"] = fields["latest_period"] or None  # the column holds "" for none
    out = TargetProgress(**fields)
    out.set_status(status_code)
    return out


def progress_of(judgement: TargetJudgement) -> TargetProgress:
    """The stored judgement's TargetProgress, from its model."""
    return progress_from(
        judgement.progress, judgement.status_code, [getattr(judgement, name) for name in IN_COLUMNS]
    )


def previous_from(code: str) -> TargetProgress | None:
    """The previous period's judgement as stored: its status only (all an alert reads)."""
    if not code:
        return None
    out = TargetProgress()
    out.set_status(code)
    return out


# The columns written, in order (raw SQL: the ORM's per-object cost is most of a rebuild's time).
_COLUMNS = (
    "target_id",
    "plan_id",
    "audience",
    "as_of",
    "status_code",
    "alert",
    "slipped",
    "forecast_miss",
    "simulated",
    "earlier",
    "completion",
    "expected_progress",
    "likelihood",
    "latest_value",
    "latest_period",
    "completion_shown",
    "points_source",
    "previous_status_code",
    "also_public",
    "public_alert",
    "progress",
    "refreshed_at",
)


def progress_json(progress: TargetProgress) -> str:
    """The `progress` column's text: `stored_progress` as compact UTF-8 JSON.

    Why orjson: a rebuild encodes 120,000 of these dicts, and the standard encoder (with its
    \\u escapes, which doubled the bytes of every note) was a tenth of a chunk's time. A value
    that is not a finite number is refused (JSON has no word for it)."""
    return others_json(stored_progress(progress))


def others_json(data: dict[str, Any]) -> str:
    """`progress_json`'s text from the fields already picked (`stored_progress`'s dict)."""
    if not floats_finite(data.values()):
        raise ValueError(f"评估结果含非有限数：{data!r}")
    return orjson.dumps(data).decode()


def judgement_for(
    row: Any,
    plan_id: int,
    audience: str,
    as_of: dt.date,
    *,
    public_alert: str | None = None,
    text: str | None = None,
) -> tuple:
    """The stored columns (`_COLUMNS`, without the time) of one judged `TargetRow`.

    A staff row given `public_alert` (the alert judged without the previous period, "" for none)
    is also the public judgement (`also_public`). `text`: the progress's JSON when already made."""
    p = row.progress
    judged = (
        p.status_code,
        p.completion,
        p.expected_progress,
        p.likelihood,
        p.latest_value,
        p.latest_period,
        p.completion_shown,
    )
    return row_columns(
        row.spec.target_id,
        plan_id,
        audience,
        as_of,
        judged,
        text if text is not None else progress_json(p),
        alert=row.alert,
        slipped=row.slipped,
        forecast_miss=row.forecast_miss,
        simulated=row.simulated,
        earlier=row.earlier,
        source=row.points_source,
        previous=row.previous.status_code if row.previous is not None else "",
        public_alert=public_alert,
    )


def row_columns(
    target_id: int,
    plan_id: int,
    audience: str,
    as_of: dt.date,
    judged: Sequence[Any],
    text: str,
    *,
    alert: str | None,
    slipped: bool,
    forecast_miss: bool,
    simulated: bool,
    earlier: bool,
    source: str,
    previous: str,
    public_alert: str | None = None,
) -> tuple:
    """The stored columns from a judgement's (status code, completion, 时序进度, likelihood, latest
    value, latest period, completion shown) and its `progress` text (`progress.level_rows` gives
    the first, `others_json` the second, without a TargetProgress)."""
    code, completion, expected, likelihood, latest, period, shown = judged[:7]
    return (
        target_id,
        plan_id,
        str(audience),
        as_of,
        code,
        alert or "",
        bool(slipped),
        bool(forecast_miss),
        bool(simulated),
        bool(earlier),
        completion,
        expected,
        likelihood,
        latest,
        period or "",
        shown,
        source or "",
        previous,
        public_alert is not None,
        public_alert or "",
        text,
    )


def write(
    judgements: Sequence[tuple], *, replace: Iterable[int] | None = None, plans: Iterable[int] | None = None
) -> int:
    """Replace the stored judgements of the targets written (and of `replace`, e.g. targets that
    left a plan in force), or every stored judgement of `plans` (a plan judged whole), in one
    transaction; returns how many targets were judged (staff rows)."""
    table = TargetJudgement._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # stored as the ORM stores it
    touched = {j[1] for j in judgements}
    with transaction.atomic(), connection.cursor() as cursor:
        if plans is not None:
            touched.update(plans)
            TargetJudgement.objects.filter(plan_id__in=sorted(set(plans))).delete()
        else:
            ids = sorted({j[0] for j in judgements} | set(replace or ()))
            returning = connection.features.can_return_columns_from_insert  # RETURNING is there
            for start in range(0, len(ids), 5000):
                chunk = ids[start : start + 5000]
                if returning:  # one round trip instead of two (a corrected figure's refresh)
                    marks = ", ".join(["%s"] * len(chunk))
                    delete = f"DELETE FROM {table} WHERE target_id IN ({marks}) RETURNING plan_id"  # noqa: S608
                    cursor.execute(delete, chunk)
                    touched.update(r[0] for r in cursor.fetchall())
                    continue
                old = TargetJudgement.objects.filter(target_id__in=chunk)
                touched.update(old.values_list("plan_id", flat=True).distinct())
                old.delete()
        rows = [(*j, now) for j in judgements]
        if connection.vendor == "postgresql" and len(rows) > 100:
            # COPY: one stream instead of a statement per row (a rebuild writes 120,000 rows), in
            # binary: each value goes in its column's own format, not written out as text for the
            # server to parse (formatting text cost the writer 38 ms of each 6,000 rows, binary 8).
            copy_sql = f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
            types = _column_types(cursor, table, _COLUMNS)
            with cursor.cursor.copy(copy_sql) as copy:
                copy.set_types(types)
                for row in rows:
                    copy.write_row(row)
        else:
            _insert(cursor, table, _COLUMNS, rows)
        if plans is not None and touched == set(plans):  # whole plans: every row is at hand
            _replace_summaries(sorted(touched), _grouped(judgements))
        else:
            summarise(touched)
    return sum(1 for j in judgements if j[2] == Audience.STAFF)


_TYPES: dict[tuple[str, tuple[str, ...]], list[int]] = {}


def _column_types(cursor: Any, table: str, columns: Sequence[str]) -> list[int]:
    """The PostgreSQL type of each column (its oid), which a binary COPY must be told; read from
    the catalogue once per process (built-in types' oids are the same in every database)."""
    key = (table, tuple(columns))
    if key not in _TYPES:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
            [table],
        )
        oids = dict(cursor.fetchall())
        _TYPES[key] = [int(oids[name]) for name in columns]
    return _TYPES[key]


def of_audience(audience: str, prefix: str = "") -> Q:
    """The stored rows that hold `audience`'s judgements (`prefix` to reach them across a relation):
    the public's are its own rows and the staff rows that are also public."""
    if audience == Audience.PUBLIC:
        return Q(**{f"{prefix}audience": Audience.PUBLIC}) | Q(
            **{f"{prefix}audience": Audience.STAFF, f"{prefix}also_public": True}
        )
    return Q(**{f"{prefix}audience": audience})


def summarise(plan_ids: Iterable[int]) -> None:
    """Count the plans' stored judgements again into `PlanJudgementSummary` (one row per audience)."""
    ids = sorted(set(plan_ids))
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        grouped = (
            TargetJudgement.objects.filter(plan_id__in=chunk, earlier=False)
            .values_list("plan_id", "audience", "also_public", "as_of", "status_code")
            .annotate(
                n=Count("pk"),
                alerts=Count("pk", filter=~Q(alert="")),
                public_alerts=Count("pk", filter=~Q(public_alert="")),
                simulated=Count("pk", filter=Q(simulated=True)),
                bare=Count("pk", filter=Q(points_source="")),
            )
        )
        _replace_summaries(chunk, grouped)


def _grouped(judgements: Sequence[tuple]) -> list[tuple]:
    """`summarise`'s grouped counts, from judgement rows (`_COLUMNS` order) about to be written:
    a plan judged whole is counted without reading back what was just written."""
    groups: dict[tuple, list[int]] = {}
    for j in judgements:
        if j[9]:  # earlier
            continue
        key = (j[1], j[2], j[18], j[3], j[4])  # plan, audience, also public, as of, status
        g = groups.get(key)
        if g is None:
            g = groups[key] = [0, 0, 0, 0, 0]
        g[0] += 1
        g[1] += j[5] != ""  # alert
        g[2] += j[19] != ""  # public alert
        g[3] += bool(j[8])  # simulated
        g[4] += j[16] == ""  # judged on no figure
    return [(*key, *counts) for key, counts in groups.items()]


def _replace_summaries(plan_ids: list[int], grouped: Iterable[tuple]) -> None:
    """Replace the plans' summaries with the grouped counts (plan, audience, also public, as of,
    status, targets, alerts, public alerts, simulated, judged on no figure)."""
    summaries: dict[tuple[int, str], PlanJudgementSummary] = {}
    for plan_id, audience, also_public, as_of, code, n, alerts, public_alerts, simulated, bare in grouped:
        held = [(audience, alerts)]
        if also_public:
            held.append((Audience.PUBLIC, public_alerts))
        for whose, alerted in held:
            row = summaries.get((plan_id, whose))
            if row is None:
                row = summaries[(plan_id, whose)] = PlanJudgementSummary(
                    plan_id=plan_id, audience=whose, as_of=as_of, counts={}
                )
            row.as_of = min(row.as_of, as_of)  # a plan is as fresh as its oldest judgement
            row.counts[code] = row.counts.get(code, 0) + n
            row.alerts += alerted
            row.simulated = row.simulated or simulated > 0
            row.without_figures += bare
    PlanJudgementSummary.objects.filter(plan_id__in=plan_ids).delete()
    # Raw, as the judgements are written: bulk_create prepared each field of each object (a tenth
    # of a rebuild chunk's write); the values are the ones the ORM would write (JSON text as
    # JSONField's json.dumps, the date as the backend adapts it).
    columns = ("plan_id", "audience", "as_of", "counts", "alerts", "simulated", "without_figures")
    adapt = connection.ops.adapt_datefield_value
    rows = [
        (
            r.plan_id,
            str(r.audience),
            adapt(r.as_of),
            json.dumps(r.counts),
            r.alerts,
            r.simulated,
            r.without_figures,
        )
        for r in summaries.values()
    ]
    with connection.cursor() as cursor:
        _insert(cursor, PlanJudgementSummary._meta.db_table, columns, rows, json_column="counts")


def _insert(
    cursor: Any, table: str, columns: Sequence[str], rows: list[tuple], *, json_column: str | None = None
) -> None:
    """Rows in `columns` order inserted raw, `json_column` holding JSON text (cast on PostgreSQL)."""
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    marks = ", ".join(f"%s{cast}" if name == json_column else "%s" for name in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - names are ours
    for start in range(0, len(rows), 5000):
        cursor.executemany(sql, rows[start : start + 5000])


STORED_FIELDS = (
    "target_id",
    "status_code",
    "alert",
    "slipped",
    "forecast_miss",
    "simulated",
    "points_source",
    "previous_status_code",
    "progress",
    *IN_COLUMNS,
)


def read(target_ids: Iterable[int], audience: str, as_of: dt.date) -> dict[int, tuple]:
    """Stored judgements of `target_ids` made for `as_of`, by target id (values, no models):
    `STORED_FIELDS` as `audience` sees them."""
    ids = list(target_ids)
    public = audience == Audience.PUBLIC
    out: dict[int, tuple] = {}
    for start in range(0, len(ids), 5000):
        rows = TargetJudgement.objects.filter(
            of_audience(audience), target_id__in=ids[start : start + 5000], as_of=as_of
        ).values_list(*STORED_FIELDS, "audience", "public_alert")
        for r in rows:
            if not public or r[-2] == Audience.PUBLIC:
                out[r[0]] = r[:-2]
            elif r[0] not in out:  # the staff row that is also public, as judged without the previous period
                out[r[0]] = (r[0], r[1], r[-1], False, r[4], r[5], r[6], "", *r[8:-2])
    return out
