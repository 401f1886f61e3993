"""Medians and other percentiles computed by the database, never by reading the rows into Python.

`percentiles(values, (0.5, 0.9))` takes a queryset that yields ONE numeric column (a field, or an
aggregate per group, e.g. each request's summed minutes) and answers the continuous percentiles
(linear interpolation between the two nearest ranks, as PostgreSQL's `percentile_cont` does):

- PostgreSQL: one `percentile_cont(ARRAY[...]) WITHIN GROUP (ORDER BY v)` over the queryset;
- SQLite (and any other database): in one statement, the count and per fraction the two ranks
  around it, each read by an ordered offset (`ORDER BY v LIMIT 1 OFFSET n`).

Both paths give the same numbers (tests run the SQLite one; the PostgreSQL suite the other).
"""

# ruff: noqa: S608 -- the SQL is built from Django's own compiled query and column names checked as identifiers; values are parameters.
from __future__ import annotations

import math
from collections.abc import Sequence

from django.db import connections
from django.db.models import QuerySet


def percentiles(values: QuerySet, fractions: Sequence[float]) -> dict[float, float | None]:
    """{fraction: value} over the one column `values` yields, which must be named `v`
    (`qs.annotate(v=...).values_list("v")`); NULLs are left out; None when there is no value."""
    return column_percentiles(values, ("v",), fractions)["v"]


def column_percentiles(
    values: QuerySet, columns: Sequence[str], fractions: Sequence[float]
) -> dict[str, dict[float, float | None]]:
    """{column: {fraction: value}} for each named column of `values` (a `values_list(*columns)`
    queryset), each over its own non-NULL values, the rows read once by the database."""
    for fraction in fractions:
        if not 0 <= fraction <= 1:
            raise ValueError(f"a percentile's fraction lies between 0 and 1, not {fraction}")
    for column in columns:
        if not column.isidentifier():
            raise ValueError(f"not a column name: {column!r}")
    connection = connections[values.db]
    sql, params = values.query.sql_with_params()
    if connection.vendor == "postgresql":
        return _percentile_cont(connection, sql, params, columns, fractions)
    return _ordered_offset(connection, sql, params, columns, fractions)


def _percentile_cont(connection, sql, params, columns, fractions) -> dict[str, dict[float, float | None]]:
    picks = ", ".join(f"percentile_cont(%s::float8[]) WITHIN GROUP (ORDER BY p.{c})" for c in columns)
    query = f"SELECT {picks} FROM ({sql}) AS p"
    with connection.cursor() as cursor:
        cursor.execute(query, (*[list(fractions)] * len(columns), *params))
        row = cursor.fetchone()
    result = {}
    for column, found in zip(columns, row, strict=True):
        found = found if found is not None else [None] * len(fractions)
        result[column] = {f: (None if v is None else float(v)) for f, v in zip(fractions, found, strict=True)}
    return result


def _ordered_offset(connection, sql, params, columns, fractions) -> dict[str, dict[float, float | None]]:
    """One statement: the rows once (a CTE used several times is materialised), each column's count,
    and for each column and fraction the two ranks around it by `ORDER BY c LIMIT 1 OFFSET n`."""
    counts = ", ".join(f"COUNT({c}) AS n_{c}" for c in columns)
    picks: list[str] = []
    picked: list[float] = []
    for column in columns:
        for fraction in fractions:
            offset = f"(SELECT CAST((n_{column} - 1) * %s AS INTEGER) FROM n)"
            ordered = f"SELECT {column} FROM t WHERE {column} IS NOT NULL ORDER BY {column} LIMIT 1 OFFSET"
            picks += [f"({ordered} {offset})", f"({ordered} {offset} + 1)"]
            picked += [fraction, fraction]
    query = (
        f"WITH t AS ({sql}), n AS (SELECT {counts} FROM t) "
        f"SELECT {', '.join(f'(SELECT n_{c} FROM n)' for c in columns)}, {', '.join(picks)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, (*params, *picked))
        row = list(cursor.fetchone())
    counts_found, ranks = row[: len(columns)], row[len(columns) :]
    result: dict[str, dict[float, float | None]] = {}
    i = 0
    for column, count in zip(columns, counts_found, strict=True):
        result[column] = {}
        for fraction in fractions:
            low, high = ranks[i], ranks[i + 1]
            i += 2
            if not count:
                result[column][fraction] = None
                continue
            rank = (int(count) - 1) * fraction
            value = float(low)
            if high is not None and rank > math.floor(rank):
                value += (float(high) - value) * (rank - math.floor(rank))
            result[column][fraction] = value
    return result
