#!/usr/bin/env python3
"""Browser test of `whosaid serve`: builds the test database, starts the
server and runs browser_test.mjs (playwright-core driving Debian's
chromium). Screenshots of every view are kept in OUTDIR as artefacts.
Exits 77 (skipped) when node, chromium or playwright-core is missing
(scripts/install-deps.sh installs them).

Usage: test_browser.py WHOSAID OUTDIR
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import HERE, Server, build_database, workdir  # noqa: E402

SKIP = 77


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    whosaid, outdir = sys.argv[1], os.path.abspath(sys.argv[2])
    node = shutil.which("node")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not node or not os.path.exists(chromium):
        print("SKIP: node or chromium is missing (scripts/install-deps.sh)")
        return SKIP
    if not os.path.isdir(os.path.join(HERE, "node_modules", "playwright-core")):
        print("SKIP: playwright-core is not installed in tests/serve "
              "(scripts/install-deps.sh runs npm install there)")
        return SKIP
    d = workdir()
    try:
        db = build_database(whosaid, d)
        with Server(whosaid, "--db", db) as s:
            r = subprocess.run([node, os.path.join(HERE, "browser_test.mjs"), s.base, outdir],
                               cwd=HERE, timeout=300)
        print(f"screenshots in {outdir}")
        return 0 if r.returncode == 0 else 1
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
