"""Bearer-token authentication for the API. A token acts with its user's roles and organisation."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from warta.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token)
        if user is None:
            return None
        request.user = user
        return user


class OptionalTokenAuth(TokenAuth):
    """For endpoints open to anonymous callers that give more to a token holder."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization")
        if not header:
            return True  # anonymous is allowed; request.user stays AnonymousUser
        return super().__call__(request)
