"""Per-document extraction cache: SQLite in the output folder, keyed by content hash, model and kg version.

A rebuild re-parses only documents that are new or changed; removed documents drop out because the graph
is assembled from the documents read in this build. Results are committed chunk by chunk, so a build that
is interrupted resumes from what was already extracted. Records are stored as compressed JSON, never as
pickles: opening a folder someone else made cannot run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

from .records import Citation, Document, Extraction, Mention, Relation

__all__ = ["CACHE_NAME", "ExtractionCache", "from_json", "to_json"]

CACHE_NAME = "cache.sqlite"
#: Bump when extraction changes in a way that makes old records wrong.
EXTRACTION_VERSION = "17"


def to_json(ex: Extraction) -> dict:
    return {
        "doc": ex.doc, "title": ex.title, "date": ex.date, "acronyms": [list(a) for a in ex.acronyms],
        "sentences": [[c.start, c.end, c.text, c.page] for c in ex.sentences],
        "mentions": [[m.start, m.end, m.text, m.label, m.type, m.sentence, m.title, m.context, m.headline,
                      m.modifier, m.cue] for m in ex.mentions],
        "relations": [[r.subject, r.object, r.predicate, r.relation, list(r.rules), r.sentence, r.negated, r.hedged,
                       r.attributed_to, r.confidence, r.model, list(r.subject_ref), list(r.object_ref)]
                      for r in ex.relations],
    }


def from_json(data: dict) -> Extraction:
    doc = data["doc"]
    return Extraction(
        doc=doc, title=data["title"], date=data["date"], acronyms=tuple(tuple(a) for a in data["acronyms"]),
        sentences=tuple(Citation(doc, s, e, t, p) for s, e, t, p in data["sentences"]),
        mentions=tuple(Mention(doc, *m) for m in data["mentions"]),
        relations=tuple(Relation(s, o, p, rel, tuple(rules), sent, neg, hedge, src, conf, model, tuple(sref),
                                 tuple(oref))
                        for s, o, p, rel, rules, sent, neg, hedge, src, conf, model, sref, oref in data["relations"]))


class ExtractionCache:
    """An SQLite table of extraction records; ``namespace`` names the pipeline, relation model and kg version.

    The cache only ever saves work: a damaged file ("database disk image is malformed", "file is not a
    database") is set aside as ``cache.sqlite.damaged`` and a fresh one started; a cache that cannot be
    written (read-only folder, full disk) is left alone and the build goes on without it. ``notes`` says
    what happened, in one line each.
    """

    def __init__(self, path: str | os.PathLike, *, namespace: str):
        self.path = Path(path)
        self.namespace = f"{namespace}|kg-extraction-{EXTRACTION_VERSION}"
        self.notes: list[str] = []
        self.used: set[str] = set()
        self.db: sqlite3.Connection | None = None
        self._opened = False  # opened on first use: a build that reads no document leaves no cache

    def _ready(self) -> None:
        if not self._opened:
            self._opened = True
            self._guard(self._open)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("CREATE TABLE IF NOT EXISTS extractions (key TEXT PRIMARY KEY, record BLOB)")
        self.db.commit()

    def _guard(self, operation, *args, default=None):
        """Run a database operation; on a damaged file start afresh (once), on any other failure go on
        without the cache."""
        if self.db is None and operation != self._open:
            return default
        for attempt in (1, 2):
            try:
                return operation(*args)
            except sqlite3.DatabaseError as exc:
                damaged = not isinstance(exc, sqlite3.OperationalError)
                self.close()
                if damaged and attempt == 1:
                    aside = self.path.with_name(self.path.name + ".damaged")
                    try:
                        os.replace(self.path, aside)
                        self.notes.append(f"{self.path.name} was damaged ({exc}); set aside as {aside.name}, "
                                          "a new cache is started")
                        if operation != self._open:
                            self._open()
                        continue
                    except (OSError, sqlite3.Error) as again:
                        exc = again
                self.notes.append(f"cache not used ({exc}): documents are parsed, not read from {self.path}")
                self.db = None
                return default
            except OSError as exc:
                self.close()
                self.notes.append(f"cache not used ({exc.strerror or exc}): documents are parsed")
                self.db = None
                return default
        return default

    def key(self, document: Document) -> str:
        h = hashlib.sha1(self.namespace.encode("utf-8"))
        for part in (document.id, document.title, document.date, ",".join(map(str, document.pages)), document.text):
            h.update(b"\x1f" + part.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, Extraction]:
        self._ready()
        self.used.update(keys)
        return self._guard(self._get_many, keys, default={})

    def _get_many(self, keys: list[str]) -> dict[str, Extraction]:
        found = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            rows = self.db.execute(f"SELECT key, record FROM extractions WHERE key IN ({','.join('?' * len(part))})",
                                   part).fetchall()
            for key, blob in rows:
                try:
                    found[key] = from_json(json.loads(zlib.decompress(blob)))
                except (ValueError, KeyError, TypeError, zlib.error):
                    continue  # unreadable entry: the document is parsed again
        return found

    def put_many(self, items: Iterable[tuple[str, Extraction]]) -> None:
        rows = [(k, zlib.compress(json.dumps(to_json(ex), ensure_ascii=False).encode("utf-8", "surrogatepass")))
                for k, ex in items]
        self.used.update(k for k, _ in rows)
        self._ready()
        self._guard(self._put_many, rows)

    def _put_many(self, rows: list) -> None:
        self.db.executemany("INSERT OR REPLACE INTO extractions (key, record) VALUES (?, ?)", rows)
        self.db.commit()

    def prune(self) -> int:
        """Forget entries no document of this build used (removed or changed documents, other models)."""
        if not self._opened:
            return 0
        return self._guard(self._prune, default=0)

    def _prune(self) -> int:
        keep = self.used
        stale = [k for (k,) in self.db.execute("SELECT key FROM extractions") if k not in keep]
        for i in range(0, len(stale), 500):
            part = stale[i:i + 500]
            self.db.execute(f"DELETE FROM extractions WHERE key IN ({','.join('?' * len(part))})", part)
        self.db.commit()
        return len(stale)

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None
