"""Relation rules on hand-built parses: each rule fires on the tree it is written for, and not on a near miss."""

from spacy.tokens import Doc

from kg.relations import relations_of

KINDS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "NORP": "PLACE"}


def found_in(vocab, words, heads, deps, ents, *, lemmas=None, pos=None, tags=None):
    """The entity spans of a hand-built parse and the relations the rules find between them."""
    doc = Doc(vocab, words=words, heads=heads, deps=deps, ents=ents, lemmas=lemmas, pos=pos, tags=tags)
    spans = list(doc.ents)
    return spans, relations_of(doc, spans, [KINDS[s.label_] for s in spans], model=None)


def rels(vocab, words, heads, deps, ents, **kw):
    spans, found = found_in(vocab, words, heads, deps, ents, **kw)
    return [(spans[r.subject].text, r.relation, spans[r.object].text, r.rules[0] if r.rules else "", r.negated, r.hedged, r.attributed_to)
            for r in found]


def test_appositive_role(vocab):
    words = ["Aaron", "Stein", ",", "a", "specialist", "at", "the", "Atlantic", "Council"]
    heads = [1, 1, 1, 4, 1, 4, 8, 8, 5]
    deps = ["compound", "ROOT", "punct", "det", "appos", "prep", "det", "compound", "pobj"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-ORG", "I-ORG"]
    assert rels(vocab, words, heads, deps, ents) == [
        ("Aaron Stein", "works_for", "Atlantic Council", "appos-role", False, False, "")]


def test_appositive_without_a_role_noun_gives_nothing(vocab):
    words = ["Aaron", "Stein", ",", "a", "critic", "of", "the", "Atlantic", "Council"]
    heads = [1, 1, 1, 4, 1, 4, 8, 8, 5]
    deps = ["compound", "ROOT", "punct", "det", "appos", "prep", "det", "compound", "pobj"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-ORG", "I-ORG"]
    assert rels(vocab, words, heads, deps, ents) == []


def test_title_compound(vocab):
    words = ["ISIS", "leader", "Abu", "Bakr", "died"]
    heads = [1, 3, 3, 4, 4]
    deps = ["compound", "compound", "compound", "nsubj", "ROOT"]
    ents = ["B-ORG", "O", "B-PERSON", "I-PERSON", "O"]
    assert rels(vocab, words, heads, deps, ents) == [("Abu Bakr", "leader_of", "ISIS", "title-role", False, False, "")]


def test_topic_title_is_no_residence(vocab):
    words = ["Turkey", "analyst", "John", "Smith", "said"]
    heads = [1, 3, 3, 4, 4]
    deps = ["compound", "compound", "compound", "nsubj", "ROOT"]
    ents = ["B-GPE", "O", "B-PERSON", "I-PERSON", "O"]
    assert rels(vocab, words, heads, deps, ents) == []


def test_subject_verb_object_with_negation_and_hedging(vocab):
    words = ["McGurk", "accused", "Turkey"]
    out = rels(vocab, words, [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["B-PERSON", "O", "B-GPE"],
               lemmas=["McGurk", "accuse", "Turkey"], pos=["PROPN", "VERB", "PROPN"])
    assert out == [("McGurk", "accused", "Turkey", "subject-verb-object", False, False, "")]
    words = ["Turkey", "did", "not", "support", "ISIS"]
    out = rels(vocab, words, [3, 3, 3, 3, 3], ["nsubj", "aux", "neg", "ROOT", "dobj"], ["B-GPE", "O", "O", "O", "B-ORG"],
               lemmas=["Turkey", "do", "not", "support", "ISIS"], pos=["PROPN", "AUX", "PART", "VERB", "PROPN"])
    assert out == [("Turkey", "supported", "ISIS", "subject-verb-object", True, False, "")]
    words = ["ISIS", "may", "attack", "Paris"]
    out = rels(vocab, words, [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], ["B-ORG", "O", "O", "B-GPE"],
               lemmas=["ISIS", "may", "attack", "Paris"], pos=["PROPN", "AUX", "VERB", "PROPN"])
    assert out == [("ISIS", "attacked", "Paris", "subject-verb-object", False, True, "")]


def test_verb_outside_the_lexicon_gives_nothing(vocab):
    out = rels(vocab, ["McGurk", "praised", "Turkey"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
               ["B-PERSON", "O", "B-GPE"], lemmas=["McGurk", "praise", "Turkey"], pos=["PROPN", "VERB", "PROPN"])
    assert out == []


def test_passive_with_agent(vocab):
    words = ["Oswald", "was", "shot", "by", "Ruby"]
    out = rels(vocab, words, [2, 2, 2, 2, 3], ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"],
               ["B-PERSON", "O", "O", "O", "B-PERSON"], lemmas=["Oswald", "be", "shoot", "by", "Ruby"],
               pos=["PROPN", "AUX", "VERB", "ADP", "PROPN"])
    assert out == [("Ruby", "killed", "Oswald", "subject-verb-object", False, False, "")]


def test_verb_with_preposition_needs_a_place(vocab):
    words = ["Mostefai", "travelled", "to", "Turkey"]
    heads, deps = [1, 1, 1, 2], ["nsubj", "ROOT", "prep", "pobj"]
    lemmas, pos = ["Mostefai", "travel", "to", "Turkey"], ["PROPN", "VERB", "ADP", "PROPN"]
    assert rels(vocab, words, heads, deps, ["B-PERSON", "O", "O", "B-GPE"], lemmas=lemmas, pos=pos) == [
        ("Mostefai", "travelled_to", "Turkey", "verb-preposition", False, False, "")]
    assert rels(vocab, words, heads, deps, ["B-PERSON", "O", "O", "B-ORG"], lemmas=lemmas, pos=pos) == []


def test_person_of_place_and_place_chain(vocab):
    words = ["Brian", "Michaud", "of", "Bethany", ",", "Conn."]
    heads = [1, 1, 1, 2, 3, 3]
    deps = ["compound", "ROOT", "prep", "pobj", "punct", "appos"]
    ents = ["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "B-GPE"]
    out = rels(vocab, words, heads, deps, ents)
    assert ("Bethany", "located_in", "Conn.", "place-in-place", False, False, "") in out
    assert ("Brian Michaud", "lives_in", "Bethany", "of-relation", False, False, "") in out
    assert ("Brian Michaud", "lives_in", "Conn.", "of-relation", False, False, "") in out


def test_a_list_of_places_is_no_chain(vocab):
    words = ["Kazakhstan", ",", "Kyrgyzstan", "and", "Tajikistan"]
    heads = [0, 0, 0, 2, 2]
    deps = ["ROOT", "punct", "appos", "cc", "conj"]
    ents = ["B-GPE", "O", "B-GPE", "O", "B-GPE"]
    assert rels(vocab, words, heads, deps, ents) == []


def test_an_address_ending_in_a_country_is_a_chain_however_it_is_parsed(vocab):
    # "Mara Lind was born in Lorwick, Dunmere, Portugal." with the places parsed as a list (conj), as small
    # parsers often do: each place lies in the ones after it, and she was born in all three
    words = ["Mara", "Lind", "was", "born", "in", "Lorwick", ",", "Dunmere", ",", "Portugal", "."]
    heads = [1, 3, 3, 3, 3, 4, 5, 5, 7, 7, 3]
    deps = ["compound", "nsubjpass", "auxpass", "ROOT", "prep", "pobj", "punct", "conj", "punct", "conj", "punct"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "B-GPE", "O", "B-GPE", "O", "B-GPE", "O"]
    pos = ["PROPN", "PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "PUNCT"]
    lemmas = ["Mara", "Lind", "be", "bear", "in", "Lorwick", ",", "Dunmere", ",", "Portugal", "."]
    out = {(a, r, b, rule) for a, r, b, rule, *_ in rels(vocab, words, heads, deps, ents, lemmas=lemmas, pos=pos)}
    assert {("Lorwick", "located_in", "Dunmere", "place-chain"), ("Lorwick", "located_in", "Portugal", "place-chain"),
            ("Dunmere", "located_in", "Portugal", "place-chain")} <= out
    born = {b for a, r, b, _ in out if a == "Mara Lind"}
    assert born == {"Lorwick", "Dunmere", "Portugal"}  # through the address the sentence gives
    assert {r for a, r, b, _ in out if a == "Mara Lind"} == {"lives_in"}


def _place_run(vocab, words, before_pos):
    """``words`` after a first word of part of speech ``before_pos``, each hung on the word before it (the
    rule reads the words, not this chain); capitalised words are places."""
    heads = [0, *range(len(words) - 1)]
    deps = ["ROOT"] + ["punct" if w == "," else "conj" if w not in ("and", "or") else "cc" for w in words[1:]]
    ents = ["B-GPE" if w[0].isupper() else "O" for w in words]
    ents[0] = "O"
    pos = [before_pos] + ["PUNCT" if w == "," else "CCONJ" if w in ("and", "or") else "PROPN" for w in words[1:]]
    return rels(vocab, words, heads, deps, ents, pos=pos)


def test_lists_and_routes_of_places_are_no_chain(vocab):
    # a conjunction before another place makes a list, even after a preposition
    assert _place_run(vocab, ["in", "Lorwick", ",", "Dunmere", "and", "Alden"], "ADP") == []
    assert _place_run(vocab, ["in", "Lorwick", ",", "Dunmere", ",", "and", "Portugal"], "ADP") == []
    # three names with no country at the end: a route or a list ("through Lorwick, Dunmere, Alden")
    assert _place_run(vocab, ["through", "Lorwick", ",", "Dunmere", ",", "Alden"], "ADP") == []
    # two names after a preposition are an address ("in Lorwick, Dunmere"), not after a verb
    assert [r[:3] for r in _place_run(vocab, ["in", "Lorwick", ",", "Dunmere"], "ADP")] == [
        ("Lorwick", "located_in", "Dunmere")]
    assert _place_run(vocab, ["visited", "Lorwick", ",", "Dunmere"], "VERB") == []
    # ... unless a conjunction goes on with the list: "over Lorwick, Dunmere and the coast"
    assert _place_run(vocab, ["over", "Lorwick", ",", "Dunmere", "and", "the", "coast"], "ADP") == []
    # two countries are neighbours, never one inside the other
    assert _place_run(vocab, ["in", "Portugal", ",", "Spain"], "ADP") == []


def test_a_country_as_possessor_ends_no_address(vocab):
    # "... in Lorwick, Portugal's envoy said": Portugal owns the envoy; Lorwick is not said to lie in it
    words = ["in", "Lorwick", ",", "Portugal", "'s", "envoy", "said"]
    heads = [6, 0, 1, 5, 3, 6, 6]
    deps = ["prep", "pobj", "punct", "poss", "case", "nsubj", "ROOT"]
    ents = ["O", "B-GPE", "O", "B-GPE", "O", "O", "O"]
    pos = ["ADP", "PROPN", "PUNCT", "PROPN", "PART", "NOUN", "VERB"]
    assert not [r for r in rels(vocab, words, heads, deps, ents, pos=pos) if r[3] == "place-chain"]


def test_a_country_in_brackets_after_a_name(vocab):
    # "transfers from Acme Tools (Portugal) and Lorwick (Portugal)": based in / located in the country
    words = ["from", "Acme", "Tools", "(", "Portugal", ")", "and", "Lorwick", "(", "Portugal", ")"]
    heads = [0, 2, 0, 4, 2, 4, 2, 2, 9, 7, 9]
    deps = ["ROOT", "compound", "pobj", "punct", "appos", "punct", "cc", "conj", "punct", "appos", "punct"]
    ents = ["O", "B-ORG", "I-ORG", "O", "B-GPE", "O", "O", "B-GPE", "O", "B-GPE", "O"]
    out = {r[:4] for r in rels(vocab, words, heads, deps, ents)}
    assert ("Acme Tools", "based_in", "Portugal", "place-chain") in out
    assert ("Lorwick", "located_in", "Portugal", "place-chain") in out
    # a bracket that names no country ("Dunmere (Alden)", "(AP)") says nothing
    words = ["Acme", "Tools", "(", "Alden", ")"]
    assert rels(vocab, words, [1, 1, 3, 1, 3], ["compound", "ROOT", "punct", "appos", "punct"],
                ["B-ORG", "I-ORG", "O", "B-GPE", "O"]) == []


def test_the_capital_of_a_country_read_from_the_words(vocab):
    # "a monument in Lorwick, capital of Portugal": the parser hangs "capital" on "monument"
    words = ["a", "monument", "in", "Lorwick", ",", "capital", "of", "Portugal"]
    heads = [1, 1, 1, 2, 1, 1, 5, 6]
    deps = ["det", "ROOT", "prep", "pobj", "punct", "appos", "prep", "pobj"]
    ents = ["O", "O", "O", "B-GPE", "O", "O", "O", "B-GPE"]
    pos = ["DET", "NOUN", "ADP", "PROPN", "PUNCT", "NOUN", "ADP", "PROPN"]
    lemmas = ["a", "monument", "in", "Lorwick", ",", "capital", "of", "Portugal"]
    assert [r[:4] for r in rels(vocab, words, heads, deps, ents, pos=pos, lemmas=lemmas)] == [
        ("Lorwick", "located_in", "Portugal", "place-chain")]
    # the plural is a list of places, not a description of this one ("Lorwick, capitals of ...")
    words[5] = "capitals"
    tags = ["DT", "NN", "IN", "NNP", ",", "NNS", "IN", "NNP"]
    assert rels(vocab, words, heads, deps, ents, pos=pos, lemmas=lemmas, tags=tags) == []


def test_kinship_and_its_near_miss(vocab):
    words = ["Ibrahim", "and", "his", "brother", "Khalid"]
    heads = [0, 0, 3, 0, 3]
    deps = ["ROOT", "cc", "poss", "conj", "appos"]
    ents = ["B-PERSON", "O", "O", "O", "B-PERSON"]
    assert rels(vocab, words, heads, deps, ents, lemmas=["Ibrahim", "and", "his", "brother", "Khalid"]) == [
        ("Ibrahim", "family", "Khalid", "kinship", False, False, "")]
    words[3] = "friend"
    assert rels(vocab, words, heads, deps, ents, lemmas=["Ibrahim", "and", "his", "friend", "Khalid"]) == []


def test_a_wife_or_a_marriage_is_a_spouse(vocab):
    # "Omar and his wife Mara": the kin word names a spouse, not any relative
    words = ["Omar", "and", "his", "wife", "Mara"]
    lemmas = ["Omar", "and", "his", "wife", "Mara"]
    assert rels(vocab, words, [0, 0, 3, 0, 3], ["ROOT", "cc", "poss", "conj", "appos"],
                ["B-PERSON", "O", "O", "O", "B-PERSON"], lemmas=lemmas) == [
        ("Omar", "spouse", "Mara", "kinship", False, False, "")]
    # "Mara Lind married Omar Haddad"
    words = ["Mara", "Lind", "married", "Omar", "Haddad"]
    out = rels(vocab, words, [1, 2, 2, 4, 2], ["compound", "nsubj", "ROOT", "compound", "dobj"],
               ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON"], lemmas=["Mara", "Lind", "marry", "Omar", "Haddad"],
               pos=["PROPN", "PROPN", "VERB", "PROPN", "PROPN"])
    assert out == [("Mara Lind", "spouse", "Omar Haddad", "subject-verb-object", False, False, "")]
    # "Mara is married to Omar": the adjective after "is" reads like the verb
    words = ["Mara", "is", "married", "to", "Omar"]
    out = rels(vocab, words, [1, 1, 1, 2, 3], ["nsubj", "ROOT", "acomp", "prep", "pobj"],
               ["B-PERSON", "O", "O", "O", "B-PERSON"], lemmas=["Mara", "be", "married", "to", "Omar"],
               pos=["PROPN", "AUX", "ADJ", "ADP", "PROPN"])
    assert out == [("Mara", "spouse", "Omar", "verb-preposition", False, False, "")]
    # only people marry: "Acme Holdings married its rival Kestrel Tools" states no spouse
    words = ["Acme", "Holdings", "married", "Kestrel", "Tools"]
    assert rels(vocab, words, [1, 2, 2, 4, 2], ["compound", "nsubj", "ROOT", "compound", "dobj"],
                ["B-ORG", "I-ORG", "O", "B-ORG", "I-ORG"], lemmas=["Acme", "Holdings", "marry", "Kestrel", "Tools"],
                pos=["PROPN", "PROPN", "VERB", "PROPN", "PROPN"]) == []


def test_possessive_apposition(vocab):
    words = ["Bosnia", "'s", "capital", ",", "Sarajevo"]
    heads = [2, 0, 2, 2, 2]
    deps = ["poss", "case", "ROOT", "punct", "appos"]
    ents = ["B-GPE", "O", "O", "O", "B-GPE"]
    assert rels(vocab, words, heads, deps, ents, lemmas=["Bosnia", "'s", "capital", ",", "Sarajevo"]) == [
        ("Sarajevo", "located_in", "Bosnia", "possessive", False, False, "")]


def test_nominal_killing(vocab):
    words = ["the", "assassination", "of", "Kennedy", "by", "Oswald"]
    heads = [1, 1, 1, 2, 1, 4]
    deps = ["det", "ROOT", "prep", "pobj", "prep", "pobj"]
    ents = ["O", "O", "O", "B-PERSON", "O", "B-PERSON"]
    out = rels(vocab, words, heads, deps, ents, pos=["DET", "NOUN", "ADP", "PROPN", "ADP", "PROPN"])
    assert out == [("Oswald", "killed", "Kennedy", "nominal-killing", False, False, "")]


def test_attribution_according_to(vocab):
    words = ["McGurk", "accused", "Turkey", ",", "according", "to", "prosecutors"]
    heads = [1, 1, 1, 1, 1, 4, 5]
    deps = ["nsubj", "ROOT", "dobj", "punct", "prep", "prep", "pobj"]
    out = rels(vocab, words, heads, deps, ["B-PERSON", "O", "B-GPE", "O", "O", "O", "O"],
               lemmas=["McGurk", "accuse", "Turkey", ",", "accord", "to", "prosecutor"],
               pos=["PROPN", "VERB", "PROPN", "PUNCT", "VERB", "ADP", "NOUN"])
    assert out == [("McGurk", "accused", "Turkey", "subject-verb-object", False, False, "prosecutors")]


def test_attribution_by_a_speech_verb(vocab):
    words = ["Prosecutors", "say", "Durmaz", "founded", "ISIS"]
    heads = [1, 1, 3, 1, 3]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "dobj"]
    out = rels(vocab, words, heads, deps, ["O", "O", "B-PERSON", "O", "B-ORG"],
               lemmas=["prosecutor", "say", "Durmaz", "found", "ISIS"], pos=["NOUN", "VERB", "PROPN", "VERB", "PROPN"])
    assert out == [("Durmaz", "founded", "ISIS", "subject-verb-object", False, False, "Prosecutors")]


def test_no_relations_without_a_parse(vocab):
    doc = Doc(vocab, words=["McGurk", "accused", "Turkey"], ents=["B-PERSON", "O", "B-GPE"])
    assert relations_of(doc, list(doc.ents), ["PERSON", "PLACE"]) == []


def _sorted_rels(vocab, words, heads, deps, ents, **kw):
    return sorted(rels(vocab, words, heads, deps, ents, **kw))


def test_the_people_a_plural_kin_word_lists_are_relatives_of_one_another(vocab):
    # "They have three children: Paul Berger, Anna Berger and Lukas Berger" as en_core_web_sm parses it:
    # each name hangs on the one before it
    words = ["They", "have", "three", "children", ":", "Paul", "Berger", ",", "Anna", "Berger", "and", "Lukas",
             "Berger"]
    heads = [1, 1, 3, 1, 1, 6, 3, 6, 9, 6, 9, 12, 9]
    deps = ["nsubj", "ROOT", "nummod", "dobj", "punct", "compound", "appos", "punct", "compound", "appos", "cc",
            "compound", "conj"]
    ents = ["O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON"]
    lemmas = ["they", "have", "three", "child", ":", "Paul", "Berger", ",", "Anna", "Berger", "and", "Lukas", "Berger"]
    tags = ["PRP", "VBP", "CD", "NNS", ":", "NNP", "NNP", ",", "NNP", "NNP", "CC", "NNP", "NNP"]
    assert _sorted_rels(vocab, words, heads, deps, ents, lemmas=lemmas, tags=tags) == [
        ("Anna Berger", "family", "Lukas Berger", "kinship", False, False, ""),
        ("Paul Berger", "family", "Anna Berger", "kinship", False, False, ""),
        ("Paul Berger", "family", "Lukas Berger", "kinship", False, False, "")]
    # near miss: "three friends" lists no relatives
    lemmas[3] = words[3] = "friends"
    assert rels(vocab, words, heads, deps, ents, lemmas=lemmas, tags=tags) == []


def test_a_parent_who_has_sons(vocab):
    # "Paul Berger has two sons, Tom and Max"
    words = ["Paul", "Berger", "has", "two", "sons", ",", "Tom", "and", "Max"]
    heads = [1, 2, 2, 4, 2, 4, 4, 6, 6]
    deps = ["compound", "nsubj", "ROOT", "nummod", "dobj", "punct", "appos", "cc", "conj"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-PERSON", "O", "B-PERSON"]
    lemmas = ["Paul", "Berger", "have", "two", "son", ",", "Tom", "and", "Max"]
    tags = ["NNP", "NNP", "VBZ", "CD", "NNS", ",", "NNP", "CC", "NNP"]
    assert _sorted_rels(vocab, words, heads, deps, ents, lemmas=lemmas, tags=tags) == [
        ("Paul Berger", "family", "Max", "kinship", False, False, ""),
        ("Paul Berger", "family", "Tom", "kinship", False, False, ""),
        ("Tom", "family", "Max", "kinship", False, False, "")]
    # one son named: no sibling to pair him with, still his father's son
    words[4], lemmas[4], tags[4] = "son", "son", "NN"
    assert _sorted_rels(vocab, words, heads, deps, ents, lemmas=lemmas, tags=tags) == [
        ("Paul Berger", "family", "Max", "kinship", False, False, ""),
        ("Paul Berger", "family", "Tom", "kinship", False, False, "")]


def test_a_role_as_the_subject_of_be(vocab):
    # "The first president of Dunmere was (not) Mara Lind"
    words = ["The", "first", "president", "of", "Dunmere", "was", "Mara", "Lind"]
    heads = [2, 2, 5, 2, 3, 5, 7, 5]
    deps = ["det", "amod", "nsubj", "prep", "pobj", "ROOT", "compound", "attr"]
    ents = ["O", "O", "O", "O", "B-GPE", "O", "B-PERSON", "I-PERSON"]
    lemmas = ["the", "first", "president", "of", "Dunmere", "be", "Mara", "Lind"]
    pos = ["DET", "ADJ", "NOUN", "ADP", "PROPN", "AUX", "PROPN", "PROPN"]
    assert rels(vocab, words, heads, deps, ents, lemmas=lemmas, pos=pos) == [
        ("Mara Lind", "leader_of", "Dunmere", "copular-role", False, False, "")]
    negated = rels(vocab, [*words[:6], "not", *words[6:]], [2, 2, 5, 2, 3, 5, 5, 8, 5],
                   [*deps[:6], "neg", *deps[6:]], [*ents[:6], "O", *ents[6:]],
                   lemmas=[*lemmas[:6], "not", *lemmas[6:]], pos=[*pos[:6], "PART", *pos[6:]])
    assert negated == [("Mara Lind", "leader_of", "Dunmere", "copular-role", True, False, "")]
    # near miss: "The winner of Dunmere's race was Mara Lind" names an event's role, no relation
    lemmas[2] = words[2] = "winner"
    assert rels(vocab, words, heads, deps, ents, lemmas=lemmas, pos=pos) == []


def test_a_role_whose_name_the_parser_hangs_on_the_organisation(vocab):
    # "The chief executive of Acme Corp, John Smith, resigned": en_core_web_sm makes Smith Corp's apposition
    words = ["The", "chief", "executive", "of", "Acme", "Corp", ",", "John", "Smith", ",", "resigned"]
    heads = [2, 2, 10, 2, 5, 3, 5, 8, 5, 5, 10]
    deps = ["det", "amod", "nsubj", "prep", "compound", "pobj", "punct", "compound", "appos", "punct", "ROOT"]
    ents = ["O", "O", "O", "O", "B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O"]
    lemmas = ["the", "chief", "executive", "of", "Acme", "Corp", ",", "John", "Smith", ",", "resign"]
    pos = ["DET", "ADJ", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB"]
    spans, found = found_in(vocab, words, heads, deps, ents, lemmas=lemmas, pos=pos)
    assert [(spans[r.subject].text, r.predicate, r.relation, spans[r.object].text, r.rules) for r in found] == [
        ("John Smith", "chief executive of", "leader_of", "Acme Corp", ("possessive",))]
    # near miss: "The head of Acme Corp, John Smith and Mara Lind met" may list three parties
    words = ["The", "head", "of", "Acme", "Corp", ",", "John", "Smith", "and", "Mara", "Lind", "met"]
    heads = [1, 11, 1, 4, 2, 4, 7, 4, 7, 10, 7, 11]
    deps = ["det", "nsubj", "prep", "compound", "pobj", "punct", "compound", "appos", "cc", "compound", "conj", "ROOT"]
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O"]
    lemmas = ["the", "head", "of", "Acme", "Corp", ",", "John", "Smith", "and", "Mara", "Lind", "meet"]
    pos = ["DET", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB"]
    assert rels(vocab, words, heads, deps, ents, lemmas=lemmas, pos=pos) == []


def test_kin_words_after_a_name_belong_to_it(vocab):
    # "Paul Berger, his wife Anna and their son Max left": both kin words hang on the name
    words = ["Paul", "Berger", ",", "his", "wife", "Anna", "and", "their", "son", "Max", "left"]
    heads = [1, 10, 1, 4, 1, 4, 4, 8, 4, 8, 10]
    deps = ["compound", "nsubj", "punct", "poss", "appos", "appos", "cc", "poss", "conj", "appos", "ROOT"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "O", "O", "O", "B-PERSON", "O"]
    lemmas = ["Paul", "Berger", ",", "his", "wife", "Anna", "and", "their", "son", "Max", "leave"]
    assert _sorted_rels(vocab, words, heads, deps, ents, lemmas=lemmas) == [
        ("Paul Berger", "family", "Max", "kinship", False, False, ""),
        ("Paul Berger", "spouse", "Anna", "kinship", False, False, "")]
    # near miss: "He met Paul Berger, his brother": the name is the brother, no second person
    words = ["He", "met", "Paul", "Berger", ",", "his", "brother"]
    assert rels(vocab, words, [1, 1, 3, 1, 3, 6, 3], ["nsubj", "ROOT", "compound", "dobj", "punct", "poss", "appos"],
                ["O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"],
                lemmas=["he", "meet", "Paul", "Berger", ",", "his", "brother"]) == []


def test_people_said_to_be_brothers_and_the_negated_near_miss(vocab):
    # "Omar Haddad and Sami Haddad are brothers"; "... are not brothers" states the opposite
    words = ["Omar", "Haddad", "and", "Sami", "Haddad", "are", "brothers"]
    heads = [1, 5, 1, 4, 1, 5, 5]
    deps = ["compound", "nsubj", "cc", "compound", "conj", "ROOT", "attr"]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"]
    lemmas = ["Omar", "Haddad", "and", "Sami", "Haddad", "be", "brother"]
    tags = ["NNP", "NNP", "CC", "NNP", "NNP", "VBP", "NNS"]
    assert rels(vocab, words, heads, deps, ents, lemmas=lemmas, tags=tags) == [
        ("Omar Haddad", "family", "Sami Haddad", "kinship", False, False, "")]
    assert rels(vocab, [*words[:6], "not", "brothers"], [1, 5, 1, 4, 1, 5, 5, 5], [*deps[:6], "neg", "attr"],
                [*ents, "O"], lemmas=[*lemmas[:6], "not", "brother"], tags=[*tags[:6], "RB", "NNS"]) == []


def test_a_role_after_be_reads_negation_and_hedging_from_its_copula(vocab):
    # "Paul Berger is (not) a member of Acme", "Paul Berger may be a member of Acme"
    words = ["Paul", "Berger", "is", "not", "a", "member", "of", "Acme"]
    heads = [1, 2, 2, 2, 5, 2, 5, 6]
    deps = ["compound", "nsubj", "ROOT", "neg", "det", "attr", "prep", "pobj"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-ORG"]
    lemmas = ["Paul", "Berger", "be", "not", "a", "member", "of", "Acme"]
    pos = ["PROPN", "PROPN", "AUX", "PART", "DET", "NOUN", "ADP", "PROPN"]
    assert rels(vocab, words, heads, deps, ents, lemmas=lemmas, pos=pos) == [
        ("Paul Berger", "member_of", "Acme", "appos-role", True, False, "")]
    keep = [0, 1, 2, 4, 5, 6, 7]  # without "not"
    assert rels(vocab, [words[k] for k in keep], [1, 2, 2, 4, 2, 4, 5], [deps[k] for k in keep],
                [ents[k] for k in keep], lemmas=[lemmas[k] for k in keep], pos=[pos[k] for k in keep]) == [
        ("Paul Berger", "member_of", "Acme", "appos-role", False, False, "")]
    hedged = ["Paul", "Berger", "may", "be", "a", "member", "of", "Acme"]
    assert rels(vocab, hedged, [1, 3, 3, 3, 5, 3, 5, 6], ["compound", "nsubj", "aux", "ROOT", "det", "attr", "prep",
                                                          "pobj"],
                ents, lemmas=["Paul", "Berger", "may", "be", "a", "member", "of", "Acme"],
                pos=["PROPN", "PROPN", "AUX", "AUX", "DET", "NOUN", "ADP", "PROPN"]) == [
        ("Paul Berger", "member_of", "Acme", "appos-role", False, True, "")]


def test_an_apposition_is_not_negated_by_the_verb_of_its_sentence(vocab):
    # "Paul Berger, a member of Acme, did not speak": the membership stands
    words = ["Paul", "Berger", ",", "a", "member", "of", "Acme", ",", "did", "not", "speak"]
    heads = [1, 10, 1, 4, 1, 4, 5, 1, 10, 10, 10]
    deps = ["compound", "nsubj", "punct", "det", "appos", "prep", "pobj", "punct", "aux", "neg", "ROOT"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-ORG", "O", "O", "O", "O"]
    lemmas = ["Paul", "Berger", ",", "a", "member", "of", "Acme", ",", "do", "not", "speak"]
    pos = ["PROPN", "PROPN", "PUNCT", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "AUX", "PART", "VERB"]
    assert rels(vocab, words, heads, deps, ents, lemmas=lemmas, pos=pos) == [
        ("Paul Berger", "member_of", "Acme", "appos-role", False, False, "")]
