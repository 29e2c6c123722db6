"""The least PostgreSQL must do for the expert directory's slowest first searches, measured on
the benchmark's dataset (`search_latency.py` builds it): what no query shape can go under.

    .venv/bin/python benchmarks/postgres_floor.py [--runs 5]

For the directory without filters, each many-to-many facet must at least group its link table's
rows of the live profiles; for a word matching a third of the profiles, the ranked page must at
least compute `ts_rank` for every match. Prints the median server time of each statement
(EXPLAIN ANALYZE without per-node timing) and of what the site runs today, for docs/benchmarks.md.
Reads BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cds_bench); changes nothing.
"""

import argparse
import os
import re
import statistics

import psycopg

# Wagtail's weights for the D, C, B and A parts of a search vector (modelsearch's get_sql_weights).
WEIGHTS = "'{0.009900990099009901,0.009900990099009901,0.20792079207920794,1.0}'::float4[]"

STATEMENTS = [
    (
        "skills: the link table grouped, no join (490,000 rows)",
        "SELECT tag_id, COUNT(*) FROM experts_expertskilltag GROUP BY 1",
    ),
    (
        "skills of the live profiles (the link table joined to the page tree)",
        "SELECT l.tag_id, COUNT(*) FROM experts_expertskilltag l JOIN wagtailcore_page p "
        "ON p.id = l.content_object_id WHERE p.live AND p.locale_id = %(fr)s GROUP BY 1",
    ),
    (
        "themes of the live profiles",
        "SELECT l.theme_id, COUNT(*) FROM experts_expertprofilepage_themes l JOIN wagtailcore_page p "
        "ON p.id = l.expertprofilepage_id WHERE p.live AND p.locale_id = %(fr)s GROUP BY 1",
    ),
    (
        "languages of the live profiles",
        "SELECT l.language_id, COUNT(*) FROM experts_expertprofilepage_languages l JOIN wagtailcore_page p "
        "ON p.id = l.expertprofilepage_id WHERE p.live AND p.locale_id = %(fr)s GROUP BY 1",
    ),
    (
        "« ingénieur »: the profiles' index entries that match (31,000), unranked",
        "SELECT e.object_id FROM wagtailsearch_indexentry e WHERE e.content_type_id = %(profile)s "
        "AND (e.title || e.body) @@ to_tsquery('''ingénieur''')",
    ),
    (
        "« ingénieur »: the same, ranked as Wagtail ranks (first 20)",
        "SELECT e.object_id FROM wagtailsearch_indexentry e WHERE e.content_type_id = %(profile)s "
        "AND (e.title || e.body) @@ to_tsquery('''ingénieur''') "
        f"ORDER BY ts_rank({WEIGHTS}, e.title, to_tsquery('''ingénieur''')) * e.title_norm "
        f"+ ts_rank({WEIGHTS}, e.body, to_tsquery('''ingénieur''')) DESC LIMIT 20",
    ),
]


def server_ms(cursor, sql, params):
    cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + sql, params)
    plan = "\n".join(row[0] for row in cursor.fetchall())
    return float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cds_bench")
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id FROM wagtailcore_locale WHERE language_code = 'fr'")
        fr = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'experts' AND model = 'expertprofilepage'")
        params = {"fr": fr, "profile": cursor.fetchone()[0]}
        print(f"| statement | server time, median of {options.runs} (ms) |")
        print("|---|---:|")
        for label, sql in STATEMENTS:
            server_ms(cursor, sql, params)  # once to read the pages into memory
            times = [server_ms(cursor, sql, params) for _ in range(options.runs)]
            print(f"| {label} | {statistics.median(times):.0f} |")


if __name__ == "__main__":
    main()
