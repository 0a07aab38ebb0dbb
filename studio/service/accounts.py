"""The operations on accounts, for every front end: users (add, list, revoke, limits, webhook
secret), their API keys (create, shown once; list; revoke) and `authenticate`, which the HTTP
service calls with each request's key. They live in studio/accounts.py; this module is
where front ends take them from (the CLI may not reach below the service layer)."""

from __future__ import annotations

from studio.accounts import (
    CACHE_S,
    DuplicateUserError,
    KeyView,
    UserLimits,
    UserView,
    add_user,
    authenticate,
    clear_cache,
    create_key,
    get_user,
    list_keys,
    list_users,
    revoke_key,
    revoke_user,
    set_limits,
    user_limits,
    webhook_secret,
)

__all__ = [
    "CACHE_S",
    "DuplicateUserError",
    "KeyView",
    "UserLimits",
    "UserView",
    "add_user",
    "authenticate",
    "clear_cache",
    "create_key",
    "get_user",
    "list_keys",
    "list_users",
    "revoke_key",
    "revoke_user",
    "set_limits",
    "user_limits",
    "webhook_secret",
]
