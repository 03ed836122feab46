"""Pronoun and description rules on hand-built parses: one fitting antecedent resolves, two refuse."""

from spacy.tokens import Doc

from kg.records import Mention
from kg.relations import relations_of
from kg.relations.references import find_references


def mention(doc, start_tok, end_tok, kind, sentence, label=None):
    span = doc[start_tok:end_tok]
    return Mention("d", span.start_char, span.end_char, span.text, label or kind, kind, sentence)


def sentence_doc(vocab, words, heads, deps, pos, *, tags=None, lemmas=None):
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)


def test_he_refers_to_the_one_person_before(vocab):
    # "Omar Haddad left Lyon. He was detained in Antwerp."
    first = sentence_doc(vocab, ["Omar", "Haddad", "left", "Lyon", "."], [1, 2, 2, 2, 2],
                         ["compound", "nsubj", "ROOT", "dobj", "punct"], ["PROPN", "PROPN", "VERB", "PROPN", "PUNCT"])
    second = sentence_doc(vocab, ["He", "was", "detained", "in", "Antwerp", "."], [2, 2, 2, 2, 3, 2],
                          ["nsubjpass", "auxpass", "ROOT", "prep", "pobj", "punct"],
                          ["PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
                          lemmas=["he", "be", "detain", "in", "Antwerp", "."])
    offset = len(first.text) + 1
    mentions = [mention(first, 0, 2, "PERSON", 0), mention(first, 3, 4, "PLACE", 1 - 1)]
    antwerp = second[4:5]
    mentions.append(Mention("d", offset + antwerp.start_char, offset + antwerp.end_char, "Antwerp", "GPE", "PLACE", 1))
    refs = find_references(second, offset, 1, mentions, ["PERSON", "PLACE", "PLACE"], ["p1", "l1", "l2"], {4})
    assert [(second[r.start:r.end].text, r.type, mentions[r.antecedent].text) for r in refs] == [
        ("He", "PERSON", "Omar Haddad")]
    # the relation the sentence states runs through the pronoun
    found = relations_of(second, [second[4:5], second[0:1]], ["PLACE", "PERSON"], model=None,
                         references=frozenset({1}))
    assert [(f.subject, f.relation, f.object) for f in found] == [(1, "located_in", 0)]


def test_two_people_before_make_he_ambiguous(vocab):
    # "Omar Haddad met Karim Said. He was detained in Antwerp."  -> no antecedent
    first = sentence_doc(vocab, ["Omar", "Haddad", "met", "Karim", "Said", "."], [1, 2, 2, 4, 2, 2],
                         ["compound", "nsubj", "ROOT", "compound", "dobj", "punct"],
                         ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT"])
    second = sentence_doc(vocab, ["He", "was", "detained", "."], [2, 2, 2, 2],
                          ["nsubjpass", "auxpass", "ROOT", "punct"], ["PRON", "AUX", "VERB", "PUNCT"])
    mentions = [mention(first, 0, 2, "PERSON", 0), mention(first, 3, 5, "PERSON", 0)]
    assert find_references(second, len(first.text) + 1, 1, mentions, ["PERSON", "PERSON"], ["p1", "p2"], set()) == []


def test_two_mentions_of_one_person_are_one_candidate(vocab):
    first = sentence_doc(vocab, ["Omar", "Haddad", "said", "Haddad", "left", "."], [1, 2, 2, 4, 2, 2],
                         ["compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
                         ["PROPN", "PROPN", "VERB", "PROPN", "VERB", "PUNCT"])
    second = sentence_doc(vocab, ["She", "left", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"], ["PRON", "VERB", "PUNCT"])
    mentions = [mention(first, 0, 2, "PERSON", 0), mention(first, 3, 4, "PERSON", 0)]
    refs = find_references(second, len(first.text) + 1, 1, mentions, ["PERSON", "PERSON"], ["p1", "p1"], set())
    assert [mentions[r.antecedent].text for r in refs] == ["Haddad"]  # the nearest mention of the one entity


def test_object_pronoun_never_refers_to_its_own_subject(vocab):
    # "Omar Haddad praised him." -> "him" is not Omar Haddad
    doc = sentence_doc(vocab, ["Omar", "Haddad", "praised", "him", "."], [1, 2, 2, 2, 2],
                       ["compound", "nsubj", "ROOT", "dobj", "punct"], ["PROPN", "PROPN", "VERB", "PRON", "PUNCT"])
    mentions = [mention(doc, 0, 2, "PERSON", 0)]
    assert find_references(doc, 0, 0, mentions, ["PERSON"], ["p1"], {0, 1}) == []


def test_possessive_her_is_no_reference(vocab):
    doc = sentence_doc(vocab, ["Ana", "Ruiz", "sold", "her", "house", "."], [1, 2, 2, 4, 2, 2],
                       ["compound", "nsubj", "ROOT", "poss", "dobj", "punct"],
                       ["PROPN", "PROPN", "VERB", "PRON", "NOUN", "PUNCT"])
    assert find_references(doc, 0, 0, [mention(doc, 0, 2, "PERSON", 0)], ["PERSON"], ["p1"], {0, 1}) == []


def test_the_company_refers_to_the_one_organisation(vocab):
    # "Acme Holdings hired staff. The company is based in Leeds."
    first = sentence_doc(vocab, ["Acme", "Holdings", "hired", "staff", "."], [1, 2, 2, 2, 2],
                         ["compound", "nsubj", "ROOT", "dobj", "punct"], ["PROPN", "PROPN", "VERB", "NOUN", "PUNCT"])
    second = sentence_doc(vocab, ["The", "company", "is", "based", "in", "Leeds", "."], [1, 3, 3, 3, 3, 4, 3],
                          ["det", "nsubjpass", "auxpass", "ROOT", "prep", "pobj", "punct"],
                          ["DET", "NOUN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
                          tags=["DT", "NN", "VBZ", "VBN", "IN", "NNP", "."],
                          lemmas=["the", "company", "be", "base", "in", "Leeds", "."])
    mentions = [mention(first, 0, 2, "ORG", 0)]
    refs = find_references(second, len(first.text) + 1, 1, mentions, ["ORG"], ["o1"], {5})
    assert [(second[r.start:r.end].text, r.type) for r in refs] == [("The company", "ORG")]


def test_a_described_company_is_a_new_one(vocab):
    # "the company Zeta" names its own company: no reference
    doc = sentence_doc(vocab, ["Acme", "sued", "the", "company", "Zeta", "."], [1, 1, 3, 1, 3, 1],
                       ["nsubj", "ROOT", "det", "dobj", "appos", "punct"],
                       ["PROPN", "VERB", "DET", "NOUN", "PROPN", "PUNCT"], tags=["NNP", "VBD", "DT", "NN", "NNP", "."])
    assert find_references(doc, 0, 0, [mention(doc, 0, 1, "ORG", 0)], ["ORG"], ["o1"], {0, 4}) == []


def test_the_town_never_stands_for_a_country(vocab):
    # "France sent aid to Lorwick. The town is quiet." / "The country is quiet."
    first = sentence_doc(vocab, ["France", "sent", "aid", "to", "Lorwick", "."], [1, 1, 1, 1, 3, 1],
                         ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
                         ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"])

    def described(noun):
        return sentence_doc(vocab, ["The", noun, "is", "quiet", "."], [1, 2, 2, 2, 2],
                            ["det", "nsubj", "ROOT", "acomp", "punct"], ["DET", "NOUN", "AUX", "ADJ", "PUNCT"],
                            tags=["DT", "NN", "VBZ", "JJ", "."], lemmas=["the", noun, "be", "quiet", "."])

    offset = len(first.text) + 1
    france, lorwick = mention(first, 0, 1, "PLACE", 0), mention(first, 4, 5, "PLACE", 0)
    both = [france, lorwick]

    def antecedents(noun, mentions):
        refs = find_references(described(noun), offset, 1, mentions, ["PLACE"] * len(mentions),
                               [m.text for m in mentions], set())
        return [mentions[r.antecedent].text for r in refs]

    assert antecedents("country", both) == ["France"]  # only a country can be "the country"
    assert antecedents("country", [lorwick]) == []
    assert antecedents("town", [lorwick]) == ["Lorwick"]
    assert antecedents("town", [france]) == []  # a country is no town: left unresolved
    assert antecedents("town", both) == []  # two places before: ambiguous, as before
