"""The relation model: a linear classifier over candidate features, loaded from plain arrays.

Weights ship in the package as ``kg/data/relation_model.npz`` (coefficients, intercepts and the
feature vocabulary as bytes) with ``kg/data/relation_model.json`` (name, version, labels, threshold,
feature version, training figures). Loading reads numbers and text only (``allow_pickle=False``): a
replaced weights file cannot run code. Labels are ``none`` or ``RELATION>`` / ``RELATION<``: the typed
relation and its direction relative to the order the two names are written in. The probability that
a pair is related is calibrated on dev (with whether a rule voted for the pair), so a confidence reads
as the share of such decisions that were right on held-out sentences.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .candidates import FEATURES_VERSION, pair_features

__all__ = ["DEFAULT_MODEL_PATH", "Decision", "RelationModel", "default_model"]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "relation_model"


@dataclass(frozen=True, slots=True)
class Decision:
    """What the model says of one candidate: the probability that the sentence states a relation
    between the two, and the most likely typed relation with its direction (``>``: first -> second)."""

    related: float
    relation: str
    direction: str


class RelationModel:
    """A multinomial linear model: ``softmax(W[features].sum() + b)``."""

    def __init__(self, vocabulary: list[str], coef: np.ndarray, intercept: np.ndarray, meta: dict):
        if meta.get("features_version") != FEATURES_VERSION:
            raise ValueError(f"relation model built for features v{meta.get('features_version')}, "
                             f"kg reads v{FEATURES_VERSION}: retrain with `kg train-relations`")
        self.index = {f: k for k, f in enumerate(vocabulary)}
        self.coef = coef.astype(np.float32)
        self.intercept = intercept.astype(np.float32)
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        self.none = self.labels.index("none")
        self.threshold: float = float(meta.get("threshold", 0.5))
        self.calibration: list[float] = list(meta.get("calibration", []))

    @property
    def name(self) -> str:
        """``name-version``, recorded on every relation the model decides."""
        return f"{self.meta['name']}-{self.meta['version']}"

    @property
    def fingerprint(self) -> str:
        """A hash of the weights and settings: what an extraction cache must be keyed by."""
        digest = hashlib.sha1(json.dumps(self.meta, sort_keys=True).encode("utf-8"))
        digest.update(self.coef.tobytes())
        digest.update(self.intercept.tobytes())
        digest.update("\n".join(sorted(self.index, key=self.index.get)).encode("utf-8"))
        return f"{self.name}-{digest.hexdigest()[:12]}"

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_PATH) -> RelationModel:
        """Read ``PATH.json`` and ``PATH.npz`` (no pickles)."""
        path = Path(path)
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as data:
            vocabulary = bytes(data["vocabulary"]).decode("utf-8").split("\n")
            return cls(vocabulary, data["coef"], data["intercept"], meta)

    def save(self, path: str | Path) -> None:
        """Write ``PATH.npz`` and ``PATH.json``; the same weights always give the same bytes."""
        path = Path(path)
        ordered = sorted(self.index, key=self.index.get)
        arrays = {"vocabulary": np.frombuffer("\n".join(ordered).encode("utf-8"), dtype=np.uint8),
                  "coef": self.coef.astype(np.float16), "intercept": self.intercept.astype(np.float32)}
        with zipfile.ZipFile(path.with_suffix(".npz"), "w", zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():  # numpy's own layout, with a fixed timestamp
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, array, allow_pickle=False)
                archive.writestr(zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0)),
                                 buffer.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
        path.with_suffix(".json").write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")

    def probabilities(self, features: list[list[str]]) -> np.ndarray:
        """One row of label probabilities per candidate."""
        scores = np.tile(self.intercept, (len(features), 1))
        for row, names in enumerate(features):
            idx = [self.index[f] for f in names if f in self.index]
            if idx:
                scores[row] += self.coef[idx].sum(axis=0)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def decide(self, ctx, pairs: list[tuple[int, int]], votes: list[list[tuple[str, str, str]]],
               references: frozenset[int] = frozenset(), allowed=None) -> list[Decision]:
        """A :class:`Decision` for each candidate pair of a parsed segment.

        ``votes[k]`` are the rules that fired for ``pairs[k]``; ``allowed(relation, direction, k)`` may rule a
        label out for candidate ``k`` (a relation whose types do not fit); the other labels are renormalised.
        """
        return self.decide_features([pair_features(ctx, i, j, v, references) for (i, j), v in zip(pairs, votes)],
                                    allowed)

    def calibrate(self, related: float, voted: bool) -> float:
        """The probability, measured on dev, that a candidate scored ``related`` holds a relation; rules'
        votes make the same score more trustworthy, so they are part of the calibration."""
        z = float(np.log(max(related, 1e-6) / max(1 - related, 1e-6)))
        a, b, c, d = self.calibration
        return float(1 / (1 + np.exp(-(a * z + b * voted + c * z * voted + d))))

    def decide_features(self, features: list[list[str]], allowed=None) -> list[Decision]:
        """:meth:`decide` for candidates already turned into features."""
        probs = self.probabilities(features)
        out = []
        for k, row in enumerate(probs):
            best, best_p, total = None, -1.0, 0.0
            for li, p in enumerate(row):
                if li == self.none:
                    continue
                relation, direction = self.labels[li][:-1], self.labels[li][-1]
                if allowed is not None and not allowed(relation, direction, k):
                    continue
                total += float(p)
                if p > best_p:
                    best, best_p = (relation, direction), float(p)
            related = total / (total + float(row[self.none])) if total else 0.0
            if self.calibration and total:
                related = self.calibrate(related, any(f.startswith("vote=") for f in features[k]))
            out.append(Decision(related, *best) if best is not None else Decision(0.0, "", ""))
        return out


@lru_cache(maxsize=4)
def default_model(path: str | None = None) -> RelationModel | None:
    """The shipped model (once per process), or None when its files are absent."""
    target = Path(path) if path else DEFAULT_MODEL_PATH
    if not target.with_suffix(".npz").is_file():
        return None
    return RelationModel.load(target)
