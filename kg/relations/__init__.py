"""Stage 3b — stated relations: for every pair of names in a sentence, does the sentence state a relation?

The parts, in the order they run:

- :mod:`kg.relations.references`: pronouns and definite descriptions ("he", "the company") that stand
  for an earlier named entity; they take part in relations like names.
- :mod:`kg.relations.rules`: dependency rules ("X, a senior member of Y", "X accused Y"); precise, and
  they say why.
- :mod:`kg.relations.candidates`: every pair of mentions in a sentence and its features (dependency path,
  words between, types, the rules' votes).
- :mod:`kg.relations.model`: the trained linear model that decides, with a confidence.
- :mod:`kg.relations.training`: how the shipped weights are trained (``kg train-relations``).

A relation records what decided it: the rules that fired, the model's name and version, and a
confidence in 0-1. A pair the rules found keeps the rules' relation with at least :data:`RULE_CONFIDENCE`
(the rules' measured precision), more when the model, which reads the rules' vote, is surer; a pair no rule
found becomes a relation when the model's calibrated confidence reaches the threshold chosen on dev.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import PLACE, relation_types
from .candidates import candidate_pairs
from .model import default_model
from .rules import CLAUSAL_RULES, Context, flags, may_lie_in, rule_relations

__all__ = ["FLOOR", "FoundRelation", "RULE_CONFIDENCE", "relations_of"]

#: Confidence given to relations of a type the model does not decide: the rules' precision on CoNLL04 dev.
RULE_CONFIDENCE = 0.78
#: Relations below this confidence are not kept at all (``--min-confidence`` filters above it).
FLOOR = 0.2


@dataclass(frozen=True, slots=True)
class FoundRelation:
    """A relation between two mentions of one segment (indices into the mention list given)."""

    subject: int
    object: int
    predicate: str
    relation: str
    rules: tuple[str, ...] = ()
    negated: bool = False
    hedged: bool = False
    attributed_to: str = ""
    confidence: float = 1.0
    model: str = ""


_NO_MODEL = object()
_PREDICATE_POS = {"VERB", "NOUN", "ADP", "ADJ"}


def _predicate(ctx, i: int, j: int, relation: str) -> tuple[str, object]:
    """A readable predicate from the words linking mentions i and j ("was born in", "chief of"), and the
    token to read flags at."""
    si, sj = ctx.spans[i], ctx.spans[j]
    a, b = si.root, sj.root
    up_a = [a, *a.ancestors]
    up_b = {t.i for t in (b, *b.ancestors)}
    lca = next((t for t in up_a if t.i in up_b), None)
    if lca is None:
        return relation.replace("_", " "), a
    on_path = {t.i: t for t in (*a.ancestors, *b.ancestors) if t.i not in range(si.start, si.end)
               and t.i not in range(sj.start, sj.end)}
    on_path = {k: t for k, t in on_path.items() if lca.is_ancestor(t) or t.i == lca.i}
    verbs = [t for t in on_path.values() if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]
    if verbs:
        verb = min(verbs, key=lambda t: abs(t.i - sj.start))
        words = [verb.text.lower()] + [c.lower_ for c in verb.children if c.dep_ == "prt"]
        preps = [t for t in on_path.values() if t.pos_ == "ADP" and t.head.i == verb.i and t.i > verb.i]
        if preps:
            words.append(preps[0].lower_)
        return " ".join(words), verb
    words = [t for t in sorted(on_path.values(), key=lambda t: t.i) if t.pos_ in _PREDICATE_POS]
    if words and len(words) <= 3:
        return " ".join(t.lower_ for t in words), lca
    between = ctx.doc[si.end:sj.start]
    if 0 < len(between) <= 3 and all(t.is_alpha for t in between):
        return between.text.lower(), lca
    return relation.replace("_", " "), lca


def relations_of(sdoc, spans: list, kinds: list[str], *, model=_NO_MODEL,
                 references: frozenset[int] = frozenset(), floor: float = FLOOR) -> list[FoundRelation]:
    """Stated relations between the mentions of a parsed segment.

    Parameters
    ----------
    sdoc : spacy.tokens.Doc
        A parsed segment (needs the dependency parse).
    spans : list of Span or None
        The token span of each mention (None for a mention with no span here).
    kinds : list of str
        Each mention's node type (PERSON, ORG, PLACE).
    model : RelationModel or None, optional
        The relation model; the shipped one by default, None for the rules alone.
    references : frozenset of int
        Indices of ``spans`` that are pronouns or descriptions standing for a name.
    floor : float
        Relations below this confidence are left out.

    Returns
    -------
    list of FoundRelation
        In sentence order of the pair, rules' relations first.
    """
    if not sdoc.has_annotation("DEP"):
        return []
    if model is _NO_MODEL:
        model = default_model()
    ctx = Context(sdoc, spans, kinds)
    types = relation_types()
    by_pair: dict[frozenset, list] = {}
    for x, y, predicate, relation, rule_ids, anchor in rule_relations(ctx):
        if x in references and y in references:
            continue
        by_pair.setdefault(frozenset((x, y)), []).append((x, y, predicate, relation, rule_ids, anchor))
    pairs = list(candidate_pairs(spans, pronouns=references))
    decisions = {}
    if model is not None and pairs:
        votes = [[(rid, rel, ">" if x == i else "<") for x, y, _, rel, ids, _ in by_pair.get(frozenset((i, j)), ())
                  for rid in ids] for i, j in pairs]

        def allowed(relation, direction, k):
            i, j = pairs[k]
            s, o = (i, j) if direction == ">" else (j, i)
            kind = types.get(relation)
            if kind is None or not kind.fits(kinds[s], kinds[o]):
                return False
            if relation == "located_in" and kinds[s] == PLACE and kinds[o] == PLACE:
                return may_lie_in(ctx, s, o)
            return True

        decisions = dict(zip(pairs, model.decide(ctx, pairs, votes, references, allowed)))
    out = []
    name = model.name if model is not None else ""
    for i, j in sorted(set(pairs) | {tuple(sorted(p, key=lambda m: spans[m].start)) for p in by_pair},
                       key=lambda p: (spans[p[0]].start, spans[p[1]].start, p)):
        decision = decisions.get((i, j))
        ruled = by_pair.get(frozenset((i, j)), [])
        for x, y, predicate, relation, rule_ids, anchor in ruled:
            known = relation in types and types[relation].model
            confidence = RULE_CONFIDENCE
            if decision is not None and known:
                confidence = max(confidence, decision.related)
            if confidence < floor:
                continue
            negated, hedged, source = flags(anchor, ctx, x, y, clausal=bool(set(rule_ids) & CLAUSAL_RULES))
            out.append(FoundRelation(x, y, predicate, relation, rule_ids, negated, hedged, source,
                                     round(confidence, 3), name if decision is not None and known else ""))
        if ruled or decision is None or decision.related < floor or not decision.relation:
            continue
        x, y = (i, j) if decision.direction == ">" else (j, i)
        predicate, anchor = _predicate(ctx, x, y, decision.relation)
        negated, hedged, source = flags(anchor, ctx, x, y, clausal=anchor.pos_ in ("VERB", "AUX"))
        out.append(FoundRelation(x, y, predicate, decision.relation, (), negated, hedged, source,
                                 round(decision.related, 3), name))
    return out
