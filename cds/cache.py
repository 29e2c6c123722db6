"""Redis as an accelerator, never a dependency.

`ResilientRedisCache` is Django's Redis cache, except that when Redis cannot be reached (down,
restarting, a dead port, a timeout) a read is a miss and a write is skipped, instead of an
exception that turns every page into a 500. Pages are then rendered from the database: slower,
never broken.

- After a failure the backend does not try Redis again for `RETRY_AFTER` seconds (default 5):
  a dead server costs one refused connection every few seconds, not one per cache call.
- The failure is logged once a minute (`LOG_EVERY`), not once a request; its return once.
- A process that could not write while Redis was unreachable (a content version's bump, a
  kept value's invalidation) sends `cache_recovered` when Redis answers again, so that what was
  cached before the outage is never served as current (core/cache.py moves the version on).
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from core.cache import cache_recovered  # its listener forgets what the outage hid

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        self.log_every = float(options.pop("LOG_EVERY", 60))
        # A hung server must not hold a request for long: fail fast, then skip Redis a while.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self._last_logged = None
        self._missed_writes = False

    @property
    def available(self):
        return time.monotonic() >= self._down_until

    def _failed(self, exc, write):
        now = time.monotonic()
        self._down_until = now + self.retry_after
        self._missed_writes = self._missed_writes or write
        if self._last_logged is None or now - self._last_logged >= self.log_every:
            self._last_logged = now
            logger.error("Cache unreachable (%s): pages are served without it", type(exc).__name__)

    def _succeeded(self):
        if self._last_logged is not None:
            self._last_logged = None
            logger.warning("Cache reachable again")
        if self._missed_writes:
            self._missed_writes = False
            cache_recovered.send(sender=type(self), backend=self)

    def _call(self, name, args, fallback, write):
        if not self.available:
            self._missed_writes = self._missed_writes or write
            return fallback()
        try:
            result = getattr(super(), name)(*args)
        except UNREACHABLE as exc:
            self._failed(exc, write)
            return fallback()
        self._succeeded()
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", (key, default, version), lambda: default, write=False)

    def get_many(self, keys, version=None):
        return self._call("get_many", (keys, version), dict, write=False)

    def has_key(self, key, version=None):
        return self._call("has_key", (key, version), lambda: False, write=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # As if added: callers use `add` to take a lock (allauth's rate limits) or start a
        # counter; refusing would make every one of them wait, then refuse (a login, a post).
        return self._call("add", (key, value, timeout, version), lambda: True, write=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", (key, value, timeout, version), lambda: None, write=True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", (data, timeout, version), lambda: list(data), write=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", (key, timeout, version), lambda: False, write=True)

    def delete(self, key, version=None):
        return self._call("delete", (key, version), lambda: False, write=True)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", (keys, version), lambda: None, write=True)

    def incr(self, key, delta=1, version=None):
        def unavailable():
            # What callers already handle for a key the cache lost (a counter starts again).
            raise ValueError("The cache is unreachable")

        return self._call("incr", (key, delta, version), unavailable, write=True)

    def clear(self):
        return self._call("clear", (), lambda: False, write=True)

    def ping(self):
        """Whether Redis answers now (the readiness check), whatever the backoff says."""
        try:
            self._cache.get_client(write=False).ping()
        except UNREACHABLE:
            return False
        return True
