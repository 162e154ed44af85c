"""The exception tree; each error knows its exit code and reads well after ``error: PATH:``."""

from __future__ import annotations


class ArticleConvertError(Exception):
    """Base of every error the tool reports to a person."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def with_path(self, path: str) -> ArticleConvertError:
        """The same error, naming the file it concerns (kept if already set)."""
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class UsageError(ArticleConvertError):
    """The command line asks for something impossible (unknown format, bad option value)."""

    exit_code = 2


class InputError(ArticleConvertError):
    """The input cannot be read: missing, a directory, empty, binary, undecodable."""

    exit_code = 1


class InvalidInputError(InputError):
    """The input was read but its content is not valid for its format."""


class WriteError(ArticleConvertError):
    """A writer failed or the output could not be written."""

    exit_code = 1


class StrictModeError(ArticleConvertError):
    """A diagnostic was raised while ``--strict`` was in force."""

    exit_code = 1
