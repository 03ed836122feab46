"""Entity resolution against corpus size: time and peak memory, single pass and in blocks.

    .venv/bin/python benchmarks/resolution_scale.py --sizes 1000 5000 20000 100000

Corpora are generated (no model needed): each document names 24 entities drawn from pools that grow with
the corpus (people by full name and by surname, organisations with their short forms, places, acronyms
with their long forms), so names are shared across documents as in a news archive. For each size it prints
the time of `resolve_entities` single-pass and blocked (blocks resolved one after another in this process),
the number of blocks and the largest, and the peak memory (tracemalloc) of each, which is the memory the
final step needs: every mention of the corpus is held once, whatever the blocking.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc

from kg.overrides import Overrides
from kg.records import Citation, Extraction, Mention
from kg.resolve import _prepare, blocks, resolve_entities

FIRST = ["Ana", "Omar", "Lena", "Yusuf", "Mara", "Ivan", "Sara", "Tomas", "Nadia", "Karim", "Elif", "Jonas"]
LAST = ["Ruiz", "Haddad", "Novak", "Demir", "Costa", "Berg", "Petrov", "Okafor", "Lind", "Sato", "Moreau", "Kaya"]
ORG_HEAD = ["Group", "Bank", "Holdings", "Institute", "Council", "Party", "Agency", "Foundation"]
PLACES = ["Lorwick", "Port Elna", "Vastra", "Kelmor", "Sundby", "Aravia", "Tellin", "Noravia"]


def corpus(n_docs: int, seed: int = 7, names: int | None = None) -> list[Extraction]:
    rng = random.Random(seed)
    n_people, n_orgs = (names, max(1, names // 4)) if names else (max(50, n_docs // 2), max(20, n_docs // 5))
    people = [f"{rng.choice(FIRST)} {rng.choice('ABCDEFGHJKLMNPRSTVW')}. {rng.choice(LAST)}{i}" for i in range(n_people)]
    orgs = [f"{rng.choice(LAST)}{i} {rng.choice(ORG_HEAD)}" for i in range(n_orgs)]
    out = []
    for d in range(n_docs):
        doc = f"doc{d:07d}"
        names = []
        for _ in range(8):
            p = rng.choice(people)
            names += [(p, "PERSON"), (p.split()[-1], "PERSON")]
        for _ in range(3):
            o = rng.choice(orgs)
            names += [(o, "ORG"), (o.split()[0], "ORG")]
        names += [(rng.choice(PLACES), "GPE"), (rng.choice(PLACES), "GPE")]
        acronyms = []
        if d % 10 == 0:
            long = rng.choice(orgs)
            short = "".join(w[0] for w in long.split()).upper() + str(d % 7)
            names.append((short, "ORG"))
            acronyms.append((short, long))
        text, mentions = "", []
        for i, (name, label) in enumerate(names):
            start = len(text)
            text += name + " said. "
            mentions.append(Mention(doc, start, start + len(name), name, label,
                                    "PERSON" if label == "PERSON" else "ORG" if label == "ORG" else "PLACE", i))
        sentences = tuple(Citation(doc, m.start, m.end + 6, text[m.start:m.end + 6]) for m in mentions)
        out.append(Extraction(doc=doc, sentences=sentences, mentions=tuple(mentions), acronyms=tuple(acronyms)))
    return out


def measure(fn, memory: bool = True) -> tuple[float, float]:
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    if not memory:
        return seconds, float("nan")
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--names", type=int, default=None,
                        help="A fixed pool of this many people (and a quarter as many organisations) shared by every "
                             "document, instead of pools that grow with the corpus.")
    parser.add_argument("--no-memory", action="store_true", help="Time only (tracemalloc doubles the time).")
    args = parser.parse_args()
    print("documents  mentions  entities  single s  blocked s  blocks  largest  single MiB  blocked MiB  "
          "KiB/mention  same")
    for n in args.sizes:
        exs = corpus(n, names=args.names)
        mentions = sum(len(e.mentions) for e in exs)
        single = resolve_entities(exs)
        blocked = resolve_entities(exs, blocked=True)  # (also warms caches before the timed runs)
        _, locals_, votes, acronyms, _ = _prepare(sorted(exs, key=lambda e: e.doc), Overrides())
        parts = blocks(locals_, votes, acronyms, Overrides())
        t1, m1 = measure(lambda: resolve_entities(exs), memory=not args.no_memory)
        t2, m2 = measure(lambda: resolve_entities(exs, blocked=True), memory=not args.no_memory)
        same = single.entities == blocked.entities and single.mention_entity == blocked.mention_entity
        print(f"{n:>9,}  {mentions:>8,}  {len(single.entities):>8,}  {t1:>8.1f}  {t2:>9.1f}  {len(parts):>6,}  "
              f"{max(map(len, parts)):>7,}  {m1:>10.0f}  {m2:>11.0f}  {1024 * m2 / mentions:>11.2f}  {same}",
              flush=True)


if __name__ == "__main__":
    main()
