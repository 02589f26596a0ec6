"""Uploaded files: the size is checked before a byte is read (issue 16 §4).

Django streams an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file, so
its ``size`` is known before the application reads it; :func:`upload_bytes` refuses a file
over ``QUALITAS["UPLOAD_MAX_BYTES"]`` (20 MiB unless ``QUALITAS_UPLOAD_MAX_BYTES`` says
otherwise) with a refusal naming the field, and only then reads it. Row limits are checked
while the rows are read (the importers), so a small file that expands to millions of rows stops
at the limit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from qualitas.core.errors import DomainError


class UploadTooLarge(DomainError):
    """An uploaded file over the platform's size limit."""


def upload_max_bytes() -> int:
    return int(settings.QUALITAS.get("UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def upload_bytes(upload: Any, *, field: str = "file") -> bytes:
    """The content of ``upload`` (a Django ``UploadedFile``) when it is within the size limit."""
    limit = upload_max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise UploadTooLarge(
            _("the file has %(size)s bytes; at most %(max)s are accepted"),
            field=field,
            size=size,
            max=limit,
        )
    content = upload.read(limit + 1)
    if len(content) > limit:  # a stream whose size was not declared
        raise UploadTooLarge(
            _("the file has more than %(max)s bytes; at most %(max)s are accepted"),
            field=field,
            max=limit,
        )
    return bytes(content)
