"""Medians and other percentiles computed by the database, never by reading the rows into Python.

`percentiles(values, (0.5, 0.9))` takes a queryset that yields ONE numeric column (a field, or an
aggregate per group, e.g. each request's summed minutes) and answers the continuous percentiles
(linear interpolation between the two nearest ranks, as PostgreSQL's `percentile_cont` does):

- PostgreSQL: one `percentile_cont(ARRAY[...]) WITHIN GROUP (ORDER BY v)` over the queryset;
- SQLite (and any other database): the count, then per fraction the one or two ranks around it,
  read by an ordered offset (`ORDER BY v LIMIT 2 OFFSET n`).

Both paths give the same numbers (tests run the SQLite one; the PostgreSQL suite the other).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.db import connections
from django.db.models import QuerySet


def percentiles(values: QuerySet, fractions: Sequence[float]) -> dict[float, float | None]:
    """{fraction: value} over the one column `values` yields, which must be named `v`
    (`qs.annotate(v=...).values_list("v")`); NULLs are left out; None when there is no value."""
    for fraction in fractions:
        if not 0 <= fraction <= 1:
            raise ValueError(f"a percentile's fraction lies between 0 and 1, not {fraction}")
    connection = connections[values.db]
    sql, params = values.query.sql_with_params()
    inner = f"SELECT t.v FROM ({sql}) AS t WHERE t.v IS NOT NULL"  # noqa: S608
    if connection.vendor == "postgresql":
        return _percentile_cont(connection, inner, params, fractions)
    return _ordered_offset(connection, inner, params, fractions)


def _percentile_cont(connection, inner: str, params: tuple, fractions: Sequence[float]) -> dict[float, float | None]:
    query = f"SELECT percentile_cont(%s::float8[]) WITHIN GROUP (ORDER BY p.v) FROM ({inner}) AS p"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query, (list(fractions), *params))
        row = cursor.fetchone()
    found = row[0] if row and row[0] is not None else [None] * len(fractions)
    return {f: (None if v is None else float(v)) for f, v in zip(fractions, found, strict=True)}


def _ordered_offset(connection, inner: str, params: tuple, fractions: Sequence[float]) -> dict[float, float | None]:
    result: dict[float, float | None] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({inner}) AS c", params)  # noqa: S608
        count = int(cursor.fetchone()[0])
        for fraction in fractions:
            if not count:
                result[fraction] = None
                continue
            rank = (count - 1) * fraction
            low = math.floor(rank)
            cursor.execute(f"{inner} ORDER BY t.v LIMIT 2 OFFSET %s", (*params, low))
            rows = [float(r[0]) for r in cursor.fetchall()]
            value = rows[0]
            if rank > low and len(rows) > 1:
                value += (rows[1] - rows[0]) * (rank - low)
            result[fraction] = value
    return result
