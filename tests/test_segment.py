from kg.segment import MAX_SEGMENT, is_headline, segments


def pieces(text):
    return [text[s:e] for s, e in segments(text)]


def test_blank_lines_and_single_lines_end_segments():
    text = "Big Headline Here Today\n\nByline Person\nFirst paragraph. Still first.\n\n  Second.  \n"
    assert pieces(text) == ["Big Headline Here Today", "Byline Person", "First paragraph. Still first.", "Second."]


def test_hard_wrapped_prose_stays_one_segment():
    line = "word " * 14
    text = "\n".join([line.strip()] * 4 + ["end of it."])
    assert pieces(text) == [text]


def test_crlf_lines():
    assert pieces("Title Line\r\nBody text here.\r\n") == ["Title Line", "Body text here."]


def test_over_long_runs_are_cut():
    text = ("A sentence of words. " * 3000).strip()
    spans = segments(text)
    assert len(spans) > 1 and all(e - s <= MAX_SEGMENT for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


def test_headlines():
    assert is_headline("ISIS Operated Freely in Turkey over the Past Decade")
    assert is_headline("The Ruling Issued Marks a Significant Setback for Turkish President")
    assert not is_headline("Does Turkey support ISIS?")
    assert not is_headline("Winfield Myers")
    assert not is_headline("The analyst said Turkey had acted. It had.")
