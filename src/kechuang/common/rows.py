"""Reading thousands of plain rows at once (a national overview's plans and their summaries)."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import IntegerField, QuerySet, Value


def fetch_rows(query: QuerySet, *, binary: bool = False) -> list[tuple]:
    """The rows of a ``values_list`` query as the database driver returns them, in one fetch.

    Why: iterating the query converts and copies every row in chunks of 100, about half again the
    cost of reading 3,000 rows. Only for columns that need no conversion: numbers and text (cast
    JSON and booleans in the query, ``Cast("counts", TextField())``), never dates or decimals.

    `binary`: on PostgreSQL, numbers come in their binary form (a rebuild's 60,000 figures a
    chunk: the server no longer writes each float out as text nor the reader parses it back,
    a fifth less of both); elsewhere it changes nothing."""
    compiled = _compiled(query)
    if binary and compiled is not None and connections[compiled[0]].vendor == "postgresql":
        return _run_binary(compiled)
    return _run(compiled)


def _compiled(query: QuerySet) -> tuple[str, str, tuple] | None:
    """(database alias, SQL, parameters), or None for a filter no row can match (`pk__in=[]`):
    Django reads nothing then either."""
    try:
        sql, params = query.query.get_compiler(using=query.db).as_sql()
    except EmptyResultSet:
        return None
    return query.db, sql, tuple(params)


def _run(compiled: tuple[str, str, tuple] | None) -> list[tuple]:
    if compiled is None:
        return []
    alias, sql, params = compiled
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _run_binary(compiled: tuple[str, str, tuple]) -> list[tuple]:
    import psycopg  # only on PostgreSQL

    alias, sql, params = compiled
    connection = connections[alias]
    connection.ensure_connection()
    # A server-side binding cursor: Django's own (client-side binding) cannot take results in binary.
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        return cursor.fetchall()


def grand_total(query: QuerySet, **aggregates: object) -> QuerySet:
    """`query.aggregate(**aggregates)` as a query of its own, one row of the aggregates in keyword
    order (none when no row can match), for `fetch_prepared`: grouped by a constant, which Django
    leaves out of the SQL."""
    return (
        query.order_by()
        .annotate(_every=Value(1, IntegerField()))
        .values("_every")
        .annotate(**aggregates)
        .values_list(*aggregates)
    )


# Compiled queries by key: (database alias, SQL, parameters), or None for a query no row can match.
_PREPARED: dict[Hashable, tuple[str, str, tuple] | None] = {}
_PREPARED_MAX = 256  # keys hold a date or a user id: forget them all now and then


def fetch_prepared(key: Hashable, build: Callable[[], QuerySet]) -> list[tuple]:
    """`fetch_rows(build())` for a query whose SQL and parameters `key` fixes, built and compiled by
    the ORM once per process and afterwards run as it was compiled.

    Why: the monitoring overview runs a handful of small queries on every request (plans in scope,
    open cases, towns near the plans, the thresholds); building and compiling each cost the ORM
    half a millisecond, more than running it. `key` must hold everything the query depends on
    (the user's scope when it has one, the date), so only queries with a small set of shapes are
    worth it: a superuser's, whose scope is everything. The same column rules as `fetch_rows`."""
    prepared = _PREPARED.get(key, _MISSING)
    if prepared is _MISSING:
        prepared = _compiled(build())
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.clear()
        _PREPARED[key] = prepared
    return _run(prepared)


_MISSING = object()
