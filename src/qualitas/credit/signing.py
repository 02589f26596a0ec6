"""Ed25519 signatures of procurement eligibility answers (ADR 0180).

The private key comes from the environment (``QUALITAS_CREDIT_SIGNING_KEY``: the 32-byte seed,
base64) in production; elsewhere it is generated once into ``VAR_DIR/credit-signing.key``. The
public key is published at ``/api/credit/signing-key`` so that a procurement system verifies an
answer offline: the signature covers the UTF-8 bytes of the canonical JSON of the answer without
its ``signature`` (keys sorted, no spaces, ``ensure_ascii=False``).
"""

from __future__ import annotations

import base64
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

ALGORITHM = "Ed25519"


def canonical(payload: dict[str, Any]) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@cache
def private_key() -> Ed25519PrivateKey:
    seed = os.environ.get("QUALITAS_CREDIT_SIGNING_KEY", "")
    if seed:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(seed))
    path = Path(settings.VAR_DIR) / "credit-signing.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        path.write_bytes(base64.b64encode(raw))
        path.chmod(0o600)
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_bytes()))


def public_key_b64() -> str:
    """The published key: the raw 32-byte Ed25519 public key, base64."""
    raw = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(raw).decode()


def sign(payload: dict[str, Any]) -> str:
    return base64.b64encode(private_key().sign(canonical(payload))).decode()


def verify(payload: dict[str, Any], signature: str, public_key: str) -> bool:
    """Check an answer with the published key alone (what a procurement system does)."""
    from cryptography.exceptions import InvalidSignature

    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
    try:
        key.verify(base64.b64decode(signature), canonical(payload))
    except InvalidSignature:
        return False
    return True
