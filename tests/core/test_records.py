"""`wf_lsp.records.record` against `@dataclass(frozen=True)`: the same class written twice,
once with each, must behave the same for every operation wf-lsp and its callers use."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from wf_lsp import records

VALUES = st.one_of(st.integers(-3, 3), st.text(max_size=2), st.none(),
                   st.tuples(st.integers(0, 2)))
# Each field: (has a default, compare, repr, hash, init). The options are those
# `dataclasses.field` takes; a field without init gets a default.
OPTIONS = st.tuples(st.booleans(), st.booleans(), st.booleans(),
                    st.sampled_from([None, True, False]), st.booleans())


def twins(options, order: bool, slots: bool, post_init: bool):
    """The same class made by `dataclasses` and by `record`, in this module's namespace
    (dataclasses looks the module of a class up)."""
    made = []
    for field, decorate in ((dataclasses.field, lambda c: dataclasses.dataclass(
            frozen=True, order=order, slots=slots)(c)),
            (records.field, lambda c: records.record(order=order, slots=slots)(c))):
        namespace: dict = {"__module__": __name__, "__annotations__": {}}
        defaulted = False
        for index, (has_default, compare, shown, hashed, init) in enumerate(options):
            name = f"f{index}"
            namespace["__annotations__"][name] = "object"
            has_default = has_default or defaulted or not init
            if has_default and init:
                defaulted = True
            kwargs = {"compare": compare, "repr": shown, "hash": hashed, "init": init}
            if has_default:
                if index % 2:
                    kwargs["default_factory"] = lambda index=index: [index]
                else:
                    kwargs["default"] = index
            namespace[name] = field(**kwargs)
        if post_init and not slots:  # a slotted class has no room for `seen`
            namespace["__post_init__"] = lambda self: object.__setattr__(self, "seen", 1)
        made.append(decorate(type("Twin", (), namespace)))
    return made


def arguments(options, values):
    """Positional arguments for the parameters without a default, keywords for the others."""
    args, kwargs = [], {}
    defaulted = False
    for index, (has_default, _, _, _, init) in enumerate(options):
        if not init:
            continue
        defaulted = defaulted or has_default
        value = values[index % len(values)]
        if defaulted:
            if index % 3 == 0:
                kwargs[f"f{index}"] = value
        else:
            args.append(value)
    return args, kwargs


def outcome(compute):
    """What `compute()` returns, or the type of what it raises."""
    try:
        return compute()
    except Exception as exc:  # noqa: BLE001 - the exception's type is the outcome
        return type(exc)


def state(obj) -> tuple:
    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))


@settings(max_examples=examples(1, at_most=100))
@given(st.lists(OPTIONS, max_size=5), st.booleans(), st.booleans(), st.booleans(),
       st.lists(VALUES, min_size=1, max_size=4), st.lists(VALUES, min_size=1, max_size=4))
def test_a_record_behaves_as_the_frozen_dataclass(options, order, slots, post_init, a, b):
    theirs, ours = twins(options, order, slots, post_init)
    pairs = []
    for values in (a, b):
        args, kwargs = arguments(options, values)
        pairs.append((theirs(*args, **kwargs), ours(*args, **kwargs)))
    (t1, o1), (t2, o2) = pairs
    assert state(o1) == state(t1) and state(o2) == state(t2)
    assert repr(o1).replace("Twin", "") == repr(t1).replace("Twin", "")
    assert (o1 == o2) == (t1 == t2) and (o1 != o2) == (t1 != t2)
    assert o1 != t1  # another class
    # The same hashes where dataclasses gives the same (a list field: both raise).
    assert outcome(lambda: hash(o1) == hash(o2)) == outcome(lambda: hash(t1) == hash(t2))
    if order:
        assert outcome(lambda: (o1 < o2, o1 <= o2, o1 > o2, o1 >= o2)) == outcome(
            lambda: (t1 < t2, t1 <= t2, t1 > t2, t1 >= t2))
    assert [(f.name, f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(o1)] == [
        (f.name, f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(t1)]
    assert dataclasses.is_dataclass(o1) and dataclasses.is_dataclass(ours)
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__match_args__ == theirs.__match_args__
    if any(init for *_, init in options):
        name = next(f"f{i}" for i, (*_, init) in enumerate(options) if init)
        for replace in (dataclasses.replace, records.replace):
            assert state(replace(o1, **{name: "new"})) == state(
                dataclasses.replace(t1, **{name: "new"}))
    assert dataclasses.asdict(o1) == dataclasses.asdict(t1)
    globals()["Twin"] = ours  # pickle finds a class by its module and name
    try:
        assert state(pickle.loads(pickle.dumps(o1))) == state(o1)
    finally:
        del globals()["Twin"]
    assert state(copy.deepcopy(o1)) == state(o1)
    assert getattr(o1, "seen", None) == getattr(t1, "seen", None)
    for name in [f"f{i}" for i in range(len(options))] + ["other"]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(o1, name, 0)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(o1, name)


def test_a_record_without_a_docstring_is_described_by_its_fields():
    @records.record
    class Point:
        x: int
        y: int = 0

    assert Point.__doc__ == "Point(x: int, y: int)"
    assert Point.__init__.__qualname__.endswith("Point.__init__")


def test_what_dataclasses_refuses_a_record_refuses():
    with pytest.raises(ValueError, match="mutable default"):
        @records.record
        class Mutable:
            items: list = []  # noqa: RUF012 - the mistake checked

    with pytest.raises(TypeError, match="non-default argument"):
        @records.record
        class Order:
            a: int = 0
            b: int


def test_the_compiled_init_templates_are_the_ones_records_writes():
    from pathlib import Path

    committed = (Path(records.__file__).parent / "record_inits.py").read_text(encoding="utf-8")
    assert committed == records.inits_module(), (
        "regenerate: python -c 'from wf_lsp.records import inits_module; "
        "print(inits_module(), end=\"\")' > wf_lsp/record_inits.py")


def test_a_record_with_more_fields_than_the_compiled_templates_is_made_too():
    count = records.COMPILED_INITS + 4
    many = records.record(type("Many", (), {"__annotations__": {f"f{i}": "int"
                                                                for i in range(count)},
                                             "__module__": __name__}))
    made = many(*range(count))
    assert (made.f0, getattr(made, f"f{count - 1}")) == (0, count - 1)
    assert many.__init__.__code__.co_name == "__init__"
    with pytest.raises(TypeError, match=r"__init__\(\) missing 1 required positional"):
        many(*range(count - 1))


def test_the_lint_of_one_small_file_compiles_no_source(tmp_path):
    """Each record's `__init__` is a copy of a template compiled with the package
    (`wf_lsp.record_inits`): none is compiled from source as a lint starts."""
    import subprocess
    import sys

    from .helpers import JOB, cli_env

    (tmp_path / "w.yaml").write_text(JOB.format("30m1h"))
    probe = ("import builtins, sys\nreal = builtins.exec\ncompiled = []\n"
             "def exec(source, *args, **kwargs):\n"
             "    if isinstance(source, str):\n"
             "        compiled.append(sys._getframe(1).f_globals.get('__name__'))\n"
             "    return real(source, *args, **kwargs)\n"
             "builtins.exec = exec\nfrom wf_lsp.cli import main\n"
             "try:\n    main(['lint', 'w.yaml'])\nexcept SystemExit:\n    pass\n"
             "print('COMPILED=' + ','.join(compiled), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=cli_env(),
                          capture_output=True, text=True, timeout=120)
    assert "WF103" in done.stdout, done.stderr
    assert "COMPILED=\n" in done.stderr, done.stderr
