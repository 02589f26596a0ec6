"""Gateway tokens: platform tokens (``core.tokens``) with the scope ``diagnosis:write`` for one enterprise.

A shop-floor gateway sends measurements with ``Authorization: Bearer <token>``; the token acts
for its enterprise only. Made, listed and revoked on ``/account/tokens/`` like every token.
"""

from __future__ import annotations

from qualitas.core.access import Actor
from qualitas.core.choices import TokenScope
from qualitas.core.models import ApiToken
from qualitas.core.tokens import token_create


def gateway_token_create(*, actor: Actor, enterprise_id: int, name: str) -> tuple[ApiToken, str]:
    """A new gateway token for one enterprise; the plain token is returned once and never stored."""
    return token_create(
        actor=actor,
        name=name or "gateway",
        scopes=[TokenScope.DIAGNOSIS_WRITE],
        enterprise_id=enterprise_id,
    )
