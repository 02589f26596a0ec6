"""Encryption at rest of a complainant's contact details (PIPL: minimised, encrypted, masked).

Fernet (AES-128-CBC with HMAC-SHA256, from the ``cryptography`` dependency) with a key derived
by HKDF-SHA256 from ``settings.SECRET_KEY`` (or ``QUALITAS["COMPLAINTS_KEY"]`` when set), so a
database dump alone does not reveal who complained. Rotating the secret makes old contacts
unreadable: keep the old key as ``COMPLAINTS_KEY`` until the cases are closed.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"qualitas.complaints", info=b"contact"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _cipher() -> Fernet:
    secret = str(getattr(settings, "QUALITAS", {}).get("COMPLAINTS_KEY") or settings.SECRET_KEY)
    return _fernet(secret)


def seal(contact: dict[str, str]) -> str:
    """The contact (name, phone, e-mail) as a Fernet token (text)."""
    return _cipher().encrypt(json.dumps(contact, ensure_ascii=False).encode()).decode()


def unseal(token: str) -> dict[str, str]:
    """The contact back; an empty dict when there is none or the key has changed."""
    if not token:
        return {}
    try:
        return dict(json.loads(_cipher().decrypt(token.encode())))
    except (InvalidToken, ValueError):
        return {}


def mask(value: str) -> str:
    """``张三`` → ``张*``, ``13812345678`` → ``138****5678``, ``a@b.cn`` → ``a***@b.cn``."""
    if not value:
        return ""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(value) >= 7 and value.replace("+", "").replace("-", "").isdigit():
        return f"{value[:3]}****{value[-4:]}"
    return value[:1] + "*" * max(1, len(value) - 1)


def masked(contact: dict[str, str]) -> dict[str, str]:
    return {k: mask(v) for k, v in contact.items()}
