"""Settings of the index app, with defaults (read at call time, so tests can override them).

* ``QUALITAS_INDEX_GEO_DIR`` (environment) or ``QUALITAS["INDEX_GEO_DIR"]``: a directory with
  ``provinces.geojson``, ``cities/<province code>.geojson`` and ``nine_dash_line.geojson``.
  The default is the geometry shipped in ``qualitas/index/geo`` — NOT an approved map. An
  operator who publishes the map installs an approved boundary set (审图号) there.
* ``QUALITAS_INDEX_MAP_APPROVAL`` / ``QUALITAS["INDEX_MAP_APPROVAL"]``: the approval number of
  that boundary set (e.g. ``GS(2024)0650号``). Empty: the page marks the map "not for
  publication / 非正式出版地图".
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

DEFAULT_GEO_DIR = Path(__file__).resolve().parent / "geo"


def geo_dir() -> Path:
    value = os.environ.get("QUALITAS_INDEX_GEO_DIR") or settings.QUALITAS.get("INDEX_GEO_DIR")
    return Path(value) if value else DEFAULT_GEO_DIR


def map_approval() -> str:
    return os.environ.get("QUALITAS_INDEX_MAP_APPROVAL") or settings.QUALITAS.get(
        "INDEX_MAP_APPROVAL", ""
    )
