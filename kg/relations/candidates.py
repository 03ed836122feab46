"""Relation candidates: every pair of entity mentions in one sentence, and the features the model reads.

A candidate is an ordered pair ``(i, j)`` of mention indices with mention ``i`` first in the sentence.
Its features are plain strings (a sparse binary vector by name): the two node types, the dependency path
between the two names with the words on it, the words between them, the words around them, and the
rules that fired for the pair (so the rules vote). Names themselves are never features: what the model
learns is how English states a relation, not which entities a training corpus relates.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..schema import ORG

__all__ = ["FEATURES_VERSION", "MAX_MENTIONS", "candidate_pairs", "pair_features"]

#: Bump when the features change: weights trained on other features must not be used.
FEATURES_VERSION = 3
#: A sentence naming more mentions than this is a list; its pairs are not scored (as for co-mention).
MAX_MENTIONS = 25
_MAX_PATH = 7  # dependency edges; a longer path is recorded as "long"
_MAX_BETWEEN = 12  # tokens between the names read word by word


def candidate_pairs(spans: list, *, pronouns: frozenset[int] = frozenset()) -> Iterator[tuple[int, int]]:
    """Ordered pairs ``(i, j)`` of mentions in one sentence, ``i`` written first; two references
    (pronouns) are never paired, and overlapping spans are not pairs."""
    live = [i for i, s in enumerate(spans) if s is not None]
    if len(live) > MAX_MENTIONS:
        return
    live.sort(key=lambda i: (spans[i].start, spans[i].end))
    for a, i in enumerate(live):
        for j in live[a + 1:]:
            si, sj = spans[i], spans[j]
            if si.sent.start != sj.sent.start or sj.start < si.end:
                continue
            if i in pronouns and j in pronouns:
                continue
            yield i, j


def _lemma(tok) -> str:
    word = tok.lemma_.lower() or tok.lower_
    if tok.like_num:
        return "<num>"
    return word


def _path(a, b) -> tuple[list[str], list[str], object] | None:
    """The dependency path from token ``a`` up to the lowest common ancestor and down to ``b``:
    (edges with words, edges only, the ancestor)."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    where_b = {t.i: k for k, t in enumerate(up_b)}
    for ka, tok in enumerate(up_a):
        if tok.i in where_b:
            kb = where_b[tok.i]
            break
    else:
        return None
    lca = up_a[ka]
    full, deps = [], []
    for t in up_a[:ka]:
        full.append(t.dep_ + "^")
        deps.append(t.dep_ + "^")
        if t.head.i != lca.i:
            full.append(_lemma(t.head))
    if lca.i != a.i and lca.i != b.i:
        full.append("[" + _lemma(lca) + "]")
    down = list(reversed(up_b[:kb]))
    for t in down:
        if t.head.i != lca.i and t.head.i != a.i:
            full.append(_lemma(t.head))
        full.append("v" + t.dep_)
        deps.append("v" + t.dep_)
    return full, deps, lca


def pair_features(ctx, i: int, j: int, votes: list[tuple[str, str, str]] = (),
                  pronouns: frozenset[int] = frozenset()) -> list[str]:
    """Feature names of candidate ``(i, j)`` (``i`` first in the sentence).

    ``ctx`` gives ``doc``, ``spans`` and ``kinds``; ``votes`` are ``(rule id, relation, direction)``
    of rules that fired for this pair, direction ``>`` for i -> j and ``<`` for j -> i.
    """
    doc, si, sj = ctx.doc, ctx.spans[i], ctx.spans[j]
    types = f"{ctx.kinds[i]}-{ctx.kinds[j]}"
    out = ["bias", "T=" + types]
    if i in pronouns:
        out.append("ref1")
    if j in pronouns:
        out.append("ref2")
    between = doc[si.end:sj.start]
    n = len(between)
    out.append("n=" + (str(n) if n < 6 else "6-9" if n < 10 else "10-15" if n < 16 else "16+"))
    between_ms = [k for k, s in enumerate(ctx.spans) if s is not None and k not in (i, j)
                  and s.start >= si.end and s.end <= sj.start]
    out += [f"m={min(len(between_ms), 3)}", f"{types}|m={min(len(between_ms), 3)}"]
    if any(ctx.kinds[k] == ctx.kinds[i] for k in between_ms):
        out.append("same-type-between-1")
    if any(ctx.kinds[k] == ctx.kinds[j] for k in between_ms):
        out.append("same-type-between-2")
    words = [_lemma(t) for t in between if not t.is_space]
    if len(words) <= 4:
        seq = "_".join(words)
        out += ["bs=" + seq, types + "|bs=" + seq]
    read = words if len(words) <= _MAX_BETWEEN else words[:4] + words[-4:]
    for w in dict.fromkeys(read):
        out += ["b=" + w, types + "|b=" + w]
    verbs = [_lemma(t) for t in between if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux"]
    for v in dict.fromkeys(verbs):
        out.append("bv=" + v)
    start = si.sent.start
    end = sj.sent.end
    for k, name in ((1, "l1"), (2, "l2")):
        out.append(f"{name}={_lemma(doc[si.start - k]) if si.start - k >= start else '<s>'}")
    for k, name in ((0, "r1"), (1, "r2")):
        out.append(f"{name}={_lemma(doc[sj.end + k]) if sj.end + k < end else '</s>'}")
    out.append("h1=" + si.root.dep_ + ":" + _lemma(si.root.head))
    out.append("h2=" + sj.root.dep_ + ":" + _lemma(sj.root.head))
    found = _path(si.root, sj.root)
    if found is None:
        out.append("path=none")
    else:
        full, deps, lca = found
        if len(deps) <= _MAX_PATH:
            out += ["p=" + " ".join(full), "pd=" + " ".join(deps), types + "|p=" + " ".join(full),
                    types + "|pd=" + " ".join(deps)]
        else:
            out.append("p=long")
        out += [f"plen={min(len(deps), 8)}", f"{types}|plen={min(len(deps), 8)}"]
        kinds = {d.strip("^v") for d in deps}
        for mark, group in (("pconj", {"conj"}), ("pclause", {"ccomp", "advcl", "xcomp", "parataxis"}),
                            ("prel", {"relcl", "acl"}), ("pappos", {"appos"})):
            if kinds & group:
                out += [mark, f"{types}|{mark}"]
        for d in dict.fromkeys(deps):
            out.append("pdep=" + d)
        for w in dict.fromkeys(w for w in full if not w.endswith("^") and not w.startswith("v")):
            out += ["pw=" + w.strip("[]"), types + "|pw=" + w.strip("[]")]
        if lca.i == si.root.i:
            out.append("lca=e1")
        elif lca.i == sj.root.i:
            out.append("lca=e2")
        else:
            out += ["lca=" + _lemma(lca), types + "|lca=" + _lemma(lca), "lcapos=" + lca.pos_]
    if si.end < len(doc) and doc[si.end].text == "(" and sj.start == si.end + 1:
        out.append("paren")
    if si.end < len(doc) and doc[si.end].text == "," and sj.start == si.end + 1:
        out.append("comma")
    wi = {t.lower_ for t in si if t.is_alpha and len(t) > 2}
    wj = {t.lower_ for t in sj if t.is_alpha and len(t) > 2}
    if wi & wj:
        out.append("shared-word")
    for name, k, span in (("e1", i, si), ("e2", j, sj)):
        if ctx.kinds[k] == ORG and len(span) > 1 and k not in pronouns:  # "... Corp", "... University"
            out.append(f"{name}head=" + span[-1].lower_)
    for rule, relation, direction in votes:
        out += ["rule=" + rule, "vote=" + relation + direction]
    return out
