"""The clients' shared base, lifted to warta.core.outside (the WhatsApp sender uses it too)."""

from warta.core.outside import AnswerLost, Client, PlatformError, backoff

__all__ = ["AnswerLost", "Client", "PlatformError", "backoff"]
