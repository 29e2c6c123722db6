"""Lighthouse (mobile, its default throttling) on the four pages of issue #7: home, a need
sheet, the needs search and an expert profile. Targets: performance ≥ 95, accessibility 100,
best practices ≥ 95, SEO ≥ 95. A measurement, not a test.

Usage: serve the site, then
    .venv/bin/python benchmarks/lighthouse.py [http://127.0.0.1:8000]
Lighthouse comes from npm (benchmarks/lighthouse/package.json); Chromium is Debian's.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).parent))
from page_weight import sample_pages

HERE = Path(__file__).parent / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"


def lighthouse(url):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [
                str(HERE / "node_modules" / ".bin" / "lighthouse"),
                url,
                "--quiet",
                f"--chrome-flags={FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={report.name}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        )
        data = json.loads(Path(report.name).read_text())
    scores = {name: round(100 * data["categories"][name]["score"]) for name in CATEGORIES}
    failing = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores, failing


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    if not (HERE / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    pages = sample_pages(base)
    print("| page | performance | accessibility | best practices | SEO | binary audits failed |")
    print("|---|---:|---:|---:|---:|---|")
    for name, path in pages:
        scores, failing = lighthouse(urljoin(base, path))
        row = " | ".join(str(scores[c]) for c in CATEGORIES)
        print(f"| {name} | {row} | {', '.join(failing) or '–'} |", flush=True)


if __name__ == "__main__":
    main()
