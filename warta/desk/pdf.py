"""HTML to PDF with WeasyPrint, for the printable Lembar Disposisi."""

from __future__ import annotations


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render a complete HTML document (its styles inline) as PDF bytes.

    Only local files (the office logo) and data: URLs are read: rendering never reaches the network.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"), timeout=5)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
