"""What an import is asked to read: files and folders, uploads waiting on disk, or documents in memory.

The command names paths and the admin names its staged uploads; `import_documents` opens them here,
through `importers.containers` (folders walked, zip and gzip opened, with its limits), so no caller
opens a container itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..importers.containers import _walk, iter_documents, iter_uploaded_file
from ..importers.records import InputDocument, ParseFailure

CONTAINER_SUFFIXES = (".zip", ".gz")


@dataclass(frozen=True)
class Upload:
    """A file uploaded through the admin, waiting at `path`, reported under the name it was given."""

    name: str
    path: Path


Input = str | Path | Upload | InputDocument | ParseFailure


def open_inputs(inputs: Iterable[Input]) -> Iterator[InputDocument | ParseFailure]:
    """Every document the inputs hold, in order; what cannot be read is a ParseFailure."""
    for given in inputs:
        if isinstance(given, InputDocument | ParseFailure):
            yield given
        elif isinstance(given, Upload):
            yield from iter_uploaded_file(given.name, given.path)
        else:
            yield from iter_documents([given])


def labels(inputs: Iterable[Input]) -> list[str]:
    """The names an import's batch lists: the paths and uploads it was given (documents are not named)."""
    if not isinstance(inputs, Sequence):  # a stream of documents is not read twice
        return []
    return [given.name if isinstance(given, Upload) else str(given) for given in inputs if _named(given)]


def count_documents(inputs: Iterable[Input]) -> int:
    """How many documents the inputs hold, when that is known without opening containers (else 0)."""
    if not isinstance(inputs, Sequence):
        return 0
    names: list[str] = []
    for given in inputs:
        if isinstance(given, InputDocument | ParseFailure):
            names.append(given.name)
        elif isinstance(given, Upload):
            return 0  # an upload's format is known once it is opened
        elif (path := Path(given)).is_dir():
            names.extend(_folder_entries(path))
        else:
            names.append(path.name)
    if any(name.lower().endswith(CONTAINER_SUFFIXES) for name in names):
        return 0
    return len(names)


def _folder_entries(folder: Path) -> list[str]:
    """What a folder's walk reads or reports (a document or a failure each): not README.md, LICENSE or
    hidden files, which it skips. (Here, not in importers/: a change there is a new PARSER_VERSION, and
    every article would read as updated on its next import.)"""
    return [
        found.name if isinstance(found, ParseFailure) else found[1]
        for found in _walk(folder, folder.resolve())
    ]


def _named(given: Input) -> bool:
    return not isinstance(given, InputDocument | ParseFailure)
