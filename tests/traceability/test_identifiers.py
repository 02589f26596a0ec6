"""Identifiers: URN and GS1 Digital Link give one canonical form; event hashes match the reference."""

from __future__ import annotations

import json

import pytest

from qualitas.traceability.hashing import event_hash
from qualitas.traceability.identifiers import canonical, company_digits, label, owned_by


@pytest.mark.parametrize(
    ("urn", "link"),
    [
        ("urn:epc:id:sgtin:0614141.812345.6789", "https://id.gs1.org/01/80614141123458/21/6789"),
        (
            "urn:epc:class:lgtin:4012345.012345.998877",
            "https://id.gs1.org/01/04012345123456/10/998877",
        ),
        ("urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908"),
        ("urn:epc:id:sgln:0614141.12345.400", "https://id.gs1.org/414/0614141123452/254/400"),
        ("urn:epc:id:sgln:0614141.12345.0", "https://id.gs1.org/414/0614141123452"),
        ("urn:epc:id:pgln:0614141.00000", "https://id.gs1.org/417/0614141000005"),
        ("urn:epc:idpat:sgtin:4012345.012345.*", "https://id.gs1.org/01/04012345123456"),
    ],
)
def test_urn_and_digital_link_are_one_identifier(urn, link):
    assert canonical(urn) == link
    assert canonical(link) == link
    # another resolver's domain, a short GTIN, a query string: the same key
    assert (
        canonical(link.replace("https://id.gs1.org", "https://brand.example.cn/p") + "?x=1") == link
    )


def test_digital_link_with_a_wrong_check_digit_is_kept_as_given():
    bad = "https://id.gs1.org/01/80614141123459/21/6789"
    assert canonical(bad) == bad and company_digits(bad) == ""


def test_company_prefix_ownership():
    serial = canonical("urn:epc:id:sgtin:0614141.812345.6789")
    assert company_digits(serial).startswith("0614141")
    assert owned_by(serial, ["0614141"]) and not owned_by(serial, ["0614142"])
    assert owned_by(canonical("urn:epc:id:sscc:0614141.1234567890"), ["0614141"])
    assert not owned_by("urn:example:thing", ["0614141"])
    assert label(serial) == "GTIN 80614141123458 SN 6789"


EXAMPLES = "epcis/event_hash/tests/examples"


def _vector_names():
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "shared" / "reference"
    base = Path(os.environ.get("QUALITAS_REFERENCE_DIR", root)) / EXAMPLES
    return sorted(p.stem for p in base.glob("*.jsonld") if p.with_suffix(".hashes").exists())


def test_every_json_ld_vector_is_checked():
    assert len(_vector_names()) == 22


@pytest.mark.parametrize("name", _vector_names())
def test_event_hashes_equal_the_reference(reference_dir, name):
    """Every event of every JSON-LD vector of the GS1 event-hash generator hashes as published
    (GS1 keys of every kind, sensor reports, millisecond rounding, comments, ignored fields)."""
    from qualitas.traceability.hashing import ignored_fields

    base = reference_dir / EXAMPLES
    doc = json.loads((base / f"{name}.jsonld").read_text(encoding="utf-8"))
    body = doc["epcisBody"]
    events = body.get("eventList") or body["queryResults"]["resultsBody"]["eventList"]
    want = [
        line.strip() for line in (base / f"{name}.hashes").read_text().splitlines() if line.strip()
    ]
    ignore = ignored_fields(doc)
    assert [
        event_hash(e, document_context=doc.get("@context"), ignore=ignore) for e in events
    ] == want


@pytest.mark.parametrize(
    ("urn", "link"),
    [
        ("urn:epc:id:grai:4012345.00022.334455", "https://id.gs1.org/8003/04012345000221334455"),
        ("urn:epc:idpat:grai:4012345.66666.*", "https://id.gs1.org/8003/04012345666663"),
        ("urn:epc:id:giai:4012345.ABC345", "https://id.gs1.org/8004/4012345ABC345"),
        ("urn:epc:id:gsrn:4012345.0000006765", "https://id.gs1.org/8018/401234500000067657"),
        ("urn:epc:id:gsrnp:4012345.0000000007", "https://id.gs1.org/8017/401234500000000074"),
        ("urn:epc:id:gdti:4012345.00009.PO-4711", "https://id.gs1.org/253/4012345000092PO-4711"),
        (
            "urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234",
            "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234",
        ),
        ("urn:epc:id:sgcn:4012345.99999.44", "https://id.gs1.org/255/401234599999044"),
        ("urn:epc:id:ginc:0614141.xyz47%2F11", "https://id.gs1.org/401/0614141xyz47%2F11"),
        ("urn:epc:id:gsin:4012345.222333444", "https://id.gs1.org/402/40123452223334442"),
        (
            "urn:epc:id:itip:4012345.011111.01.02.987",
            "https://id.gs1.org/8006/040123451111180102/21/987",
        ),
        ("urn:epc:id:upui:4012345.012345.AB12", "https://id.gs1.org/01/04012345123456/235/AB12"),
        # Digital Links with short key names, on another domain, with a query string
        (
            "https://example.com/gtin/09780345418913/21/765tz?abc=211121",
            "https://id.gs1.org/01/09780345418913/21/765tz",
        ),
    ],
)
def test_every_gs1_key_has_one_digital_link(urn, link):
    assert canonical(urn) == link
    assert canonical(link) == link


def test_uris_that_name_no_gs1_key_are_kept():
    for uri in (
        "https://www.ncbi.nlm.nih.gov/taxonomy/1126011",
        "http://www.opengis.net/def/crs/EPSG/0/27700",
        "urn:epc:id:gdti:bad.x.1",
    ):
        assert canonical(uri) == uri


def test_gs1_examples_are_accepted_by_the_schema(reference_dir):
    """Every JSON-LD example of the standard that is an EPCISDocument passes this repository's schema."""
    from qualitas.traceability.schema import validate_document

    examples = sorted((reference_dir / "epcis" / "gs1").rglob("*.jsonld"))
    checked = 0
    failures = []
    for path in examples:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if not isinstance(doc, dict) or doc.get("type") != "EPCISDocument":
            continue
        checked += 1
        problems = validate_document(doc)
        if problems:
            failures.append(f"{path.name}: {problems[0]}")
    assert checked > 0
    assert not failures, "\n".join(failures)
