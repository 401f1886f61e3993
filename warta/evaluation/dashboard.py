"""What the dashboard, the monthly pack's page, its PDF and its workbook show: the figures of a month
beside the month before and the same month a year before, as summary rows and charts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from warta.accounts.models import Organization
from warta.complaints.models import Tier
from warta.desk.models import Channel, Platform, Status
from warta.evaluation import figures
from warta.evaluation.charts import Row, bar_chart
from warta.evaluation.figures import STEPS, Filters

TOP_ORGANIZATIONS = 10


def month_label(month: dt.date) -> str:
    return formats.date_format(month, "F Y")


def percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def summary_rows(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{label, values (one per month), unit}] for the comparison table and the workbook."""
    req = [m["requests"] for m in months]
    rows: list[dict[str, Any]] = [
        {"label": _("Permohonan diterima"), "values": [r["received"] for r in req], "unit": ""},
        {"label": _("Dipublikasikan"), "values": [r["published"] for r in req], "unit": ""},
        {"label": _("Ditolak"), "values": [r["rejected"] for r in req], "unit": ""},
        {"label": _("Dibatalkan"), "values": [r["cancelled"] for r in req], "unit": ""},
        {"label": _("Masih berjalan"), "values": [r["open"] for r in req], "unit": ""},
        {
            "label": _("Dipublikasikan dalam waktu standar"),
            "values": [percent(r["within_standard_share"]) for r in req],
            "unit": "%",
        },
        {
            "label": _("Waktu sampai dipublikasikan, median"),
            "values": [r["minutes_to_publish"]["median"] for r in req],
            "unit": _("menit kerja"),
        },
        {
            "label": _("Waktu sampai dipublikasikan, p90"),
            "values": [r["minutes_to_publish"]["p90"] for r in req],
            "unit": _("menit kerja"),
        },
    ]
    for name, (_statuses, _action, label) in STEPS.items():
        rows.append(
            {
                "label": _("Tahap %(step)s, median") % {"step": label},
                "values": [r["step_minutes"][name] for r in req],
                "unit": _("menit kerja"),
            }
        )
    breaches = [m["breaches"] for m in months]
    rows += [
        {"label": _("Pelanggaran tenggat belum dinilai"), "values": [b["open"] for b in breaches], "unit": ""},
        {"label": _("Pelanggaran tenggat dimaklumi"), "values": [b["justified"] for b in breaches], "unit": ""},
        {"label": _("Pelanggaran oleh pelaksana"), "values": [b["violations"] for b in breaches], "unit": ""},
    ]
    for code, label in Tier.choices:
        rows.append(
            {
                "label": _("Pengaduan %(tier)s diterima") % {"tier": str(label).lower()},
                "values": [m["complaints"][code]["received"] for m in months],
                "unit": "",
            }
        )
        rows.append(
            {
                "label": _("Pengaduan %(tier)s dijawab tepat waktu") % {"tier": str(label).lower()},
                "values": [m["complaints"][code]["answered_on_time"] for m in months],
                "unit": "",
            }
        )
    return rows


def _org_names(codes: list[str]) -> dict[str, str]:
    return dict(Organization.objects.filter(code__in=codes).values_list("code", "name"))


def charts(months: list[dict[str, Any]], series: list[str]) -> list[str]:
    req = [m["requests"] for m in months]
    chosen = req[0]
    outcomes = [
        Row(str(_("Diterima")), [r["received"] for r in req]),
        Row(str(Status.PUBLISHED.label), [r["published"] for r in req]),
        Row(str(Status.REJECTED.label), [r["rejected"] for r in req]),
        Row(str(Status.CANCELLED.label), [r["cancelled"] for r in req]),
        Row(str(_("Masih berjalan")), [r["open"] for r in req]),
    ]
    times = [
        Row(str(_("Sampai dipublikasikan, median")), [r["minutes_to_publish"]["median"] for r in req]),
        Row(str(_("Sampai dipublikasikan, p90")), [r["minutes_to_publish"]["p90"] for r in req]),
        *[Row(str(label), [r["step_minutes"][name] for r in req]) for name, (_s, _a, label) in STEPS.items()],
    ]
    within = [Row(str(_("Dalam waktu standar")), [percent(r["within_standard_share"]) for r in req])]
    spent = [
        Row(str(place["label"]), [round(place["working"] / 60, 1), round(place["paused"] / 60, 1)])
        for place in chosen["time_spent"]
    ]
    channels = [Row(str(label), [r["by_channel"].get(code, 0) for r in req]) for code, label in Channel.choices]
    platforms = [Row(str(label), [r["by_platform"].get(code, 0) for r in req]) for code, label in Platform.choices]
    top = list(chosen["by_organization"].items())[:TOP_ORGANIZATIONS]
    names = _org_names([code for code, _n in top])
    organizations = [Row(names.get(code, code), [count]) for code, count in top]
    complaints = [
        Row(
            str(label),
            [months[0]["complaints"][code]["received"], months[0]["complaints"][code]["answered_on_time"]],
        )
        for code, label in Tier.choices
    ]
    return [
        bar_chart("chart-outcomes", _("Permohonan diterima dan hasilnya"), series, outcomes, unit=_("permohonan")),
        bar_chart("chart-within", _("Dipublikasikan dalam waktu standar"), series, within, unit="%", places=1),
        bar_chart("chart-times", _("Waktu layanan"), series, times, unit=_("menit kerja")),
        bar_chart(
            "chart-spent",
            _("Ke mana waktu pergi, %(month)s") % {"month": series[0]},
            [_("waktu kerja"), _("dijeda")],
            spent,
            unit=_("jam kerja"),
            places=1,
        ),
        bar_chart("chart-channels", _("Permohonan menurut saluran"), series, channels, unit=_("permohonan")),
        bar_chart("chart-platforms", _("Permohonan menurut platform tujuan"), series, platforms, unit=_("permohonan")),
        bar_chart(
            "chart-organizations",
            _("Organisasi pemohon terbanyak, %(month)s") % {"month": series[0]},
            [series[0]],
            organizations,
            unit=_("permohonan"),
        ),
        bar_chart(
            "chart-complaints",
            _("Pengaduan per tingkat, %(month)s") % {"month": series[0]},
            [_("diterima"), _("dijawab tepat waktu")],
            complaints,
            unit=_("pengaduan"),
        ),
    ]


def build(month: dt.date, filters: Filters, *, with_charts: bool = True) -> dict[str, Any]:
    months = figures.compared(month, filters)
    compared_months = [month, figures.shift(month, -1), figures.shift(month, -12)]
    series = [month_label(m) for m in compared_months]
    chosen = months[0]["requests"]
    names = _org_names(list(chosen["by_organization"]))
    return {
        "month": month,
        "month_code": figures.month_code(month),
        "month_label": series[0],
        "series": series,
        "months": months,
        "figures": months[0],
        # Each value beside its month's name: the phone shows every row as a card of labelled values.
        "summary": [{**row, "cells": list(zip(series, row["values"], strict=True))} for row in summary_rows(months)],
        "charts": charts(months, series) if with_charts else [],
        "organizations_table": [
            {"code": code, "name": names.get(code, code), "count": count}
            for code, count in chosen["by_organization"].items()
        ],
        "filters": filters,
        "skm": months[0]["skm"],
        "previous_month": figures.month_code(figures.shift(month, -1)),
        "next_month": figures.month_code(figures.shift(month, 1)),
    }
