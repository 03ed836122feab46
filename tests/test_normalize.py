import pytest

from kg.normalize import country_of, fold, is_acronym, name_key, name_tokens, split_title, trim_name


@pytest.mark.parametrize("a,b", [
    ("Erdoğan", "Erdogan"), ("MİT", "MIT"), ("Süleyman", "Suleyman"), ("Islamic State’s", "islamic state's"),
])
def test_fold(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a,b", [
    ("U.S.", "the United States"), ("US", "United States"), ("UK", "Britain"), ("Türkiye", "Turkey"),
    ("al-Baghdadi", "Al Baghdadi"), ("Recep Tayyip Erdoğan", "RECEP TAYYIP ERDOGAN"),
])
def test_name_key_equates_variants(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart():
    assert name_key("Georgia") != name_key("Georgian")
    assert name_key("Niger") != name_key("Nigeria")


def test_particles_are_ignored_in_name_tokens():
    assert name_tokens(name_key("Abu Bakr al-Baghdadi")) == ("bakr", "baghdadi")
    assert name_tokens(name_key("al-Baghdadi")) == ("baghdadi",)
    assert name_tokens(name_key("Ludwig van Beethoven"))[-1] == "beethoven"


@pytest.mark.parametrize("text,name,title", [
    ("the “Al-Faruq", "Al-Faruq", ""),
    ("President Erdogan’s", "Erdogan", "President"),
    ("Former Interior Minister Süleyman Soylu", "Süleyman Soylu", "Former Interior Minister"),
    ("Czech President Milos Zeman", "Milos Zeman", "Czech President"),
    ("Mr. Smith", "Smith", "Mr."),
    ("U.S.", "U.S.", ""),
    ("Muhammed Ali K.", "Muhammed Ali K.", ""),
    ("Durmaz’s", "Durmaz", ""),
    ("Interior Ministry", "Interior Ministry", ""),
    ("ISIS *", "ISIS", ""),
    ("Jones'", "Jones", ""),
])
def test_trim_name(text, name, title):
    s, e, t = trim_name(text)
    assert (text[s:e], t) == (name, title)


def test_trim_name_without_titles_keeps_organisation_names():
    text = "Justice and Development Party"
    s, e, t = trim_name(text, titles=False)
    assert text[s:e] == text and t == ""


def test_split_title_needs_a_head_title():
    assert split_title("Interior Ministry") == ("", "Interior Ministry")
    assert split_title("President") == ("", "President")


def test_country_of_and_acronyms():
    assert country_of("the U.S.") == "United States"
    assert country_of("Gaziantep") is None
    assert is_acronym("PKK") and is_acronym("MİT") and is_acronym("U.S.")
    assert not is_acronym("Turkey") and not is_acronym("NATO members")
