"""The inputs of a batch: PDFs named by folders, globs, CSV lists or paths, each read once
for its content hash; and the keys that make a batch idempotent.

    item key   sha256(content sha256 | template id @ version | options hash): the same file
               under the same template version and options is the same item, whatever its
               name or folder (a rerun never makes it again)
    batch key  sha256(owner + the sorted item keys): the same inputs, template and options
               for the same owner are the same batch
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.errors import UserInputError

CSV_COLUMNS = ("path", "file", "pdf")  # the column of a LIST.csv that names the files


@dataclass(frozen=True)
class InputFile:
    name: str
    path: str
    sha256: str
    key: str = ""


def options_hash(options: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()


def item_key(sha256: str, template: str, version: str, options: dict[str, Any]) -> str:
    text = f"{sha256}|{template}@{version}|{options_hash(options)}"
    return hashlib.sha256(text.encode()).hexdigest()


def batch_key(owner: str, item_keys: list[str]) -> str:
    return hashlib.sha256("\n".join([owner, *sorted(item_keys)]).encode()).hexdigest()


def collect(specs: list[str]) -> list[Path]:
    """The files named by each spec, in order, each once: a folder (its *.pdf files), a .csv
    list (a `path`/`file`/`pdf` column, else the first; relative to the list's folder), a
    file, or a glob pattern."""
    found: list[Path] = []
    for spec in specs:
        path = Path(spec).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf" and p.is_file())
            if not files:
                raise UserInputError(
                    f"the folder {spec} holds no .pdf files",
                    hint="name a folder of PDFs",
                    field="inputs",
                )
        elif path.is_file() and path.suffix.lower() == ".csv":
            files = _from_csv(path)
        elif path.is_file():
            files = [path]
        else:
            files = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            files = [p for p in files if p.is_file()]
            if not files:
                raise UserInputError(
                    f"no file matches {spec}",
                    hint="give a folder of PDFs, a glob such as 'releases/*.pdf', or a .csv list",
                    field="inputs",
                )
        found += files
    seen: set[Path] = set()
    unique = []
    for p in found:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique


def _from_csv(path: Path) -> list[Path]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise UserInputError(f"the list {path} is empty", field="inputs")
    header = [c.strip().lower() for c in rows[0]]
    column = next((header.index(c) for c in CSV_COLUMNS if c in header), None)
    body = rows[1:] if column is not None else rows
    column = column or 0
    files = []
    for row in body:
        if len(row) <= column or not row[column].strip():
            continue
        p = Path(row[column].strip()).expanduser()
        p = p if p.is_absolute() else path.parent / p
        if not p.is_file():
            raise UserInputError(
                f"{path.name} names {row[column].strip()}, which is not a file",
                hint="paths in the list are relative to the list's folder",
                field="inputs",
            )
        files.append(p)
    if not files:
        raise UserInputError(f"the list {path} names no files", field="inputs")
    return files


def read_inputs(paths: list[Path]) -> list[InputFile]:
    """Each file's name, absolute path and content hash."""
    out = []
    for p in paths:
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        out.append(InputFile(name=p.name, path=str(p.resolve()), sha256=digest))
    return out
