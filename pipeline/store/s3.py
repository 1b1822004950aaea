"""A store on S3 (or any S3-compatible object store: MinIO, Ceph, moto's server): where it is,
and its writer lock.

An object store has no ``flock`` and no atomic rename, so the writer lock is a **lease
object** taken with S3's conditional writes (``If-None-Match: *`` creates it only if absent;
``If-Match: <etag>`` replaces it only if unchanged), which AWS S3, MinIO and moto honour:

* *take*: create the lock object (its owner and the lease's end, JSON); if it exists and its
  lease has ended (its writer died), replace it conditioned on the ETag read, so of two
  waiters only one takes it over; else wait and try again until the timeout;
* *hold*: a thread renews the lease (``If-Match`` on the ETag it last wrote) every third of
  it; a renewal that fails means the lease was lost (the process stalled past it and another
  writer took over), and ``LeaseLock.check`` then refuses the commit;
* *release*: delete the object after checking it is still this owner's.

The lease object is ``<store>/<layout.lock>``: one per catalog, like the local ``flock``.
Credentials come from boto3's usual chain (``AWS_ACCESS_KEY_ID``… or a profile).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline.errors import PublishError
from pipeline.store.lock import POLL_INTERVAL, lock_timeout

__all__ = ["LEASE_SECONDS", "LeaseLock", "S3Location", "lease_lock"]

#: How long a taken lock stays taken without renewal: a writer that dies frees the store
#: after this.
LEASE_SECONDS = 60.0
#: The lease is renewed when this share of it has passed.
RENEW_SHARE = 1 / 3
#: The S3 error codes of a conditional write that lost (412; 409 when two race).
_LOST = frozenset({"PreconditionFailed", "ConditionalRequestConflict", "412", "409"})


@dataclass(frozen=True, slots=True)
class S3Location:
    """Where a store on S3 is: ``s3://<bucket>/<prefix>``, with the options pyarrow's URI takes
    (``endpoint_override``, ``scheme``, ``region``) for an S3-compatible server."""

    bucket: str
    prefix: str
    endpoint_url: str | None = None
    region: str | None = None

    @classmethod
    def parse(cls, uri: str) -> S3Location | None:
        """The location of ``uri``; None when it is not an ``s3://`` URI."""
        parts = urlsplit(uri)
        if parts.scheme != "s3":
            return None
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        endpoint = query.get("endpoint_override")
        if endpoint and "://" not in endpoint:
            endpoint = f"{query.get('scheme', 'https')}://{endpoint}"
        return cls(parts.netloc, parts.path.strip("/"), endpoint, query.get("region"))

    def key(self, key: str) -> str:
        """The object key of the store's ``key``."""
        return f"{self.prefix}/{key}" if self.prefix else key

    def client(self) -> Any:
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=self.region)


def _code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


@dataclass
class LeaseLock:
    """A held lease (see the module docstring)."""

    location: S3Location
    key: str
    owner: str
    etag: str
    lease: float
    lost: bool = False

    def body(self) -> bytes:
        until = time.time() + self.lease
        return json.dumps({"owner": self.owner, "until": until}).encode()

    def renew(self, client: Any) -> None:
        try:
            answer = client.put_object(Bucket=self.location.bucket, Key=self.key,
                                       Body=self.body(), IfMatch=self.etag)  # fmt: skip
        except Exception as error:  # a lost condition, or the store is unreachable
            if _code(error) in _LOST:
                self.lost = True
            return
        self.etag = answer["ETag"]

    def check(self) -> None:
        """Raise ``PublishError`` when the lease was lost: the commit must not go on."""
        if self.lost:
            raise PublishError(
                f"the writer lock s3://{self.location.bucket}/{self.key} was lost (this run "
                "stalled past its lease and another writer took over); nothing was published"
            )


def _take(client: Any, location: S3Location, key: str, owner: str, lease: float) -> str | None:
    """Take the lease object at ``key``; its ETag, or None when another writer holds it."""
    held = LeaseLock(location, key, owner, "", lease)
    try:
        return str(client.put_object(Bucket=location.bucket, Key=key, Body=held.body(),
                                     IfNoneMatch="*")["ETag"])  # fmt: skip
    except Exception as error:
        if _code(error) not in _LOST:
            raise
    try:  # held: take it over only if its lease has ended, and only if nobody else did
        found = client.get_object(Bucket=location.bucket, Key=key)
        until = float(json.loads(found["Body"].read()).get("until", 0))
    except Exception as error:
        if _code(error) in {"NoSuchKey", "404"}:
            return None  # released meanwhile: try again
        if isinstance(error, ValueError):  # not a lease this program wrote
            raise PublishError(f"the writer lock s3://{location.bucket}/{key} is not a lease "
                               "this program wrote; remove it by hand") from None  # fmt: skip
        raise
    if until > time.time():
        return None
    try:
        return str(client.put_object(Bucket=location.bucket, Key=key, Body=held.body(),
                                     IfMatch=found["ETag"])["ETag"])  # fmt: skip
    except Exception as error:
        if _code(error) in _LOST | {"NoSuchKey", "404"}:
            return None
        raise


@contextmanager
def lease_lock(
    location: S3Location, key: str, timeout: float | None = None, lease: float = LEASE_SECONDS
) -> Iterator[LeaseLock]:
    """Hold the lease object ``key`` (a store key) for the ``with`` block, waiting up to
    ``timeout`` seconds (default ``lock_timeout()``); ``PublishError`` when it stays held or
    the object store cannot be reached."""
    wait = lock_timeout() if timeout is None else timeout
    client, target = location.client(), location.key(key)
    owner = uuid.uuid4().hex
    where = f"s3://{location.bucket}/{target}"
    deadline = time.monotonic() + wait
    try:
        while (etag := _take(client, location, target, owner, lease)) is None:
            if time.monotonic() >= deadline:
                raise PublishError(
                    f"another run is publishing to s3://{location.bucket}/{location.prefix} "
                    f"(lock {where} held for {wait:g} s); try again when it has finished"
                )
            time.sleep(POLL_INTERVAL)
    except PublishError:
        raise
    except Exception as error:
        raise PublishError(f"cannot take the store's writer lock {where}: {error}") from None
    held = LeaseLock(location, target, owner, etag, lease)
    stop = threading.Event()

    def keep() -> None:
        while not stop.wait(lease * RENEW_SHARE) and not held.lost:
            held.renew(client)

    keeper = threading.Thread(target=keep, name="lease-renewal", daemon=True)
    keeper.start()
    try:
        yield held
    finally:
        stop.set()
        keeper.join()
        _release(client, held)


def _release(client: Any, held: LeaseLock) -> None:
    """Delete the lease object if it is still ``held``'s (a lost lease is another's now)."""
    if held.lost:
        return
    try:
        found = client.get_object(Bucket=held.location.bucket, Key=held.key)
        if json.loads(found["Body"].read()).get("owner") == held.owner:
            client.delete_object(Bucket=held.location.bucket, Key=held.key)
    except Exception:  # the lease ends by itself: the next writer takes it over then
        return
