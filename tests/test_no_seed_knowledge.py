"""kg/ holds no knowledge of the seed documents or of the gold files: no name from them appears in its code,
data or comments. Examples in kg/ are made up ("Lorwick", "Acme Group", "Ana Ruiz")."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: Ordinary English words that also occur in gold names ("White House", "Middle East Forum", "Just the
#: News"); kg may use them as words. Every other token of a gold name is distinctive.
ENGLISH = {
    "airbase", "armed", "arts", "association", "bridge", "center", "centre", "commission", "community",
    "conservative", "corporation", "council", "court", "department", "development", "district", "eastern",
    "embassy", "executive", "federal", "forum", "foundation", "fund", "grand", "green", "journal", "just", "mark",
    "middle", "mosque", "parliament", "party", "prosecutor", "public", "studies", "treasury", "white", "workers",
    # general resources the brief welcomes: an Arabic name particle of organisations ("front")
    "jabhat",
    # words of organisation names in the news gold that kg's word lists use as words
    "banque", "broadcasting", "corp", "county", "finance", "gulf", "industries", "island", "navy", "pentagon",
    "societe", "trust", "long", "farmers", "pacific",
    # venue phrases of the place-head word list ("Conference Centre", "Exhibition Centre")
    "conference", "exhibition",
    # the commonest spelling of a common given name, an example of transliteration in normalize.py
    "mohammed", "richard",
    # a word of names in the issue's own examples ("Water Department of ...")
    "water",
    # a month (the news gold has a person of that surname)
    "ramadan",
}


def distinctive_tokens() -> set[str]:
    """Tokens (4+ letters) of gold entity names and aliases: of people and places all, of organisations those
    the seeds never write in lower case ("group", "agency" are words); less country names and variants (a
    general resource kg ships, as are states and provinces) and the ordinary English words above."""
    seeds = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").iterdir())
    lower = set(re.findall(r"\b[a-z]+\b", seeds))
    tokens = set()
    for path in (ROOT / "tests" / "gold").glob("*_entities.yaml"):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in gold["entities"] + (gold.get("optional") or []):
            if isinstance(entry, dict):
                for name in (entry["name"], *entry.get("aliases", [])):
                    tokens.update(w.lower() for w in re.findall(r"[^\W\d_]+", name) if len(w) >= 4
                                  and (entry.get("type") in ("PERSON", "PLACE") or w.lower() not in lower))
    countries = set()
    for table in ("countries.tsv", "regions.tsv"):
        countries |= set(re.findall(r"[^\W\d_]+", (ROOT / "kg" / "data" / table).read_text(encoding="utf-8").lower()))
    return tokens - countries - ENGLISH


def test_no_seed_or_gold_name_in_kg():
    tokens = distinctive_tokens()
    assert len(tokens) > 150  # the gold files are read: names like the seeds' people and towns are in the set
    found = []
    for path in sorted((ROOT / "kg").rglob("*")):
        if not path.is_file() or path.suffix not in (".py", ".tsv", ".yaml", ".json", ".html", ".js"):
            continue
        words = set(re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8", errors="ignore").lower()))
        found += [f"{path.relative_to(ROOT)}: {w}" for w in sorted(words & tokens)]
    assert not found, found
