"""`{% retention_months %}`: how long contact data is kept (WARTA_RETENTION_MONTHS), for the notices."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def retention_months() -> int:
    return int(settings.WARTA_RETENTION_MONTHS)
