"""Generic tests, NetBox style: list, detail, create, edit and delete, as pages and API endpoints,
for every role, written once (``docs/decisions/0008-generic-tests.md``).

A model gets its tests by subclassing :class:`GenericModelTests` in ``tests/<app>/test_generic.py``
and declaring a few attributes::

    class TestProduct(GenericModelTests):
        model = Product
        label_field = "name_zh"                       # a text the pages and the API show
        list_page = "registry:profile"                # URL names; leave out what does not exist
        detail_page = create_page = ...
        api_create = "/api/registry/enterprises/{pk}/products"
        api_write = EDITORS_API                       # status per role of API writes
        bad_form = ({"product-name_zh": ""}, "name_zh")   # over a valid form()

        def make(self, world, label): ...             # the factory: one row showing ``label``
        def url_kwargs(self, world, obj): ...         # path parameters (obj is None for lists)
        def form(self, world, label): ...             # a valid POST of the create page

Who may do what is **not** declared again: a page's statuses per role come from the access
matrix (``tests/<app>/access_expectations.py``, checked for GET by
``tests/core/test_access_matrix.py``). The generic tests add what the matrix cannot see: a role
that gets 200 sees the row and a role that may not see it does not find it in a list; a refused
POST, PATCH or DELETE writes nothing; a bad value is refused with an error naming the field,
and nothing is written. The matrix covers GETs only, so the statuses of API writes are declared
(``api_write``, ``api_delete_roles``) with ``only(...)`` from ``tests.registry.access_expectations``.

Roles are looped inside one test (one world per test, like the matrix), and failures for all
roles are reported together.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from django.db.models import Model
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.conftest import ROLES

_labels = itertools.count(1)

# Operations and the attributes that enable them: a subclass leaving the attribute None gets
# no test for it (not a skipped one).
OPERATIONS = {
    "test_list_page": "list_page",
    "test_detail_page": "detail_page",
    "test_create_page": "create_page",
    "test_create_page_bad_value": "bad_form",
    "test_edit_page": "edit_page",
    "test_edit_page_bad_value": "bad_edit_form",
    "test_delete_page": "delete_page",
    "test_api_list": "api_list",
    "test_api_detail": "api_detail",
    "test_api_create": "api_create",
    "test_api_create_bad_value": "bad_payload",
    "test_api_edit": "api_edit",
    "test_api_edit_bad_value": "bad_edit_payload",
    "test_api_delete": "api_delete",
}


def access_matrix() -> tuple[dict[str, Any], dict[str, Any]]:
    """(pages, api): the statuses per role declared in ``tests/*/access_expectations.py``."""
    from tests.core.test_access_matrix import _expectations

    pages, api, _ = _expectations()
    return pages, api


def status_for(expect: Any, role: str) -> int:
    """The status ``role`` gets from an expectation (one int for all roles, or a dict per role)."""
    return expect if isinstance(expect, int) else expect[role]


def form_errors(response: Any) -> dict[str, list[str]]:
    """Errors of every bound form in the response's context, by field name."""
    errors: dict[str, list[str]] = {}
    for ctx in response.context or []:
        for value in (ctx if isinstance(ctx, dict) else ctx.flatten()).values():
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                for name, messages in value.errors.items():
                    errors.setdefault(name, []).extend(str(m) for m in messages)
    return errors


def api_error_fields(response: Any) -> set[str]:
    """Field names in the ``loc`` of a 422's ``detail`` items."""
    detail = response.json().get("detail")
    items = detail if isinstance(detail, list) else []
    return {str(part) for item in items for part in item.get("loc", [])}


class GenericModelTests:
    """Base of the generic tests of one model. Subclass as ``Test<Model>`` and declare."""

    model: ClassVar[type[Model]]
    #: a text field shown by every page and endpoint; the factory writes a unique label there
    label_field: ClassVar[str]

    # --- pages: URL names ----------------------------------------------------------------------
    list_page: ClassVar[str | None] = None
    detail_page: ClassVar[str | None] = None
    create_page: ClassVar[str | None] = None
    edit_page: ClassVar[str | None] = None
    #: POST ``delete_data`` to this page removes the row
    delete_page: ClassVar[str | None] = None
    delete_data: ClassVar[dict[str, str]] = {"delete": "1"}
    #: (values over a valid form, the field they make invalid): refused by the create / edit
    #: page with an error on that field, and nothing written. Same for the API's ``bad_payload``.
    bad_form: ClassVar[tuple[dict[str, Any], str] | None] = None
    bad_edit_form: ClassVar[tuple[dict[str, Any], str] | None] = None
    #: roles that find the row in the list page; default: those the detail page answers 200
    list_visible_to: ClassVar[tuple[str, ...] | None] = None

    # --- API: paths with ``{params}`` filled from ``url_kwargs`` ----------------------------------
    api_list: ClassVar[str | None] = None
    api_detail: ClassVar[str | None] = None
    api_create: ClassVar[str | None] = None
    api_edit: ClassVar[str | None] = None
    api_edit_method: ClassVar[str] = "patch"
    api_delete: ClassVar[str | None] = None
    #: status per role of the API's writes (``only(...)``): a role with 200 (or 201, 204) is
    #: allowed; edits and deletes follow it unless ``api_edit_roles`` / ``api_delete_roles`` differ
    api_write: ClassVar[dict[str, int] | None] = None
    api_edit_roles: ClassVar[dict[str, int] | None] = None
    api_delete_roles: ClassVar[dict[str, int] | None] = None
    bad_payload: ClassVar[tuple[dict[str, Any], str] | None] = None
    bad_edit_payload: ClassVar[tuple[dict[str, Any], str] | None] = None

    #: statuses per role of a page (URL name) or endpoint (``"GET /api/..."``) where the access
    #: matrix's world has no such row (it then expects 404 for everyone); else the matrix's
    roles: ClassVar[dict[str, dict[str, int]]] = {}

    # --- what each model declares ----------------------------------------------------------------
    def make(self, world: Any, label: str) -> Model:
        """One row showing ``label`` in ``label_field``, visible to the world's ``enterprise``."""
        raise NotImplementedError

    def make_to_delete(self, world: Any, label: str) -> Model:
        """A row the delete tests remove (default: ``make``); one nothing else depends on."""
        return self.make(world, label)

    def url_kwargs(self, world: Any, obj: Model | None) -> dict[str, Any]:
        """Path parameters of the pages and endpoints (``obj`` is None for lists and creation)."""
        return {}

    def form(self, world: Any, label: str) -> dict[str, Any]:
        """A valid POST of the create page whose row shows ``label``."""
        raise NotImplementedError

    def edit_form(self, world: Any, obj: Model, label: str) -> dict[str, Any]:
        """A valid POST of the edit page that sets ``label_field`` to ``label``."""
        return self.form(world, label)

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        """A valid JSON body of ``api_create``."""
        raise NotImplementedError

    def edit_payload(self, world: Any, obj: Model, label: str) -> dict[str, Any]:
        return {self.label_field: label}

    # --- machinery ---------------------------------------------------------------------------------
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for test, attribute in OPERATIONS.items():
            if getattr(cls, attribute) is None:
                setattr(cls, test, None)  # not collected: the model has no such page or endpoint
            elif getattr(cls, test) is None:  # an intermediate base had left it out
                setattr(cls, test, vars(GenericModelTests)[test])

    @staticmethod
    def label() -> str:
        return f"GEN-{next(_labels):05d}"

    def rows(self, label: str) -> int:
        return self.model._default_manager.filter(**{self.label_field: label}).count()

    def state(self, obj: Model) -> dict[str, Any]:
        fresh = self.model._default_manager.filter(pk=obj.pk).values().first()
        return fresh or {}

    def page(self, name: str, world: Any, obj: Model | None) -> str:
        """The URL of page ``name`` with the parameters it takes from ``url_kwargs``."""
        given = self.url_kwargs(world, obj)
        for params in _url_params(name):
            if params <= given.keys():
                return reverse(name, kwargs={k: given[k] for k in params})
        return reverse(name, kwargs=given)

    def path(self, template: str, world: Any, obj: Model | None) -> str:
        return template.format(**self.url_kwargs(world, obj))

    def page_status(self, name: str, role: str) -> int:
        return status_for(self.roles.get(name) or access_matrix()[0][name], role)

    def api_status(self, path: str, role: str) -> int:
        key = f"GET {path}"
        return status_for(self.roles.get(key) or access_matrix()[1][key], role)

    def seers(self) -> tuple[str, ...]:
        """Roles who may see one row: those the detail page (or endpoint) answers 200."""
        if self.detail_page:
            return tuple(r for r in ROLES if self.page_status(self.detail_page, r) == 200)
        if self.api_detail:
            return tuple(r for r in ROLES if self.api_status(self.api_detail, r) == 200)
        raise AssertionError(f"{type(self).__name__}: declare list_visible_to")

    @staticmethod
    def _json(c: Client, method: str, url: str, body: dict[str, Any]) -> Any:
        return getattr(c, method)(url, data=json.dumps(body), content_type="application/json")

    # --- pages ---------------------------------------------------------------------------------------
    def _check_reads(
        self,
        world: Any,
        client_for: Callable[[str], Client],
        url_of: Callable[[Model], str],
        want_of: Callable[[str], int],
        visible: Iterable[str] | None = None,
    ) -> None:
        """For each role: the expected status, and the row shown to ``visible`` roles only
        (default: those that get 200)."""
        label = self.label()
        url = url_of(self.make(world, label))
        seen_by = set(visible) if visible is not None else {r for r in ROLES if want_of(r) == 200}
        failures = []
        for role in ROLES:
            r = client_for(role).get(url)
            want = want_of(role)
            shown = label in r.content.decode()
            if r.status_code != want:
                failures.append(f"{role} GET {url}: {r.status_code}, expected {want}")
            elif shown != (role in seen_by):
                failures.append(
                    f"{role} GET {url}: the row {'is shown' if shown else 'is missing'}"
                )
        assert not failures, "\n".join(failures)

    def test_list_page(self, world: Any, client_for: Callable[[str], Client]) -> None:
        page = self.list_page
        assert page
        self._check_reads(
            world,
            client_for,
            lambda obj: self.page(page, world, obj),
            lambda role: self.page_status(page, role),
            self.list_visible_to or self.seers(),
        )

    def test_detail_page(self, world: Any, client_for: Callable[[str], Client]) -> None:
        page = self.detail_page
        assert page
        self._check_reads(
            world,
            client_for,
            lambda obj: self.page(page, world, obj),
            lambda role: self.page_status(page, role),
        )

    def test_create_page(self, world: Any, client_for: Callable[[str], Client]) -> None:
        assert self.create_page
        url = self.page(self.create_page, world, None)
        failures = []
        for role in ROLES:
            label = self.label()
            r = client_for(role).post(url, self.form(world, label))
            want = self.page_status(self.create_page, role)
            written = self.rows(label)
            if want == 200:
                if r.status_code not in (200, 302) or written != 1:
                    errors = form_errors(r)
                    failures.append(f"{role} POST {url}: {r.status_code}, {written} rows {errors}")
            elif r.status_code != want or written:
                failures.append(
                    f"{role} POST {url}: {r.status_code} (expected {want}), {written} rows"
                )
        assert not failures, "\n".join(failures)

    def _bad_page_post(
        self, c: Client, url: str, data: dict[str, Any], field: str, before: Any, after: Any
    ) -> None:
        r = c.post(url, data)
        errors = form_errors(r)
        assert r.status_code == 200, f"POST {url}: {r.status_code}, expected the form again"
        assert field in errors, f"POST {url}: no error on {field!r} ({errors})"
        assert any(escape(m) in r.content.decode() for m in errors[field]), (
            f"{errors[field]} not shown"
        )
        assert after() == before, f"POST {url} with a bad {field!r} wrote something"

    def _writer(self, page: str) -> str:
        role = next((r for r in ROLES if self.page_status(page, r) == 200), None)
        assert role, f"nobody may use {page}"
        return role

    def test_create_page_bad_value(self, world: Any, client_for: Callable[[str], Client]) -> None:
        assert self.create_page and self.bad_form
        bad, field = self.bad_form
        count = self.model._default_manager.count
        self._bad_page_post(
            client_for(self._writer(self.create_page)),
            self.page(self.create_page, world, None),
            self.form(world, self.label()) | bad,
            field,
            count(),
            count,
        )

    def _check_edits(
        self,
        world: Any,
        client_for: Callable[[str], Client],
        send: Callable[[Client, Model, str], tuple[str, Any]],
        expect: Callable[[str], tuple[bool, int]],
        ok_statuses: tuple[int, ...],
    ) -> None:
        """For each role: a fresh row, ``send`` a change setting ``label``; saved iff allowed."""
        failures = []
        for role in ROLES:
            obj = self.make(world, self.label())
            before = self.state(obj)
            label = self.label()
            what, r = send(client_for(role), obj, label)
            ok, want = expect(role)
            after = self.state(obj)
            if ok and (r.status_code not in ok_statuses or after.get(self.label_field) != label):
                failures.append(f"{role} {what}: {r.status_code}, not saved {form_errors(r)}")
            elif not ok and (r.status_code != want or after != before):
                failures.append(
                    f"{role} {what}: {r.status_code} (expected {want}), "
                    f"{'changed' if after != before else 'unchanged'}"
                )
        assert not failures, "\n".join(failures)

    def test_edit_page(self, world: Any, client_for: Callable[[str], Client]) -> None:
        page = self.edit_page
        assert page

        def send(c: Client, obj: Model, label: str) -> tuple[str, Any]:
            url = self.page(page, world, obj)
            return f"POST {url}", c.post(url, self.edit_form(world, obj, label))

        def expect(role: str) -> tuple[bool, int]:
            want = self.page_status(page, role)
            return want == 200, want

        self._check_edits(world, client_for, send, expect, (200, 302))

    def test_edit_page_bad_value(self, world: Any, client_for: Callable[[str], Client]) -> None:
        assert self.edit_page and self.bad_edit_form
        bad, field = self.bad_edit_form
        obj = self.make(world, self.label())
        self._bad_page_post(
            client_for(self._writer(self.edit_page)),
            self.page(self.edit_page, world, obj),
            self.edit_form(world, obj, self.label()) | bad,
            field,
            self.state(obj),
            lambda: self.state(obj),
        )

    def test_delete_page(self, world: Any, client_for: Callable[[str], Client]) -> None:
        assert self.delete_page
        failures = []
        for role in ROLES:
            obj = self.make_to_delete(world, self.label())
            url = self.page(self.delete_page, world, obj)
            r = client_for(role).post(url, self.delete_data)
            want = self.page_status(self.delete_page, role)
            gone = not self.state(obj)
            if want == 200:
                if r.status_code not in (200, 302) or not gone:
                    failures.append(f"{role} POST {url} (delete): {r.status_code}, gone={gone}")
            elif r.status_code != want or gone:
                failures.append(
                    f"{role} POST {url} (delete): {r.status_code} (expected {want}), gone={gone}"
                )
        assert not failures, "\n".join(failures)

    # --- API -----------------------------------------------------------------------------------------
    def test_api_list(self, world: Any, client_for: Callable[[str], Client]) -> None:
        template = self.api_list
        assert template
        self._check_reads(
            world,
            client_for,
            lambda obj: self.path(template, world, obj),
            lambda role: self.api_status(template, role),
            self.list_visible_to or self.seers(),
        )

    def test_api_detail(self, world: Any, client_for: Callable[[str], Client]) -> None:
        template = self.api_detail
        assert template
        self._check_reads(
            world,
            client_for,
            lambda obj: self.path(template, world, obj),
            lambda role: self.api_status(template, role),
        )

    def _allowed(self, expect: dict[str, int] | None, role: str) -> tuple[bool, int]:
        assert expect is not None, f"{type(self).__name__}: declare api_write"
        want = status_for(expect, role)
        return want in (200, 201, 204), want

    def test_api_create(self, world: Any, client_for: Callable[[str], Client]) -> None:
        assert self.api_create
        url = self.path(self.api_create, world, None)
        failures = []
        for role in ROLES:
            label = self.label()
            r = self._json(client_for(role), "post", url, self.payload(world, label))
            ok, want = self._allowed(self.api_write, role)
            written = self.rows(label)
            if ok and (r.status_code != 201 or written != 1):
                failures.append(f"{role} POST {url}: {r.status_code} {r.content[:300]!r}")
            elif not ok and (r.status_code != want or written):
                failures.append(f"{role} POST {url}: {r.status_code} (expected {want}), {written}")
        assert not failures, "\n".join(failures)

    def _bad_api(
        self, c: Client, method: str, url: str, body: dict[str, Any], field: str, read: Any
    ) -> None:
        before = read()
        r = self._json(c, method, url, body)
        assert r.status_code == 422, f"{method} {url}: {r.status_code}, expected 422"
        assert field in api_error_fields(r), f"{method} {url}: {r.json()} does not name {field!r}"
        assert read() == before, f"{method} {url} with a bad {field!r} wrote something"

    def _api_writer(self, expect: dict[str, int] | None) -> str:
        role = next((r for r in ROLES if self._allowed(expect, r)[0]), None)
        assert role, "nobody may write through the API"
        return role

    def test_api_create_bad_value(self, world: Any, client_for: Callable[[str], Client]) -> None:
        assert self.api_create and self.bad_payload
        bad, field = self.bad_payload
        url = self.path(self.api_create, world, None)
        self._bad_api(
            client_for(self._api_writer(self.api_write)),
            "post",
            url,
            self.payload(world, self.label()) | bad,
            field,
            self.model._default_manager.count,
        )

    def test_api_edit(self, world: Any, client_for: Callable[[str], Client]) -> None:
        template, method = self.api_edit, self.api_edit_method
        assert template

        def send(c: Client, obj: Model, label: str) -> tuple[str, Any]:
            url = self.path(template, world, obj)
            body = self.edit_payload(world, obj, label)
            return f"{method.upper()} {url}", self._json(c, method, url, body)

        def expect(role: str) -> tuple[bool, int]:
            return self._allowed(self.api_edit_roles or self.api_write, role)

        self._check_edits(world, client_for, send, expect, (200,))

    def test_api_edit_bad_value(self, world: Any, client_for: Callable[[str], Client]) -> None:
        assert self.api_edit and self.bad_edit_payload
        bad, field = self.bad_edit_payload
        obj = self.make(world, self.label())
        self._bad_api(
            client_for(self._api_writer(self.api_edit_roles or self.api_write)),
            self.api_edit_method,
            self.path(self.api_edit, world, obj),
            self.edit_payload(world, obj, self.label()) | bad,
            field,
            lambda: self.state(obj),
        )

    def test_api_delete(self, world: Any, client_for: Callable[[str], Client]) -> None:
        assert self.api_delete
        failures = []
        for role in ROLES:
            obj = self.make_to_delete(world, self.label())
            url = self.path(self.api_delete, world, obj)
            r = client_for(role).delete(url)
            ok, want = self._allowed(self.api_delete_roles or self.api_write, role)
            gone = not self.state(obj)
            if ok and (r.status_code != 204 or not gone):
                failures.append(f"{role} DELETE {url}: {r.status_code}, gone={gone}")
            elif not ok and (r.status_code != want or gone):
                failures.append(
                    f"{role} DELETE {url}: {r.status_code} (expected {want}), gone={gone}"
                )
        assert not failures, "\n".join(failures)


def _url_params(name: str) -> list[set[str]]:
    """The sets of path parameters the URL ``name`` may be reversed with."""
    from django.urls import get_resolver

    resolver = get_resolver()
    namespace, _, short = name.rpartition(":")
    for ns in filter(None, namespace.split(":")):
        resolver = resolver.namespace_dict[ns][1]
    return [set(params) for _m, _p, params, _c in _possibilities(resolver, short)]


def _possibilities(resolver: Any, name: str) -> list[tuple[Any, Any, list[str], Any]]:
    out = []
    for possibility, _pattern, defaults, _converters in resolver.reverse_dict.getlist(name):
        for _result, params in possibility:
            out.append((None, None, [p for p in params if p not in defaults], None))
    return out
