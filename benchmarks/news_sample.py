"""Write the fixed sample of news articles that tests/gold/news_entities.yaml annotates.

    python benchmarks/news_sample.py --out /tmp/news_sample [--data ../shared/data]

10 BBC News articles (two per category: ids NNN = 010 and 050) and 10 Reuters-21578 stories (the first
ten with a 600-1,500 character body that name a person or an organisation in their metadata), then stories
for the spelling and compound-name cases of entity resolution: for each pair of spellings in VARIANTS, the
first story (body under 2,500 characters) naming both, or else the first naming each; and the first three
stories under 1,600 characters that write a town with an abbreviated region ("Lorwick, Fla."). The data is
research-only: it is read from its path and never copied into the repository.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

#: Spellings of one name (transliterations) and different names one letter apart (the homonym guard).
VARIANTS = [("Teheran", "Tehran"), ("Riyad", "Riyadh"), ("Mikhael", "Mikhail"), ("Reagan", "Regan"),
            ("Colombia", "Columbia"), ("Davies", "Davis")]
_REGION = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?, (?:[A-Z][a-z]?\.){1,2}(?=[ ,;])")


def spelling_cases(stories: list[tuple[str, str]], limit: int = 2500) -> list[str]:
    """Ids of the stories (id, body) chosen for VARIANTS and for compound place names, in a fixed order."""
    def naming(*words):
        return next((i for i, body in stories if len(body) < limit
                     and all(re.search(rf"\b{w}\b", body) for w in words)), None)

    chosen: list[str] = []
    for a, b in VARIANTS:
        both = naming(a, b)
        for found in ([both] if both else [naming(a), naming(b)]):
            if found and found not in chosen:
                chosen.append(found)
    compounds = [i for i, body in stories if len(body) < 1600 and _REGION.search(body)]
    return chosen + [i for i in compounds if i not in chosen][:3]


def main() -> int:
    default = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    bbc, reuters = args.data / "news" / "bbc_news.jsonl", args.data / "news" / "reuters21578.jsonl"
    if not bbc.is_file() or not reuters.is_file():
        print(f"skipped: news data not found under {args.data}")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = {f"{c}/{n}" for c in ("business", "entertainment", "politics", "sport", "tech") for n in ("010", "050")}
    for line in bbc.open(encoding="utf-8"):
        rec = json.loads(line)
        if rec["id"] in wanted:
            name = "bbc_" + rec["id"].replace("/", "_") + ".txt"
            (args.out / name).write_text(rec["title"] + "\n\n" + rec["text"], encoding="utf-8")
    count = 0
    stories = {}
    for line in reuters.open(encoding="utf-8"):
        rec = json.loads(line)
        stories[rec["newid"]] = rec
        if 600 <= len(rec["body"]) <= 1500 and (rec.get("people") or rec.get("orgs")) and count < 10:
            (args.out / f"reuters_{rec['newid']:05d}.txt").write_text(rec["title"] + "\n\n" + rec["body"], encoding="utf-8")
            count += 1
    for newid in spelling_cases([(i, rec["body"]) for i, rec in stories.items()]):
        rec = stories[newid]
        (args.out / f"reuters_{newid:05d}.txt").write_text(rec["title"] + "\n\n" + rec["body"], encoding="utf-8")
    print(f"wrote {len(list(args.out.iterdir()))} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
