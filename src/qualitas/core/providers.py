"""Quality-record providers: how an app contributes to what other apps show, without being read.

Every domain app owns its records. What others need of them per enterprise comes through
this registry, never through another app's models (``docs/architecture.md``, "Quality-record
providers"; ADR 0007). An app declares its contributions in ``<app>/providers.py`` and registers them
from its ``AppConfig.ready()``; the readers — the 360° profile, the evaluation's evidence
panel, the index, the credit rating, the one public search, the role home pages — call the
``collect_*`` functions here and know nothing of the source app.

The kinds of contribution:

* :class:`ProfileSection` — a titled block of facts on an enterprise's profile, public or
  private (the reader decides with :mod:`qualitas.core.access` who may see private ones);
* :class:`EvidenceOffer` — a fact offered beside the evaluation requirements it speaks to;
* :class:`IndicatorSource` — an index indicator: per (enterprise, quarter) ``num``/``den``;
* :class:`CreditFactor` — one explainable factor of the quality credit;
* :class:`SearchDocument` — a published record for the one public search;
* :class:`TodoItem` — a count of things waiting for a user, linked, for the home page.
* headline figures — public totals for the home page (``headline_provider``);
* supervision figures — named aggregates an authority's dashboards show from another app
  (``supervision_provider``; e.g. evaluation's progress against the 2027 level targets);
* :class:`Deadline` — a date near or past that a user should hear of: ``core.notifications``
  turns it into a notification once (``deadline_provider``);
* :class:`Signal` — a dated public event about an enterprise's products (a published spot-check
  verdict, a recall notice, a grade, a complaint) that monitoring pages show over time
  (``signal_provider``; e.g. the brand pages).
* :class:`ChainSection` — a table about a leading enterprise's suppliers for its chain view
  (``chain_provider``; e.g. supplier quality's scorecards): rows of the leader's own records,
  each naming the registry enterprise where the supplier is one, so that the chain view can
  join what the supplier consented to share (its level) and nothing more.

Providers must be cheap to call for one enterprise (a few queries, no per-row queries) and
must return only published or otherwise shareable facts for the public kinds. Who may see a
private profile section is decided here once (:func:`profile_for`), never by the provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import translation
from django.utils.functional import Promise, lazy

if TYPE_CHECKING:
    import pandas as pd

    from qualitas.core.access import Actor
    from qualitas.registry.models import Enterprise

Text = str | Promise


def bilingual(zh: str, en: str = "") -> Text:
    """A record's own text entered in both languages (a name), chosen when shown: English when
    the active language is English and ``en`` is given, else Chinese. For documents and factors
    that outlive the request that made them (the search index, stored explanations)."""

    def pick() -> str:
        return en if en and (translation.get_language() or "").startswith("en") else zh

    return lazy(pick, str)()


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One labelled value of a profile section (``url`` optional, relative to the site).

    Dates are given as dates (the page formats them in its language); ``None`` shows as a dash.
    """

    label: Text
    value: Text | int | float | date | None
    url: str = ""


@dataclass(frozen=True, kw_only=True)
class ProfileSection:
    """A titled block of facts on an enterprise's profile.

    ``public`` sections are shown to everyone (published records only); private ones to those
    whom :func:`qualitas.core.access.can_see_private` lets see ``scope``.
    """

    key: str
    title: Text
    facts: tuple[Fact, ...]
    public: bool
    source_app: str
    scope: str = "quality_data"
    order: int = 100
    url: str = ""


@dataclass(frozen=True, kw_only=True)
class EvidenceOffer:
    """A fact the platform holds, offered beside the evaluation requirements it speaks to."""

    topic: str  # e.g. "capability", "monitoring", "alerts", "recalls", "spot_checks"
    text: Text
    source_app: str
    requirement_codes: tuple[str, ...] = ()
    url: str = ""


@dataclass(frozen=True, kw_only=True)
class IndicatorSource:
    """An index indicator contributed by an app.

    ``source(quarters)`` returns a DataFrame with the columns :data:`INDICATOR_COLUMNS`:
    ``enterprise`` (the enterprise's id), ``quarter`` (``"2026Q3"``), ``num`` and ``den``, one
    row per enterprise and asked quarter, as of each quarter end (:func:`quarter_end`); the
    indicator's value in a cell is ``Σ num / Σ den`` over the cell's enterprises. A source with
    no data returns :func:`empty_indicator_frame`. The other fields are the defaults a
    methodology version copies (and may change).
    """

    key: str
    label: Text
    description: Text
    unit: str  # "share" (0–1), "score", "rate"
    higher_is_better: bool
    normalisation: str
    weight: float
    source_app: str
    source: Callable[[Sequence[str]], pd.DataFrame]
    #: in the default indicator list new methodology versions start from; ``False`` for an
    #: indicator that is offered (a version may add it) but has no history in the base period
    #: yet — the index refuses a version whose indicator has no base-period value
    in_default: bool = True


INDICATOR_COLUMNS = ("enterprise", "quarter", "num", "den")


def quarter_end(label: str) -> date:
    """The last day of a quarter label such as ``"2026Q3"`` (indicator sources read as of it)."""
    year, q = int(label[:4]), int(label[5])
    month = q * 3
    return date(year, month, 30 if month in (6, 9) else 31)


def empty_indicator_frame() -> pd.DataFrame:
    """An indicator source's answer when it has no rows (the columns, typed)."""
    import pandas as pd

    return pd.DataFrame(
        {
            c: pd.Series(dtype="float64" if c in ("num", "den") else "object")
            for c in INDICATOR_COLUMNS
        }
    )


def indicator_frame(cells: pd.DataFrame, *, num: Any, den: Any) -> pd.DataFrame:
    """A source's answer: the ``enterprise`` and ``quarter`` of ``cells`` with ``num`` and ``den``
    (columns or scalars aligned with ``cells``)."""
    import pandas as pd

    if cells.empty:
        return empty_indicator_frame()
    return pd.DataFrame(
        {"enterprise": cells["enterprise"], "quarter": cells["quarter"], "num": num, "den": den}
    )


def trailing_share_frame(
    rows: Sequence[tuple[Any, Any, Any]],
    quarters: Sequence[str],
    *,
    days: int,
    hit: Callable[[pd.Series], pd.Series],
) -> pd.DataFrame:
    """Per enterprise and quarter, from ``(enterprise, day, value)`` rows: the rows of the
    ``days`` up to the quarter's end (den) and those whose value is a ``hit`` (num). Days may
    be dates or aware datetimes (taken as their UTC date)."""
    import pandas as pd

    if not rows or not quarters:
        return empty_indicator_frame()
    df = pd.DataFrame(list(rows), columns=["enterprise", "day", "value"])
    df["day"] = pd.to_datetime(df["day"], utc=True).dt.date
    out = []
    for q in quarters:
        end = quarter_end(q)
        win = df[(df["day"] <= end) & (df["day"] > end - timedelta(days=days))]
        if win.empty:
            continue
        agg = win.groupby("enterprise")["value"].agg(num=lambda v: float(hit(v).sum()), den="count")
        cells_q = pd.DataFrame(agg).reset_index()
        cells_q["quarter"] = q
        out.append(cells_q)
    if not out:
        return empty_indicator_frame()
    cells = pd.concat(out, ignore_index=True)
    return indicator_frame(cells, num=cells["num"].astype(float), den=cells["den"].astype(float))


@dataclass(frozen=True, kw_only=True)
class CreditFactor:
    """One factor of an enterprise's quality credit, with the evidence a bank can read."""

    key: str
    label: Text
    value: float | None  # the factor's standardised value in [0, 1]; None when no data
    explanation: Text
    source_app: str
    as_of: date | None = None


@dataclass(frozen=True, kw_only=True)
class SearchDocument:
    """A published record for the one public search."""

    kind: str  # "enterprise", "recall", "result", "spot_check", …
    key: str  # unique within kind
    title: Text
    text: str
    url: str
    source_app: str
    enterprise_id: int | None = None
    region_code: str = ""
    industry_code: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class TodoItem:
    """Things waiting for a user: a label, a count and the page that lists them."""

    key: str
    label: Text
    count: int
    url: str
    source_app: str


@dataclass(frozen=True, kw_only=True)
class Deadline:
    """A deadline near or past for one user: becomes one notification per ``key``.

    ``message`` is an English msgid marked with ``gettext_noop`` and ``params`` its
    %-parameters (plain data: dates as ISO strings or formatted by the provider), translated
    when the notification is shown."""

    key: str
    message: str
    params: Mapping[str, Any]
    url: str
    source_app: str


@dataclass(frozen=True, kw_only=True)
class Signal:
    """A dated public event about an enterprise (or one of its products) for monitoring pages.

    ``kind`` names the family (``"spot_check"``, ``"recall"``, ``"grade"``, ``"complaint"`` …),
    ``adverse`` says whether it speaks against quality (an unqualified verdict, a recall), and
    ``label`` what happened, in the reader's language. Public facts only: published records."""

    kind: str
    enterprise_id: int
    day: date
    label: Text
    adverse: bool
    source_app: str
    product_id: int | None = None
    url: str = ""


@dataclass(frozen=True, kw_only=True)
class ChainRow:
    """One supplier's row of a :class:`ChainSection`: ``enterprise_id`` is the registry
    enterprise where the supplier is one (None for an external supplier)."""

    enterprise_id: int | None
    name: Text
    values: tuple[Text | int | float | date | None, ...]
    url: str = ""


@dataclass(frozen=True, kw_only=True)
class ChainSection:
    """A table a provider adds to a leading enterprise's chain view: its own records about its
    suppliers (never a supplier's private data: the chain view adds that where consent stands)."""

    key: str
    title: Text
    columns: tuple[Text, ...]
    rows: tuple[ChainRow, ...]
    source_app: str
    note: Text = ""
    url: str = ""


#: Problem kinds a case suggestion is asked for (``SuggestionContext.problem``).
PROBLEM_LOW_CAPABILITY = "low_capability"  # a diagnosis study or alert; detail: characteristic type
PROBLEM_EVALUATION_GAP = "evaluation_gap"  # an evaluation gap; detail: the dimension's code
PROBLEM_SPOT_CHECK_FAILURE = "spot_check_failure"  # detail: the failed product category
PROBLEM_KINDS = (PROBLEM_LOW_CAPABILITY, PROBLEM_EVALUATION_GAP, PROBLEM_SPOT_CHECK_FAILURE)


@dataclass(frozen=True, kw_only=True)
class SuggestionContext:
    """What a reader knows of a problem: the industry (GB/T 4754 code), the problem kind (one
    of ``PROBLEM_KINDS``, or "" for any) and its detail (characteristic type, dimension, product
    category)."""

    industry_code: str
    problem: str = ""
    detail: str = ""


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    """A published record that may help with a problem, with the reason it was chosen."""

    kind: str  # "case", …
    key: str
    title: Text
    url: str
    reason: Text
    score: int  # higher first
    source_app: str


@dataclass
class _Registry:
    profile: list[Callable[..., Iterable[ProfileSection]]] = field(default_factory=list)
    evidence: list[Callable[[int], Iterable[EvidenceOffer]]] = field(default_factory=list)
    indicators: dict[str, IndicatorSource] = field(default_factory=dict)
    credit: list[Callable[[int, date], Iterable[CreditFactor]]] = field(default_factory=list)
    search: list[Callable[[], Iterable[SearchDocument]]] = field(default_factory=list)
    todo: list[Callable[[Actor], Iterable[TodoItem]]] = field(default_factory=list)
    headline: list[Callable[[], Mapping[str, int]]] = field(default_factory=list)
    supervision: dict[str, Callable[[Actor], Any]] = field(default_factory=dict)
    deadlines: list[Callable[[Actor, date], Iterable[Deadline]]] = field(default_factory=list)
    signals: list[Callable[[Sequence[int], date], Iterable[Signal]]] = field(default_factory=list)
    chain: list[Callable[[Actor, int], Iterable[ChainSection]]] = field(default_factory=list)
    suggestions: list[Callable[[SuggestionContext], Iterable[Suggestion]]] = field(
        default_factory=list
    )


_REGISTRY = _Registry()


_F = TypeVar("_F", bound=Callable[..., Any])


def _add(bucket: list[Any], fn: _F) -> _F:
    if fn not in bucket:
        bucket.append(fn)
    return fn


def profile_provider(
    fn: Callable[..., Iterable[ProfileSection]],
) -> Callable[..., Iterable[ProfileSection]]:
    """Register ``fn(*, enterprise_id: int, public: bool) -> sections`` (a decorator)."""
    return _add(_REGISTRY.profile, fn)


def evidence_provider(
    fn: Callable[[int], Iterable[EvidenceOffer]],
) -> Callable[[int], Iterable[EvidenceOffer]]:
    """Register ``fn(enterprise_id) -> offers`` (a decorator)."""
    return _add(_REGISTRY.evidence, fn)


def indicator_source(source: IndicatorSource) -> IndicatorSource:
    """Register an index indicator (keys are unique)."""
    existing = _REGISTRY.indicators.get(source.key)
    if existing is not None and existing != source:
        raise ValueError(f"indicator {source.key!r} is already registered")
    _REGISTRY.indicators[source.key] = source
    return source


def credit_provider(
    fn: Callable[[int, date], Iterable[CreditFactor]],
) -> Callable[[int, date], Iterable[CreditFactor]]:
    """Register ``fn(enterprise_id, as_of) -> factors`` (a decorator)."""
    return _add(_REGISTRY.credit, fn)


def search_provider(
    fn: Callable[[], Iterable[SearchDocument]],
) -> Callable[[], Iterable[SearchDocument]]:
    """Register ``fn() -> documents`` (every published document of the app; a decorator)."""
    return _add(_REGISTRY.search, fn)


def todo_provider(
    fn: Callable[[Actor], Iterable[TodoItem]],
) -> Callable[[Actor], Iterable[TodoItem]]:
    """Register ``fn(actor) -> items`` for the home page's to-do list (a decorator)."""
    return _add(_REGISTRY.todo, fn)


def collect_profile(*, enterprise_id: int, public: bool) -> list[ProfileSection]:
    """Every app's sections for one enterprise, public ones only when ``public``; by order."""
    sections = [
        s for fn in _REGISTRY.profile for s in fn(enterprise_id=enterprise_id, public=public)
    ]
    if public:
        sections = [s for s in sections if s.public]
    return sorted(sections, key=lambda s: (s.order, s.key))


def profile_for(actor: Actor, enterprise: Enterprise) -> list[ProfileSection]:
    """The sections of an enterprise's profile that ``actor`` may see, by order: every public
    section; a private one only where :func:`qualitas.core.access.can_see_private` grants the
    actor the section's ``scope`` (row access, or the enterprise's consent). The public asks
    providers for public sections only, so private facts are not even read for them."""
    from qualitas.core.access import can_see_private

    sections = collect_profile(enterprise_id=enterprise.pk, public=actor.is_public)
    allowed: dict[str, bool] = {}
    shown = []
    for s in sections:
        if not s.public:
            if s.scope not in allowed:
                allowed[s.scope] = can_see_private(actor, enterprise, scope=s.scope)
            if not allowed[s.scope]:
                continue
        shown.append(s)
    return shown


def collect_evidence(enterprise_id: int) -> list[EvidenceOffer]:
    """Every app's evidence offers for one enterprise."""
    return [o for fn in _REGISTRY.evidence for o in fn(enterprise_id)]


def indicator_sources() -> dict[str, IndicatorSource]:
    """Every registered index indicator, by key (registration order)."""
    return dict(_REGISTRY.indicators)


def collect_credit(enterprise_id: int, as_of: date) -> list[CreditFactor]:
    """Every app's credit factors for one enterprise as of a day."""
    return [f for fn in _REGISTRY.credit for f in fn(enterprise_id, as_of)]


def collect_search() -> Iterable[SearchDocument]:
    """Every app's published search documents (a generator: indexes stream them)."""
    for fn in _REGISTRY.search:
        yield from fn()


def collect_todo(actor: Actor) -> list[TodoItem]:
    """Every app's to-do items for an actor, those with a count only."""
    return [item for fn in _REGISTRY.todo for item in fn(actor) if item.count]


def headline_provider(fn: Callable[[], Mapping[str, int]]) -> Callable[[], Mapping[str, int]]:
    """Register ``fn() -> {name: count}``: public headline figures of the home page (a decorator).

    Figures are public totals (never per enterprise); the provider caches them if they are costly.
    """
    return _add(_REGISTRY.headline, fn)


def collect_headline() -> dict[str, int]:
    """Every app's headline figures, merged (keys are unique across apps)."""
    out: dict[str, int] = {}
    for fn in _REGISTRY.headline:
        out.update(fn())
    return out


def supervision_provider(key: str) -> Callable[[Callable[[Actor], Any]], Callable[[Actor], Any]]:
    """Register ``fn(actor) -> figures`` under ``key`` for the supervisors' dashboards (a decorator).

    The function scopes its figures to the actor (aggregate access) and returns ``None`` when it
    has nothing to show.
    """

    def register(fn: Callable[[Actor], Any]) -> Callable[[Actor], Any]:
        existing = _REGISTRY.supervision.get(key)
        if existing is not None and existing is not fn:
            raise ValueError(f"supervision figures {key!r} are already registered")
        _REGISTRY.supervision[key] = fn
        return fn

    return register


def collect_supervision(key: str, actor: Actor) -> Any:
    """The figures registered under ``key`` for ``actor``; ``None`` when no app provides them."""
    fn = _REGISTRY.supervision.get(key)
    return None if fn is None else fn(actor)


def deadline_provider(
    fn: Callable[[Actor, date], Iterable[Deadline]],
) -> Callable[[Actor, date], Iterable[Deadline]]:
    """Register ``fn(actor, today) -> deadlines`` near or past for that actor (a decorator).

    Called when a user logs in and by ``qualitas notify-deadlines``; cheap for one actor."""
    return _add(_REGISTRY.deadlines, fn)


def collect_deadlines(actor: Actor, today: date) -> list[Deadline]:
    """Every app's deadlines for an actor."""
    return [d for fn in _REGISTRY.deadlines for d in fn(actor, today)]


def signal_provider(
    fn: Callable[[Sequence[int], date], Iterable[Signal]],
) -> Callable[[Sequence[int], date], Iterable[Signal]]:
    """Register ``fn(enterprise_ids, since) -> signals`` dated on or after ``since`` (a decorator).

    A fixed number of queries for any number of enterprises (a cluster brand asks for all its
    members at once); published records only."""
    return _add(_REGISTRY.signals, fn)


def collect_signals(enterprise_ids: Sequence[int], since: date) -> list[Signal]:
    """Every app's signals for these enterprises since a day, oldest first."""
    if not enterprise_ids:
        return []
    found = [s for fn in _REGISTRY.signals for s in fn(enterprise_ids, since)]
    return sorted(found, key=lambda s: (s.day, s.kind, s.enterprise_id))


def chain_provider(
    fn: Callable[[Actor, int], Iterable[ChainSection]],
) -> Callable[[Actor, int], Iterable[ChainSection]]:
    """Register ``fn(actor, leader_id) -> sections`` for the leader's chain view (a decorator);
    the function reads only what ``actor`` may read of the leader's records."""
    return _add(_REGISTRY.chain, fn)


def collect_chain(actor: Actor, leader_id: int) -> list[ChainSection]:
    """Every app's sections of a leader's chain view."""
    return [s for fn in _REGISTRY.chain for s in fn(actor, leader_id)]


def suggestion_provider(
    fn: Callable[[SuggestionContext], Iterable[Suggestion]],
) -> Callable[[SuggestionContext], Iterable[Suggestion]]:
    """Register ``fn(context) -> suggestions`` of published records that fit (a decorator)."""
    return _add(_REGISTRY.suggestions, fn)


def collect_suggestions(context: SuggestionContext, *, limit: int = 5) -> list[Suggestion]:
    """Every app's suggestions for a problem, best first (score, then key), at most ``limit``."""
    found = [s for fn in _REGISTRY.suggestions for s in fn(context)]
    return sorted(found, key=lambda s: (-s.score, s.kind, s.key))[:limit]
