"""The sign-in failure throttle on its own, with a clock the test moves."""

from __future__ import annotations

from web.throttle import FailureThrottle


def throttle(clock):
    return FailureThrottle(free=3, window=600.0, base=1.0, cap=8.0, max_clients=2, clock=lambda: clock[0])


def test_failures_are_forgotten_after_a_quiet_window_and_counted_per_client():
    clock = [0.0]
    limit = throttle(clock)
    for _ in range(2):
        limit.failed("a")
    clock[0] += 601
    limit.failed("a")
    assert limit.retry_after("a") == 0  # the two old failures no longer count
    limit.failed("a")
    limit.failed("a")
    assert limit.retry_after("a") == 1 and limit.retry_after("b") == 0


def test_asking_during_a_lock_out_does_not_lengthen_it():
    clock = [0.0]
    limit = throttle(clock)
    for _ in range(3):
        limit.failed("a")
    for _ in range(10):
        assert limit.retry_after("a") == 1
    clock[0] += 1
    assert limit.retry_after("a") == 0


def test_memory_is_bounded_by_dropping_the_client_that_failed_longest_ago():
    clock = [0.0]
    limit = throttle(clock)
    for key in ("a", "b", "c"):
        for _ in range(3):
            limit.failed(key)
    assert limit.retry_after("a") == 0 and limit.retry_after("b") == limit.retry_after("c") == 1
