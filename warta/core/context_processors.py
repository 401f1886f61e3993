from django.http import HttpRequest

from warta.core.office import get_office


def office(request: HttpRequest) -> dict:
    return {"office": get_office()}
