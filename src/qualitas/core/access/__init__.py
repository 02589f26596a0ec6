"""One place decides who may see what (ARCHITECTURE.md, "Data rules" and "Access policies").

Every decision is a named policy over an :class:`Actor`: ``base`` holds the actor, the two
refusals (:class:`NotFound`, :class:`Forbidden`) and the row / aggregate / consent filters;
one module per domain holds that domain's policies (``registry``, ``evaluation``,
``diagnosis``, ``index``, and each app that joins). Callers import from
``qualitas.core.access``; nothing outside this package compares roles or region prefixes
(``tests/core/test_access_policies.py`` parses the tree and fails on it).

Pages turn :class:`NotFound` and :class:`Forbidden` into the styled 404/403 in
``core.middleware.AccessErrorMiddleware``; the API in ``config/api.py``.
"""

from qualitas.core.access.aggregates import *  # noqa: F403
from qualitas.core.access.aggregates import __all__ as _aggregates_all
from qualitas.core.access.base import *  # noqa: F403
from qualitas.core.access.base import __all__ as _base_all
from qualitas.core.access.brands import *  # noqa: F403
from qualitas.core.access.brands import __all__ as _brands_all
from qualitas.core.access.complaints import *  # noqa: F403
from qualitas.core.access.complaints import __all__ as _complaints_all
from qualitas.core.access.credit import *  # noqa: F403
from qualitas.core.access.credit import __all__ as _credit_all
from qualitas.core.access.diagnosis import *  # noqa: F403
from qualitas.core.access.diagnosis import __all__ as _diagnosis_all
from qualitas.core.access.evaluation import *  # noqa: F403
from qualitas.core.access.evaluation import __all__ as _evaluation_all
from qualitas.core.access.index import *  # noqa: F403
from qualitas.core.access.index import __all__ as _index_all
from qualitas.core.access.platform import *  # noqa: F403
from qualitas.core.access.platform import __all__ as _platform_all
from qualitas.core.access.registers import *  # noqa: F403
from qualitas.core.access.registers import __all__ as _registers_all
from qualitas.core.access.registry import *  # noqa: F403
from qualitas.core.access.registry import __all__ as _registry_all
from qualitas.core.access.standards import *  # noqa: F403
from qualitas.core.access.standards import __all__ as _standards_all
from qualitas.core.access.supervision import *  # noqa: F403
from qualitas.core.access.supervision import __all__ as _supervision_all
from qualitas.core.access.suppliers import *  # noqa: F403
from qualitas.core.access.suppliers import __all__ as _suppliers_all
from qualitas.core.access.traceability import *  # noqa: F403
from qualitas.core.access.traceability import __all__ as _traceability_all

__all__ = [
    *_aggregates_all,
    *_base_all,
    *_brands_all,
    *_diagnosis_all,
    *_evaluation_all,
    *_index_all,
    *_platform_all,
    *_registry_all,
    *_traceability_all,
    *_supervision_all,
    *_credit_all,
    *_suppliers_all,
    *_standards_all,
    *_registers_all,
    *_complaints_all,
]
