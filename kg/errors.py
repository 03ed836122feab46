"""Exceptions raised by kg: one base class, a few named subclasses. The CLI turns them into messages."""

__all__ = ["AmbiguousEntity", "EntityNotFound", "InputError", "KGError", "ModelNotFound", "OverrideError"]


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class ModelNotFound(KGError):
    """No usable spaCy pipeline is installed (or the one asked for is missing)."""


class InputError(KGError):
    """An input path or document cannot be used."""


class OverrideError(KGError):
    """The user's alias/override file is malformed."""


class EntityNotFound(KGError, LookupError):
    """A name given by the user matches no entity in the graph."""


class AmbiguousEntity(KGError, LookupError):
    """A name given by the user matches several entities; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[dict]):
        super().__init__(message)
        self.candidates = candidates
