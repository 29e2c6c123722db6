"""The demo platform's content, as data (home/data/demo.json): the communes the seeds name, the
needs of their development plans, the diaspora's professions and residences, the stories."""

import json
from pathlib import Path

DATA = json.loads((Path(__file__).parent / "data" / "demo.json").read_text())

COMMUNES = DATA["communes"]  # {HCP code: name}
REGIONS = DATA["regions"]
NEEDS = DATA["needs"]
FIRST_NAMES = DATA["first_names"]
FEMALE_FIRST_NAMES = set(DATA["female_first_names"])  # the others are men's
LAST_NAMES = DATA["last_names"]
RESIDENCES = DATA["residences"]
PROFESSIONS = DATA["professions"]
ASSOCIATIONS = DATA["associations"]
STORIES = DATA["stories"]


def headline_for(headline, feminine):
    """`headline` in the feminine or the masculine; as it is when it has one form."""
    for forms in DATA["headline_forms"]:
        if headline in (forms["feminine"], forms["masculine"]):
            return forms["feminine"] if feminine else forms["masculine"]
    return headline
