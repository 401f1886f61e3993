"""The JSON API at /api/v1, one router per part; OpenAPI at /api/v1/openapi.json."""

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from warta.channels.api import router as inbox_router
from warta.complaints.api import router as complaints_router
from warta.desk.api import router as desk_router
from warta.evaluation.api import router as reports_router
from warta.survey.api import router as survey_router
from warta.todos.api import router as todos_router

api = NinjaAPI(
    title="Warta API",
    version="1",
    description="Permohonan publikasi konten media sosial, pengaduan, survei kepuasan masyarakat.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/requests", desk_router)
api.add_router("/skm", survey_router)
api.add_router("/complaints", complaints_router)
api.add_router("/inbox", inbox_router)
api.add_router("/reports", reports_router)
api.add_router("/todos", todos_router)


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A form body that cannot be parsed (no boundary, cut short) is the caller's 400, in JSON."""
    return api.create_response(request, {"detail": _("Isi permintaan multipart tidak dapat dibaca.")}, status=400)
