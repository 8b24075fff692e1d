"""Typed domain errors. Adapters map them to their own shapes (HTTP status, exit code).

Every error carries a stable machine-readable `code` and a message written for the person who
has to act on it. Messages never contain stack traces or raw exception text from libraries.
"""

from __future__ import annotations


class TarjamaError(Exception):
    """Base of every error tarjama raises on purpose."""

    code: str = "tarjama_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(TarjamaError):
    """Settings that cannot work together (bad device, unknown backend, ...)."""

    code = "configuration_error"


class SettingsError(ConfigurationError):
    """`TARJAMA_*` settings (or the flags standing for them) that do not validate. CLI: exit 2."""

    code = "invalid_settings"


class AccessError(ConfigurationError):
    """A file or folder this process may not read or write (permissions). CLI: exit 2."""

    code = "permission_denied"


class ModelNotFoundError(TarjamaError):
    """A configured model is neither a local directory nor in the local cache, and cannot be fetched."""

    code = "model_not_found"


class ModelLoadError(TarjamaError):
    """A model was found but could not be loaded (corrupt files, unsupported architecture)."""

    code = "model_load_error"


class UnsupportedLanguageError(TarjamaError):
    """A language or language pair no configured model serves."""

    code = "unsupported_language"


class InputDecodeError(TarjamaError):
    """Input bytes that are not valid text in the expected encoding."""

    code = "invalid_encoding"


class InputTooLargeError(TarjamaError):
    """Input over a configured limit."""

    code = "input_too_large"


class NoMainTextError(TarjamaError):
    """A page or document with no article text left after cleaning."""

    code = "no_main_text"


class InvalidInputError(TarjamaError):
    """Input of the right type but unusable (bad option values, malformed records)."""

    code = "invalid_input"


class OverloadedError(TarjamaError):
    """A model's queue is full (`models.scheduler`); `retry_after` is its drain time in seconds."""

    code = "overloaded"

    def __init__(self, model: str, retry_after: int) -> None:
        super().__init__(f"the queue of {model} is full; retry in {retry_after} s")
        self.model = model
        self.retry_after = retry_after


class CancelledWorkError(TarjamaError):
    """The work's ticket was cancelled (its request timed out or went away): no more model calls."""

    code = "cancelled"

    def __init__(self) -> None:
        super().__init__("the work was stopped")


class InferenceError(TarjamaError):
    """A model call failed for a reason that is not a domain error (the log has the details)."""

    code = "inference_failed"

    def __init__(self) -> None:
        super().__init__("the model call failed; the server log has the details")


class ShuttingDownError(TarjamaError):
    """The scheduler stopped while work waited."""

    code = "unavailable"

    def __init__(self) -> None:
        super().__init__("the service is shutting down; retry shortly")


class UnsupportedFormatError(InvalidInputError):
    """A file whose extension is not a document format tarjama reads."""

    code = "unsupported_format"


class CorruptDocumentError(InvalidInputError):
    """A document that cannot be parsed: truncated, damaged, or not the format its name says."""

    code = "corrupt_document"


class EncryptedDocumentError(InvalidInputError):
    """A password-protected document (encrypted PDF, protected Office file)."""

    code = "encrypted_document"


class UnsafeDocumentError(InvalidInputError):
    """A document refused for safety: macros, zip entries escaping the archive (zip-slip)."""

    code = "unsafe_document"


class DocumentTooLargeError(InputTooLargeError):
    """A document over a size limit: its bytes, or its archive's entries or expanded size (zip bomb)."""

    code = "document_too_large"
