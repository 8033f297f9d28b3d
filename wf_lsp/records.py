"""`record`: a frozen dataclass that is cheap to create.

`@dataclass(frozen=True)` compiles each generated method from source text: `__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`, and four more with
`order=True`. Each compilation costs some 70 µs on Python 3.11, and wf-lsp defines about a
hundred such classes: half of a `wf-lsp lint` start went into compiling them.

`record` lets `dataclasses` collect the fields (so `fields`, `replace`, `asdict` and
`is_dataclass` work as before) and compiles one method only, `__init__`, the one on the hot
path (a lint makes many `Position`s and `Span`s); it is written like the dataclass one, with
`object.__setattr__` for every field. The other methods are closures over the field names,
with the same meaning as the dataclass ones:

- `==` holds only between instances of the same class, comparing the fields with
  `compare=True` as a tuple; `hash` is the hash of that tuple (fields with `hash=False` left
  out, as `dataclasses` does);
- with `order=True`, `<`, `<=`, `>`, `>=` compare those tuples, between the same class only;
- `repr` shows the fields with `repr=True`;
- assigning or deleting a field raises `dataclasses.FrozenInstanceError`;
- a method the class defines itself is kept (`__eq__`, `__hash__`, `__repr__`).

`eq=False` keeps identity equality and hashing. `__post_init__` is called as the dataclass
`__init__` calls it. Not supported (none is used): `InitVar` and keyword-only fields.
`__dataclass_params__` describes the plain dataclass underneath (`frozen` is false there);
nothing in wf-lsp reads it.
"""

from __future__ import annotations

import dataclasses
import inspect  # imported by dataclasses anyway
import operator
import reprlib
from typing import Any, Callable, TypeVar

__all__ = ["record"]

T = TypeVar("T", bound=type)


class _Factory:
    """The default of a parameter whose field has a `default_factory` (shown as `<factory>`)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def record(cls: T | None = None, /, *, eq: bool = True, order: bool = False,
           slots: bool = False) -> Any:
    """Make `cls` a frozen dataclass; use as `@record` or `@record(order=True)`."""

    def wrap(cls: T) -> T:
        return _make(cls, eq, order, slots)

    return wrap if cls is None else wrap(cls)


def _make(cls: T, eq: bool, order: bool, slots: bool) -> T:
    has_doc = bool(cls.__dict__.get("__doc__"))
    if not has_doc:
        cls.__doc__ = cls.__name__  # set below, once the class has its __init__
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    fields = dataclasses.fields(cls)
    if any(f.kw_only for f in fields) or len(fields) != len(cls.__dataclass_fields__):
        raise TypeError(f"{cls.__qualname__}: record supports neither InitVar nor kw_only")
    _put(cls, "__init__", _init(cls, fields))
    _put(cls, "__setattr__", _frozen_setattr(cls, fields))
    _put(cls, "__delattr__", _frozen_delattr(cls, fields))
    _put(cls, "__repr__", _repr(tuple(f.name for f in fields if f.repr)))
    if eq:
        compared = [f for f in fields if f.compare]
        key = _tuple_of(f.name for f in compared)
        _put(cls, "__eq__", _compare(operator.eq, key))
        if cls.__dict__.get("__hash__") is None:  # absent, or None from a class's own __eq__
            hashed = _tuple_of(f.name for f in compared if f.hash is None or f.hash)
            _set(cls, "__hash__", lambda self: hash(hashed(self)))
        if order:
            for name, op in (("__lt__", operator.lt), ("__le__", operator.le),
                             ("__gt__", operator.gt), ("__ge__", operator.ge)):
                _put(cls, name, _compare(op, key))
    if slots:  # pickle and copy restore slots with setattr, which a frozen class refuses
        _put(cls, "__getstate__", lambda self: [getattr(self, f.name) for f in fields])
        _put(cls, "__setstate__", _setstate(fields))
    if not has_doc:  # as dataclasses does it
        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    return cls


def _put(cls: type, name: str, function: Callable) -> None:
    """Set a generated method unless the class defines its own."""
    if name not in cls.__dict__:
        _set(cls, name, function)


def _set(cls: type, name: str, function: Callable) -> None:
    function.__name__ = name
    function.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, function)


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


def _frozen_setattr(cls: type, fields: tuple) -> Callable:
    names = frozenset(f.name for f in fields)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    return __setattr__


def _frozen_delattr(cls: type, fields: tuple) -> Callable:
    names = frozenset(f.name for f in fields)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __delattr__


def _setstate(fields: tuple) -> Callable:
    def __setstate__(self: Any, state: list) -> None:
        for f, value in zip(fields, state):
            object.__setattr__(self, f.name, value)

    return __setstate__


def _init(cls: type, fields: tuple) -> Callable:
    """The dataclass `__init__`, compiled from source: the one method on the hot path."""
    scope: dict[str, Any] = {"__set": object.__setattr__, "__factory": _FACTORY}
    params, body = ["__self"], []
    for f in fields:
        has_factory = f.default_factory is not dataclasses.MISSING
        if has_factory:
            scope[f"__f_{f.name}"] = f.default_factory
        if f.default is not dataclasses.MISSING:
            scope[f"__d_{f.name}"] = f.default
        if f.init:
            if has_factory:
                params.append(f"{f.name}=__factory")
                value = f"__f_{f.name}() if {f.name} is __factory else {f.name}"
            elif f.default is not dataclasses.MISSING:
                params.append(f"{f.name}=__d_{f.name}")
                value = f.name
            else:
                params.append(f.name)
                value = f.name
        elif has_factory:
            value = f"__f_{f.name}()"
        elif f.default is not dataclasses.MISSING:
            value = f"__d_{f.name}"
        else:
            continue
        body.append(f"    __set(__self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    __self.__post_init__()")
    source = f"def __init__({', '.join(params)}) -> None:\n" + ("\n".join(body) or "    pass")
    exec(source, scope)  # noqa: S102 - the source is made above from field names only
    init = scope["__init__"]
    init.__annotations__ = {f.name: f.type for f in fields if f.init} | {"return": None}
    return init
