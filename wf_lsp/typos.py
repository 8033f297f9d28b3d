"""What a mistyped name most likely meant: `timout` → `timeout`, `preprocss` → `preprocess`.

Names are compared case-blind with `-` and `_` alike, scored by difflib's ratio. A short
name (3 or 4 characters) scores low for one wrong letter (`dri` for `dry` is 0.67), so
when none scores enough it is also matched by one edit (a letter changed, added, removed,
or two neighbours swapped), and guessed only when exactly one candidate is that close
(`dey` among `day` and `dry` is no guess). A
`Guesser` compares each word with the candidates once and stops guessing after a fixed
number of comparisons, so that thousands of unknown names against thousands of jobs stay
linear (a guess is a courtesy; the finding is reported either way). The command line's few
commands are matched by edits instead (`nearest`), every command as near named.

A rename to a name the user made (a job id, a workflow id, an input, a secret's alias, a
matrix variable) is safe, made by `--fix` and fix-all, only when the guess is the same
name written with another case or other separators (`Train-Model` → `train_model`:
`same_name`). A guess that changes a letter (`etl` → `elt`, `train_c` → `train_a`, a
short name one edit off) may name another thing the user also made: it is an unsafe
fix, offered in the editor and made by `--unsafe-fixes`, as ruff marks a fix that may
change what the code does. The format's own words (keys, contexts) are a fixed set the
engine rejects a typo of, so their renames stay as each rule decides.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from functools import lru_cache

CUTOFF = 0.75
SHORT = range(3, 5)  # the lengths of a name also matched by one edit
# Comparisons one Guesser makes at most: a few hundred typos among a few hundred jobs;
# about a tenth of a second.
MAX_COMPARISONS = 100_000


def _fold(name: str) -> str:
    return name.lower().replace("-", "_")


class Guesser:
    """Close matches for words among fixed candidates, each word worked out once."""

    def __init__(self, candidates: Iterable[str], cutoff: float = CUTOFF,
                 budget: int = MAX_COMPARISONS, known: dict | None = None) -> None:
        self.cutoff = cutoff
        self.budget = budget
        # Rankings worked out by an earlier Guesser with the same candidates and cutoff
        # (the language server's previous lint): filled and read here. A word still costs
        # its comparisons, so the budget runs out exactly where it would without them.
        self.known = {} if known is None else known
        self._originals: dict[str, list[str]] = {}  # folded → the candidates folding to it
        for candidate in candidates:
            self._originals.setdefault(_fold(candidate), []).append(candidate)
        self._by_length: dict[int, list[str]] = {}
        for folded in self._originals:
            self._by_length.setdefault(len(folded), []).append(folded)
        self._ranked: dict[str, tuple[str, ...]] = {}

    def best(self, word: str, excluded: Container[str] = ()) -> str | None:
        """The candidate `word` most likely meant, other than those `excluded`."""
        for folded in self.ranked(word):
            # Of candidates that fold alike, the last one listed (as a dict would keep).
            for original in reversed(self._originals[folded]):
                if original not in excluded:
                    return original
        return None

    def ranked(self, word: str) -> tuple[str, ...]:
        """The folded candidates that score at least the cutoff, best first (ties: the
        larger string first, as `difflib.get_close_matches` orders them)."""
        normal = _fold(word).replace(" ", "_")
        found = self._ranked.get(normal)
        if found is None:
            found = self._ranked[normal] = self._rank(normal)
        return found

    def _rank(self, normal: str) -> tuple[str, ...]:
        # The ratio is at most 2·min(len)/(sum of len) (difflib's real_quick_ratio), so
        # lengths too far apart never reach the cutoff: skipped without a comparison.
        size, cutoff = len(normal), self.cutoff
        lengths = [n for n in self._by_length
                   if (2.0 * min(n, size) / (n + size) if n + size else 1.0) >= cutoff]
        count = sum(len(self._by_length[n]) for n in lengths)
        if count > self.budget:
            return ()  # out of comparisons: no guess, the finding stands without one
        self.budget -= count
        found = self.known.get(normal)
        if found is None:
            found = self.known[normal] = self._compare(normal, lengths)
        return found

    def _compare(self, normal: str, lengths: list[int]) -> tuple[str, ...]:
        import difflib  # only when a name is unknown: not worth importing on every lint

        cutoff = self.cutoff
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(normal)
        scored = []
        for n in lengths:
            for folded in self._by_length[n]:
                matcher.set_seq1(folded)
                if matcher.quick_ratio() >= cutoff and (score := matcher.ratio()) >= cutoff:
                    scored.append((score, folded))
        if not scored and len(normal) in SHORT:
            near = [folded for n in lengths if abs(n - len(normal)) <= 1
                    for folded in self._by_length[n] if _one_edit(normal, folded)]
            return tuple(near) if len(near) == 1 else ()
        scored.sort(reverse=True)
        return tuple(folded for _, folded in scored)


def same_name(word: str, guess: str) -> bool:
    """Whether `guess` is `word` but for case, `-`, `_` and spaces: a rename to it keeps
    the name the user wrote, so it may be made unasked (see the module's docstring)."""
    return _fold(word).replace(" ", "_") == _fold(guess).replace(" ", "_")


def may_mean(word: str, candidate: str, cutoff: float = CUTOFF) -> bool:
    """Whether `candidate` is one a `Guesser` may guess for `word`: it scores the cutoff,
    or `word` is short and one edit makes it `candidate`. The guess among many candidates
    is always one this says yes to, so a lint that reads only some of a project's files
    can read those whose names it may guess and guess as if it read them all."""
    import difflib  # only when a name is unknown: not worth importing on every lint

    normal, folded = _fold(word).replace(" ", "_"), _fold(candidate)
    matcher = difflib.SequenceMatcher(None, folded, normal)
    return (matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff
            or len(normal) in SHORT and abs(len(folded) - len(normal)) <= 1
            and _one_edit(normal, folded))


def _one_edit(word: str, other: str) -> bool:
    """Whether one letter changed, added or removed, or two neighbours swapped, makes
    `word` into `other`."""
    if word == other:
        return False
    if len(word) > len(other):
        word, other = other, word
    start = 0
    while start < len(word) and word[start] == other[start]:
        start += 1
    if len(word) < len(other):  # one added
        return word[start:] == other[start + 1:]
    return word[start + 1:] == other[start + 1:] or (
        word[start + 2:] == other[start + 2:] and word[start:start + 2] == other[start:start + 2][::-1])


def edits(word: str, other: str) -> int:
    """How many letters changed, added or removed, or neighbours swapped, make `word` into
    `other` (the optimal string alignment distance): `rulse` is one from `rules` and one
    from `rule`."""
    before, row = None, list(range(len(other) + 1))
    for i, letter in enumerate(word, 1):
        current = [i]
        for j, theirs in enumerate(other, 1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (letter != theirs))
            if before is not None and j > 1 and letter == other[j - 2] and word[i - 2] == theirs:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


def nearest(word: str, candidates: Iterable[str], most: int) -> tuple[str, ...]:
    """The candidates fewest edits from `word` (`edits`), all of those when several are
    as near, in the order given; none when the nearest is more than `most` edits away."""
    scored = [(edits(word, candidate), candidate) for candidate in candidates]
    least = min((score for score, _ in scored), default=most + 1)
    return tuple(candidate for score, candidate in scored if score == least <= most)


@lru_cache(maxsize=1024)
def _close_match(word: str, candidates: tuple[str, ...], cutoff: float) -> str | None:
    return Guesser(candidates, cutoff).best(word)


def close_match(word: str, candidates: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The one candidate a typo most likely meant, or None (remembered: files repeat the
    same mistakes)."""
    return _close_match(word, tuple(candidates), cutoff)


def guesses(words: Iterable[str], candidates: Iterable[str]) -> dict[str, str]:
    """Each word close to a candidate → that candidate, which is the guess of the first
    such word only: renaming both `timout` and `timeot` to `timeout` would write the key
    twice."""
    free, found = list(candidates), {}
    for word in words:
        if word not in found and (guess := close_match(word, free)):
            free.remove(guess)
            found[word] = guess
    return found
