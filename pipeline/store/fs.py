"""Where a curated store's bytes live: one ``StoreFS`` over a ``pyarrow.fs`` filesystem.

The store addresses everything by *keys*: POSIX paths relative to its root
(``resources/edition_dir=2024/part-0.parquet``). ``StoreFS`` turns a key into a path of its
filesystem and is the only code that touches bytes, so a store on an object store (any
``pyarrow.fs.FileSystem``: S3, GCS, HDFS, or an fsspec one through ``FSSpecHandler``) is the
same store code over another ``StoreFS``.

On the local filesystem it keeps the guarantees the journal relies on: ``move`` is
``os.replace`` (atomic, replacing a file), written files and renames are ``fsync``\\ ed, a file
kept aside is a hard link (no copy), and nothing follows a symbolic link out of the store.
Elsewhere ``move`` is the filesystem's own (S3 has no atomic rename: a folder is moved file by
file, under the writer lock, a lease object ``pipeline.store.s3`` takes; other filesystems
need a lock passed to ``CuratedStore``).
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from pipeline.errors import PublishError
from pipeline.locations import LOCAL_SCHEME, is_remote

__all__ = ["StoreFS", "check_key"]

_FILE, _DIR = pafs.FileType.File, pafs.FileType.Directory


def check_key(key: str, what: str = "a store path") -> str:
    """``key`` normalised; raises ``PublishError`` unless it stays inside the store."""
    normal = posixpath.normpath(key) if key else ""
    if (not normal or normal == "." or normal.startswith(("/", "../")) or normal == ".."
            or "\\" in key or "\x00" in key):  # fmt: skip
        raise PublishError(f"{what} {key!r} is not inside the store")
    return normal


@dataclass(frozen=True)
class StoreFS:
    """The bytes of one store: ``filesystem`` rooted at ``root`` (a path of that filesystem).

    ``local`` is the root as a local ``Path`` when the filesystem is the local one.
    """

    filesystem: pafs.FileSystem
    root: str
    local: Path | None = None

    @classmethod
    def at(cls, location: str | Path, filesystem: pafs.FileSystem | None = None) -> StoreFS:
        """The store at a local path, a URI (``s3://bucket/curated``), or a path of
        ``filesystem``."""
        if filesystem is not None:
            return cls(filesystem, str(location).rstrip("/"))
        text = str(location)
        if not text.strip():
            raise PublishError("no store given: the curated store's path is empty")
        if is_remote(text):
            try:
                filesystem, root = pafs.FileSystem.from_uri(text)
            except (pa.ArrowException, ValueError) as error:
                raise PublishError(f"cannot open the store {text}: {error}") from None
            return cls(filesystem, root.rstrip("/"))
        path = Path(text.removeprefix(LOCAL_SCHEME))  # shown as given: relative stays relative
        if path.exists() and not path.is_dir():
            raise PublishError("the curated store is not a folder", file=str(path))
        return cls(pafs.LocalFileSystem(), path.absolute().as_posix(), path)

    # ----------------------------------------------------------------------------- naming
    def path(self, key: str = "") -> str:
        """The filesystem path of ``key`` (the root for ``""``)."""
        if self.local is not None:
            return self.local_path(key).absolute().as_posix()
        return f"{self.root}/{check_key(key)}" if key else self.root

    def show(self, key: str = "") -> str:
        """``key`` for people: a local path, or the filesystem's type and path."""
        if self.local is None:  # s3://bucket/curated/…, memory://curated/…
            scheme = self.filesystem.type_name.removeprefix("py::").removeprefix("fsspec+")
            where = f"{scheme}://{self.root.lstrip('/')}"
            return f"{where}/{key}" if key else where
        if not key:
            return str(self.local)
        folder = "/" if key.endswith("/") else ""  # a folder named for people keeps its slash
        return f"{self.local / key}{folder}"

    def local_path(self, key: str = "") -> Path:
        """``key`` as a local path; raises ``PublishError`` on a store that is not local."""
        if self.local is None:
            raise PublishError(f"the store {self.show()} is not on the local filesystem")
        if not key:
            return self.local
        path = self.local / check_key(key)
        try:
            resolved, root = path.resolve(), self.local.resolve()
        except (RuntimeError, OSError):  # a symbolic link loop (RuntimeError before 3.13)
            link = next((p for p in (path, *path.parents) if p.is_symlink()), path)
            raise PublishError("is a symbolic link loop: the store cannot use it; remove the "
                               "link", file=str(link)) from None  # fmt: skip
        if not resolved.is_relative_to(root):
            link = next((p for p in (path, *path.parents) if p.is_symlink()), path)
            raise PublishError(
                "is a symbolic link out of the store: the store never follows one; remove the "
                "link", file=str(link),
            )
        return path

    # ----------------------------------------------------------------------------- looking
    def _type(self, key: str) -> pafs.FileType:
        return self.filesystem.get_file_info(self.path(key)).type

    def is_file(self, key: str) -> bool:
        return bool(self._type(key) == _FILE)

    def is_dir(self, key: str) -> bool:
        return bool(self._type(key) == _DIR)

    def exists(self, key: str) -> bool:
        return self._type(key) in (_FILE, _DIR)

    def children(self, key: str) -> list[str]:
        """Names of the files and folders directly in folder ``key`` (sorted; [] when it is
        missing or is not a folder)."""
        if not self.is_dir(key):
            return []
        selector = pafs.FileSelector(self.path(key), allow_not_found=True)
        return sorted(posixpath.basename(i.path) for i in self.filesystem.get_file_info(selector))

    def stamps(self, keys: Sequence[str]) -> dict[str, tuple[int, int] | None]:
        """key → (modification time in ns, size) of each of ``keys`` that is a file, else None
        (one call for them all). Metadata only, so the keys are not resolved link by link as
        ``path`` does: whatever reads a file's bytes still goes through ``path``."""
        paths = [f"{self.root}/{check_key(key)}" for key in keys]
        infos = self.filesystem.get_file_info(paths) if keys else []
        return {key: (info.mtime_ns or 0, info.size or 0) if info.type == _FILE else None
                for key, info in zip(keys, infos, strict=True)}  # fmt: skip

    def files_under(self, key: str) -> list[str]:
        """Keys of every file below folder ``key``, sorted."""
        if not self.is_dir(key):
            return []
        selector = pafs.FileSelector(self.path(key), recursive=True)
        start = len(self.root) + 1
        return sorted(i.path[start:] for i in self.filesystem.get_file_info(selector)
                      if i.type == _FILE)  # fmt: skip

    # ----------------------------------------------------------------------------- reading
    def read_table(self, key: str, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(self.path(key), columns=columns, filesystem=self.filesystem)

    def read_schema(self, key: str) -> pa.Schema:
        with self.filesystem.open_input_file(self.path(key)) as handle:
            return pq.read_schema(handle)

    def read_text(self, key: str) -> str:
        return self.read_bytes(key).decode("utf-8")

    def read_bytes(self, key: str) -> bytes:
        with self.filesystem.open_input_stream(self.path(key)) as handle:
            return bytes(handle.read())

    # ----------------------------------------------------------------------------- writing
    def make_dir(self, key: str) -> None:
        self.filesystem.create_dir(self.path(key), recursive=True)

    def _durable(self, key: str) -> None:
        if self.local is not None:
            fd = os.open(self.local_path(key), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def write_table(self, key: str, table: pa.Table) -> None:
        """Write ``table`` as a zstd Parquet file at ``key`` (durably on a local store)."""
        self.make_dir(posixpath.dirname(check_key(key)))
        pq.write_table(table, self.path(key), compression="zstd", filesystem=self.filesystem)
        self._durable(key)

    def write_text(self, key: str, text: str) -> None:
        """Write ``text`` (UTF-8) at ``key`` (durably on a local store)."""
        self.write_bytes(key, text.encode("utf-8"))

    def write_bytes(self, key: str, data: bytes) -> None:
        """Write ``data`` at ``key`` (durably on a local store)."""
        self.make_dir(posixpath.dirname(check_key(key)))
        with self.filesystem.open_output_stream(self.path(key)) as handle:
            handle.write(data)
        self._durable(key)

    def sync_dir(self, key: str) -> None:
        """Make renames and removals inside local folder ``key`` durable (no-op elsewhere)."""
        self._durable(key)

    def move(self, source: str, target: str) -> None:
        """Rename ``source`` to ``target``, replacing a file there (atomic on a local store).
        Elsewhere a folder is moved file by file (an object store has no folders to rename:
        S3's are key prefixes); the journal and the writer lock make that safe."""
        if self.local is not None:
            os.replace(self.local_path(source), self.local_path(target))
        elif self.is_dir(source) and self.filesystem.type_name == "s3":
            for key in self.files_under(source):
                moved = target + key.removeprefix(source)
                self.make_dir(posixpath.dirname(moved))
                self.filesystem.move(self.path(key), self.path(moved))
            self.filesystem.delete_dir(self.path(source))
        else:
            self.filesystem.move(self.path(source), self.path(target))

    def keep(self, source: str, copy: str) -> None:
        """Keep the bytes of file ``source`` also under ``copy`` (a hard link when local)."""
        self.make_dir(posixpath.dirname(check_key(copy)))
        if self.local is not None:
            try:
                os.link(self.local_path(source), self.local_path(copy))
                return
            except OSError:
                pass
        self.filesystem.copy_file(self.path(source), self.path(copy))

    def delete(self, key: str) -> None:
        """Remove file or folder ``key`` if present; a symbolic link is removed, never
        followed."""
        if self.local is not None:
            path = self.local_path(key)
            if path.is_symlink() or path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
            return
        kind = self._type(key)
        if kind == _DIR:
            self.filesystem.delete_dir(self.path(key))
        elif kind == _FILE:
            self.filesystem.delete_file(self.path(key))

    def remove_empty_dir(self, key: str) -> None:
        """Remove folder ``key`` if it is empty (a partition folder a dead run created)."""
        if self.is_dir(key) and not self.children(key):
            self.filesystem.delete_dir(self.path(key))
