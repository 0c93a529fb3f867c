"""Papers to print and sign: one HTML template per paper, rendered to PDF with WeasyPrint.

Every paper handed out is an audited export, recorded before the file leaves, and carries on
each page who printed it and when, so a copy found on a desk says where it came from.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from vetting.audit.actions import Actor, record_export


def paper(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    actor: Actor,
    what: str,
    target: Any = None,
    rows: int | None = None,
    **detail: Any,
) -> HttpResponse:
    """The paper as a PDF (or, with `?as=html`, the same page for the browser's print dialog),
    after its export is in the audit chain."""
    printed_by = request.user.get_username() if request.user.is_authenticated else ""
    record_export(actor, what, target, rows=rows, **detail)
    html = render_to_string(
        template,
        {**context, "printed_by": printed_by, "printed_at": timezone.localtime()},
        request=request,
    )
    if request.GET.get("as") == "html":
        response = HttpResponse(html)
    else:
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        # A file name that names the paper, never the person.
        response["Content-Disposition"] = f'inline; filename="{what}"'
    response["Cache-Control"] = "no-store"
    return response
