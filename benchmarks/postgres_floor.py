"""The least PostgreSQL must do for the expert directory's slowest first searches, measured on
the benchmark's dataset (`search_latency.py` builds it): what no query shape can go under.

    .venv/bin/python benchmarks/postgres_floor.py [--runs 5]

For the directory without filters, each many-to-many facet must at least group its link table's
rows of the live profiles. For a word matching a third of the profiles (« ingénieur »), the
first search must at least find the matching index entries, rank each one, join each one to
its profile and to the page tree (published, in the language: Wagtail's index has one entry per
page, whatever its state), and group the skills, themes and languages of every matching
profile. Prints the median server time of each bare statement (EXPLAIN ANALYZE without
per-node timing), for docs/benchmarks.md. Reads BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/cds_bench); changes nothing.
"""

import argparse
import heapq
import os
import re
import statistics
import time

import psycopg

# Wagtail's weights for the D, C, B and A parts of a search vector (modelsearch's get_sql_weights).
WEIGHTS = "'{0.009900990099009901,0.009900990099009901,0.20792079207920794,1.0}'::float4[]"
# The words as the site's statements write them (search/backends/database.py): in the text
# search configuration the index was built with, so that they are parsed once, when planned.
WORDS = "to_tsquery(%(config)s::regconfig, '''ingénieur''')"
RANK = f"ts_rank({WEIGHTS}, e.title, {WORDS}) * e.title_norm + ts_rank({WEIGHTS}, e.body, {WORDS})"
# Each match joined as Wagtail's backend joins it: to its profile, by the entry's text key, and
# to the page tree, for the published pages of the language.
MATCHES = (
    "experts_expertprofilepage x JOIN wagtailcore_page p ON p.id = x.page_ptr_id "
    "JOIN wagtailsearch_indexentry e ON e.content_type_id = %(profile)s "
    "AND e.object_id = x.page_ptr_id::varchar(50) "
    f"WHERE p.live AND p.locale_id = %(fr)s AND (e.title || e.body) @@ {WORDS}"
)
MATCHING = f"WITH m AS MATERIALIZED (SELECT x.page_ptr_id AS pk FROM {MATCHES}) "
SKILLS = "SELECT l.tag_id, COUNT(*) FROM experts_expertskilltag l JOIN m ON l.content_object_id = m.pk GROUP BY 1"

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
        f"SELECT e.object_id FROM wagtailsearch_indexentry e WHERE e.content_type_id = %(profile)s "
        f"AND (e.title || e.body) @@ {WORDS}",
    ),
    (
        "« ingénieur »: the same, ranked as Wagtail ranks (first 20)",
        f"SELECT e.object_id FROM wagtailsearch_indexentry e WHERE e.content_type_id = %(profile)s "
        f"AND (e.title || e.body) @@ {WORDS} ORDER BY {RANK} DESC LIMIT 20",
    ),
    (
        "« ingénieur »: each match ranked and joined to its profile and the page tree, counted",
        f"SELECT COUNT(*), MAX({RANK}) FROM {MATCHES}",
    ),
    (
        "« ingénieur »: the matches joined, and their skills grouped",
        MATCHING + SKILLS,
    ),
    (
        "« ingénieur »: the matches joined, and their skills, themes and languages grouped",
        MATCHING + SKILLS + " UNION ALL SELECT l.theme_id, COUNT(*) FROM experts_expertprofilepage_themes l "
        "JOIN m ON l.expertprofilepage_id = m.pk GROUP BY 1 "
        "UNION ALL SELECT l.language_id, COUNT(*) FROM experts_expertprofilepage_languages l "
        "JOIN m ON l.expertprofilepage_id = m.pk GROUP BY 1",
    ),
]

# The best case of a search table of our own (a temporary one): the rows already published and
# in the language, and each row's facet values in the row itself.
SEARCH_TABLE = (
    "CREATE TEMPORARY TABLE cds_floor_search AS SELECT p.id AS pk, e.title, e.body, e.title_norm, "
    "e.title || e.body AS words, x.country, x.offers_remote_advice, x.offers_on_site_mission, "
    "x.offers_financing, x.offers_investment, x.offers_introductions, "
    "ARRAY(SELECT tag_id FROM experts_expertskilltag WHERE content_object_id = p.id) AS skills, "
    "ARRAY(SELECT theme_id FROM experts_expertprofilepage_themes WHERE expertprofilepage_id = p.id) AS themes, "
    "ARRAY(SELECT language_id FROM experts_expertprofilepage_languages WHERE expertprofilepage_id = p.id) "
    "AS languages FROM experts_expertprofilepage x JOIN wagtailcore_page p ON p.id = x.page_ptr_id "
    "JOIN wagtailsearch_indexentry e ON e.content_type_id = %(profile)s AND e.object_id = p.id::text "
    "WHERE p.live AND p.locale_id = %(fr)s"
)
OWN_MATCHING = (
    f"WITH m AS MATERIALIZED (SELECT pk, {RANK} AS rank, country, offers_remote_advice, "
    "offers_on_site_mission, offers_financing, offers_investment, offers_introductions, skills, "
    f"themes, languages FROM cds_floor_search e WHERE words @@ {WORDS}) "
)
OWN_STATEMENTS = [
    (
        "search table: « ingénieur » ranked (first 20) and counted",
        OWN_MATCHING + "(SELECT pk, rank FROM m ORDER BY rank DESC, pk DESC LIMIT 20) "
        "UNION ALL SELECT COUNT(*), 0 FROM m",
    ),
    (
        "search table: the same, with the country and modes counted",
        OWN_MATCHING + "(SELECT pk::text, rank FROM m ORDER BY rank DESC, pk DESC LIMIT 20) "
        "UNION ALL SELECT country, COUNT(*) FROM m GROUP BY 1 "
        "UNION ALL SELECT 'modes', COUNT(*) FILTER (WHERE offers_remote_advice) + COUNT(*) FILTER "
        "(WHERE offers_on_site_mission) + COUNT(*) FILTER (WHERE offers_financing) + COUNT(*) FILTER "
        "(WHERE offers_investment) + COUNT(*) FILTER (WHERE offers_introductions) FROM m",
    ),
    (
        "search table: the same, with the skills, themes and languages counted (the whole answer)",
        OWN_MATCHING + "(SELECT pk::text, rank FROM m ORDER BY rank DESC, pk DESC LIMIT 20) "
        "UNION ALL SELECT country, COUNT(*) FROM m GROUP BY 1 "
        "UNION ALL SELECT 'modes', COUNT(*) FILTER (WHERE offers_remote_advice) + COUNT(*) FILTER "
        "(WHERE offers_on_site_mission) + COUNT(*) FILTER (WHERE offers_financing) + COUNT(*) FILTER "
        "(WHERE offers_investment) + COUNT(*) FILTER (WHERE offers_introductions) FROM m "
        "UNION ALL SELECT 's' || value, COUNT(*) FROM m, unnest(skills) AS value GROUP BY 1 "
        "UNION ALL SELECT 't' || value, COUNT(*) FROM m, unnest(themes) AS value GROUP BY 1 "
        "UNION ALL SELECT 'l' || value, COUNT(*) FROM m, unnest(languages) AS value GROUP BY 1",
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
        profile = cursor.fetchone()[0]
        cursor.execute("SHOW default_text_search_config")
        params = {"fr": fr, "profile": profile, "config": cursor.fetchone()[0]}
        print(f"| statement | server time, median of {options.runs} (ms) |")
        print("|---|---:|")
        for label, sql in STATEMENTS:
            measure(cursor, label, sql, params, options.runs)
        cursor.execute(SEARCH_TABLE, params)
        cursor.execute("CREATE INDEX ON cds_floor_search USING gin (words)")
        cursor.execute("ANALYZE cds_floor_search")
        for label, sql in OWN_STATEMENTS:
            measure(cursor, label, sql, params, options.runs)
        connection.rollback()  # the temporary table goes with the transaction
        bitmaps(cursor, params, options.runs)


def bit_string(keys, size):
    """The keys as the bits of one integer (bit k set for key k)."""
    bits = bytearray(size // 8 + 1)
    for key in keys:
        bits[key >> 3] |= 1 << (key & 7)
    return bytes(bits)


def bitmaps(cursor, params, runs):
    """The best case of facet counts kept as bitmaps in the web process: one bit string per
    facet value (the published French profiles that have it, read from the facet contributions
    search/accelerator/tallies.py keeps), ANDed with the matches' and counted. What remains is to fetch each
    match with its rank (the first page is the best ranked of them) and to set its bit: wall
    time from Python, median of `runs`, after building the bitmaps once."""
    cursor.execute(
        "SELECT page_id, values FROM cds_search_facetcontribution WHERE content_type_id = %(profile)s "
        "AND locale_id = %(fr)s",
        params,
    )
    rows = cursor.fetchall()
    size = max(pk for pk, _values in rows) + 1
    by_value = {}
    for pk, values in rows:
        for name, listed in values.items():
            for value in listed:
                by_value.setdefault((name, str(value)), []).append(pk)
    published = bit_string((pk for pk, _values in rows), size)
    value_bits = [int.from_bytes(bit_string(keys, size), "little") for keys in by_value.values()]
    fetch_times, count_times = [], []
    for _ in range(runs + 1):
        start = time.perf_counter()
        cursor.execute(
            f"SELECT e.object_id::int, {RANK} FROM wagtailsearch_indexentry e "
            f"WHERE e.content_type_id = %(profile)s AND (e.title || e.body) @@ {WORDS}",
            params,
        )
        found = cursor.fetchall()
        fetched = time.perf_counter()
        live = [(rank, pk) for pk, rank in found if pk < size and published[pk >> 3] >> (pk & 7) & 1]
        matches = int.from_bytes(bit_string((pk for _rank, pk in live), size), "little")
        counts = [(bits & matches).bit_count() for bits in value_bits]
        heapq.nlargest(20, live)
        fetch_times.append((fetched - start) * 1000)
        count_times.append((time.perf_counter() - fetched) * 1000)
    fetch, count = statistics.median(fetch_times[1:]), statistics.median(count_times[1:])
    print(f"| bitmaps: « ingénieur »'s {len(found):,} matches fetched with their rank (wall time) | {fetch:.0f} |")
    print(f"| bitmaps: their {len(counts)} facet values counted, the first 20 chosen (Python) | {count:.0f} |")
    print(f"| bitmaps: together, before a page is read or rendered | {fetch + count:.0f} |")


def measure(cursor, label, sql, params, runs):
    server_ms(cursor, sql, params)  # once to read the pages into memory
    times = [server_ms(cursor, sql, params) for _ in range(runs)]
    print(f"| {label} | {statistics.median(times):.0f} |")


if __name__ == "__main__":
    main()
