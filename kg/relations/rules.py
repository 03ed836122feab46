"""Relation rules: what a sentence says about two named entities, read from its parse.

Each rule is a function of a parsed segment and its entity mentions that yields candidate relations in
document order; none modifies the ``Doc``. Rules are written for precision: co-mention edges remain the
recall layer, so a construction a rule is not sure of yields nothing. The word lists are general English
(``kg/data/relations.tsv``), not corpus knowledge.

Rules (their ids are recorded on every relation):

- ``appos-role``: "X, a senior member of Y", "X, the Y coordinator", "Lorwick, a port town in Y",
  and the same after "is" ("Thomas is a native of Y", "X, who is chairman of Y").
- ``title-role``: "Acme Front leader X", "Illinois Gov. X", "France's President X".
- ``of-relation``: "X of Y" and "X, 50, of Y" (a person of a place or organisation, an organisation of a
  place), "X, in Y", "the X branch of Y", "Y-based X", "Y's X".
- ``place-in-place``: "Lorwick, Conn.", "Dunmere, S.C.".
- ``place-chain``: a run of places joined by commas that ends in a country ("in Lorwick, Dunmere, Kestria":
  each lies in the ones after it), "Lorwick, the capital of Kestria" however it is parsed, a country in
  brackets ("Acme Tools (Kestria)"), and one place in another through a third the same sentence places it
  in ("Lorwick, Dunmere, in Kestria").
- ``subject-verb-object``: "X accused Y", "Y was killed by X", "X, who assassinated Y".
- ``verb-preposition``: "X travelled to Y", "X was detained in Y", "X fought against Y".
- ``possessive``: "Ruritania's capital, Strelsau", "Ana Ruiz's assassin, Tomas Vega", and "the chief
  executive of Y, X," when the parser hangs X on Y.
- ``copular-role``: "The first president of Y was X" (a clause: negation and hedging read from its verb).
- ``kinship``: "X and his brother Y", "Y, the son of X", "X's wife, Y" (``spouse`` for a wife, husband,
  widow...; ``family`` for other kin), "X has two sons, A and B"; the people a plural kin word lists are
  relatives of one another ("four children: A, B, C and D", "A and B are brothers"). "X married Y" and "X is
  married to Y" are ``spouse`` through the verb rules.
- ``nominal-killing``: "the assassination of Y by X", "X was convicted of Y's killing".

A rule's relation is kept only when its two ends are of the node types ``kg/data/schema.yaml`` allows for it
("married" joins two people, "travelled to" ends in a place).

Every relation carries flags read from the same sentence: ``negated`` ("denied", "did not"),
``hedged`` ("allegedly", "may", "suspected") and ``attributed_to`` ("according to X", "prosecutors say").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from ..lexicon import LEXICON
from ..normalize import WORDS, country_of, load_table
from ..schema import ORG, PERSON, PLACE, relation_types

__all__ = ["CLAUSAL_RULES", "Context", "RELATION_TYPES", "RULES", "flags", "may_lie_in", "rule_relations"]


@lru_cache(maxsize=1)
def _lexicon():
    roles, verbs, preps = {}, {}, {}
    for kind, relation, words in load_table("relations.tsv"):
        target = {"role": roles, "verb": verbs, "prep": preps}[kind]
        for word in words.split("|"):
            target.setdefault(word.strip(), relation)
    return roles, verbs, preps


ROLES, VERBS, PREPS = _lexicon()
#: The typed vocabulary relations are mapped onto.
RELATION_TYPES = tuple(sorted(set(ROLES.values()) | set(VERBS.values()) | set(PREPS.values())
                              | {"located_in", "based_in", "part_of", "family", "lives_in"}))

_PLACE_NOUNS = set(WORDS["place_noun"])
_PERSON_NOUNS = set(WORDS["person_noun"])
_ORG_NOUNS = set(WORDS["org_noun"])
_PART_NOUNS = frozenset(LEXICON["relation_rules"]["part_nouns"])
_KIN = frozenset(LEXICON["relation_rules"]["kin"])
_TITLE_FILLER = {w.lower() for w in WORDS["title"]} | {w.lower() for w in WORDS["title_modifier"]} | {
    "'s", "’s", "-", "former", "then", "ex", "senior", "top", "deputy"}
_NEGATORS = frozenset(LEXICON["relation_rules"]["negators"])
_HEDGE_ADVERBS = frozenset(LEXICON["relation_rules"]["hedge_adverbs"])
_HEDGE_MODALS = frozenset(LEXICON["relation_rules"]["hedge_modals"])
_HEDGE_VERBS = frozenset(LEXICON["relation_rules"]["hedge_verbs"])
_HEDGE_ADJECTIVES = frozenset(LEXICON["relation_rules"]["hedge_adjectives"])
_SPEECH = frozenset(LEXICON["relation_rules"]["speech"])
_SUBJECTS = {"nsubj", "nsubjpass"}
_AS_VERBS = frozenset(LEXICON["relation_rules"]["as_verbs"])
#: Organisations that are also sites: "St. Alden Hospital in Lorwick" is located there.
_SITE_WORDS = frozenset(LEXICON["relation_rules"]["site_words"])
_PLACE_PREPS = frozenset(LEXICON["relation_rules"]["place_preps"])
_ORG_PREPS = frozenset(LEXICON["relation_rules"]["org_preps"])


class Context:
    """Token -> mention lookups for one parsed segment."""

    def __init__(self, sdoc, spans, kinds):
        self.doc, self.spans, self.kinds = sdoc, spans, kinds
        self.tok2m = {}
        for i, span in enumerate(spans):
            if span is not None:
                for tok in span:
                    self.tok2m[tok.i] = i

    def at(self, tok):
        """The mention a token belongs to, or None."""
        return None if tok is None else self.tok2m.get(tok.i)

    def kind(self, m: int) -> str:
        return self.kinds[m]

    def refer(self, tok):
        """The mention a token stands for: itself, or for a relative pronoun the noun it refers to, or
        for a role noun the person it describes ("Vega, a Republican who ...")."""
        m = self.at(tok)
        if m is not None:
            return m
        if tok.lower_ in ("who", "whom", "which", "that"):
            verb = tok.head  # "X, who prosecutors say co-founded Y": who <- co-founded <- say <- X
            while verb.dep_ in ("conj", "ccomp") and verb.head.i < verb.i:
                verb = verb.head
            if verb.dep_ in ("relcl", "acl"):
                return self.describe(verb.head)
        return None

    def describe(self, noun):
        """The mention a noun phrase names or describes: "X" itself, or "X" of "X, a spokesman" /
        "X is a native"."""
        m = self.at(noun)
        if m is not None:
            return m
        if noun.dep_ == "appos":
            return self.at(noun.head)
        if noun.dep_ in ("attr", "acomp"):
            for c in noun.head.children:
                if c.dep_ in _SUBJECTS:
                    return self.refer(c)
        return None

    def expand(self, tok) -> list[int]:
        """Mentions a noun phrase names: with its conjuncts and the places in apposition to them
        ("of Lorwick, Conn." names Lorwick and Conn.)."""
        out = []
        for t in (tok, *tok.conjuncts):
            m = self.refer(t)
            if m is None:  # "of the largest party, the Farmers Party"
                m = next((self.at(c) for c in t.children if c.dep_ == "appos" and self.at(c) is not None), None)
            if m is None and _lemma(t) in _PLACE_NOUNS:  # "to the port town of Lorwick"
                m = next((self.at(p) for prep in t.children if prep.dep_ == "prep" and prep.lower_ == "of"
                          for p in prep.children if p.dep_ == "pobj" and self.at(p) is not None), None)
            if m is None or m in out:
                continue
            out.append(m)
            span = self.spans[m]
            for c in span.root.children:
                if c.dep_ == "appos" and c.i >= span.end:
                    a = self.at(c)
                    if a is not None and self.kind(a) == PLACE and self.kind(m) == PLACE and a not in out:
                        out.append(a)
        return out


def _lemma(tok) -> str:
    return tok.lemma_.lower() or tok.lower_


_TOPIC_ROLES = frozenset(LEXICON["relation_rules"]["topic_roles"])
_EVENT_ROLES = frozenset(LEXICON["relation_rules"]["event_roles"])
_REPRESENTATIVES = frozenset(LEXICON["relation_rules"]["representatives"])


def _role(tok) -> str | None:
    """The relation a role noun names ("leader" -> leader_of), reading two-word roles too; any other
    word for a person's occupation counts as works_for. Roles in an event ("attacker") name none."""
    word = _lemma(tok)
    if word in _EVENT_ROLES:
        return None
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and f"{_lemma(prev)} {word}" in ROLES:
        return ROLES[f"{_lemma(prev)} {word}"]
    found = ROLES.get(word) or ROLES.get(tok.lower_.rstrip("."))
    if found:
        return found
    if word in _PERSON_NOUNS and word not in _KIN:
        return "works_for"
    if tok.pos_ == "NOUN" and len(word) > 5 and word.endswith(("ist", "ian")) and word not in _NOT_OCCUPATIONS:
        return "works_for"  # economist, physiologist, historian
    return None


_NOT_OCCUPATIONS = frozenset(LEXICON["relation_rules"]["not_occupations"])


def _role_words(tok) -> str:
    """The words of a role as written: "prime minister" when the two make one role, else the noun."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.head == tok and f"{_lemma(prev)} {_lemma(tok)}" in ROLES:
        return f"{prev.lower_} {tok.lower_}"
    return tok.lower_


def _modifier_mentions(ctx, tok, depth: int = 2) -> list[int]:
    """Mentions among a noun's modifiers: "the Acme Corp coordinator", "Peru's agency",
    "a Yale University law professor" (through one plain modifier)."""
    out = []
    for child in tok.children:
        if child.dep_ in ("compound", "poss", "nmod", "amod", "npadvmod"):
            m = ctx.at(child)
            if m is not None:
                if m not in out:
                    out.append(m)
            elif depth > 1 and child.dep_ in ("compound", "nmod") and child.pos_ == "NOUN":
                out.extend(x for x in _modifier_mentions(ctx, child, depth - 1) if x not in out)
    return out


def _prep_objects(ctx, tok, preps, *, hops: int = 0, possessors: bool = False) -> list[tuple[int, str]]:
    """(mention, preposition) for "tok PREP Mention".

    ``hops`` also follows a preposition through a plain noun ("a professor of science at Alden College");
    ``possessors`` also accepts "tok PREP the Y's noun" ("in Turkey's Southeast").
    """
    out = []
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            found = ctx.expand(pobj)
            if not found and possessors:
                found = _modifier_mentions(ctx, pobj)
            if not found and hops:
                out.extend(_prep_objects(ctx, pobj, preps, hops=hops - 1))
            out.extend((m, prep.lower_) for m in found)
    return out


def _predicate_word(tok) -> str:
    particle = " ".join(c.lower_ for c in tok.children if c.dep_ == "prt")
    return (tok.lower_ + (" " + particle if particle else "")).strip()


def _in_list(ctx, first, last=None) -> bool:
    """Whether names ``first`` .. ``last`` stand in a list ("Kestria, Dunmere and Alden";
    "Europe, Asia, the Andes") rather than a chain ("Lorwick, Conn."; "Dunmere, Calif.")."""
    doc, last = ctx.doc, last or first
    if country_of(first.text) and country_of(last.text):
        return True
    i = last.end
    while i < len(doc) and doc[i].text in (",", "and", "or"):
        if doc[i].lower_ in ("and", "or"):
            return True
        nxt = ctx.at(doc[i + 1]) if i + 1 < len(doc) else None
        if nxt is None or ctx.kind(nxt) != PLACE:
            break
        i = ctx.spans[nxt].end
    before = doc[first.start - 1] if first.start >= 1 else None
    if before is not None and before.lower_ in ("and", "or", "("):
        return True
    # a third place before: "Lorwick, Dunmere, Alden" is a list; "Center, Dunmere, Calif." a chain
    earlier = ctx.at(doc[first.start - 2]) if first.start >= 2 and before.text == "," else None
    abbreviated = last.text.endswith(".") or (last.text.isupper() and len(last.text) <= 3)
    return earlier is not None and ctx.kind(earlier) == PLACE and not abbreviated


def may_lie_in(ctx, inner: int, outer: int) -> bool:
    """Whether place mention ``inner`` can be read as lying in place ``outer`` at all: a country lies in no
    place a news sentence names beside it ("France ... Lorwick"), and names in one list ("Kestria, Dunmere and
    Alden") are neighbours, not one inside the other. Checked before the model may say ``located_in``."""
    if country_of(ctx.spans[inner].text):
        return False
    first, last = sorted((ctx.spans[inner], ctx.spans[outer]), key=lambda s: s.start)
    return not _in_list(ctx, first, last)


# ---------------------------------------------------------------- rules

#: Kin words that name a spouse rather than a relative ("X's wife, Y").
_SPOUSES = frozenset({"wife", "husband", "spouse", "widow", "widower"})


def _kin_relation(noun) -> str:
    """``spouse`` for "wife", "husband", ...; ``family`` for any other kin word."""
    return "spouse" if _lemma(noun) in _SPOUSES else "family"


def _role_targets(ctx, x, noun, word, rule):
    """Relations of person ``x`` described by role noun ``noun``: "a spokesman for Y", "the Y coordinator"."""
    role = _role(noun)
    if role is None:
        return
    targets = _prep_objects(ctx, noun, _ORG_PREPS | {"in"}, hops=1, possessors=True)
    modifiers = [m for m in _modifier_mentions(ctx, noun)]
    orgs = [m for m in modifiers if ctx.kind(m) == ORG]
    has_org = orgs or any(ctx.kind(y) == ORG for y, _ in targets)
    targets += [(m, "") for m in (orgs or modifiers)]
    lemma = _lemma(noun)
    for y, prep in targets:
        if y == x:
            continue
        ky = ctx.kind(y)
        if ky == PLACE and not prep:  # "a Turkey specialist", "the US envoy", "an Atlanta businessman"
            if has_org or lemma in _TOPIC_ROLES or lemma in _EVENT_ROLES:
                continue
            if lemma in _REPRESENTATIVES:
                yield x, y, f"{word} of", "works_for", rule, noun
                continue
        if ky == PERSON and role != "killed":
            continue
        if ky == PLACE and role == "killed":
            continue
        rel = role
        if ky == PLACE and (role in ("member_of", "works_for", "lives_in") or prep in ("in", "from")):
            rel = "lives_in"
        label = f"{word} {prep}" if prep else f"{word} of"
        yield x, y, label, rel, rule, noun


def _appos_role(ctx) -> Iterator[tuple]:
    for x, span in enumerate(ctx.spans):
        if span is None:
            continue
        root = span.root
        describers = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end]
        # "X is a native of Y", "X, who is chairman of Y"
        if root.dep_ in _SUBJECTS and _lemma(root.head) == "be":
            describers += [c for c in root.head.children if c.dep_ in ("attr", "acomp")]
        for c in root.children:
            if c.dep_ == "relcl" and _lemma(c) == "be" and any(s.lower_ in ("who", "which") for s in c.children):
                describers += [a for a in c.children if a.dep_ == "attr"]
            if c.dep_ in ("acl", "relcl") and _lemma(c) in _AS_VERBS:  # "X, identified by prosecutors as ..."
                describers += [p for prep in c.children if prep.dep_ == "prep" and prep.lower_ == "as"
                               for p in prep.children if p.dep_ == "pobj"]
        for app in list(describers):  # "X, one of the top strategists in Y"
            if _lemma(app) == "one":
                describers += [p for prep in app.children if prep.dep_ == "prep" and prep.lower_ == "of"
                               for p in prep.children if p.dep_ == "pobj"]
        for app in describers:
            for noun in (app, *app.conjuncts):
                other = ctx.at(noun)
                if other is not None:
                    if (other != x and ctx.kind(other) == PLACE and ctx.kind(x) in (PLACE, ORG)
                            and noun.dep_ == "appos" and span.end < len(ctx.doc)
                            and ctx.doc[span.end:ctx.spans[other].start].text.strip() == ","
                            and not _in_list(ctx, span, ctx.spans[other])):
                        rel = "located_in" if ctx.kind(x) == PLACE else "based_in"
                        yield x, other, rel.replace("_", " "), rel, "place-in-place", noun
                    continue
                word = _role_words(noun)
                if ctx.kind(x) == PERSON:
                    yield from _role_targets(ctx, x, noun, word, "appos-role")
                    if _role(noun) is None and noun.pos_ == "NOUN" and _lemma(noun) not in _KIN:
                        for y, prep in _prep_objects(ctx, noun, {"at", "for", "with"}):
                            if ctx.kind(y) == ORG:  # "X, a plant physiologist with Acme Labs"
                                yield x, y, f"{word} {prep}", "works_for", "appos-role", noun
                    for y, prep in _prep_objects(ctx, noun, {"from"}):
                        if ctx.kind(y) == PLACE:
                            yield x, y, f"{word} from", "lives_in", "appos-role", noun
                elif _lemma(noun) in _PLACE_NOUNS and ctx.kind(x) == PLACE:
                    found = _prep_objects(ctx, noun, {"in", "of", "near"}, possessors=True)
                    found += [(m, "in") for m in _modifier_mentions(ctx, noun)]
                    for y, prep in found:
                        if ctx.kind(y) == PLACE and y != x:
                            yield x, y, "located in", "located_in", "appos-role", noun
                elif _lemma(noun) in _ORG_NOUNS and ctx.kind(x) == ORG:
                    for y in _modifier_mentions(ctx, noun):
                        if ctx.kind(y) == PLACE:
                            yield x, y, "based in", "based_in", "appos-role", noun
                        elif ctx.kind(y) == ORG and y != x:
                            yield x, y, f"{noun.lower_} of", "part_of", "appos-role", noun


def _misplaced_role(ctx, y: int, span) -> list:
    """The role noun of "the chief executive of Y, X," when the parser hangs X on Y instead of the noun:
    Y the object of "of"/"at"/"for" after a noun, then a single comma, and X not one of a list."""
    doc, ys = ctx.doc, ctx.spans[y]
    prep = ys.root.head
    if ys.root.dep_ != "pobj" or prep.lower_ not in ("of", "at", "for") or doc[ys.end:span.start].text != ",":
        return []
    if span.end < len(doc) and doc[span.end].lower_ in ("and", "or"):
        return []
    noun = prep.head
    return [noun] if noun.pos_ == "NOUN" and ctx.at(noun) is None else []


def _possessive_appos(ctx) -> Iterator[tuple]:
    """ "Ruritania's capital, Strelsau"; "Ana Ruiz's assassin, Tomas Vega"; "Y's organisation, X"."""
    for x, span in enumerate(ctx.spans):
        if span is None:
            continue
        root = span.root
        nouns = [root.head] if root.dep_ == "appos" and ctx.at(root.head) is None else []
        doc = ctx.doc
        if root.dep_ == "appos" and ctx.at(root.head) not in (None, x):
            nouns += _misplaced_role(ctx, ctx.at(root.head), span)
        if span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].pos_ == "NOUN" \
                and ctx.at(doc[span.start - 2]) is None and doc[span.start - 2] not in nouns:
            nouns.append(doc[span.start - 2])  # "Ana Ruiz's assassin, Tomas Vega" (parsed loosely)
        nouns += [c for c in root.children if c.dep_ == "appos" and c.i < span.start and ctx.at(c) is None]
        for noun in nouns:
            if ctx.kind(x) == PERSON and _role(noun):
                yield from ((a, b, p, r, "possessive", n) for a, b, p, r, _, n in
                            _role_targets(ctx, x, noun, _role_words(noun), "possessive"))
            owners = [ctx.at(c) for c in noun.children if c.dep_ == "poss" and ctx.at(c) is not None]
            for y in owners:
                if y == x:
                    continue
                kx, ky = ctx.kind(x), ctx.kind(y)
                lemma = _lemma(noun)
                if kx == PERSON:
                    role = _role(noun)
                    if role == "killed" and ky == PERSON:
                        yield x, y, noun.lower_ + " of", "killed", "possessive", noun
                    elif lemma in _KIN and ky == PERSON:
                        yield y, x, noun.lower_, _kin_relation(noun), "kinship", noun
                    elif role and ky != PERSON:
                        yield x, y, noun.lower_ + " of", "lives_in" if ky == PLACE and role == "works_for" else role, \
                            "possessive", noun
                elif kx == PLACE and ky == PLACE and lemma in _PLACE_NOUNS:
                    yield x, y, "located in", "located_in", "possessive", noun
                elif kx == ORG and lemma in _ORG_NOUNS:
                    yield x, y, "based in" if ky == PLACE else f"{noun.lower_} of", \
                        "based_in" if ky == PLACE else "part_of", "possessive", noun


def _copular_role(ctx) -> Iterator[tuple]:
    """ "The first president of Y was X", "Its chief executive is X": a role noun as the subject of "be",
    the person after it (a clause, so "was not X" is negated)."""
    for x, span in enumerate(ctx.spans):
        if span is None or ctx.kind(x) != PERSON or span.root.dep_ != "attr" or _lemma(span.root.head) != "be":
            continue
        for noun in span.root.head.children:
            if noun.dep_ == "nsubj" and noun.pos_ == "NOUN" and ctx.at(noun) is None:
                yield from _role_targets(ctx, x, noun, _role_words(noun), "copular-role")


def _title_role(ctx) -> Iterator[tuple]:
    doc = ctx.doc
    for x, span in enumerate(ctx.spans):
        if span is None or ctx.kind(x) != PERSON:
            continue
        # walk left over title words and the nouns of the same phrase until another mention
        i = span.start - 1
        words = []
        while i >= span.sent.start and ctx.at(doc[i]) is None and (
                doc[i].lower_ in _TITLE_FILLER or _role(doc[i])
                or (doc[i].dep_ in ("compound", "amod") and span.start <= doc[i].head.i < span.end + 1
                    and doc[i].pos_ in ("NOUN", "PROPN", "ADJ"))):
            words.append(doc[i])
            i -= 1
        if not words or i < span.sent.start:
            continue
        if doc[i].text == ")" and i >= 2 and doc[i - 2].text == "(":  # "Farmers Party (FP) candidate X"
            i -= 3
        y = ctx.at(doc[i])
        role = next((_role(w) for w in words if _role(w)), None)
        if role is None and words[0].pos_ == "NOUN" and words[0].dep_ == "compound" and words[0].text.islower():
            role = "works_for"  # "NFL placekicker X", "Atlanta businessman X"
        if y is None or role is None:
            continue
        ky = ctx.kind(y)
        if (ky == PERSON) != (role == "killed"):
            continue
        if ky == PLACE and role in ("works_for", "member_of"):
            head = words[0]
            if _lemma(head) in _TOPIC_ROLES:
                continue  # "Turkey analyst X" studies Turkey
            role = "works_for" if _lemma(head) in _REPRESENTATIVES else "lives_in"
        title = " ".join(w.text for w in reversed(words) if w.text not in ("'s", "’s"))
        yield x, y, f"{title.lower()} of", role, "title-role", words[0]


def _of_relation(ctx) -> Iterator[tuple]:
    for x, span in enumerate(ctx.spans):
        if span is None:
            continue
        root = span.root
        kind = ctx.kind(x)
        heads = [root] + [c for c in root.children if c.dep_ == "appos" and c.like_num]
        for head in heads:
            found = _prep_objects(ctx, head, {"of", "from", "at", "in"})
            if kind == PERSON:
                found += [(y, p) for y, p in _prep_objects(ctx, head, {"of", "at"}, possessors=True)
                          if (y, p) not in found and ctx.kind(y) == ORG]
                for prep in head.children:  # "Tomas Vega of the law firm of Acme, Ruiz"
                    if prep.dep_ == "prep" and prep.lower_ in ("of", "at"):
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj" and ctx.at(pobj) is None and _lemma(pobj) in _ORG_NOUNS:
                                found += [(y, p) for y, p in _prep_objects(ctx, pobj, {"of"}) if ctx.kind(y) == ORG]
            for y, prep in found:
                if y == x:
                    continue
                ky = ctx.kind(y)
                if kind == PERSON and ky == PLACE and prep in ("of", "from"):
                    yield x, y, prep, "lives_in", "of-relation", head
                elif kind == PERSON and ky == ORG and prep in ("of", "at"):
                    yield x, y, prep, "works_for", "of-relation", head
                elif kind == PLACE and ky == PLACE and prep in ("in", "of") and not _in_list(ctx, span, span):
                    yield x, y, "located in", "located_in", "of-relation", head
                elif kind == ORG and ky == PLACE and (prep == "of" or (
                        prep in ("in", "at") and span[-1].lower_ in _SITE_WORDS)):
                    yield x, y, "based in", "based_in", "of-relation", head
        # "the U.S. Congress", "the Lorwick Supreme Court": a place written just before an organisation
        if kind == ORG and span.start > 0:
            y = ctx.at(ctx.doc[span.start - 1])
            if y is not None and ctx.kind(y) == PLACE and ctx.spans[y].root.head.i in range(span.start, span.end):
                yield x, y, "based in", "based_in", "of-relation", root
        # "the Hall of Modern Arts, in Dunmere"
        doc = ctx.doc
        if kind in (PLACE, ORG) and span.end + 2 < len(doc) and doc[span.end].text == "," \
                and doc[span.end + 1].lower_ == "in":
            for y in ctx.expand(doc[span.end + 2]) or [ctx.at(t) for t in doc[span.end + 2:span.end + 4]
                                                       if ctx.at(t) is not None][:1]:
                if y != x and ctx.kind(y) == PLACE:
                    rel = "located_in" if kind == PLACE else "based_in"
                    yield x, y, rel.replace("_", " "), rel, "of-relation", doc[span.end + 1]
        # the X branch of Y
        if root.dep_ in ("compound", "amod", "nmod") and _lemma(root.head) in _PART_NOUNS and root.head.i >= span.end:
            for y, _ in _prep_objects(ctx, root.head, {"of"}):
                if ctx.kind(y) == ORG and y != x:
                    yield x, y, f"{root.head.lower_} of", "part_of", "of-relation", root.head
        appositives = [c for c in root.children if c.dep_ == "appos" and ctx.at(c) is None] if kind == ORG else []
        for child in [*root.children, *(g for a in appositives for g in a.children)]:
            # Y-based X, Y-born X ("the Acme Institute, a Dunmere-based think-tank")
            if child.lower_ in ("based", "born"):
                rel = "lives_in" if child.lower_ == "born" else "located_in" if kind == PLACE else "based_in"
                for sub in child.children:
                    y = ctx.at(sub)
                    if y is not None and ctx.kind(y) == PLACE and y != x:
                        yield x, y, "located in" if rel == "located_in" else f"{child.lower_} in", rel, \
                            "of-relation", child
            # Y's X (an organisation or place of a place)
            if child.dep_ == "poss":
                y = ctx.at(child)
                if y is None or y == x or ctx.kind(y) != PLACE:
                    continue
                if kind == ORG:
                    yield x, y, "based in", "based_in", "of-relation", root
                elif kind == PLACE:
                    yield x, y, "located in", "located_in", "of-relation", root


def _subjects(ctx, verb, depth: int = 0) -> list[int]:
    out = []
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            out += ctx.expand(child)
    if not out and verb.dep_ == "conj" and depth < 3:  # "X met Y and accused Z"
        out = _subjects(ctx, verb.head, depth + 1)
    if not out and verb.dep_ in ("relcl", "acl"):
        m = ctx.describe(verb.head)
        if m is not None:
            out.append(m)
    if not out and verb.dep_ in ("pcomp", "xcomp", "advcl", "acomp", "oprd") and depth < 3:
        head = verb.head.head if verb.head.dep_ == "prep" else verb.head  # "X acted alone in killing Y"
        if head.pos_ in ("VERB", "AUX", "ADJ") and head is not verb:
            if _lemma(head) in _ACCUSING and verb.head.dep_ == "prep":  # "convicted X of killing Y"
                out = [m for c in head.children if c.dep_ == "dobj" for m in ctx.expand(c)]
            out = out or _subjects(ctx, head, depth + 1)
    return out


_ACCUSING = frozenset(LEXICON["relation_rules"]["accusing"])


_KILLINGS = frozenset(LEXICON["relation_rules"]["killings"])


def _nominal_killing(ctx) -> Iterator[tuple]:
    """ "the assassination of Y by X"; "X was convicted of Y's killing"; "X, suspected of the murder of Y"."""
    for noun in ctx.doc:
        if _lemma(noun) not in _KILLINGS or noun.pos_ != "NOUN":
            continue
        victims = [m for m in _modifier_mentions(ctx, noun, 1) if ctx.kind(m) == PERSON]
        victims += [y for y, _ in _prep_objects(ctx, noun, {"of"}) if ctx.kind(y) == PERSON]
        killers = [y for y, _ in _prep_objects(ctx, noun, {"by"}) if ctx.kind(y) == PERSON]
        if not killers and noun.dep_ == "pobj" and noun.head.lower_ in ("of", "for", "with", "in"):
            gov = noun.head.head
            if _lemma(gov) in ("convict", "suspect", "accuse", "charge", "guilty", "arrest", "indict", "sentence",
                               "try", "jail", "execute", "blame"):
                killers = [m for c in gov.children if c.dep_ in _SUBJECTS for m in ctx.expand(c)]
                if not killers and gov.dep_ in ("acl", "relcl", "amod", "appos"):
                    m = ctx.describe(gov.head)
                    killers = [m] if m is not None else []
        for x in killers:
            for y in victims:
                if x != y and ctx.kind(x) == PERSON:
                    yield x, y, noun.lower_ + " of", "killed", "nominal-killing", noun


def _svo(ctx) -> Iterator[tuple]:
    for verb in ctx.doc:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        lemma = _lemma(verb)
        particle = " ".join(_lemma(c) for c in verb.children if c.dep_ == "prt")
        relation = VERBS.get(f"{lemma} {particle}".strip()) or VERBS.get(lemma)
        if relation is None:
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        subjects, objects = [], []
        for child in verb.children:
            if child.dep_ == "nsubj" and not passive:
                subjects += ctx.expand(child)
            elif child.dep_ in ("dobj", "nsubjpass"):
                found = ctx.expand(child)
                if not found and _lemma(child) in _PART_NOUNS:  # "co-founded Acme Front's Lorwick cell"
                    orgs = [m for m in _modifier_mentions(ctx, child) if ctx.kind(m) == ORG]
                    for y in orgs[:1]:
                        for x in subjects or _subjects(ctx, verb):
                            if x != y:
                                yield x, y, f"{_predicate_word(verb)} {child.lower_} of", "member_of", \
                                    "subject-verb-object", verb
                objects += found
            elif child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        subjects += ctx.expand(pobj)
        if not subjects and not passive:
            subjects = _subjects(ctx, verb)
        for x in subjects:
            for y in objects:
                if x != y:
                    yield x, y, _predicate_word(verb), relation, "subject-verb-object", verb


def _verb_prep(ctx) -> Iterator[tuple]:
    for verb in ctx.doc:
        if verb.pos_ not in ("VERB", "AUX") and not (verb.pos_ == "ADJ" and verb.dep_ == "acomp"):
            continue  # an adjective after "is" reads too: "X is married to Y"
        lemma = _lemma(verb)
        subjects = _subjects(ctx, verb)
        if not subjects:
            continue
        if lemma in PREPS:  # transitive forms in the preposition table ("entered Y")
            for child in verb.children:
                if child.dep_ == "dobj":
                    for y in ctx.expand(child):
                        for x in subjects:
                            if x != y and ctx.kind(y) == PLACE:
                                yield x, y, verb.lower_, PREPS[lemma], "verb-preposition", verb
        for prep in verb.children:
            if prep.dep_ != "prep":
                continue
            relation = PREPS.get(f"{lemma} {prep.lower_}")
            if relation is None:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                targets = ctx.expand(pobj)
                if not targets and relation in ("located_in", "lives_in") and pobj.pos_ == "NOUN":
                    targets = [y for y, _ in _prep_objects(ctx, pobj, {"in"})]
                for y in targets:
                    for x in subjects:
                        if x == y:
                            continue
                        rel = relation
                        if relation == "located_in" and lemma in ("bear", "live", "reside", "settle") \
                                and ctx.kind(x) == PERSON:
                            rel = "lives_in"
                        yield x, y, f"{verb.lower_} {prep.lower_}", rel, "verb-preposition", verb


#: Plural kin words whose listed members are relatives of one another ("his sons, A and B").
_SIBLINGS = frozenset({"brother", "sister", "sibling", "child", "son", "daughter", "twin"})


def _listed(ctx, tok) -> list[int]:
    """The people a plural noun lists: "two sons, A and B", "four children: A, B, C and D" (the parser hangs
    each name on the one before as an apposition or a conjunct), or "A and B are brothers"."""
    todo = [c for c in tok.children if c.dep_ == "appos"]
    if tok.dep_ == "attr" and _lemma(tok.head) == "be" and not any(c.dep_ in ("neg", "aux") for c in tok.head.children):
        todo += [c for c in tok.head.children if c.dep_ == "nsubj"]  # not "are not brothers", "may be brothers"
    out: list[int] = []
    while todo:
        t = todo.pop(0)
        m = ctx.at(t)
        if m is None or ctx.kind(m) != PERSON:
            continue
        if m not in out:
            out.append(m)
        todo += [c for c in ctx.spans[m].root.children if c.dep_ in ("appos", "conj")]
    return sorted(out, key=lambda m: ctx.spans[m].start)


def _siblings(tok, people: list[int]) -> Iterator[tuple]:
    """Relatives of one another: the ``people`` a plural sibling word ``tok`` lists."""
    if _lemma(tok) not in _SIBLINGS:
        return
    word = _lemma(tok) if _lemma(tok) in ("brother", "sister", "twin") else "sibling"
    for a, x in enumerate(people):
        for y in people[a + 1:]:
            yield x, y, f"{word} of", "family", "kinship", tok


def _listed_with(ctx, tok) -> int | None:
    """The name a kin word is written after, its "his"/"her" ("X and his brother Y", "X, his wife, Y, and
    their son Z"): up the conjuncts and appositions to the first mention."""
    while tok.dep_ in ("conj", "appos") and tok.head is not tok:
        tok = tok.head
        m = ctx.at(tok)
        if m is not None:
            return m
    return None


def _kinship(ctx) -> Iterator[tuple]:
    for tok in ctx.doc:
        if _lemma(tok) not in _KIN:
            continue
        listed = _listed(ctx, tok) if tok.tag_ == "NNS" else []  # "his sons, A and B"
        yield from _siblings(tok, listed)
        relatives = [m for c in tok.children if c.dep_ in ("appos", "compound", "npadvmod") for m in ctx.expand(c)]
        if tok.dep_ in ("appos", "compound"):
            m = ctx.at(tok.head)
            if m is not None:
                relatives.append(m)
        relatives += [m for m in listed if m not in relatives]
        relatives = [m for m in relatives if ctx.kind(m) == PERSON]
        if not relatives:
            continue
        anchors = []
        if tok.dep_ == "dobj" and _lemma(tok.head) == "have":  # "X had two sons, A and B"
            anchors += [m for c in tok.head.children if c.dep_ == "nsubj" for m in ctx.expand(c)]
        for c in tok.children:
            if c.dep_ == "poss":
                m = ctx.at(c)
                if m is not None:
                    anchors.append(m)
                elif c.lower_ in ("his", "her", "their"):
                    m = _listed_with(ctx, tok)
                    if m is not None:
                        anchors.append(m)
        anchors += [y for y, _ in _prep_objects(ctx, tok, {"of"})]
        for x in anchors:
            for y in relatives:
                if x != y and ctx.kind(x) == PERSON:
                    yield x, y, tok.lower_, _kin_relation(tok), "kinship", tok


#: An address names at most this many places ("Center, Dunmere, Calif., United States"); a longer run is a list.
_MAX_ADDRESS = 4


def _place_run(ctx, first: int) -> list[int]:
    """The places written ``first, B, C`` after mention ``first``, joined by single commas."""
    run, doc = [first], ctx.doc
    while True:
        end = ctx.spans[run[-1]].end
        nxt = ctx.at(doc[end + 1]) if end + 1 < len(doc) and doc[end].text == "," else None
        if nxt is None or ctx.kind(nxt) != PLACE or ctx.spans[nxt].start != end + 1 or nxt in run:
            return run
        run.append(nxt)


def _address(ctx) -> Iterator[tuple]:
    """ "in Lorwick, Dunmere, Kestria": a comma run of places is an address, each place inside the ones
    written after it, when it ends in a country or is two names after a preposition ("in Lorwick, Conn."),
    and names no country before its last place. A run led in by "and"/"or"/"between", followed by "and"/"or"
    and another place ("Lorwick, Dunmere and Alden"), longer than :data:`_MAX_ADDRESS`, or whose last place
    is a possessor ("in Lorwick, Kestria's envoy") is a list or something else."""
    doc, seen = ctx.doc, set()
    for x, span in enumerate(ctx.spans):
        if span is None or x in seen or ctx.kind(x) != PLACE:
            continue
        run = _place_run(ctx, x)
        seen.update(run)
        if not 2 <= len(run) <= _MAX_ADDRESS:
            continue
        names = [ctx.spans[m] for m in run]
        country = country_of(names[-1].text)
        if any(country_of(n.text) for n in names[:-1]):
            continue
        before = doc[names[0].start - 1] if names[0].start else None
        if before is not None and before.lower_ in ("and", "or", "between", "&"):
            continue
        if not country and (len(run) > 2 or before is None or before.pos_ != "ADP"):
            continue  # "through Lorwick, Dunmere, Alden" is a route
        if any(n.root.dep_ in _SUBJECTS for n in names[1:]):
            continue  # "in Lorwick, Dunmere has ...": a clause begins
        if not _address_ends(ctx, names[-1].end, bool(country)):
            continue
        for k, inner in enumerate(run):
            for outer in run[k + 1:]:
                yield inner, outer, "located in", "located_in", "place-chain", ctx.spans[outer].root


def _address_ends(ctx, end: int, country: bool) -> bool:
    """Whether a run of places ending at token ``end`` ends there, rather than going on as a list ("..., and
    Alden", "... and the northern Alden") or as a possessor ("Kestria's envoy")."""
    doc, k = ctx.doc, end
    if k < len(doc) and doc[k].lower_ in ("'s", "’s"):
        return False
    k += k < len(doc) and doc[k].text == ","
    if k >= len(doc) or doc[k].lower_ not in ("and", "or", "&"):
        return True
    if not country:
        return False  # "over Lorwick, Dunmere and eastern Alden"
    k += 1
    while k < len(doc) and k <= end + 4 and doc[k].pos_ in ("DET", "ADJ") and ctx.at(doc[k]) is None:
        k += 1
    nxt = ctx.at(doc[k]) if k < len(doc) else None
    return nxt is None or ctx.kind(nxt) != PLACE


def _bracketed_country(ctx) -> Iterator[tuple]:
    """ "Acme Tools (Kestria)", "Lorwick (Kestria)": a country in brackets right after the name."""
    doc = ctx.doc
    for x, span in enumerate(ctx.spans):
        if span is None or ctx.kind(x) not in (PLACE, ORG) or span.end + 2 >= len(doc) or doc[span.end].text != "(":
            continue
        y = ctx.at(doc[span.end + 1])
        if y is None or y == x or ctx.kind(y) != PLACE or ctx.spans[y].start != span.end + 1:
            continue
        close = ctx.spans[y].end
        if close < len(doc) and doc[close].text == ")" and country_of(ctx.spans[y].text) and not country_of(span.text):
            relation = "located_in" if ctx.kind(x) == PLACE else "based_in"
            yield x, y, relation.replace("_", " "), relation, "place-chain", ctx.spans[y].root


def _capital_of(ctx) -> Iterator[tuple]:
    """ "Lorwick, the capital of Kestria", "Lorwick, a town in Dunmere" read from the words, for when the
    parser hangs the place noun on something else; a plural ("capitals of") describes no one place."""
    doc = ctx.doc
    for x, span in enumerate(ctx.spans):
        if span is None or ctx.kind(x) != PLACE or span.end + 3 >= len(doc) or doc[span.end].text != ",":
            continue
        k = span.end + 1
        while k < min(len(doc), span.end + 5) and doc[k].pos_ in ("DET", "ADJ", "NUM") and ctx.at(doc[k]) is None:
            k += 1
        if k + 2 >= len(doc) or _lemma(doc[k]) not in _PLACE_NOUNS or doc[k].tag_ in ("NNS", "NNPS") \
                or doc[k + 1].lower_ not in ("of", "in"):
            continue
        k += 2
        if doc[k].lower_ == "the":
            k += 1
        y = ctx.at(doc[k]) if k < len(doc) else None
        if y is not None and y != x and ctx.kind(y) == PLACE and ctx.spans[y].start == k \
                and not country_of(span.text):
            yield x, y, "located in", "located_in", "place-chain", doc[k]


#: Relations that carry over from a place to the place it lies in ("born in Lorwick, Kestria": in Kestria too).
_THROUGH = frozenset({"located_in", "based_in", "lives_in", "born_in"})


def _through(ctx, found: dict) -> None:
    """One sentence, places inside places: "X in Y" and "Y in Z" put X in Z as well (a place, an
    organisation based there, a person living or born there), read where "X in Y" is said."""
    inside: dict[int, list[int]] = {}
    for y, z, relation in found:
        if relation == "located_in" and ctx.kind(y) == PLACE and ctx.kind(z) == PLACE:
            inside.setdefault(y, []).append(z)
    for (x, y, relation), (_, _, predicate, _, _, anchor) in list(found.items()):
        if relation not in _THROUGH:
            continue
        for z in inside.get(y, ()):
            if z != x and (x, z, relation) not in found:
                found[(x, z, relation)] = [x, z, predicate, relation, ["place-chain"], anchor]


RULES = (_appos_role, _possessive_appos, _copular_role, _title_role, _of_relation, _svo, _verb_prep, _kinship,
         _nominal_killing, _address, _bracketed_country, _capital_of)


# ---------------------------------------------------------------- flags

def _clause_chain(tok):
    """The token and its ancestors up to the sentence root."""
    yield tok
    yield from tok.ancestors


def _copular_chain(anchor) -> tuple:
    """For a role read as the complement of "be" ("X is (not) a member of Y", "X, who may be its leader"):
    the noun and its copula, and the verb the copula depends on ("is believed to be"); else ``()``.
    An apposition's noun has no copula: "X, a member of Y, did not speak" does not negate the membership."""
    cop = anchor.head
    if anchor.dep_ not in ("attr", "acomp") or cop is anchor or _lemma(cop) != "be":
        return ()
    return (anchor, cop, cop.head) if cop.dep_ == "xcomp" and cop.head is not cop else (anchor, cop)


def _negated(chain) -> bool:
    for tok in chain:
        if any(c.dep_ == "neg" for c in tok.children) or _lemma(tok) in _NEGATORS:
            return True
    return False


CLAUSAL_RULES = {"subject-verb-object", "verb-preposition", "nominal-killing", "copular-role"}


def _hedged(chain, ctx, x, y, *, verbs: bool) -> bool:
    for tok in chain:
        for c in tok.children:
            if c.dep_ == "aux" and c.lower_ in _HEDGE_MODALS:
                return True
            if c.dep_ == "advmod" and c.lower_ in _HEDGE_ADVERBS:
                return True
            if c.dep_ == "amod" and c.lower_ in _HEDGE_ADJECTIVES:
                return True
        if verbs and tok.pos_ == "VERB" and _lemma(tok) in _HEDGE_VERBS:
            return True
    for m in (x, y):
        span = ctx.spans[m]
        if span is not None and span.start > 0 and ctx.doc[span.start - 1].lower_ in _HEDGE_ADJECTIVES:
            return True
    return False


def _phrase(tok) -> str:
    """A short phrase for a source: the noun and the words before it ("Turkish prosecutors")."""
    left = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "det", "poss", "nmod", "nummod")]
    start = left[0].i if left else tok.i
    words = tok.doc[start:tok.i + 1]
    return words.text if words[0].lower_ not in ("the", "a", "an") else words[1:].text


def _attribution(anchor, x, y, ctx, *, clausal: bool = True) -> str:
    sent = anchor.sent
    for tok in sent:  # "according to X"
        if tok.lower_ == "according":
            for to in tok.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return _phrase(pobj)
    for tok in _clause_chain(anchor) if clausal else ():
        if tok is anchor:
            continue
        if tok.pos_ in ("VERB", "AUX") and _lemma(tok) in _SPEECH:
            for c in tok.children:
                if c.dep_ == "nsubj" and c.i not in {t.i for m in (x, y) for t in (ctx.spans[m] or [])}:
                    if c.lower_ in ("he", "she", "they", "it", "who", "which"):
                        continue
                    return _phrase(c)
    return ""


def rule_relations(ctx) -> list[tuple[int, int, str, str, tuple[str, ...], object]]:
    """Relations the rules find in one parsed segment, in rule order: ``(subject, object, predicate,
    relation, rule ids, anchor token)``, one per (subject, object, relation) with every rule that found it."""
    found: dict[tuple[int, int, str], list] = {}
    types = relation_types()
    for rule in RULES:
        for x, y, predicate, relation, rule_id, anchor in rule(ctx):
            if x == y or not types[relation].fits(ctx.kind(x), ctx.kind(y)):
                continue  # the schema's ends for the relation ("married" joins two people)
            sx, sy = ctx.spans[x], ctx.spans[y]
            if sx is None or sy is None or sx.sent.start != sy.sent.start:
                continue
            key = (x, y, relation)
            if key in found:
                if rule_id not in found[key][4]:
                    found[key][4].append(rule_id)
                continue
            found[key] = [x, y, predicate, relation, [rule_id], anchor]
    _through(ctx, found)
    return [(x, y, p, r, tuple(ids), a) for x, y, p, r, ids, a in found.values()]


def flags(anchor, ctx, x: int, y: int, *, clausal: bool) -> tuple[bool, bool, str]:
    """``(negated, hedged, attributed_to)`` of a relation between mentions ``x`` and ``y`` read at ``anchor``.

    A clause (``clausal``) is read up its verbs to the sentence root; a role noun only where it sits, or,
    when it is the complement of "be", with its copula (:func:`_copular_chain`)."""
    copula = () if clausal else _copular_chain(anchor)
    chain = tuple(_clause_chain(anchor)) if clausal else copula or (anchor,)
    verbs = clausal or bool(copula)  # a bare role noun carries no verb to negate or hedge it
    return (verbs and _negated(chain), _hedged(chain, ctx, x, y, verbs=verbs),
            _attribution(anchor, x, y, ctx, clausal=clausal))
