"""Training the relation model from CoNLL04, KBP37 and Re-DocRED (``kg train-relations``).

Each training sentence goes through kg's own extraction (the same parse, mentions, types and rules as
a build); every candidate pair of named mentions whose two ends line up with the corpus's annotated
entities becomes one example, labelled with the corpus relation mapped onto kg's relation types
(:data:`CONLL04_LABELS`, :data:`KBP37_LABELS`, :data:`REDOCRED_LABELS`) or ``none``. A scikit-learn logistic regression is fitted
with a fixed seed; the regularisation and the decision threshold are chosen on the dev splits only. The
weights are written as plain arrays (:meth:`RelationModel.save`). scikit-learn is needed to train, not
to run (``pip install -e '.[train]'``).

The two corpora annotate differently: CoNLL04 marks every related pair of a sentence among five relation
types, KBP37 one pair per sentence among many more. Fitted as one, each teaches the other's sentences the
wrong answer (a KBP37 ``founded`` pair reads as a relation CoNLL04 would leave unmarked). The model is
therefore fitted with *domain-augmented* features (Daumé III, "Frustratingly easy domain adaptation", 2007):
every feature appears once shared and once as a copy private to its corpus. The shipped weights fold the
copies back in (:func:`fold`): ``none`` and CoNLL04's five relations read as CoNLL04 annotates them (every
related pair of a sentence marked), the relations only KBP37 teaches as KBP37 does.

Re-DocRED (Wikipedia lead sections, every related pair of a document marked) is read like CoNLL04, one
sentence at a time: its first :data:`REDOCRED_TRAIN_DOCUMENTS` documents train, the next 50 are its dev
split, and the rest are never trained on, so that the Re-DocRED benchmark can be read on them.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import KGError
from ..records import Document
from .candidates import FEATURES_VERSION
from .model import Decision, RelationModel

__all__ = ["CONLL04_LABELS", "KBP37_LABELS", "REDOCRED_LABELS", "Example", "TrainingDataError", "detokenize",
           "examples", "read_conll04", "read_kbp37", "read_redocred", "train"]

#: CoNLL04 label -> kg relation (subject = CoNLL04 head).
CONLL04_LABELS = {"Work_For": "works_for", "Live_In": "lives_in", "OrgBased_In": "based_in",
                  "Located_In": "located_in", "Kill": "killed"}
#: KBP37 label -> (kg relation, reversed): ``reversed`` when kg's subject is the label's second argument.
KBP37_LABELS = {
    "per:employee_of": ("works_for", False), "org:founded_by": ("founded", True),
    "org:members": ("member_of", True), "org:subsidiaries": ("part_of", True),
    "org:top_members/employees": ("leader_of", True), "org:alternate_names": ("alias_of", False),
    "per:alternate_names": ("alias_of", False), "per:cities_of_residence": ("lives_in", False),
    "per:countries_of_residence": ("lives_in", False), "per:stateorprovinces_of_residence": ("lives_in", False),
    "per:origin": ("lives_in", False), "per:country_of_birth": ("born_in", False), "per:spouse": ("spouse", False),
    "org:city_of_headquarters": ("based_in", False), "org:country_of_headquarters": ("based_in", False),
    "org:stateorprovince_of_headquarters": ("based_in", False),
}
#: KBP37 labels whose second argument is not a named entity (a date, a job title): not used.
KBP37_SKIPPED = {"org:founded", "per:title"}
MODEL_NAME = "kg-relations"
#: Bump when the shipped weights are retrained differently.
MODEL_VERSION = "3.0"

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "'s", "'", "n't", ")", "%", "''", "'re", "'ve", "'ll", "'d"}


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text from tokens, and the character span of every token."""
    text, spans = "", []
    tokens = ['"' if t in ("``", "''") else t for t in tokens]
    for i, tok in enumerate(tokens):
        if i and tok not in _NO_SPACE_BEFORE and tokens[i - 1] not in ("(", "$"):
            text += " "
        spans.append((len(text), len(text) + len(tok)))
        text += tok
    return text, spans


@dataclass
class Sentence:
    """One annotated sentence: entity character spans and relations ``(subject, object, kg relation)``
    between them; ``complete`` when every pair of its entities is annotated (CoNLL04), not only one (KBP37)."""

    text: str
    entities: list[tuple[int, int]]
    relations: list[tuple[int, int, str]] = field(default_factory=list)
    complete: bool = True
    negative: bool = False  # KBP37 no_relation: the marked pair states no relation
    label: str = ""  # the corpus's own label (KBP37)
    untyped: list[tuple[int, int]] = field(default_factory=list)  # related by a relation kg has no type for


def read_conll04(path: str | Path) -> list[Sentence]:
    """CoNLL04 in the SpERT JSON layout; entities typed Other are kept (pairs with them are ``none``)."""
    out = []
    for rec in json.loads(Path(path).read_text(encoding="utf-8")):
        text, spans = detokenize(rec["tokens"])
        ents = [(spans[e["start"]][0], spans[e["end"] - 1][1]) for e in rec["entities"]]
        rels = [(r["head"], r["tail"], CONLL04_LABELS[r["type"]]) for r in rec["relations"]]
        out.append(Sentence(text, ents, rels))
    return out


def read_kbp37(path: str | Path, *, skip: frozenset[str] | set[str] = KBP37_SKIPPED) -> list[Sentence]:
    """KBP37: four lines a record (id and tokenised sentence with ``<e1>``/``<e2>`` marks, label, two blank)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    out = []
    for k in range(0, len(lines) - 1, 4):
        raw = lines[k].split("\t", 1)[1].strip()
        if raw.startswith('"') and raw.endswith('"'):
            raw = raw[1:-1]
        label = lines[k + 1].strip()
        name = label.split("(")[0]
        if name in skip:
            continue
        tokens, marks, open_at = [], {}, {}
        for tok in raw.split():
            if tok in ("<e1>", "<e2>"):
                open_at[tok[1:3]] = len(tokens)
            elif tok in ("</e1>", "</e2>"):
                marks[tok[2:4]] = (open_at.get(tok[2:4], len(tokens)), len(tokens))
            else:
                tokens.append(tok)
        if set(marks) != {"e1", "e2"} or any(a >= b for a, b in marks.values()):
            continue
        text, spans = detokenize(tokens)
        e1 = (spans[marks["e1"][0]][0], spans[marks["e1"][1] - 1][1])
        e2 = (spans[marks["e2"][0]][0], spans[marks["e2"][1] - 1][1])
        if name == "no_relation":
            out.append(Sentence(text, [e1, e2], [], complete=False, negative=True, label=name))
            continue
        if name not in KBP37_LABELS:
            out.append(Sentence(text, [e1, e2], [], complete=False, label=name))
            continue
        relation, reverse = KBP37_LABELS[name]
        first, second = (0, 1) if label.endswith("(e1,e2)") else (1, 0)
        subject, obj = (second, first) if reverse else (first, second)
        out.append(Sentence(text, [e1, e2], [(subject, obj, relation)], complete=False, label=name))
    return out


#: Re-DocRED (Wikidata property) -> (kg relation, reversed); ``reversed`` when kg's subject is the tail.
#: A place's relation to a place is ``located_in``, an organisation's ``based_in`` (as CoNLL04 reads them).
REDOCRED_LABELS = {
    "P131": ("located_in", False), "P17": ("located_in", False), "P30": ("located_in", False),
    "P1376": ("located_in", False), "P706": ("located_in", False), "P276": ("located_in", False),
    "P150": ("located_in", True), "P36": ("located_in", True),
    "P159": ("based_in", False), "P740": ("based_in", False),
    "P27": ("lives_in", False), "P551": ("lives_in", False), "P19": ("born_in", False),
    "P26": ("spouse", False), "P3373": ("family", False), "P40": ("family", False), "P22": ("family", False),
    "P25": ("family", False),
    "P463": ("member_of", False), "P102": ("member_of", False), "P54": ("member_of", False),
    "P118": ("member_of", False), "P108": ("works_for", False),
    "P6": ("leader_of", True), "P35": ("leader_of", True), "P488": ("leader_of", True),
    "P1037": ("leader_of", True), "P112": ("founded", True),
    "P355": ("part_of", True), "P749": ("part_of", False),
    "P361": ("part_of", False), "P527": ("part_of", True),
}
_REDOCRED_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}


def _redocred_relation(prop: str, head: str, tail: str) -> tuple[str, bool] | None:
    """kg's relation for a Re-DocRED property between entities typed ``head`` and ``tail`` (Re-DocRED's
    types), or None when kg has no type for it or the schema does not allow it between these ends."""
    from ..schema import relation_types

    if prop not in REDOCRED_LABELS or head not in _REDOCRED_TYPES or tail not in _REDOCRED_TYPES:
        return None
    relation, reverse = REDOCRED_LABELS[prop]
    subject, obj = (tail, head) if reverse else (head, tail)
    if relation == "located_in" and subject == "ORG":
        relation = "based_in"
    if relation == "part_of" and subject == "PER":
        relation = "member_of"  # a person "part of" a group
    if relation == "part_of" and subject == "LOC":
        relation = "located_in"  # a region "part of" a country
    spec = relation_types().get(relation)
    if spec is None or _REDOCRED_TYPES[subject] not in spec.subject or _REDOCRED_TYPES[obj] not in spec.object:
        return None
    return relation, reverse


def read_redocred(path: str | Path, *, start: int = 0, stop: int | None = None) -> list[Sentence]:
    """Re-DocRED documents ``start:stop`` as sentences: each sentence's entities are the mentions in it (the
    first of an entity named twice there; the second then lines up with no entity and yields no example); a
    related pair carries its property mapped by :data:`REDOCRED_LABELS`, and pairs related by a property kg
    has no type for are not used. Re-DocRED annotates whole documents, so two entities named in one sentence
    count as related there even when another sentence says how, as ``redocred_relations.py`` counts them."""
    out = []
    for rec in json.loads(Path(path).read_text(encoding="utf-8"))[start:stop]:
        vertices = rec["vertexSet"]
        for sent_id, tokens in enumerate(rec["sents"]):
            text, spans = detokenize(tokens)
            slot, ents = {}, []
            for v, vertex in enumerate(vertices):
                for m in vertex:
                    if m["sent_id"] == sent_id and v not in slot:
                        slot[v] = len(ents)
                        ents.append((spans[m["pos"][0]][0], spans[m["pos"][1] - 1][1]))
            if len(ents) < 2:
                continue
            relations, untyped = [], []
            for lab in rec["labels"]:
                h, t = lab["h"], lab["t"]
                if h not in slot or t not in slot:
                    continue
                found = _redocred_relation(lab["r"], vertices[h][0]["type"], vertices[t][0]["type"])
                if found is None:
                    untyped.append((slot[h], slot[t]))
                    continue
                relation, reverse = found
                subject, obj = (slot[t], slot[h]) if reverse else (slot[h], slot[t])
                if (subject, obj, relation) not in relations:
                    relations.append((subject, obj, relation))
            out.append(Sentence(text, ents, relations, complete=False, untyped=untyped))
    return out


@dataclass
class Unit:
    """A parsed segment as the relation model saw it: the ``Doc`` (as bytes), mention token spans,
    node types, references, candidate pairs and the rules' votes for each."""

    doc: bytes
    text: str
    spans: list
    chars: list
    kinds: list[str]
    references: list[int]
    pairs: list[tuple[int, int]]
    votes: list[list[tuple[str, str, str]]]


class _Recorder:
    """Stands in for the relation model during extraction and keeps every segment it is asked about."""

    name = "recorder"

    def __init__(self):
        self.units: list[Unit] = []

    def decide(self, ctx, pairs, votes, references=frozenset(), allowed=None):
        self.units.append(Unit(ctx.doc.to_bytes(exclude=["tensor", "user_data"]), ctx.doc.text,
                               [(s.start, s.end) if s is not None else None for s in ctx.spans],
                               [(s.start_char, s.end_char) if s is not None else None for s in ctx.spans],
                               list(ctx.kinds), sorted(references), list(pairs), [list(v) for v in votes]))
        return [Decision(0.0, "", "")] * len(pairs)


@dataclass
class Example:
    """Candidate ``pair`` of ``unit`` with its gold label (``none`` or ``RELATION>``/``RELATION<``)."""

    unit: int
    pair: int
    label: str
    source: int  # index of the sentence
    negative_pair: bool = False  # a KBP37 no_relation pair
    features: list[str] = field(default_factory=list)


def _align(span: tuple[int, int], entities: list[tuple[int, int]]) -> int | None:
    """The annotated entity a mention stands for: containment either way, largest overlap."""
    best, best_overlap = None, 0
    for k, (s, e) in enumerate(entities):
        overlap = min(e, span[1]) - max(s, span[0])
        if overlap <= 0:
            continue
        if not (s <= span[0] and span[1] <= e) and not (span[0] <= s and e <= span[1]):
            continue
        if overlap > best_overlap:
            best, best_overlap = k, overlap
    return best


def parse_units(nlp, sentences: list[Sentence], *, batch_size: int = 64, log=None) -> tuple[list[Unit], list[Example]]:
    """Run kg's own extraction over annotated sentences; return the segments the relation model would
    see and the labelled candidates among them (features not yet computed)."""
    from ..extract import extract
    from ..resolve import document_types

    units: list[Unit] = []
    out: list[Example] = []
    step = 512
    for base in range(0, len(sentences), step):
        part = sentences[base:base + step]
        recorder = _Recorder()
        docs = [Document(id=f"{base + k:06d}", text=s.text) for k, s in enumerate(part)]
        for _ in extract(nlp, docs, batch_size=batch_size, chunk_size=step, relation_model=recorder,
                         document_types=document_types):
            pass
        where: dict[str, int] = {}
        for k, s in enumerate(part):
            where.setdefault(s.text, k)
        for unit in recorder.units:
            k = where.get(unit.text)
            off = 0
            if k is None:
                k = next((n for n, s in enumerate(part) if unit.text in s.text), None)
                if k is None:
                    continue
                off = part[k].text.find(unit.text)
            s = part[k]
            u = len(units)
            units.append(unit)
            refs = set(unit.references)
            for p, (i, j) in enumerate(unit.pairs):
                if i in refs or j in refs:
                    continue
                a, b = unit.chars[i], unit.chars[j]
                ga = _align((a[0] + off, a[1] + off), s.entities)
                gb = _align((b[0] + off, b[1] + off), s.entities)
                label = None
                if ga is not None and gb is not None and ga != gb:
                    label = "none"
                    for subj, obj, rel in s.relations:
                        if (subj, obj) == (ga, gb):
                            label = rel + ">"
                        elif (subj, obj) == (gb, ga):
                            label = rel + "<"
                    if label == "none" and ((ga, gb) in s.untyped or (gb, ga) in s.untyped):
                        label = None  # related, but not in a way kg types: neither a positive nor a negative
                elif s.complete and (ga is None or gb is None):
                    label = "none"  # a mention the corpus does not count as an entity
                if label is not None:
                    out.append(Example(u, p, label, base + k, s.negative))
        if log:
            log(f"  {min(base + step, len(sentences))}/{len(sentences)} sentences, {len(out)} examples")
    return units, out


def featurize(units: list[Unit], found: list[Example], vocab) -> None:
    """Fill in each example's features from its unit (no parsing: the Docs are rebuilt from bytes)."""
    from spacy.tokens import Doc

    from .candidates import pair_features
    from .rules import Context

    by_unit: dict[int, list[Example]] = {}
    for ex in found:
        by_unit.setdefault(ex.unit, []).append(ex)
    for u, exs in by_unit.items():
        unit = units[u]
        doc = Doc(vocab).from_bytes(unit.doc)
        spans = [doc[a:b] if ab is not None else None for ab in unit.spans for a, b in [ab or (0, 0)]]
        ctx = Context(doc, spans, unit.kinds)
        refs = frozenset(unit.references)
        for ex in exs:
            i, j = unit.pairs[ex.pair]
            ex.features = pair_features(ctx, i, j, unit.votes[ex.pair], refs)


def examples(nlp, sentences: list[Sentence], *, log=None) -> list[Example]:
    """Labelled candidates of annotated sentences with their features, through kg's own extraction."""
    units, found = parse_units(nlp, sentences, log=log)
    featurize(units, found, nlp.vocab)
    return found


def _matrix(rows: list[list[str]], index: dict[str, int]):
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for names in rows:
        cols = sorted({index[f] for f in names if f in index})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr)), shape=(len(rows), len(index)))


#: Corpus of each training set, for the private copies of its features.
DOMAINS = {"conll04_train": "conll04", "kbp37_train": "kbp37", "redocred_train": "conll04"}
#: Re-DocRED dev documents [0, 200) train, [200, 250) are its dev split; the rest is held out.
REDOCRED_TRAIN_DOCUMENTS = 200
REDOCRED_DEV_DOCUMENTS = 250


def _private(domain: str, feature: str) -> str:
    """The copy of ``feature`` private to ``domain`` (no kg feature starts with ``@``)."""
    return f"@{domain} {feature}"


def augmented(features: list[str], domain: str) -> list[str]:
    """``features`` with their copies private to ``domain``."""
    return features + [_private(domain, f) for f in features]


#: Relations KBP37 teaches and CoNLL04 does not annotate.
_KBP37_ONLY = {relation for relation, _ in KBP37_LABELS.values()} - set(CONLL04_LABELS.values())


def view_of(label: str) -> str:
    """The corpus that annotates ``label`` fully: CoNLL04 for ``none`` and its five relations (it marks every
    such pair of a sentence, as Re-DocRED, read as CoNLL04, marks every related pair it types: ``family`` is
    read so too), KBP37 for the other relations it teaches (``founded``, ``spouse``, ...)."""
    return "kbp37" if label[:-1] in _KBP37_ONLY else "conll04"


def fold(model: RelationModel) -> RelationModel:
    """A model over plain features: each label's weights are the shared ones plus the private copy of the
    corpus that annotates the label (:func:`view_of`); the score of a label is then what the augmented model
    gives it in that corpus's reading."""
    shared = [f for f in model.index if not f.startswith("@")]
    views = [view_of(label) for label in model.labels]
    coef = np.zeros((len(shared), model.coef.shape[1]), dtype=np.float32)
    for k, f in enumerate(shared):
        coef[k] = model.coef[model.index[f]]
        for col, domain in enumerate(views):
            private = model.index.get(_private(domain, f))
            if private is not None:
                coef[k, col] += model.coef[private, col]
    return RelationModel(shared, coef, model.intercept, model.meta)


def _voted(ex: Example) -> bool:
    return any(f.startswith("vote=") for f in ex.features)


def _pair_scores(decisions: list[Decision], gold: list[Example], threshold: float) -> dict:
    """Unlabelled pair P/R and typed accuracy among candidates (a proxy of the build's figures): a pair is
    linked when a rule found it or the model's confidence reaches the threshold, as in a build."""
    tp = fp = fn = typed = 0
    for d, ex in zip(decisions, gold):
        predicted = d.related >= threshold or _voted(ex)
        actual = ex.label != "none"
        if predicted and actual:
            tp += 1
            typed += (d.relation + d.direction) == ex.label
        elif predicted:
            fp += 1
        elif actual:
            fn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    alone = [(d.related >= threshold, ex.label != "none") for d, ex in zip(decisions, gold) if not _voted(ex)]
    said = [actual for predicted, actual in alone if predicted]
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "typed": typed / tp if tp else 0.0,
            "model_alone_p": sum(said) / len(said) if said else 1.0, "model_alone_n": len(said)}


def _kbp_scores(decisions: list[Decision], gold: list[Example], threshold: float) -> dict:
    pos = [d.related >= threshold or _voted(ex) for d, ex in zip(decisions, gold)
           if not ex.negative_pair and ex.label != "none"]
    neg = [d.related >= threshold or _voted(ex) for d, ex in zip(decisions, gold) if ex.negative_pair]
    return {"linked": sum(pos) / len(pos) if pos else 0.0, "no_relation_linked": sum(neg) / len(neg) if neg else 0.0}


def _fit(x, y, weights, c: float, seed: int):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed, tol=1e-5)
    clf.fit(x, y, sample_weight=weights)
    return clf


#: Settings tried on dev: (C, weight of CoNLL04 examples, weight of KBP37 no_relation examples, weight of
#: Re-DocRED examples).
GRID = ((0.3, 1.0, 4.0, 1.0), (0.3, 3.0, 4.0, 1.0), (1.0, 1.0, 4.0, 1.0), (0.3, 3.0, 4.0, 0.5),
        (1.0, 1.0, 4.0, 0.5))
#: The threshold is the one with the best dev F1 (candidates; the mean of CoNLL04 dev's and Re-DocRED dev's
#: when Re-DocRED is there) where CoNLL04 dev's precision reaches this ...
MIN_DEV_PRECISION = 0.72
#: ... where the pairs the model links with no rule's vote are right at least this often ...
MIN_MODEL_ALONE_PRECISION = 0.7
#: ... and where no more than this share of KBP37 dev's no_relation pairs are linked.
MAX_NO_RELATION_LINKED = 0.1


class TrainingDataError(KGError):
    """A training corpus is not in the layout its reader expects."""


def _read(reader, path: Path, **options) -> list[Sentence]:
    """``reader(path)``, a file in another layout (or not UTF-8) raised as :class:`TrainingDataError`."""
    try:
        return reader(path, **options)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:  # JSON and UTF-8 errors too
        raise TrainingDataError(f"{path}: not in the layout {reader.__name__} reads "
                                f"({exc.__class__.__name__}: {str(exc)[:120]})") from exc


def train(data: str | Path, out: str | Path, *, nlp, seed: int = 13, min_count: int = 2, grid=GRID,
          log=print) -> dict:
    """Train the relation model on CoNLL04 train + KBP37 train (+ Re-DocRED's first
    :data:`REDOCRED_TRAIN_DOCUMENTS` documents when ``DATA/redocred/dev_revised.json`` is there), choose the
    settings and the threshold on their dev splits, write ``OUT.npz``/``OUT.json`` and return the figures
    (also written into the JSON).

    Settings: the :data:`GRID` entry and threshold with the best dev F1 (CoNLL04's, or its mean with
    Re-DocRED's) where CoNLL04 dev's precision is >= :data:`MIN_DEV_PRECISION`, the model-alone links are
    right >= :data:`MIN_MODEL_ALONE_PRECISION` of the time and KBP37 dev's ``no_relation`` pairs are linked
    <= :data:`MAX_NO_RELATION_LINKED` (ties: fewer of them linked).
    """
    from ..schema import relation_types

    started = time.perf_counter()
    data = Path(data)
    sets = {
        "conll04_train": _read(read_conll04, data / "conll04" / "conll04_train.json"),
        "conll04_dev": _read(read_conll04, data / "conll04" / "conll04_dev.json"),
        "kbp37_train": _read(read_kbp37, data / "kbp37" / "train.txt"),
        "kbp37_dev": _read(read_kbp37, data / "kbp37" / "dev.txt"),
    }
    redocred = data / "redocred" / "dev_revised.json"
    if redocred.is_file():
        sets["redocred_train"] = _read(read_redocred, redocred, stop=REDOCRED_TRAIN_DOCUMENTS)
        sets["redocred_dev"] = _read(read_redocred, redocred, start=REDOCRED_TRAIN_DOCUMENTS,
                                     stop=REDOCRED_DEV_DOCUMENTS)
    found = {}
    for name, sentences in sets.items():
        log(f"{name}: {len(sentences)} sentences")
        found[name] = examples(nlp, sentences, log=log)
    domains = [name for name in DOMAINS if name in found]
    train_rows = [ex for name in domains for ex in found[name]]
    rows = [augmented(ex.features, DOMAINS[name]) for name in domains for ex in found[name]]
    counts = Counter(f for names in rows for f in set(names))
    vocabulary = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: k for k, f in enumerate(vocabulary)}
    known = {name for name, t in relation_types().items() if t.model}
    labels = ["none"] + sorted({ex.label for ex in train_rows if ex.label != "none" and ex.label[:-1] in known})
    label_index = {lab: k for k, lab in enumerate(labels)}
    x = _matrix(rows, index)
    y = np.array([label_index.get(ex.label, 0) for ex in train_rows])
    n_conll = len(found["conll04_train"])
    log(f"training: {x.shape[0]} examples, {x.shape[1]} features, {len(labels)} labels")
    best = None
    n_redocred = len(found.get("redocred_train", ()))
    for c, conll_weight, negative_weight, redocred_weight in grid:
        weights = np.array([negative_weight if ex.negative_pair else 1.0 for ex in train_rows])
        weights[:n_conll] *= conll_weight
        weights[len(train_rows) - n_redocred:] *= redocred_weight
        clf = _fit(x, y, weights, c, seed)
        model = fold(_as_model(clf, vocabulary, labels, {}))
        model.meta["calibration"] = model.calibration = _calibration(model, found["conll04_dev"], seed)
        dev_c = model.decide_features([ex.features for ex in found["conll04_dev"]])
        dev_k = model.decide_features([ex.features for ex in found["kbp37_dev"]])
        dev_r = model.decide_features([ex.features for ex in found.get("redocred_dev", ())])
        for t in np.arange(0.3, 0.976, 0.025):
            t = round(float(t), 3)
            sc, sk = _pair_scores(dev_c, found["conll04_dev"], t), _kbp_scores(dev_k, found["kbp37_dev"], t)
            sr = _pair_scores(dev_r, found.get("redocred_dev", []), t)
            if (sc["p"] < MIN_DEV_PRECISION or sc["model_alone_p"] < MIN_MODEL_ALONE_PRECISION
                    or sk["no_relation_linked"] > MAX_NO_RELATION_LINKED):
                continue
            f1 = (sc["f1"] + sr["f1"]) / 2 if "redocred_dev" in found else sc["f1"]
            key = (round(f1, 3), -sk["no_relation_linked"])
            if best is None or key > best[0]:
                best = (key, (c, conll_weight, negative_weight, redocred_weight), t, sc, sk, sr, weights,
                        model.calibration)
        log(f"  C={c} weights CoNLL04 {conll_weight}, no_relation {negative_weight}, Re-DocRED {redocred_weight}: "
            f"best so far "
            f"{best[1:6] if best else None}")
    if best is None:
        raise RuntimeError(f"no setting reaches precision {MIN_DEV_PRECISION} on CoNLL04 dev with at most "
                           f"{MAX_NO_RELATION_LINKED} of KBP37 dev's no_relation pairs linked")
    _, (c, conll_weight, negative_weight, redocred_weight), t, sc, sk, sr, weights, calibration = best
    clf = _fit(x, y, weights, c, seed)
    figures = {"C": c, "conll04_weight": conll_weight, "no_relation_weight": negative_weight,
               "redocred_weight": redocred_weight if n_redocred else None, "threshold": t,
               "conll04_dev_candidates": {k: round(v, 3) for k, v in sc.items()},
               "kbp37_dev_candidates": {k: round(v, 3) for k, v in sk.items()},
               "redocred_dev_candidates": {k: round(v, 3) for k, v in sr.items()},
               "train_examples": int(x.shape[0]), "features": sum(not f.startswith("@") for f in vocabulary)}  # shared: what the folded model reads
    meta = {"name": MODEL_NAME, "version": MODEL_VERSION, "labels": labels, "threshold": t,
            "calibration": [round(v, 6) for v in calibration],
            "features_version": FEATURES_VERSION, "seed": seed, "min_count": min_count,
            "trained_on": [name for name in DOMAINS if name in found], "chosen_on": [name for name in ("conll04_dev", "kbp37_dev", "redocred_dev") if name in found],
            "domain_adaptation": "shared + private weights of the corpus annotating each label",
            "spacy_model": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}",
            "figures": figures}
    model = fold(_as_model(clf, vocabulary, labels, meta))
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    npz = Path(out).with_suffix(".npz")
    log(f"wrote {npz} ({npz.stat().st_size // 1024} KB) in {time.perf_counter() - started:.1f} s: C={c}, threshold={t}; "
        f"CoNLL04 dev (candidates) P={sc['p']:.3f} R={sc['r']:.3f} F1={sc['f1']:.3f}; "
        f"KBP37 dev linked {sk['linked']:.3f}, no_relation linked {sk['no_relation_linked']:.3f}; "
        f"Re-DocRED dev (candidates) P={sr['p']:.3f} R={sr['r']:.3f} F1={sr['f1']:.3f}")
    return figures


def _calibration(model: RelationModel, dev: list[Example], seed: int) -> list[float]:
    """Platt scaling on CoNLL04 dev (complete annotation): P(related | logit of the model's score, whether a
    rule voted, their product) -> ``[a, b, c, d]`` as :meth:`RelationModel.calibrate` reads them."""
    from sklearn.linear_model import LogisticRegression

    raw = RelationModel(list(model.index), model.coef, model.intercept, {**model.meta, "calibration": []})
    decisions = raw.decide_features([ex.features for ex in dev])
    z = np.array([np.log(max(d.related, 1e-6) / max(1 - d.related, 1e-6)) for d in decisions])
    voted = np.array([any(f.startswith("vote=") for f in ex.features) for ex in dev], dtype=float)
    target = np.array([ex.label != "none" for ex in dev], dtype=int)
    fit = LogisticRegression(C=100.0, max_iter=1000, random_state=seed).fit(np.c_[z, voted, z * voted], target)
    a, b, c = (float(v) for v in fit.coef_[0])
    return [a, b, c, float(fit.intercept_[0])]


def _as_model(clf, vocabulary: list[str], labels: list[str], meta: dict) -> RelationModel:
    coef = np.zeros((len(vocabulary), len(labels)), dtype=np.float32)
    intercept = np.zeros(len(labels), dtype=np.float32)
    classes = list(clf.classes_)
    for col, cls in enumerate(classes):
        coef[:, cls] = clf.coef_[col] if clf.coef_.shape[0] > 1 else 0.0
        intercept[cls] = clf.intercept_[col] if clf.intercept_.shape[0] > 1 else 0.0
    meta = {"name": MODEL_NAME, "version": "dev", "labels": labels, "features_version": FEATURES_VERSION, **meta}
    return RelationModel(vocabulary, coef, intercept, meta)
