"""Signals other parts listen to (the desk never imports them)."""

from django.dispatch import Signal

# Sent after commit when a request is published: sender=PublicationRequest, request=<the request>.
request_published = Signal()
