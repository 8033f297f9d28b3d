"""Issue 11's reproductions, through the real command line: hostile or unusual input
neither crashes the linter nor makes it call valid YAML invalid (or the reverse), and a
fix changes only what was flagged."""

from __future__ import annotations

from .helpers import run_cli, run_json


def _merge_chain(depth: int) -> str:
    """`m1: &m1 {k1: v}`, `m2: &m2 {<<: *m1, k2: v}`, ... and a job that merges the last."""
    chain = "".join(f"  m{n}: &m{n} {{<<: *m{n - 1}, k{n}: v}}\n" for n in range(2, depth + 1))
    return (f"id: deep-merge\nx:\n  m1: &m1 {{k1: v}}\n{chain}"
            f"jobs:\n  a:\n    <<: *m{depth}\n    timeout: 1h\n    steps: [{{run: x}}]\n")


def test_a_merge_chain_thousands_deep_is_read_without_recursion():
    depth = 3_000
    findings = run_json("-", input=_merge_chain(depth))
    # Every key the chain brings into the job is unknown to a job, each said once.
    unknown = sorted(f["message"].split("`")[1] for f in findings if f["code"] == "WF003")
    assert unknown == sorted(["x"] + [f"k{n}" for n in range(1, depth + 1)])


def test_a_mappings_own_keys_win_over_the_merged_ones():
    text = ("id: w\nx:\n  base: &base {timeout: 5m}\n  mid: &mid {<<: *base, timeout: 1h}\n"
            "jobs:\n  a:\n    <<: *mid\n    steps: [{run: x, timeout: 30m}]\n")
    # The job's timeout is 1h (mid's own), not 5m (what mid merges): the step fits.
    done = run_cli("lint", "--select", "WF201", "-", input=text)
    assert done.returncode == 0, done.stdout + done.stderr
