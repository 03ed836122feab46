"""Extraction rules on hand-built Docs: each test builds exactly the annotation the rule reads."""

from kg.extract import extract_doc, find_acronyms, mentions_of, sentences_of
from kg.records import Document, Mention

from .conftest import make_doc


def _doc_and_text(vocab, words, **kw):
    doc = make_doc(vocab, words, **kw)
    return doc, doc.text


def test_mentions_keep_verbatim_offsets_and_map_types(vocab):
    doc, text = _doc_and_text(vocab, ["Brett", "McGurk", "visited", "Ankara", "and", "the", "FBI", "."],
                              ents=["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "O", "B-ORG", "O"])
    ms = mentions_of(doc, 0, "d", text)
    assert [(m.text, m.type) for m in ms] == [("Brett McGurk", "PERSON"), ("Ankara", "PLACE"), ("FBI", "ORG")]
    assert all(text[m.start:m.end] == m.text for m in ms)


def test_offsets_shift_by_the_segment_offset(vocab):
    doc, text = _doc_and_text(vocab, ["Ankara", "is", "big", "."], ents=["B-GPE", "O", "O", "O"])
    full = "Title\n\n" + text
    ms = mentions_of(doc, 7, "d", full)
    assert ms[0].start == 7 and full[ms[0].start:ms[0].end] == "Ankara"
    sents = sentences_of(doc, 7, "d", full)
    assert [s.text for s in sents] == [text.strip()] and full[sents[0].start:sents[0].end] == text.strip()


def test_norp_followed_by_proper_nouns_becomes_an_organisation(vocab):
    words = ["The", "Islamic", "State", "claimed", "it", "."]
    doc, text = _doc_and_text(vocab, words, ents=["O", "B-NORP", "O", "O", "O", "O"],
                              pos=["DET", "ADJ", "PROPN", "VERB", "PRON", "PUNCT"])
    ms = mentions_of(doc, 0, "d", text)
    assert [(m.text, m.type) for m in ms] == [("Islamic State", "ORG")]


def test_nationality_in_a_title_names_the_country_and_titles_do_not_extend_it(vocab):
    words = ["Syrian", "President", "Assad", "spoke", "."]
    doc, text = _doc_and_text(vocab, words, ents=["B-NORP", "O", "B-PERSON", "O", "O"],
                              pos=["ADJ", "PROPN", "PROPN", "VERB", "PUNCT"])
    ms = mentions_of(doc, 0, "d", text)
    assert [(m.text, m.type, m.title) for m in ms] == [("Syrian", "PLACE", ""), ("Assad", "PERSON", "Syrian President")]


def test_nationality_alone_is_dropped(vocab):
    words = ["Syrian", "forces", "left", "."]
    doc, text = _doc_and_text(vocab, words, ents=["B-NORP", "O", "O", "O"], pos=["ADJ", "NOUN", "VERB", "PUNCT"])
    assert mentions_of(doc, 0, "d", text) == []


def test_internal_possessive_splits_a_span(vocab):
    words = ["Islamic", "State", "’s", "Gaziantep", "cell", "grew", "."]
    doc, text = _doc_and_text(vocab, words, spaces=[True, False, True, True, True, False, False],
                              ents=["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O"],
                              tags=["NNP", "NNP", "POS", "NNP", "NN", "VBD", "."])
    assert [m.text for m in mentions_of(doc, 0, "d", text)] == ["Islamic State", "Gaziantep"]


def test_trailing_possessive_and_leading_article_are_trimmed(vocab):
    words = ["the", "Islamic", "State", "’s", "men", "left", "."]
    doc, text = _doc_and_text(vocab, words, spaces=[True, True, False, True, True, False, False],
                              ents=["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O"])
    assert [m.text for m in mentions_of(doc, 0, "d", text)] == ["Islamic State"]


def test_modifier_and_context_are_recorded(vocab):
    words = ["in", "the", "Gaziantep", "cell"]
    doc = make_doc(vocab, words, ents=["O", "O", "B-ORG", "O"], heads=[0, 3, 3, 0],
                   deps=["ROOT", "det", "compound", "pobj"])
    m = mentions_of(doc, 0, "d", doc.text)[0]
    assert m.modifier and m.context == "the"


def _m(text, s, label="ORG", kind="ORG"):
    return Mention("d", s, s + len(text), text, label, kind, 0)


def test_acronym_after_the_long_form():
    text = "members of the Kurdistan Workers Party (PKK), an outlawed group"
    long_start = text.index("Kurdistan")
    pairs, extra, drop = find_acronyms(text, [_m("Kurdistan Workers Party", long_start)])
    assert pairs == [("PKK", "Kurdistan Workers Party")]
    assert [e.text for e in extra] == ["PKK"] and not drop


def test_acronym_before_the_long_form():
    text = "meetings with MIT (National Intelligence Organization of Turkey)."
    inner = text.index("National")
    pairs, extra, _ = find_acronyms(text, [_m("National Intelligence Organization of Turkey", inner)])
    assert pairs == [("MIT", "National Intelligence Organization of Turkey")]
    assert extra[0].text == "MIT" and text[extra[0].start:extra[0].end] == "MIT"


def test_acronym_spelled_by_initials_replaces_the_fragments_inside():
    text = "The Islamic State in Iraq and Syria (ISIS) had built"
    ms = [_m("Islamic State", 4), _m("Iraq", text.index("Iraq"), "GPE", "PLACE"),
          _m("Syria", text.index("Syria"), "GPE", "PLACE")]
    pairs, extra, drop = find_acronyms(text, ms)
    assert pairs == [("ISIS", "Islamic State in Iraq and Syria")]
    assert drop == {0, 1, 2}
    assert sorted(e.text for e in extra) == ["ISIS", "Islamic State in Iraq and Syria"]


def test_no_acronym_from_an_unrelated_place_name():
    text = "He went to Syria (ISIS) once"
    pairs, _, _ = find_acronyms(text, [_m("Syria", text.index("Syria"), "GPE", "PLACE")])
    assert pairs == []


def test_person_names_are_not_acronym_long_forms():
    text = "John Smith (JS) said"
    pairs, _, _ = find_acronyms(text, [_m("John Smith", 0, "PERSON", "PERSON")])
    assert pairs == []


def test_extract_doc_collects_segments(vocab):
    d1 = make_doc(vocab, ["Ankara", "Today"], ents=["B-GPE", "O"])
    d2 = make_doc(vocab, ["Ankara", "met", "Paris", "."], ents=["B-GPE", "O", "B-GPE", "O"])
    text = "Ankara Today\n\nAnkara met Paris."
    sentences = sentences_of(d1, 0, "doc.txt", text) + sentences_of(d2, 14, "doc.txt", text)
    ex = extract_doc(Document("doc.txt", text), sentences, [(d1, 0, 0, True), (d2, 14, 1, False)])
    assert [c.text for c in ex.sentences] == ["Ankara Today", "Ankara met Paris."]
    assert [(m.text, m.sentence) for m in ex.mentions] == [("Ankara", 0), ("Ankara", 1), ("Paris", 1)]
    assert all(text[m.start:m.end] == m.text for m in ex.mentions)


def _parsed(vocab, words, heads, deps, ents, pos=None, spaces=None):
    doc = make_doc(vocab, words, heads=heads, deps=deps, ents=ents, pos=pos, spaces=spaces)
    return mentions_of(doc, 0, "d", doc.text)


def test_comma_span_is_split(vocab):
    words = ["loss", "of", "Baghuz", ",", "ISIS", "land", "."]
    doc = make_doc(vocab, words, ents=["O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"])
    assert [m.text for m in mentions_of(doc, 0, "d", doc.text)] == ["Baghuz", "ISIS"]
    words = ["in", "Washington", ",", "D.C.", "today"]
    doc = make_doc(vocab, words, ents=["O", "B-GPE", "O", "B-GPE", "O"], spaces=[True, False, True, True, False])
    assert [m.text for m in mentions_of(doc, 0, "d", doc.text)] == ["Washington", "D.C."]


def test_possessive_before_an_organisation_word_stays_one_name(vocab):
    words = ["the", "Chief", "Prosecutor", "’s", "Office", "said"]
    doc = make_doc(vocab, words, spaces=[True, True, False, True, True, False],
                   ents=["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"], tags=["DT", "NNP", "NNP", "POS", "NNP", "VBD"])
    assert [m.text for m in mentions_of(doc, 0, "d", doc.text)] == ["Chief Prosecutor’s Office"]


def test_x_and_y_network_is_one_organisation(vocab):
    words = ["runs", "the", "Nordic", "Research", "and", "Monitoring", "Network", "."]
    doc = make_doc(vocab, words, ents=["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O"])
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [
        ("Nordic Research and Monitoring Network", "ORG")]


def test_two_tagged_organisations_joined_by_and_stay_two(vocab):
    words = ["the", "FBI", "and", "Justice", "Department"]
    doc = make_doc(vocab, words, ents=["O", "B-ORG", "O", "B-ORG", "I-ORG"])
    assert [m.text for m in mentions_of(doc, 0, "d", doc.text)] == ["FBI", "Justice Department"]


def test_place_tagged_before_the_organisation_word_it_modifies(vocab):
    words = ["a", "Middle", "East", "Forum", "fellow"]
    ms = _parsed(vocab, words, heads=[2, 2, 3, 4, 4], deps=["det", "compound", "compound", "compound", "ROOT"],
                 ents=["B-LOC", "I-LOC", "I-LOC", "O", "O"], pos=["DET", "PROPN", "PROPN", "PROPN", "NOUN"])
    assert [(m.text, m.type) for m in ms] == [("Middle East Forum", "ORG")]


def test_list_completion_takes_the_label_of_tagged_neighbours(vocab):
    words = ["around", "Fatih", ",", "Aksaray", "and", "Kumkapı"]
    ms = _parsed(vocab, words, heads=[0, 0, 1, 1, 3, 3], deps=["ROOT", "pobj", "punct", "conj", "cc", "conj"],
                 ents=["O", "O", "O", "B-GPE", "O", "B-GPE"], pos=["ADP", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN"])
    assert [(m.text, m.type) for m in ms] == [("Fatih", "PLACE"), ("Aksaray", "PLACE"), ("Kumkapı", "PLACE")]
    assert all(m.context == "around" for m in ms)


def test_norp_spans_that_are_places(vocab):
    words = ["Tajikistan", "and", "Aleppo", "and", "Afghans"]
    doc = make_doc(vocab, words, ents=["B-NORP", "O", "B-NORP", "O", "B-NORP"])
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [
        ("Tajikistan", "PLACE"), ("Aleppo", "PLACE")]


def test_cue_from_apposition(vocab):
    words = ["with", "Kilis", ",", "a", "border", "province"]
    ms = _parsed(vocab, words, heads=[0, 0, 1, 5, 5, 1], deps=["ROOT", "pobj", "punct", "det", "compound", "appos"],
                 ents=["O", "B-PERSON", "O", "O", "O", "O"])
    assert ms[0].cue == "PLACE"
    words = ["Rakhmat", "Akilov", ",", "the", "Uzbek", "national"]
    ms = _parsed(vocab, words, heads=[1, 1, 1, 5, 5, 1], deps=["compound", "ROOT", "punct", "det", "amod", "appos"],
                 ents=["B-ORG", "I-ORG", "O", "O", "O", "O"])
    assert ms[0].cue == "PERSON"


def test_cue_from_who_clause_and_town_of(vocab):
    words = ["Durmaz", ",", "who", "fled"]
    ms = _parsed(vocab, words, heads=[0, 0, 3, 0], deps=["ROOT", "punct", "nsubj", "relcl"], ents=["B-ORG", "O", "O", "O"])
    assert ms[0].cue == "PERSON"
    words = ["the", "town", "of", "Elbeyli"]
    ms = _parsed(vocab, words, heads=[1, 1, 1, 2], deps=["det", "ROOT", "prep", "pobj"],
                 ents=["O", "O", "O", "B-PRODUCT"])
    assert [(m.text, m.type, m.cue) for m in ms] == [("Elbeyli", "PLACE", "PLACE")]


def test_cue_from_a_facility_noun_inside_the_compound_a_name_opens(vocab):
    words = ["in", "the", "Marlow", "concert", "hall", "attack"]
    pos = ["ADP", "DET", "PROPN", "NOUN", "NOUN", "NOUN"]
    ms = _parsed(vocab, words, heads=[0, 5, 5, 4, 5, 0], deps=["ROOT", "det", "compound", "compound", "compound", "pobj"],
                 ents=["O", "O", "B-PERSON", "O", "O", "O"], pos=pos)
    assert ms[0].cue == "PLACE"
    words = ["in", "the", "Marlow", "family", "feud", "attack"]  # no facility noun: no cue
    ms = _parsed(vocab, words, heads=[0, 5, 5, 4, 5, 0], deps=["ROOT", "det", "compound", "compound", "compound", "pobj"],
                 ents=["O", "O", "B-PERSON", "O", "O", "O"], pos=pos)
    assert ms[0].cue == ""


def test_product_without_a_cue_is_dropped(vocab):
    doc = make_doc(vocab, ["the", "Patriot", "missile"], ents=["O", "B-PRODUCT", "O"])
    assert mentions_of(doc, 0, "d", doc.text) == []


def test_no_cue_from_a_plain_sentence(vocab):
    words = ["Clarke", "said", "so"]
    ms = _parsed(vocab, words, heads=[1, 1, 1], deps=["nsubj", "ROOT", "advmod"], ents=["B-ORG", "O", "O"])
    assert ms[0].cue == "" and ms[0].type == "ORG"


def test_title_found_in_the_words_before_a_name(vocab):
    words = ["referring", "to", "Turkish", "cleric", "Fethullah", "Gulen"]
    doc = make_doc(vocab, words, ents=["O", "O", "B-NORP", "O", "B-ORG", "I-ORG"])
    ms = [m for m in mentions_of(doc, 0, "d", doc.text) if m.text == "Fethullah Gulen"]
    assert ms[0].title == "Turkish cleric"


def test_gazetteer_catches_countries_the_tagger_split(vocab):
    words = ["The", "St", "Kitts", "and", "Nevis", "star"]
    doc = make_doc(vocab, words, ents=["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O"])
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [("St Kitts and Nevis", "PLACE")]


def test_gazetteer_does_not_cut_a_persons_name(vocab):
    words = ["Michael", "Jordan", "spoke"]
    doc = make_doc(vocab, words, ents=["B-PERSON", "I-PERSON", "O"])
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [("Michael Jordan", "PERSON")]


def test_odd_label_with_an_organisation_word_is_an_organisation(vocab):
    words = ["The", "Scottish", "Green", "Party", "’s", "spokeswoman"]
    doc = make_doc(vocab, words, spaces=[True, True, True, False, True, False],
                   ents=["B-WORK_OF_ART", "I-WORK_OF_ART", "I-WORK_OF_ART", "I-WORK_OF_ART", "I-WORK_OF_ART", "O"])
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [("Scottish Green Party", "ORG")]


def test_norp_extension_stops_before_a_title(vocab):
    words = ["Canadian", "Finance", "Minister", "Michael", "Wilson"]
    ms = _parsed(vocab, words, heads=[2, 2, 4, 4, 4], deps=["amod", "compound", "compound", "compound", "ROOT"],
                 ents=["B-NORP", "O", "O", "B-PERSON", "I-PERSON"], pos=["ADJ", "PROPN", "PROPN", "PROPN", "PROPN"])
    assert [(m.text, m.type, m.title) for m in ms] == [
        ("Canadian", "PLACE", ""), ("Michael Wilson", "PERSON", "Canadian Finance Minister")]


def test_acronym_right_after_its_long_form():
    text = "the official Saudi Press Agency SPA said"
    start = text.index("Saudi")
    pairs, extra, _ = find_acronyms(text, [_m("Saudi Press Agency", start)])
    assert pairs == [("SPA", "Saudi Press Agency")] and extra[0].text == "SPA"


def test_document_level_types_come_from_the_caller(vocab):
    """Extraction never calls resolution itself: the build hands it the document-level resolver."""
    from kg.resolve import document_types

    d1 = make_doc(vocab, ["Ankara", "met", "Paris", "."], ents=["B-GPE", "O", "B-GPE", "O"])
    text = "Ankara met Paris."
    sentences = sentences_of(d1, 0, "doc.txt", text)
    calls = []

    def resolver(doc_id, sents, mentions):
        calls.append(doc_id)
        return document_types(doc_id, sents, mentions)

    extract_doc(Document("doc.txt", text), sentences, [(d1, 0, 0, False)], document_types=resolver)
    assert calls == ["doc.txt"]  # the resolver given is the one used
    import kg.extract as module

    source = open(module.__file__, encoding="utf-8").read()
    assert "from .resolve" not in source and "import resolve" not in source


def test_an_entity_span_never_ends_inside_brackets(nlp):
    from kg.extract import extract
    from kg.records import Document

    text = "The Ministry of Internal Trade (MIT) said on Monday that prices rose."
    (ex,) = extract(nlp, [Document(id="a", text=text)])
    names = [m.text for m in ex.mentions]
    assert "Ministry of Internal Trade" in names
    assert not [n for n in names if n.count("(") != n.count(")")], names


def test_an_untagged_publisher_name_is_an_organisation(vocab):
    words = ["officials", "have", "told", "Just", "the", "Headlines", "News", "."]
    doc = make_doc(vocab, words, ents=["O"] * 8)
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [("Just the Headlines News", "ORG")]
    # not at the start of a sentence (a headline or a sentence's first word), not one word
    doc = make_doc(vocab, ["Breaking", "News", "today", "."], ents=["O"] * 4)
    assert mentions_of(doc, 0, "d", doc.text) == []
    doc = make_doc(vocab, ["he", "read", "the", "News", "."], ents=["O"] * 5)
    assert mentions_of(doc, 0, "d", doc.text) == []
    # a place tagged just before is part of the name
    doc = make_doc(vocab, ["he", "told", "Lorwick", "Evening", "News", "."], ents=["O", "O", "B-GPE", "O", "O", "O"])
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [("Lorwick Evening News", "ORG")]


def test_a_name_before_a_state_abbreviation_is_a_place(vocab):
    words = ["Trust", "Co", ",", "Dunmere", ",", "Tex", ".", ",", "failed"]
    doc = make_doc(vocab, words, spaces=[True, False, True, False, True, False, False, True, False],
                   ents=["O", "O", "O", "B-PERSON", "O", "B-GPE", "I-GPE", "O", "O"])
    ms = mentions_of(doc, 0, "d", doc.text)
    assert (ms[0].text, ms[0].cue) == ("Dunmere", "PLACE")
    doc = make_doc(vocab, ["Dunmere", ",", "the", "owner", ",", "failed"], ents=["B-PERSON", "O", "O", "O", "O", "O"])
    assert mentions_of(doc, 0, "d", doc.text)[0].cue == ""


def test_a_company_name_ending_in_a_legal_form_is_one_organisation(vocab):
    words = ["Tomas", "Hagan", "Water", "and", "Power", "Inc", "said", "its", "board", "met", "."]
    pos = ["PROPN"] * 3 + ["CCONJ"] + ["PROPN"] * 2 + ["VERB", "PRON", "NOUN", "VERB", "PUNCT"]
    doc = make_doc(vocab, words, pos=pos, ents=["B-PERSON", "I-PERSON"] + ["O"] * 9)
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [("Tomas Hagan Water and Power Inc", "ORG")]
    # two companies joined by "and" stay two; a tagged company is relabelled, not extended over lowercase words
    words = ["Lorwick", "Plc", "and", "Dunmere", "Steel", "Corp", "merged", "."]
    pos = ["PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"]
    doc = make_doc(vocab, words, pos=pos, ents=["B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"])
    assert [(m.text, m.type) for m in mentions_of(doc, 0, "d", doc.text)] == [("Lorwick Plc", "ORG"),
                                                                            ("Dunmere Steel Corp", "ORG")]
    words = ["shares", "of", "Acme", "Corp", "rose", "."]
    doc = make_doc(vocab, words, pos=["NOUN", "ADP", "PROPN", "PROPN", "VERB", "PUNCT"], ents=["O"] * 6)
    assert [m.text for m in mentions_of(doc, 0, "d", doc.text)] == ["Acme Corp"]
    # a legal form on its own is no name
    doc = make_doc(vocab, ["the", "Co", "said", "."], pos=["DET", "PROPN", "VERB", "PUNCT"], ents=["O"] * 4)
    assert mentions_of(doc, 0, "d", doc.text) == []


def test_a_hard_wrapped_segment_is_read_with_its_line_breaks_as_spaces():
    from kg.segment import parse_text, segments

    text = ("The board of directors of Lorwick Water and\nWaste Inc said it declared a stock dividend,\n"
            "payable March 23 to holders of record on March 12,\nthe company said in a statement today.\n")
    (start, end), = segments(text)
    read = parse_text(text[start:end])
    assert "\n" not in read and len(read) == end - start
    assert read.replace(" ", "") == text[start:end].replace("\n", "").replace(" ", "")
    # a break before an indented line (a new paragraph, a sign-off) stays a break
    assert parse_text("prices rose.\n    Lorwick Inc said\r\nit\n REUTER") == "prices rose.\n    Lorwick Inc said  it\n REUTER"


def test_a_company_name_wrapped_across_lines_is_one_verbatim_mention(nlp):
    from kg.extract import extract

    text = ("The board of directors of Lorwick Water and\nWaste Industries Inc said it declared a dividend,\n"
            "payable March 23 to holders of record on March 12,\nthe company said in a statement today.\n")
    (ex,) = extract(nlp, [Document(id="a", text=text)])
    names = {m.text: m for m in ex.mentions}
    assert "Lorwick Water and\nWaste Industries Inc" in names, sorted(names)
    m = names["Lorwick Water and\nWaste Industries Inc"]
    assert text[m.start:m.end] == m.text and m.type == "ORG"


def test_the_label_of_a_row_of_figures_is_no_name():
    from kg.extract import _table_label

    text = "LORWICK INC YEAR NET\n\nShr 34 cts vs 1.19 dlrs\n    Revs 12.6 mln vs 10.1 mln\nArsenal 2 Chelsea 1\n"
    assert _table_label(text, text.index("Revs"), text.index("Revs") + 4)
    assert _table_label(text, text.index("Shr"), text.index("Shr") + 3)
    # a score line names two teams; a sentence is no row of figures
    assert not _table_label(text, text.index("Arsenal"), text.index("Arsenal") + 7)
    text = "Acme earned 5 mln dlrs in 1986 against 4 mln dlrs a year before, it said."
    assert not _table_label(text, 0, 4)
    text = "    Acme's stock is up 1-3/8 points at 10-1/8.\n"
    assert not _table_label(text, 4, 8)
    text = "Lorwick 4 3 1 0 9 3 10\n"  # a team in a table of results
    assert not _table_label(text, 0, 7)
