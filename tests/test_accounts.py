"""Accounts (studio/accounts.py) on SQLite and on the PostgreSQL on this machine (skipped when
it is not reachable): users and their API keys, which authenticate only while the key and its
user are unrevoked, are stored as scrypt hashes (the key itself is nowhere in the database),
survive the migration from 0003, and the `studio users` / `studio keys` commands."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text, update

from studio import accounts
from studio.accounts import DuplicateUserError, UserLimits
from studio.config import Settings
from studio.domain import utcnow
from studio.errors import NotFoundError, UserInputError
from studio.ledger import Ledger
from studio.ledger.migrations import HEAD, SCRIPTS
from studio.ledger.schema import api_keys
from tests.workers_support import drop_postgres, postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings on a ledger of their own; a fresh authentication cache for each test."""
    database_url = None if request.param == "sqlite" else request.getfixturevalue("pg_database")
    accounts.clear_cache()
    yield Settings(output_dir=tmp_path / "out", database_url=database_url)
    accounts.clear_cache()


def _name() -> str:
    return f"ann-{secrets.token_hex(4)}"  # the PostgreSQL database is shared by a module


def _engine(settings: Settings):  # noqa: ANN202
    return Ledger(settings.ledger_url).engine


def test_a_user_with_a_key_authenticates(settings: Settings) -> None:
    name = _name()
    user = accounts.add_user(settings, name)
    assert (user.name, user.active, user.limits) == (name, True, UserLimits())
    key, token = accounts.create_key(settings, name)
    assert token.startswith(f"sk_studio_{key.prefix}_") and len(key.prefix) == 8
    assert (key.user, key.active, key.last_used_at) == (name, True, None)
    assert len(token) > 50
    assert accounts.authenticate(settings, token) == name
    assert accounts.authenticate(settings, token) == name  # from the cache
    assert accounts.authenticate(settings, f"  {token}\n") == name
    [listed] = accounts.list_keys(settings, name)
    assert (listed.id, listed.prefix) == (key.id, key.prefix)
    assert listed.last_used_at is not None
    assert name in [u.name for u in accounts.list_users(settings)]
    assert key.id in [k.id for k in accounts.list_keys(settings)]
    # a second key works too, and has a salt of its own
    key2, token2 = accounts.create_key(settings, name)
    assert accounts.authenticate(settings, token2) == name and token2 != token
    with _engine(settings).connect() as conn:
        hashes = dict(conn.execute(select(api_keys.c.id, api_keys.c.hash)).all())
    for k in (key, key2):
        scheme, n, r, p, salt, digest = hashes[k.id].split("$")
        assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert hashes[key.id].split("$")[4] != hashes[key2.id].split("$")[4]


def test_wrong_unknown_and_malformed_keys_do_not_authenticate(settings: Settings) -> None:
    name = _name()
    accounts.add_user(settings, name)
    key, token = accounts.create_key(settings, name)
    wrong_secret = f"sk_studio_{key.prefix}_{secrets.token_urlsafe(32)}"
    unknown_prefix = f"sk_studio_{secrets.token_hex(4)}_{token.rsplit('_', 1)[-1]}"
    # the right key with one character changed
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (
        wrong_secret,
        unknown_prefix,
        flipped,
        token[:-1],
        "",
        "sk_studio_",
        key.prefix,
        f"Bearer {token}",
        token + "x" * 200,
        token.upper(),
    ):
        assert accounts.authenticate(settings, bad) is None, bad
    assert accounts.authenticate(settings, token) == name


def test_revoked_keys_and_users_stop_authenticating(settings: Settings) -> None:
    name, other = _name(), _name()
    accounts.add_user(settings, name)
    accounts.add_user(settings, other)
    key1, token1 = accounts.create_key(settings, name)
    _key2, token2 = accounts.create_key(settings, name)
    _key3, token3 = accounts.create_key(settings, other)
    assert accounts.authenticate(settings, token1) == name  # now cached

    accounts.revoke_key(settings, key1.id)  # in this process: at once, cache or not
    assert accounts.authenticate(settings, token1) is None
    assert accounts.authenticate(settings, token2) == name
    accounts.revoke_key(settings, key1.id)  # again: a no-op

    accounts.revoke_user(settings, name)
    assert accounts.authenticate(settings, token2) is None
    assert accounts.authenticate(settings, token3) == other  # someone else's keys stay
    assert all(not k.active for k in accounts.list_keys(settings, name))
    [revoked] = [u for u in accounts.list_users(settings) if u.name == name]
    assert revoked.revoked_at is not None and not revoked.active
    accounts.revoke_user(settings, name)  # again: a no-op
    with pytest.raises(UserInputError, match="revoked"):
        accounts.create_key(settings, name)
    with pytest.raises(DuplicateUserError):
        accounts.add_user(settings, name)  # a revoked user keeps their name


def test_a_revocation_by_another_process_takes_effect_within_the_cache_time(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = _name()
    accounts.add_user(settings, name)
    key, token = accounts.create_key(settings, name)
    assert accounts.authenticate(settings, token) == name
    with _engine(settings).begin() as conn:  # what another process's revoke_key writes
        conn.execute(update(api_keys).where(api_keys.c.id == key.id).values(revoked_at=utcnow()))
    assert accounts.authenticate(settings, token) == name  # trusted for up to CACHE_S
    later = accounts.time.monotonic() + accounts.CACHE_S + 1
    monkeypatch.setattr(accounts.time, "monotonic", lambda: later)
    assert accounts.authenticate(settings, token) is None


def test_the_key_itself_is_nowhere_in_the_database(settings: Settings) -> None:
    name = _name()
    accounts.add_user(settings, name)
    _key, token = accounts.create_key(settings, name)
    assert accounts.authenticate(settings, token) == name
    secret = token.rsplit("_", 1)[-1]
    sha = hashlib.sha256(token.encode()).hexdigest()
    engine = _engine(settings)
    cells = 0
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    cells += 1
                    for needle in (token, secret, secret[:16], sha):
                        assert needle not in str(value), (table, value)
    assert cells > 10  # the scan saw the users and keys


def test_names_are_checked(settings: Settings) -> None:
    name = _name()
    accounts.add_user(settings, name)
    with pytest.raises(DuplicateUserError) as dup:
        accounts.add_user(settings, name)
    assert isinstance(dup.value, UserInputError) and dup.value.field == "name"
    for bad in ("", "   ", "a\x00b", "a\nb", "a\x1b[31mb", "a\u202eb", " ann", "x" * 129):
        with pytest.raises(UserInputError) as err:
            accounts.add_user(settings, bad)
        assert err.value.field == "name", bad
    long = "é" * 120 + secrets.token_hex(4)
    assert accounts.add_user(settings, long).name == long  # 128 characters, any script
    assert accounts.add_user(settings, f"Ann Smith {name}").name == f"Ann Smith {name}"


def test_unknown_users_and_keys_are_not_found(settings: Settings) -> None:
    nobody = _name()
    for call in (
        lambda: accounts.revoke_user(settings, nobody),
        lambda: accounts.create_key(settings, nobody),
        lambda: accounts.list_keys(settings, nobody),
        lambda: accounts.user_limits(settings, nobody),
        lambda: accounts.webhook_secret(settings, nobody),
        lambda: accounts.set_limits(settings, nobody, UserLimits()),
        lambda: accounts.revoke_key(settings, "key_nope"),
    ):
        with pytest.raises(NotFoundError):
            call()


def test_limits_and_webhook_secrets(settings: Settings) -> None:
    name, other = _name(), _name()
    accounts.add_user(settings, name)
    accounts.add_user(settings, other, limits=UserLimits(images_per_day=10))
    assert accounts.user_limits(settings, name) == UserLimits()  # unlimited
    assert accounts.user_limits(settings, other).images_per_day == 10
    limits = UserLimits(max_concurrent_briefs=2, images_per_day=100, budget_per_month_usd=12.5)
    assert accounts.set_limits(settings, name, limits).limits == limits
    assert accounts.user_limits(settings, name) == limits
    with pytest.raises(UserInputError):
        accounts.set_limits(settings, name, UserLimits(images_per_day=-1))
    secret = accounts.webhook_secret(settings, name)
    assert len(secret) >= 32 and secret == accounts.webhook_secret(settings, name)
    assert secret != accounts.webhook_secret(settings, other)
    assert "webhook_secret" not in accounts.list_users(settings)[0].model_dump()


def test_the_migration_from_0003_keeps_the_rows(settings: Settings) -> None:
    from alembic import command
    from alembic.config import Config

    from tests.store.test_ledger_migrations import _plan

    url = settings.ledger_url
    if url.startswith("sqlite"):
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    else:  # the module's database is at HEAD already: take a new one at 0003
        name = f"studio_accounts_{secrets.token_hex(4)}"
        url = postgres_url(name)
        assert url is not None
    engine = create_engine(url)
    try:
        config = Config()
        config.set_main_option("script_location", str(SCRIPTS))
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0003")
        with engine.connect() as conn:
            assert not inspect(conn).has_table("users")
    finally:
        engine.dispose()
    try:
        # what a Studio at 0003 wrote: a brief of ann's with its jobs
        ledger_0003 = create_engine(url)
        with ledger_0003.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO briefs (id, owner, text, state, stage, jobs_total, created_at)"
                    " VALUES ('b-0003', 'ann', 'kept', 'succeeded', 'done', 0, :now)"
                ),
                {"now": utcnow()},
            )
        ledger_0003.dispose()

        ledger = Ledger(url)  # upgrades to HEAD
        with ledger.engine.connect() as conn:
            assert list(conn.execute(text("SELECT version_num FROM alembic_version"))) == [(HEAD,)]
        row = ledger.get("b-0003", owner="ann")
        assert (row.text, row.owner) == ("kept", "ann")
        _plan(ledger, "b-after")
        on_it = settings.model_copy(update={"database_url": url})
        accounts.add_user(on_it, "ann")
        _key, token = accounts.create_key(on_it, "ann")
        assert accounts.authenticate(on_it, token) == "ann"
    finally:
        if not url.startswith("sqlite"):
            drop_postgres(url.rsplit("/", 1)[1])


# -- the commands ------------------------------------------------------------------------------
def test_the_users_and_keys_commands(cli, studio_env: Path) -> None:  # noqa: ANN001
    from studio.config import get_settings

    assert cli("users", "add", "ann").code == 0
    dup = cli("users", "add", "ann")
    assert dup.code == 2 and "exists already" in dup.err
    assert cli("users", "add", "").code == 2

    created = cli("keys", "create", "ann")
    assert created.code == 0, created.err
    token = created.out.strip()
    assert token.startswith("sk_studio_") and "\n" not in token
    assert "shown only once" in created.err and token not in created.err
    assert accounts.authenticate(get_settings(), token) == "ann"

    listed = cli("keys", "list", "ann")
    assert listed.code == 0 and token not in listed.out
    [view] = accounts.list_keys(get_settings(), "ann")
    assert view.id in listed.out and view.prefix in listed.out
    as_json = cli("keys", "list", "--json")
    assert [k["id"] for k in as_json.json()] == [view.id] and token not in as_json.out

    users = cli("users", "list", "--json")
    assert [u["name"] for u in users.json()] == ["ann"] and "webhook" not in users.out
    assert "ann" in cli("users", "list").out

    limits = cli("users", "limits", "ann", "--images-per-day", "5", "--max-concurrent", "2")
    assert limits.code == 0 and "images/day 5" in limits.out
    assert accounts.user_limits(get_settings(), "ann").max_concurrent_briefs == 2
    assert "images/day unlimited" in cli("users", "limits", "ann", "--unlimited").out

    assert cli("keys", "create", "bob").code == 3
    assert cli("keys", "revoke", "key_nope").code == 3
    assert cli("keys", "list", "bob").code == 3
    assert cli("keys", "revoke", view.id).code == 0
    accounts.clear_cache()
    assert accounts.authenticate(get_settings(), token) is None

    _key, token2 = accounts.create_key(get_settings(), "ann")
    revoked = cli("users", "revoke", "ann")
    assert revoked.code == 0 and "revoked" in revoked.out
    accounts.clear_cache()
    assert accounts.authenticate(get_settings(), token2) is None
    assert cli("users", "revoke", "nobody").code == 3
    assert cli("keys", "create", "ann").code == 2
