from django.http import HttpRequest

from warta.core.office import get_office


def office(request: HttpRequest) -> dict:
    from django.utils import timezone

    return {"office": get_office(), "office_year": timezone.localdate().year}
