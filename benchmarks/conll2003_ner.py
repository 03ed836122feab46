"""Mention-level NER on CoNLL-2003 dev: raw spaCy against kg's clean-up and type correction.

    python benchmarks/conll2003_ner.py [--data ../shared/data/conll2003/eng.testa] [--model NAME]

Each document's tokens are joined with spaces, one sentence per paragraph. Raw spaCy: every entity of
label PERSON (-> PER), ORG, GPE/LOC/FAC (-> LOC). kg: the mentions that survive kg's junk filter, typed by
their resolved entity (PERSON -> PER, ORG, PLACE -> LOC), with kg's trimmed offsets. Exact-span F1 per type
and overall (MISC is not scored). Skips with a message when the data is absent.
"""

import argparse
import os
import sys
import time
from pathlib import Path

from kg.extract import extract
from kg.model import load_model
from kg.records import Document
from kg.resolve import resolve_entities

RAW = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
KG = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC"}


def read_conll(path: Path):
    """Yield (doc_id, text, gold spans {(start, end, type)}) per -DOCSTART- document."""
    docs, sentences, current = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("-DOCSTART-"):
            if current:
                sentences.append(current)
            if sentences:
                docs.append(sentences)
            sentences, current = [], []
        elif not line.strip():
            if current:
                sentences.append(current)
            current = []
        else:
            parts = line.split()
            current.append((parts[0], parts[-1]))
    if current:
        sentences.append(current)
    if sentences:
        docs.append(sentences)
    for n, sents in enumerate(docs):
        text, gold, pieces = "", set(), []
        for sent in sents:
            if text:
                text += "\n\n"
            ent = None
            for i, (word, tag) in enumerate(sent):
                if i:
                    text += " "
                start = len(text)
                text += word
                kind = tag[2:] if tag != "O" else None
                begins = tag.startswith("B-") or (kind and (ent is None or ent[2] != kind))
                if ent and (kind is None or begins):
                    pieces.append(ent)
                    ent = None
                if kind and ent is None:
                    ent = [start, len(text), kind]
                elif kind:
                    ent[1] = len(text)
            if ent:
                pieces.append(ent)
        gold = {(s, e, k) for s, e, k in pieces if k in ("PER", "ORG", "LOC")}
        yield f"doc{n:03d}", text, gold


def f1(pred: set, gold: set) -> dict:
    out = {}
    for kind in ("PER", "ORG", "LOC", None):
        p = {x for x in pred if kind is None or x[-1] == kind}
        g = {x for x in gold if kind is None or x[-1] == kind}
        tp = len(p & g)
        prec, rec = tp / len(p) if p else 0.0, tp / len(g) if g else 0.0
        out[kind or "ALL"] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return out


def main() -> int:
    default = Path(os.environ.get("KG_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default / "conll2003" / "eng.testa")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (set --data or KG_DATA)")
        return 0
    started = time.perf_counter()
    nlp = load_model(args.model)
    docs = list(read_conll(args.data))
    gold = {(d, s, e, k) for d, _, spans in docs for s, e, k in spans}
    raw = set()
    for (doc_id, _, _), sdoc in zip(docs, nlp.pipe(text for _, text, _ in docs)):
        raw |= {(doc_id, e.start_char, e.end_char, RAW[e.label_]) for e in sdoc.ents if e.label_ in RAW}
    extractions = list(extract(nlp, (Document(doc_id, text) for doc_id, text, _ in docs)))
    # each CoNLL document is resolved on its own: kg's cross-document rules are not what is measured here
    kg_pred = set()
    for ex in extractions:
        res = resolve_entities([ex])
        types = {e.id: e.type for e in res.entities}
        for m in ex.mentions:
            eid = res.mention_entity.get(m.id)
            if eid:
                kg_pred.add((m.doc, m.start, m.end, KG[types[eid]]))
    print(f"CoNLL-2003 dev: {len(docs)} documents, {len(gold)} PER/ORG/LOC gold mentions, model {nlp.meta['name']}")
    for name, pred in (("raw spaCy", raw), ("kg", kg_pred)):
        scores = f1({((d, s), e, k) for d, s, e, k in pred}, {((d, s), e, k) for d, s, e, k in gold})
        print(f"{name:10s} " + "  ".join(f"{k} P={p:.3f} R={r:.3f} F1={f:.3f}" for k, (p, r, f) in scores.items()))
    print(f"({time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
