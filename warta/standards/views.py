"""The published standard, as a citizen reads it: the home page, a standard's page, its PDF."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from warta.core.office import get_office
from warta.core.pagecache import cached_page
from warta.standards.diagram import render_flow_svg
from warta.standards.models import Component, Flow, FlowEdge, Part, Service
from warta.standards.parser import FLOW_MARKER_RE, list_styles_as_classes
from warta.standards.services import channel_list, default_service


def duration_text(value: Any) -> str:
    """{"amount": 30, "unit": "working_days"} -> "30 hari kerja"."""
    if not isinstance(value, dict) or "amount" not in value:
        return ""
    unit = {"hours": _("jam"), "days": _("hari"), "working_days": _("hari kerja")}.get(value.get("unit", ""), "")
    return f"{value['amount']} {unit}".strip()


def fee_text(value: Any) -> str:
    if value is None:
        return ""
    if value == 0:
        return _("Gratis")
    return "Rp " + f"{value:,}".replace(",", ".")


def services_with_standard() -> QuerySet[Service]:
    return Service.objects.prefetch_related(
        Prefetch("components", queryset=Component.objects.order_by("position")),
        Prefetch(
            "flows",
            queryset=Flow.objects.order_by("position").prefetch_related(
                "nodes", Prefetch("edges", queryset=FlowEdge.objects.select_related("source", "target"))
            ),
        ),
        "values",
    )


def standard_context(service: Service) -> dict[str, Any]:
    """Everything the page and the PDF show, from the prefetched rows (a handful of queries)."""
    flows = {flow.key: flow for flow in service.flows.all()}
    # The renderer escapes every label.
    svgs = {key: mark_safe(render_flow_svg(f.nodes.all(), f.edges.all(), f.title)) for key, f in flows.items()}
    placed: set[str] = set()
    parts: dict[str, list[dict[str, Any]]] = {Part.SERVICE_DELIVERY: [], Part.MANUFACTURING: []}
    for component in service.components.all():
        pieces: list[dict[str, Any]] = []
        chunks = FLOW_MARKER_RE.split(component.body)
        for index, chunk in enumerate(chunks):
            if index % 2 == 0:
                if chunk.strip():
                    # Sanitised with nh3 on import and on every save (Component.save).
                    pieces.append({"html": mark_safe(list_styles_as_classes(chunk))})
            elif chunk in flows and chunk not in placed:
                placed.add(chunk)
                pieces.append({"flow": flows[chunk], "svg": svgs[chunk]})
        for key, flow in flows.items():  # a flow whose marker an edit removed still shows with its component
            if flow.component_id == component.pk and key not in placed:
                placed.add(key)
                pieces.append({"flow": flow, "svg": svgs[key]})
        parts.setdefault(component.part, []).append({"component": component, "pieces": pieces})
    other_flows = [{"flow": f, "svg": svgs[k]} for k, f in flows.items() if k not in placed]

    values = {v.key: v.effective for v in service.values.all()}
    tiers = values.get("complaint_tiers") or []
    return {
        "service": service,
        "service_delivery": parts[Part.SERVICE_DELIVERY],
        "manufacturing": parts[Part.MANUFACTURING],
        "other_flows": other_flows,
        "completion_time": duration_text(values.get("completion_time")),
        "fee": fee_text(values.get("fee")),
        "executors": values.get("executors"),
        "complaint_tiers": [{**tier, "duration": duration_text(tier)} for tier in tiers if isinstance(tier, dict)],
        "channels": channel_list(values.get("complaint_channels")),
    }


def home(request: HttpRequest) -> HttpResponse:
    def page() -> HttpResponse:
        services = list(services_with_standard().order_by("number", "title", "pk")[:20])
        # The default service leads the page (the same rule as everywhere else), the others follow.
        default = default_service()
        services.sort(key=lambda service: default is None or service.pk != default.pk)
        if not services:
            return render(request, "standards/standard.html", {"service": None})
        context = standard_context(services[0])
        context["other_services"] = services[1:]
        return render(request, "standards/standard.html", context)

    return cached_page(request, "standards:home", ["standards"], page)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    def page() -> HttpResponse:
        service = get_object_or_404(services_with_standard(), slug=slug)
        return render(request, "standards/standard.html", standard_context(service))

    return cached_page(request, f"standards:{slug}", ["standards"], page)


def pdf(request: HttpRequest, slug: str) -> HttpResponse:
    from weasyprint import HTML

    service = get_object_or_404(services_with_standard(), slug=slug)
    office = get_office()
    context = standard_context(service)
    context["office"] = office
    context["logo_uri"] = ""
    if office.logo:
        try:
            context["logo_uri"] = office.logo.path and f"file://{office.logo.path}"
        except (NotImplementedError, ValueError):  # storage without local paths
            context["logo_uri"] = ""
    context["page_url"] = request.build_absolute_uri(service_url(service))
    html = render_to_string("standards/standard_pdf.html", context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="standar-{service.slug}.pdf"'
    return response


def service_url(service: Service) -> str:
    from django.urls import reverse

    return reverse("standard-detail", args=[service.slug])
