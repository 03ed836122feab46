"""Shared fixtures: hand-built spaCy Docs (no model needed) and, for end-to-end tests, the real model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def vocab():
    return spacy.blank("en").vocab


def make_doc(vocab, words, *, spaces=None, ents=None, pos=None, tags=None, heads=None, deps=None,
             sent_starts=None):
    """A Doc with exactly the annotation a rule is written for.

    ``heads`` are absolute token indices; when omitted, each sentence is a flat tree headed by its
    first token (so ``doc.sents`` works without a parser).
    """
    n = len(words)
    if heads is None:
        starts = sent_starts or [True] + [False] * (n - 1)
        heads, deps, root = [], deps or [], 0
        for i in range(n):
            if starts[i]:
                root = i
            heads.append(root)
        deps = deps or ["ROOT" if heads[i] == i else "dep" for i in range(n)]
    return Doc(vocab, words=words, spaces=spaces, ents=ents, pos=pos, tags=tags, heads=heads, deps=deps)


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline (a dependency of kg; its absence is a failure, not a skip)."""
    from kg.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory, nlp):
    """The seeds built once per test session: (graph, report, output folder, documents by id)."""
    from kg.build import run_build, write_outputs
    from kg.read import iter_documents

    out = tmp_path_factory.mktemp("seeds_graph")
    corpus = tmp_path_factory.mktemp("seeds_copy")
    for f in SEEDS.iterdir():
        shutil.copy(f, corpus / f.name)
    built, report = run_build([corpus], nlp=nlp)
    write_outputs(built, out)
    documents = {d.id: d for d in iter_documents([corpus])}
    return built.graph, report, out, documents, corpus


def extraction(doc_id: str, marked: str, acronyms=()):
    """An Extraction from marked-up text: ``"[Brett McGurk|PERSON] met [Ankara|GPE]."``.

    Sentences end at ". "; a ``~`` after the label marks a modifier use, ``^`` a headline line,
    and ``|PERSON|President`` gives a title.
    """
    import re

    from kg.extract import LABEL_TYPES
    from kg.records import Citation, Extraction, Mention

    text, mentions, pos = "", [], 0
    for m in re.finditer(r"\[([^|\]]+)\|([A-Z]+)([~^]*)(?:\|([^\]]+))?\]", marked):
        text += marked[pos:m.start()]
        start = len(text)
        text += m.group(1)
        mentions.append((start, len(text), m.group(1), m.group(2), m.group(3), m.group(4) or ""))
        pos = m.end()
    text += marked[pos:]
    sentences, start = [], 0
    for m in re.finditer(r"(?<=\.)\s+|$", text):
        if m.start() > start:
            sentences.append(Citation(doc_id, start, m.start(), text[start:m.start()]))
        start = m.end()
    out = []
    for s, e, surface, label, flags, title in mentions:
        sent = next(i for i, c in enumerate(sentences) if c.start <= s < c.end)
        out.append(Mention(doc_id, s, e, surface, label, LABEL_TYPES.get(label, "ORG"), sent, title=title,
                           modifier="~" in flags, headline="^" in flags))
    return Extraction(doc_id, tuple(sentences), tuple(out), acronyms=tuple(acronyms)), text
