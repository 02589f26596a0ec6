"""Run pytest against PostgreSQL: ``DATABASE_URL`` when set, otherwise a server from the pgserver wheel.

Usage: ``python tests/pg.py [pytest arguments]``. The pgserver data directory lives in
``var/pgtest`` and the server is stopped when the run ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    env = os.environ.copy()
    server = None
    if not env.get("DATABASE_URL"):
        import pgserver

        data = ROOT / "var" / "pgtest"
        data.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data, cleanup_mode="stop")
        env["DATABASE_URL"] = server.get_uri()
        print(f"PostgreSQL from the pgserver wheel: {server.get_uri()}", flush=True)
    else:
        print("PostgreSQL from DATABASE_URL", flush=True)
    try:
        return subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]], env=env)
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    sys.exit(main())
