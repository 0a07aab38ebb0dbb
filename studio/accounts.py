"""Accounts: the users who may call Studio's HTTP service, their API keys and their limits.

An API key reads `sk_studio_<prefix>_<secret>`: the prefix (8 hex characters) is public and
identifies the key (it is stored, shown in listings and used to find the key); the secret is
`secrets.token_urlsafe(32)`. The whole key is shown once, when `create_key` returns it, and
is never stored or logged: the ledger keeps an scrypt hash of it (a salt of its own per key,
n=2**14, r=8, p=1), compared in constant time.

`authenticate` finds a key by its prefix and verifies the hash (about 50 ms of scrypt), then
remembers the verified token in this process for CACHE_S seconds (keyed by the token's
SHA-256, never the token itself), so that requests do not pay scrypt each. The price: a key
or user revoked by another process keeps working in this one for up to CACHE_S seconds (a
revocation made in this process takes effect at once). `last_used_at` is written when a key
is verified, so at most once per CACHE_S per process.

A user also has limits (NULL is unlimited) and a random webhook secret, kept in the clear
because Studio signs webhooks with it. Names are the owners of briefs (STUDIO_USER on the
CLI): any printable text up to 128 characters, without control characters or surrounding
spaces. A revoked user keeps their name (and their briefs); it cannot be added again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from studio.domain import utcnow
from studio.errors import NotFoundError, UserInputError
from studio.ledger.schema import _aware, api_keys, users

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from studio.config import Settings

KEY_PREFIX = "sk_studio_"
PREFIX_CHARS = 8
MAX_NAME = 128
CACHE_S = 60.0  # how long a verified key is trusted without scrypt (see the docstring)
CACHE_MAX = 10_000
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_TOKEN = re.compile(rf"{KEY_PREFIX}([0-9a-f]{{{PREFIX_CHARS}}})_([A-Za-z0-9_-]{{16,128}})")


class DuplicateUserError(UserInputError):
    """A user of that name exists already (revoked users keep their names)."""


class UserLimits(BaseModel):
    """What a user may use; None is unlimited."""

    max_concurrent_briefs: int | None = None
    images_per_day: int | None = None
    budget_per_month_usd: float | None = None


class UserView(BaseModel):
    """A user as listings show them (never their webhook secret)."""

    name: str
    created_at: datetime
    revoked_at: datetime | None = None
    limits: UserLimits = UserLimits()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class KeyView(BaseModel):
    """An API key as listings show it: its id and public prefix, never the key."""

    id: str
    user: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def shown(self) -> str:
        """How the key starts, e.g. `sk_studio_1a2b3c4d_…`."""
        return f"{KEY_PREFIX}{self.prefix}_…"


# -- the ledger ------------------------------------------------------------------------------
def _db(settings: Settings) -> Engine:
    from studio.context import open_ledger

    return open_ledger(settings.ledger_url, configured=bool(settings.database_url)).engine


def check_name(name: str) -> str:
    """A user name as given, or a UserInputError (field `name`) saying what is wrong."""
    if not isinstance(name, str) or not name.strip():
        raise UserInputError("a user name cannot be empty", field="name")
    if len(name) > MAX_NAME:
        raise UserInputError(f"a user name has at most {MAX_NAME} characters", field="name")
    if _CONTROLS.search(name):
        raise UserInputError("a user name cannot contain control characters", field="name")
    if name != name.strip():
        raise UserInputError("a user name cannot start or end with spaces", field="name")
    return name


def _user_view(r: Any) -> UserView:
    return UserView(
        name=r["name"],
        created_at=_aware(r["created_at"]),
        revoked_at=_aware(r["revoked_at"]),
        limits=UserLimits(
            max_concurrent_briefs=r["max_concurrent_briefs"],
            images_per_day=r["images_per_day"],
            budget_per_month_usd=r["budget_per_month_usd"],
        ),
    )


def _key_view(r: Any) -> KeyView:
    return KeyView(
        id=r["id"],
        user=r["user_name"],
        prefix=r["prefix"],
        created_at=_aware(r["created_at"]),
        revoked_at=_aware(r["revoked_at"]),
        last_used_at=_aware(r["last_used_at"]),
    )


def _user_row(conn: Any, name: str) -> Any:
    row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
    if row is None:
        raise NotFoundError(
            f"no user {name!r}", hint="`studio users list` shows the users", field="name"
        )
    return row


# -- users -----------------------------------------------------------------------------------
def add_user(settings: Settings, name: str, *, limits: UserLimits | None = None) -> UserView:
    """A new user (no keys yet). DuplicateUserError when the name is taken."""
    check_name(name)
    limits = limits or UserLimits()
    values = {
        "name": name,
        "created_at": utcnow(),
        "webhook_secret": secrets.token_urlsafe(32),
        **limits.model_dump(),
    }
    try:
        with _db(settings).begin() as conn:
            conn.execute(insert(users).values(**values))
    except IntegrityError:
        raise DuplicateUserError(
            f"a user named {name!r} exists already",
            hint="choose another name (a revoked user keeps theirs)",
            field="name",
        ) from None
    return _user_view(values | {"revoked_at": None})


def list_users(settings: Settings) -> list[UserView]:
    """Every user, revoked ones included, by name."""
    with _db(settings).connect() as conn:
        rows = conn.execute(select(users).order_by(users.c.name)).mappings().all()
    return [_user_view(r) for r in rows]


def get_user(settings: Settings, name: str) -> UserView:
    """One user, or NotFoundError."""
    with _db(settings).connect() as conn:
        return _user_view(_user_row(conn, name))


def revoke_user(settings: Settings, name: str) -> None:
    """Revoke a user and every key of theirs (again is a no-op); NotFoundError if unknown."""
    now = utcnow()
    with _db(settings).begin() as conn:
        _user_row(conn, name)
        conn.execute(
            update(users)
            .where(users.c.name == name, users.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        conn.execute(
            update(api_keys)
            .where(api_keys.c.user_name == name, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    _forget(lambda entry: entry[0] == name)


def user_limits(settings: Settings, name: str) -> UserLimits:
    """A user's limits (None: unlimited); NotFoundError if unknown."""
    return get_user(settings, name).limits


def set_limits(settings: Settings, name: str, limits: UserLimits) -> UserView:
    """Replace a user's limits (a None field is unlimited); NotFoundError if unknown."""
    for field, value in limits.model_dump().items():
        if value is not None and value < 0:
            raise UserInputError(f"{field} cannot be negative", field=field)
    with _db(settings).begin() as conn:
        _user_row(conn, name)
        conn.execute(update(users).where(users.c.name == name).values(**limits.model_dump()))
        return _user_view(_user_row(conn, name))


def webhook_secret(settings: Settings, name: str) -> str:
    """The secret a user's webhooks are signed with; NotFoundError if unknown."""
    with _db(settings).connect() as conn:
        return _user_row(conn, name)["webhook_secret"]


# -- keys ------------------------------------------------------------------------------------
def _hash(token: str, salt: bytes) -> bytes:
    return hashlib.scrypt(
        token.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_LEN
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_key(token: str) -> str:
    """What the ledger stores for a key: `scrypt$n$r$p$salt$hash` (salt and hash base64)."""
    salt = secrets.token_bytes(16)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(_hash(token, salt))}"


def verify_key(token: str, stored: str) -> bool:
    """Whether `token` is the key `stored` was made from (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = _unb64(digest)
        got = hashlib.scrypt(
            token.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def create_key(settings: Settings, user: str) -> tuple[KeyView, str]:
    """A new key for an active user: its view and the key itself, which is shown this once
    (only its hash is kept). NotFoundError if the user is unknown, UserInputError if revoked."""
    engine = _db(settings)
    for _ in range(5):  # a prefix already taken (1 in 4 billion): draw another
        prefix = secrets.token_hex(PREFIX_CHARS // 2)
        token = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        values = {
            "id": f"key_{secrets.token_hex(8)}",
            "user_name": user,
            "prefix": prefix,
            "hash": hash_key(token),
            "created_at": utcnow(),
            "revoked_at": None,
            "last_used_at": None,
        }
        try:
            with engine.begin() as conn:
                if _user_row(conn, user)["revoked_at"] is not None:
                    raise UserInputError(
                        f"user {user!r} is revoked",
                        hint="add a new user for new keys",
                        field="name",
                    )
                conn.execute(insert(api_keys).values(**values))
        except IntegrityError:
            continue
        return _key_view(values), token
    raise RuntimeError("could not draw an unused key prefix")  # pragma: no cover


def list_keys(settings: Settings, user: str | None = None) -> list[KeyView]:
    """The keys of `user` (NotFoundError if unknown), or of everyone; oldest first."""
    with _db(settings).connect() as conn:
        query = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)
        if user is not None:
            _user_row(conn, user)
            query = query.where(api_keys.c.user_name == user)
        return [_key_view(r) for r in conn.execute(query).mappings().all()]


def revoke_key(settings: Settings, key_id: str) -> None:
    """Revoke one key by its id (again is a no-op); NotFoundError if unknown."""
    with _db(settings).begin() as conn:
        found = conn.execute(select(api_keys.c.id).where(api_keys.c.id == key_id)).first()
        if found is None:
            raise NotFoundError(
                f"no API key {key_id!r}", hint="`studio keys list` shows the keys' ids"
            )
        conn.execute(
            update(api_keys)
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    _forget(lambda entry: entry[1] == key_id)


# -- authentication ----------------------------------------------------------------------------
# sha256(ledger url + token) -> (user, key id, monotonic expiry)
_verified: dict[str, tuple[str, str, float]] = {}
_verified_lock = threading.Lock()


def _forget(match: Any) -> None:
    with _verified_lock:
        for digest in [d for d, entry in _verified.items() if match(entry)]:
            del _verified[digest]


def clear_cache() -> None:
    """Forget every verified key (tests; a process that must see revocations at once)."""
    with _verified_lock:
        _verified.clear()


def authenticate(settings: Settings, token: str) -> str | None:
    """The name of the user a key belongs to, when it is a valid, unrevoked key of an active
    user; None otherwise (whatever was wrong: the caller answers 401 without detail)."""
    if not isinstance(token, str):
        return None
    match = _TOKEN.fullmatch(token.strip())
    if match is None:
        return None
    token = match.group(0)
    url = settings.ledger_url
    digest = hashlib.sha256(f"{url}\n{token}".encode()).hexdigest()
    now = time.monotonic()
    with _verified_lock:
        cached = _verified.get(digest)
        if cached is not None and cached[2] > now:
            return cached[0]
    engine = _db(settings)
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(api_keys.c.id, api_keys.c.hash, api_keys.c.user_name)
                .join(users, users.c.name == api_keys.c.user_name)
                .where(
                    api_keys.c.prefix == match.group(1),
                    api_keys.c.revoked_at.is_(None),
                    users.c.revoked_at.is_(None),
                )
            )
            .mappings()
            .first()
        )
    if row is None or not verify_key(token, row["hash"]):
        return None
    with engine.begin() as conn:
        conn.execute(
            update(api_keys).where(api_keys.c.id == row["id"]).values(last_used_at=utcnow())
        )
    with _verified_lock:
        if len(_verified) >= CACHE_MAX:
            for d in [d for d, entry in _verified.items() if entry[2] <= now] or list(_verified):
                del _verified[d]
        _verified[digest] = (row["user_name"], row["id"], now + CACHE_S)
    return row["user_name"]
