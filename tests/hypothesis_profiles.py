"""The Hypothesis profiles: thorough locally, bounded in CI. `tests/conftest.py` loads one
before any test module is collected:

- `thorough` (the default): 1,000 examples a property, new ones each run;
- `ci` (when `CI=true`, as GitHub Actions sets it): 100, Hypothesis' own `ci` profile
  otherwise: the same examples each run (`derandomize`: a red CI is the change's, and a
  rerun shows it again), the failing one's blob printed (`@reproduce_failure`), no example
  database, no health check for slow data (shared runners).

`HYPOTHESIS_PROFILE=ci` (or `thorough`) wins over `CI`, as does pytest's
`--hypothesis-profile`. Neither has a deadline: the suite shares its CPUs (workers, servers,
Go), and a slow example is not a failing one.

A property's budget is `examples(share, at_most=...)` of the loaded profile: a slow one (a
server session, Go) takes a share of it, and one that finds nothing new past some number of
examples says so with `at_most`. No test file reads `CI` for its budget
(`tests/test_readme.py` checks it).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("thorough", max_examples=1000, deadline=None)
# Spelled out, not built on `settings.get_profile("ci")`: older Hypotheses have no such profile.
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true"
                                                    else "thorough")
settings.load_profile(PROFILE)


def examples(share: float = 1, *, at_most: int | None = None) -> int:
    """A property's number of examples: `share` of the loaded profile's, at most `at_most`."""
    count = max(1, round(settings().max_examples * share))
    return count if at_most is None else min(count, at_most)
