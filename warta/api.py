"""The JSON API at /api/v1, one router per part; OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from warta.desk.api import router as desk_router
from warta.survey.api import router as survey_router

api = NinjaAPI(
    title="Warta API",
    version="1",
    description="Permohonan publikasi konten media sosial, survei kepuasan masyarakat.",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/requests", desk_router)
api.add_router("/skm", survey_router)
