"""Page weight of the pages a phone loads most, against the budgets of issue #7.

What a browser downloads for each page: the HTML plus every stylesheet and script it links to
(images and fonts apart), each gzip-compressed as a server sends it. Budgets: need sheet
HTML+CSS+JS ≤ 60 KB, CSS ≤ 15 KB, JS ≤ 10 KB (gzip). A measurement, not a test.

Usage: serve the site (`make run`, or any URL), then
    .venv/bin/python benchmarks/page_weight.py [http://127.0.0.1:8000]
"""

import gzip
import re
import sys
import urllib.request
from urllib.parse import urljoin

BUDGETS = {"total": 60_000, "css": 15_000, "js": 10_000}


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def gz(data):
    return len(gzip.compress(data, compresslevel=6))


def first_link(base, listing, pattern):
    html = fetch(urljoin(base, listing)).decode()
    match = re.search(pattern, html)
    return match.group(1) if match else None


def weigh(url):
    html = fetch(url)
    text = html.decode()
    css = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    js = re.findall(r'<script src="([^"]+)"', text)
    css_bytes = sum(gz(fetch(urljoin(url, href))) for href in css)
    js_bytes = sum(gz(fetch(urljoin(url, src))) for src in js)
    return {"html": gz(html), "css": css_bytes, "js": js_bytes, "total": gz(html) + css_bytes + js_bytes}


def sample_pages(base):
    """The four pages of issue #7's budgets: (name, path); a path is None when none exists."""
    need = first_link(base, "/besoins/", r'<h3 class="card__title"><a href="([^"]+)"')
    expert = first_link(base, "/experts/", r'<h3 class="card__title"><a href="([^"]+)"')
    return [
        ("home", "/"),
        ("need sheet", need),
        ("needs search", "/besoins/?theme=eau-potable"),
        ("expert profile", expert),
    ]


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    pages = sample_pages(base)
    print("| page | HTML | CSS | JS | total (gzip) |")
    print("|---|---:|---:|---:|---:|")
    for name, path in pages:
        if path is None:
            print(f"| {name} | – | – | – | no such page: run `make run` first |")
            continue
        w = weigh(urljoin(base, path))
        print(
            f"| {name} | {w['html'] / 1000:.1f} KB | {w['css'] / 1000:.1f} KB | {w['js'] / 1000:.1f} KB | **{w['total'] / 1000:.1f} KB** |"
        )
    print(
        f"\nBudgets: need sheet ≤ {BUDGETS['total'] // 1000} KB, CSS ≤ {BUDGETS['css'] // 1000} KB, JS ≤ {BUDGETS['js'] // 1000} KB."
    )


if __name__ == "__main__":
    main()
