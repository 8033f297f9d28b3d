"""`record`: a frozen dataclass that is cheap to create, with its `field` and `replace`.

`@dataclass(frozen=True)` compiles each generated method from source text: `__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`, and four more with
`order=True`, some 70 µs each on Python 3.11, and `dataclasses` imports `inspect` (with
`ast`, `dis`, `tokenize`). wf-lsp has about a hundred such classes: with `dataclasses`, more
than half of a `wf-lsp lint` start on a small file went into making them.

A record behaves as that frozen dataclass:

- `__init__` takes the fields with `init=True` in order, with their defaults and
  `default_factory`s, sets the `init=False` ones that have a default or a factory, then
  calls `__post_init__` if the class has one. It is the one method that is compiled code
  rather than a closure (it is on the hot path: a lint makes many `Position`s and `Span`s):
  a renamed copy of one compiled per number of parameters (see `_init`).
- `==` holds only between instances of the same class, comparing the fields with
  `compare=True` as a tuple; `hash` is the hash of the tuple of those fields (`hash=False`
  leaves one out, `hash=True` puts one in); with `order=True`, `<`, `<=`, `>`, `>=` compare
  the `==` tuples, between the same class only. `eq=False` keeps identity equality and
  hashing.
- `repr` shows the fields with `repr=True`; assigning or deleting a field raises
  `dataclasses.FrozenInstanceError`; `slots=True` gives the class `__slots__`.
- A method the class defines itself is kept (`__eq__`, `__hash__`, `__repr__`, ...).
- For `dataclasses`, a record is a dataclass: `fields`, `replace`, `asdict` and
  `is_dataclass` work, through a `__dataclass_fields__` made (by `dataclasses`, on a
  stand-in class with the same fields) when first asked for.

Not supported (none is used): `InitVar`, keyword-only fields, `__dataclass_params__`.
This module imports no more than the lint path loads anyway (not `dataclasses`, `inspect`).
"""

from __future__ import annotations

import operator
import reprlib
import types

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any, Callable, TypeVar

    T = TypeVar("T", bound=type)

from wf_lsp import record_inits

__all__ = ["field", "record", "replace"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


class _Factory:
    """The default of a parameter whose field has a `default_factory` (shown as `<factory>`)."""

    def __repr__(self) -> str:
        return "<factory>"


MISSING: Any = _Missing()
_FACTORY = _Factory()


class Field:
    """One field of a record, as `dataclasses.field` describes it."""

    __slots__ = ("name", "type", "default", "default_factory", "init", "repr", "hash",
                 "compare")

    def __init__(self, default: Any, default_factory: Any, init: bool, repr: bool,
                 hash: bool | None, compare: bool) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = self.type = None
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.hash, self.compare = init, repr, hash, compare


def field(*, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True,
          repr: bool = True, hash: bool | None = None, compare: bool = True) -> Any:
    """A field with options, as `dataclasses.field` (for a record's class body)."""
    return Field(default, default_factory, init, repr, hash, compare)


def replace(obj: Any, /, **changes: Any) -> Any:
    """A copy of a record with some fields changed, as `dataclasses.replace`."""
    for f in obj.__record_fields__:
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be "
                                 "specified with replace()")
        elif f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def record(cls: T | None = None, /, *, eq: bool = True, order: bool = False,
           slots: bool = False) -> Any:
    """Make `cls` a frozen record; use as `@record` or `@record(order=True)`."""

    def wrap(cls: T) -> T:
        return _make(cls, eq, order, slots)

    return wrap if cls is None else wrap(cls)


def _make(cls: Any, eq: bool, order: bool, slots: bool) -> Any:
    fields = _collect(cls)
    if slots:
        cls = _with_slots(cls, fields)
    cls.__record_fields__ = fields
    cls.__dataclass_fields__ = _DataclassFields()
    _put(cls, "__match_args__", tuple(f.name for f in fields if f.init))
    _put(cls, "__init__", _init(cls, fields))
    _put(cls, "__setattr__", _frozen(cls, fields, "assign to", object.__setattr__))
    _put(cls, "__delattr__", _frozen(cls, fields, "delete", object.__delattr__))
    _put(cls, "__repr__", _repr(tuple(f.name for f in fields if f.repr)))
    if eq:
        compared = [f for f in fields if f.compare]
        key = _tuple_of(f.name for f in compared)
        _put(cls, "__eq__", _compare(operator.eq, key))
        if cls.__dict__.get("__hash__") is None:  # absent, or None from a class's own __eq__
            hashed = _tuple_of(f.name for f in fields
                               if (f.compare if f.hash is None else f.hash))
            _set(cls, "__hash__", lambda self: hash(hashed(self)))
        if order:
            for name, op in (("__lt__", operator.lt), ("__le__", operator.le),
                             ("__gt__", operator.gt), ("__ge__", operator.ge)):
                _put(cls, name, _compare(op, key))
    if slots:  # pickle and copy restore slots with setattr, which a frozen class refuses
        _put(cls, "__getstate__", lambda self: [getattr(self, f.name) for f in fields])
        _put(cls, "__setstate__", _setstate(fields))
    if not cls.__dict__.get("__doc__"):  # what dataclasses writes there, near enough
        shown = ", ".join(f"{f.name}: {getattr(f.type, '__qualname__', f.type)}"
                          for f in fields if f.init)
        cls.__doc__ = f"{cls.__name__}({shown})"
    return cls


def _collect(cls: type) -> tuple[Field, ...]:
    """The fields: the records' among the bases first, then the class's own annotations."""
    fields: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            fields[f.name] = f
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if text.startswith(("ClassVar", "typing.ClassVar")):
            continue
        if text.startswith(("InitVar", "dataclasses.InitVar", "KW_ONLY", "dataclasses.KW_ONLY")):
            raise TypeError(f"{cls.__qualname__}.{name}: a record has no {text}")
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            f = value
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        else:
            f = Field(value, MISSING, True, True, None, True)
        if f.default is not MISSING and type(f.default).__hash__ is None:
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not "
                             "allowed: use default_factory")
        f.name, f.type = name, annotation
        fields[name] = f
    defaulted = False
    for f in fields.values():
        if f.init:
            if f.default is MISSING and f.default_factory is MISSING and defaulted:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            defaulted |= f.default is not MISSING or f.default_factory is not MISSING
    return tuple(fields.values())


def _with_slots(cls: type, fields: tuple[Field, ...]) -> type:
    """The class made again with `__slots__` for its own fields, as dataclasses does it."""
    names = {f.name for f in fields}
    inherited = {name for base in cls.__mro__[1:-1]
                 for name in base.__dict__.get("__slots__", ())}
    namespace = {key: value for key, value in cls.__dict__.items()
                 if key not in names and key not in ("__dict__", "__weakref__")}
    namespace["__slots__"] = tuple(f.name for f in fields if f.name not in inherited)
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__
    return made


class _DataclassFields:
    """`__dataclass_fields__`, made by `dataclasses` when first asked for: `dataclasses`
    decorates a stand-in class with the same fields, and its fields are the record's."""

    def __get__(self, obj: Any, owner: type) -> dict:
        import dataclasses

        namespace: dict[str, Any] = {"__module__": owner.__module__, "__annotations__": {}}
        for f in owner.__record_fields__:
            namespace["__annotations__"][f.name] = f.type
            options: dict[str, Any] = {"init": f.init, "repr": f.repr, "hash": f.hash,
                                       "compare": f.compare}
            if f.default is not MISSING:
                options["default"] = f.default
            if f.default_factory is not MISSING:
                options["default_factory"] = f.default_factory
            namespace[f.name] = dataclasses.field(**options)
        stand_in = dataclasses.dataclass(type(owner.__name__, (), namespace), init=False,
                                         repr=False, eq=False)
        made = stand_in.__dataclass_fields__
        type.__setattr__(owner, "__dataclass_fields__", made)
        return made


def _put(cls: type, name: str, function: Any) -> None:
    """Set a generated method unless the class defines its own."""
    if name not in cls.__dict__:
        _set(cls, name, function)


def _set(cls: type, name: str, function: Any) -> None:
    if isinstance(function, types.FunctionType):
        function.__name__ = name
        function.__qualname__ = f"{cls.__qualname__}.{name}"
    type.__setattr__(cls, name, function)


def _tuple_of(names: Any) -> Callable[[Any], tuple]:
    """A function giving the named attributes as a tuple (also for one or none)."""
    names = tuple(names)
    if len(names) > 1:
        return operator.attrgetter(*names)
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda obj: ()


def _compare(op: Callable, key: Callable) -> Callable:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return op(key(self), key(other))
        return NotImplemented

    return method


def _repr(names: tuple[str, ...]) -> Callable:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _frozen(cls: type, fields: tuple[Field, ...], verb: str, inherited: Callable) -> Callable:
    """`__setattr__` or `__delattr__`: fields stay as `__init__` set them."""
    names = frozenset(f.name for f in fields)

    def method(self: Any, name: str, *value: Any) -> None:
        if type(self) is cls or name in names:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot {verb} field {name!r}")
        getattr(super(cls, self), inherited.__name__)(name, *value)

    return method


def _setstate(fields: tuple[Field, ...]) -> Callable:
    def __setstate__(self: Any, state: list) -> None:
        for f, value in zip(fields, state):
            object.__setattr__(self, f.name, value)

    return __setstate__


def _init(cls: type, fields: tuple[Field, ...]) -> Callable:
    """The dataclass `__init__`, without compiling it for the class (that took 80-150 µs a
    class): a copy of one compiled for that number of parameters, with the names put in.
    It sets each parameter's field; when a class has more to do (a `default_factory`,
    `init=False` fields, `__post_init__`), the copy ends by calling `__record_finish__`,
    which does that."""
    params = [f for f in fields if f.init]
    finish = _finish(cls, fields)
    template = _templates.get((len(params), finish is not None)) or _template(
        len(params), finish is not None)
    names = {f"__p{i}": f.name for i, f in enumerate(params)}
    code = template.replace(
        co_varnames=tuple(names.get(name, name) for name in template.co_varnames),
        co_consts=tuple(names.get(c, c) if isinstance(c, str) else c
                        for c in template.co_consts))
    defaults = tuple(f.default if f.default_factory is MISSING else _FACTORY for f in params
                     if f.default is not MISSING or f.default_factory is not MISSING)
    init = types.FunctionType(code, _SCOPE, "__init__", defaults or None)
    init.__annotations__ = {f.name: f.type for f in params} | {"return": None}
    if finish is not None:
        _set(cls, "__record_finish__", finish)
    return init


_SCOPE: dict[str, Any] = {"__set": object.__setattr__}
_templates: dict[tuple[int, bool], types.CodeType] = {}


def _template(count: int, finish: bool) -> types.CodeType:
    """`__init__(__self, __p0, __p1, ...)` setting field `"__p0"` to `__p0`, and so on,
    then (`finish`) calling `__self.__record_finish__()`: compiled with the package
    (`wf_lsp.record_inits`) up to `COMPILED_INITS` parameters, else here."""
    name = _template_name(count, finish)
    made = getattr(record_inits, name, None)
    if made is None:
        scope: dict[str, Any] = {}
        exec(_template_source(count, finish), scope)  # noqa: S102 - made from numbers
        made = scope[name]
    code = made.__code__
    names = {"co_name": "__init__"} | ({"co_qualname": "__init__"}
                                       if hasattr(code, "co_qualname") else {})
    _templates[count, finish] = code.replace(**names)
    return _templates[count, finish]


# The most parameters of a template in `wf_lsp.record_inits` (wf-lsp's records have up to 15).
COMPILED_INITS = 16


def _template_name(count: int, finish: bool) -> str:
    return f"_init_{count}" + ("_finish" if finish else "")


def _template_source(count: int, finish: bool) -> str:
    params = [f"__p{i}" for i in range(count)]
    body = [f"    __set(__self, {name!r}, {name})" for name in params]
    body += ["    __self.__record_finish__()"] if finish else []
    return (f"def {_template_name(count, finish)}({', '.join(['__self', *params])}):\n"
            + "\n".join(body or ["    pass"]) + "\n")


def inits_module() -> str:
    """The text of `wf_lsp/record_inits.py` (tests/core/test_records.py compares them)."""
    templates = [_template_source(count, finish) for count in range(COMPILED_INITS + 1)
                 for finish in (False, True)]
    return ('"""The `__init__` templates of `wf_lsp.records`, compiled with the package: compiled\n'
            "from source as a process made its records, they were 6% of the instructions of a\n"
            "`wf-lsp lint` of one small file. Written by `wf_lsp.records.inits_module()`.\n"
            '"""\n\n__set = object.__setattr__\n\n\n' + "\n\n".join(templates))


def _finish(cls: type, fields: tuple[Field, ...]) -> Callable | None:
    """What `__init__` does after setting the parameters, if anything: the factories of
    the parameters not given, the `init=False` fields, `__post_init__`."""
    given = [(f.name, f.default_factory) for f in fields
             if f.init and f.default_factory is not MISSING]
    made = [(f.name, f.default_factory) for f in fields
            if not f.init and f.default_factory is not MISSING]
    fixed = [(f.name, f.default) for f in fields if not f.init and f.default is not MISSING]
    post_init = hasattr(cls, "__post_init__")
    if not (given or made or fixed or post_init):
        return None

    def __record_finish__(self: Any) -> None:
        for name, factory in given:
            if getattr(self, name) is _FACTORY:
                object.__setattr__(self, name, factory())
        for name, factory in made:
            object.__setattr__(self, name, factory())
        for name, value in fixed:
            object.__setattr__(self, name, value)
        if post_init:
            self.__post_init__()

    return __record_finish__
