#!/usr/bin/env python3
"""Ferry cross-language test peer backed by the official pyfory runtime.

Reads one JSON request per line on stdin, writes one JSON response per line on
stdout.  See peers/README.md for the protocol and the tagged-value format.
Anything else (library chatter, tracebacks) goes to stderr.
"""

import array
import dataclasses
import datetime
import decimal
import enum
import faulthandler
import json
import math
import os
import sys
import threading
import time
import traceback
import typing

sys.dont_write_bytecode = True  # keep peers/python free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tagged  # noqa: E402
import structs  # noqa: E402
from tagged import TaggedError, format_float, parse_float, parse_int, tagged_equal  # noqa: E402

# Protocol output goes to the original stdout; fd 1 is then pointed at stderr so
# that nothing printed by a library can corrupt the JSON stream.
_PROTO_OUT = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr

import pyfory  # noqa: E402

# A request that runs longer than this makes the peer answer with an error and
# exit (the client's own timeout is 30 s, so the client sees a clear message).
REQUEST_DEADLINE_S = float(os.environ.get("FERRY_PEER_DEADLINE_S", "25"))

EPOCH_DT = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
EPOCH_DATE = datetime.date(1970, 1, 1)


class Unsupported(Exception):
    """The tagged type has no native representation in this runtime."""


# ---------------------------------------------------------------------------
# tagged -> native
# ---------------------------------------------------------------------------

ARRAY_WRAPPERS = {
    "bool_array": "BoolArray",
    "int8_array": "Int8Array",
    "int16_array": "Int16Array",
    "int32_array": "Int32Array",
    "int64_array": "Int64Array",
    "uint8_array": "UInt8Array",
    "uint16_array": "UInt16Array",
    "uint32_array": "UInt32Array",
    "uint64_array": "UInt64Array",
    "float16_array": "Float16Array",
    "bfloat16_array": "BFloat16Array",
    "float32_array": "Float32Array",
    "float64_array": "Float64Array",
}
WRAPPER_TO_TAG = {v: k for k, v in ARRAY_WRAPPERS.items()}

# array.array typecodes usable with the optional {"native":"array"} hint.
STDLIB_ARRAY_CODES = {
    "int8_array": "b", "uint8_array": "B", "int16_array": "h", "uint16_array": "H",
    "int32_array": "i", "uint32_array": "I", "int64_array": "q", "uint64_array": "Q",
    "float32_array": "f", "float64_array": "d",
}
STDLIB_CODE_TO_TAG = {
    "b": "int8_array", "B": "uint8_array", "h": "int16_array", "H": "uint16_array",
    "i": "int32_array", "I": "uint32_array", "l": "int64_array", "L": "uint64_array",
    "q": "int64_array", "Q": "uint64_array", "f": "float32_array", "d": "float64_array",
}

NATIVE_NOTE = {
    "int8": "Python ints always serialize as int64 (type 7, varint); pyfory.Int8 is only a struct-field annotation",
    "int16": "Python ints always serialize as int64 (type 7, varint); pyfory.Int16 is only a struct-field annotation",
    "int32": "Python ints always serialize as int64 (type 7, varint); pyfory.Int32 is only a struct-field annotation",
    "uint8": "Python ints always serialize as int64; unsigned scalars exist only as struct-field annotations",
    "uint16": "Python ints always serialize as int64; unsigned scalars exist only as struct-field annotations",
    "uint32": "Python ints always serialize as int64; unsigned scalars exist only as struct-field annotations",
    "uint64": "Python ints always serialize as int64; unsigned scalars exist only as struct-field annotations",
    "float16": "Python floats always serialize as float64; pyfory.Float16 is only a struct-field annotation",
    "bfloat16": "Python floats always serialize as float64; pyfory.BFloat16 is only a struct-field annotation",
    "float32": "Python floats always serialize as float64; pyfory.Float32 is only a struct-field annotation",
}


class BuildCtx:
    def __init__(self, registry):
        self.anchors = {}
        self.warnings = []
        self.registry = registry


def build(node, ctx):
    if not isinstance(node, dict) or "t" not in node:
        raise TaggedError(f"tagged value must be an object with 't', got {node!r:.80}")
    t = node["t"]
    anchors = ctx.anchors
    enc = node.get("enc")
    if enc is not None and t == "int64" and enc != "varint":
        ctx.warnings.append(f"Python writes int64 with varint encoding; requested enc {enc!r} ignored")
    if t == "refto":
        name = node.get("anchor")
        if name not in anchors:
            raise TaggedError(f"refto unknown anchor {name!r}")
        return anchors[name]
    if t == "null":
        return None
    if t == "bool":
        v = node.get("v")
        if not isinstance(v, bool):
            raise TaggedError(f"bool: 'v' must be true/false, got {v!r}")
        return v
    if t == "int64":
        return parse_int(t, node.get("v"))
    if t in tagged.INT_TYPES:
        parse_int(t, node.get("v"))  # validate first: a bad value is an error, not 'unsupported'
        raise Unsupported(f"{t}: {NATIVE_NOTE[t]}")
    if t == "float64":
        return parse_float(t, node.get("v"))
    if t in tagged.FLOAT_TYPES:
        parse_float(t, node.get("v"))
        raise Unsupported(f"{t}: {NATIVE_NOTE[t]}")
    if t == "string":
        v = node.get("v")
        if not isinstance(v, str):
            raise TaggedError("string: 'v' must be a string")
        return v
    if t == "binary":
        try:
            return _anchored(node, ctx, bytes.fromhex(node.get("v", "")))
        except (ValueError, TypeError):
            raise TaggedError(f"binary: bad hex {node.get('v')!r:.80}") from None
    if t in ARRAY_WRAPPERS:
        return _anchored(node, ctx, build_array(t, node))
    if t in ("list", "set", "map"):
        return build_container(t, node, ctx)
    if t in USER_TAGS:
        return build_user(node, ctx, None)
    if t == "timestamp":
        seconds = parse_int("int64", node.get("seconds"))
        nanos = _nanos(node, t)
        if nanos % 1000:
            raise Unsupported("timestamp: Python datetime has microsecond precision; nanos must be a multiple of 1000")
        try:
            return EPOCH_DT + datetime.timedelta(seconds=seconds, microseconds=nanos // 1000)
        except OverflowError:
            raise Unsupported("timestamp: outside Python datetime range (years 1..9999)") from None
    if t == "date":
        days = parse_int("int64", node.get("days"))
        try:
            return EPOCH_DATE + datetime.timedelta(days=days)
        except OverflowError:
            raise Unsupported("date: outside Python date range (years 1..9999)") from None
    if t == "duration":
        seconds = parse_int("int64", node.get("seconds"))
        nanos = _nanos(node, t)
        if nanos % 1000:
            raise Unsupported("duration: Python timedelta has microsecond precision; nanos must be a multiple of 1000")
        try:
            return datetime.timedelta(seconds=seconds, microseconds=nanos // 1000)
        except OverflowError:
            raise Unsupported("duration: outside Python timedelta range (+-999999999 days)") from None
    if t == "decimal":
        try:
            unscaled = int(node.get("unscaled"), 10)
            scale = int(node.get("scale"))
        except (TypeError, ValueError):
            raise TaggedError("decimal: needs 'unscaled' (decimal string) and 'scale' (int)") from None
        digits = tuple(int(c) for c in str(abs(unscaled)))
        return decimal.Decimal((1 if unscaled < 0 else 0, digits, -scale))
    raise TaggedError(f"unknown tagged type {t!r}")


def _nanos(node, t):
    nanos = node.get("nanos", 0)
    if not isinstance(nanos, int) or isinstance(nanos, bool) or not 0 <= nanos < 1_000_000_000:
        raise TaggedError(f"{t}: 'nanos' must be an integer in [0, 1e9), got {nanos!r}")
    return nanos


def _anchored(node, ctx, value):
    """binary / dense arrays may carry an "anchor" so that a later refto yields the SAME
    bytes / array object (write-side identity, e.g. a repeated binary with ref=true)."""
    name = node.get("anchor")
    if name is not None:
        if name in ctx.anchors:
            raise TaggedError(f"duplicate anchor {name!r}")
        ctx.anchors[name] = value
    return value


# numpy dtypes usable with the optional {"native":"numpy"} hint (1-D arrays).
NUMPY_DTYPES = {
    "bool_array": "bool", "int8_array": "int8", "uint8_array": "uint8", "int16_array": "int16",
    "uint16_array": "uint16", "int32_array": "int32", "uint32_array": "uint32", "int64_array": "int64",
    "uint64_array": "uint64", "float16_array": "float16", "float32_array": "float32",
    "float64_array": "float64",
}
NUMPY_DTYPE_TO_TAG = {v: k for k, v in NUMPY_DTYPES.items()}


def _numpy():
    try:
        import numpy
    except ImportError:
        raise Unsupported("numpy is not installed in this interpreter (see peers/python/requirements.txt)") from None
    return numpy


def _numpy_array(t, vals):
    np = _numpy()
    dtype = NUMPY_DTYPES.get(t)
    if dtype is None:
        raise Unsupported(f"{t}: numpy has no dtype for this element type")
    try:
        return np.array(vals, dtype=dtype)
    except (OverflowError, ValueError) as e:
        raise TaggedError(f"{t}: value out of range for numpy {dtype}: {e}") from None


def build_array(t, node):
    items = node.get("v")
    if not isinstance(items, list):
        raise TaggedError(f"{t}: 'v' must be an array")
    elem = t[:-6]
    if elem == "bool":
        vals = []
        for x in items:
            if not isinstance(x, bool):
                raise TaggedError(f"bool_array: elements must be true/false, got {x!r}")
            vals.append(x)
    elif elem in tagged.INT_TYPES:
        vals = [parse_int(elem, x) for x in items]
    else:
        vals = [parse_float(elem, x) for x in items]
    native = node.get("native")
    if native == "numpy":
        return _numpy_array(t, vals)
    if native == "array":
        code = STDLIB_ARRAY_CODES.get(t)
        if code is None:
            raise Unsupported(f"{t}: array.array has no typecode for this element type")
        return array.array(code, vals)
    if native not in (None, "pyfory"):
        raise Unsupported(f"{t}: unknown native carrier hint {native!r} (use 'pyfory' or 'array')")
    return getattr(pyfory, ARRAY_WRAPPERS[t])(vals)


class _Pending:
    """Placeholder hash for a set/map key that is still being built."""


def build_container(t, node, ctx, hints=None):
    """hints: element type hints from a struct field declaration ((elem,) or (key, value))."""
    anchors = ctx.anchors
    if hints:
        eh = hints[0]
        kh, vh = (hints[0], hints[1]) if len(hints) == 2 else (None, None)
        sub = lambda child, h: build_as(child, h, ctx)  # noqa: E731
    else:
        eh = kh = vh = None
        sub = lambda child, h: build(child, ctx)  # noqa: E731
    items = node.get("v")
    if not isinstance(items, list):
        raise TaggedError(f"{t}: 'v' must be an array")
    name = node.get("anchor")
    if name is not None and name in anchors:
        raise TaggedError(f"duplicate anchor {name!r}")
    if t == "list":
        out = []
        if name is not None:
            anchors[name] = out
        for child in items:
            out.append(sub(child, eh))
        return out
    if t == "set":
        out = set()
        if name is not None:
            anchors[name] = out
        for child in items:
            v = sub(child, eh)
            try:
                out.add(v)
            except TypeError as e:
                raise Unsupported(f"set: element not hashable in Python ({e})") from None
        return out
    out = {}
    if name is not None:
        anchors[name] = out
    for pair in items:
        if not isinstance(pair, list) or len(pair) != 2:
            raise TaggedError("map: 'v' must be an array of [key, value] pairs")
        k = sub(pair[0], kh)
        v = sub(pair[1], vh)
        try:
            if k in out:
                raise Unsupported(f"map: duplicate key after conversion to Python ({k!r:.40}); "
                                  "note True == 1 == 1.0 in Python")
            out[k] = v
        except TypeError as e:
            raise Unsupported(f"map: key not hashable in Python ({e})") from None
    return out


# ---------------------------------------------------------------------------
# user types (structs, enums, union, ext): tagged -> native
# ---------------------------------------------------------------------------

USER_TAGS = ("struct", "enum", "union", "ext")


def _user_entry(node, ctx, expected_cls):
    key = node.get("type")
    if not isinstance(key, str):
        raise TaggedError(f"{node.get('t')}: 'type' must be the registered name or id as a string")
    e = ctx.registry.by_key.get(key)
    if e is None:
        raise TaggedError(f"{node.get('t')}: type {key!r} is not one of the peer's user types")
    _key, cls, kind, _how = e
    t = node["t"]
    if (kind == "struct" and t != "struct") or (kind != "struct" and kind != t):
        raise TaggedError(f"type {key!r} is a {kind}, not a {t}")
    if expected_cls is not None and cls is not expected_cls:
        raise TaggedError(f"type {key!r} where the field declares {expected_cls.__name__}")
    return cls, kind


def build_user(node, ctx, expected_cls):
    cls, kind = _user_entry(node, ctx, expected_cls)
    t = node["t"]
    if t == "enum":
        return _build_enum(cls, node)
    if t == "union":
        case = node.get("case")
        if not isinstance(case, int) or isinstance(case, bool) or case not in cls.CASES:
            raise TaggedError(f"union {node.get('type')}: 'case' must be one of {sorted(cls.CASES)}")
        if "v" not in node:
            raise TaggedError("union: needs 'v'")
        return cls(case, build_as(node["v"], cls.CASES[case], ctx))
    fields = node.get("fields", {})
    if not isinstance(fields, dict):
        raise TaggedError(f"{t}: 'fields' must be an object")
    name = node.get("anchor")
    if name is not None and name in ctx.anchors:
        raise TaggedError(f"duplicate anchor {name!r}")
    obj = cls()
    if name is not None:
        ctx.anchors[name] = obj
    hints = dict(ctx.registry.hints(cls))
    for fname, child in fields.items():
        if fname not in hints:
            raise TaggedError(f"{t} {node.get('type')}: no field {fname!r} (fields: {', '.join(hints)})")
        setattr(obj, fname, build_as(child, hints[fname], ctx))
    return obj


def _build_enum(cls, node):
    members = list(cls)
    if "v" in node:
        v = node["v"]
        for m in members:
            if m.name == v:
                if "ordinal" in node and node["ordinal"] != members.index(m):
                    raise TaggedError(f"enum {node.get('type')}: name {v} and ordinal {node['ordinal']} disagree")
                return m
        raise TaggedError(f"enum {node.get('type')}: no member {v!r}")
    o = node.get("ordinal")
    if not isinstance(o, int) or isinstance(o, bool) or not 0 <= o < len(members):
        raise TaggedError(f"enum {node.get('type')}: needs 'v' (name) or 'ordinal' in [0, {len(members)})")
    return members[o]


def build_as(node, hint, ctx):
    """Builds a tagged value for a struct field / union case declared as ``hint``."""
    if not isinstance(node, dict) or "t" not in node:
        raise TaggedError(f"tagged value must be an object with 't', got {node!r:.80}")
    t = node["t"]
    if t == "refto":
        return build(node, ctx)
    inner, _opt = structs.unwrap_optional(hint)
    if t == "null":
        return None
    if inner is typing.Any or inner is object:
        return build(node, ctx)
    st = structs.scalar_tag(inner)
    if st is not None:
        fam = tagged.family(st)
        if tagged.family(t) != fam:
            raise TaggedError(f"field declared {st} got tagged {t}")
        if fam == "int":
            return parse_int(t, node.get("v"))
        if fam == "float":
            return parse_float(t, node.get("v"))
        return build(node, ctx)
    at = structs.array_tag(inner)
    if at is not None:
        if tagged.family(t) != tagged.family(at) or (t.startswith("bool") != at.startswith("bool")):
            raise TaggedError(f"field declared {at} got tagged {t}")
        if node.get("native") == "numpy":
            # pyfory accepts a 1-D ndarray of the field's dtype for a pyfory.*Array field
            arr = build_array(t, {**node, "native": None})
            return _anchored(node, ctx, _numpy_array(at, list(arr)))
        arr = build_array(t, node)
        return _anchored(node, ctx, inner(list(arr)))
    origin = typing.get_origin(inner)
    args = typing.get_args(inner)
    if origin in (list, set, dict):
        want = {list: "list", set: "set", dict: "map"}[origin]
        if t != want:
            raise TaggedError(f"field declared {want} got tagged {t}")
        return build_container(t, node, ctx, args)
    if isinstance(inner, type) and ctx.registry.by_class.get(inner) is not None:
        if t not in USER_TAGS:
            raise TaggedError(f"field declared {inner.__name__} got tagged {t}")
        return build_user(node, ctx, inner)
    return build(node, ctx)


# ---------------------------------------------------------------------------
# native -> tagged
# ---------------------------------------------------------------------------

def _is_container(x):
    return isinstance(x, (list, tuple, set, frozenset, dict))


def _children(x, registry):
    """Children of a container or user object (for identity/cycle walks), else None."""
    if isinstance(x, dict):
        return [c for kv in x.items() for c in kv]
    if isinstance(x, (list, tuple, set, frozenset)):
        return list(x)
    if registry is not None:
        kind = registry.kind_of(x)
        if kind == "struct" or kind == "ext":
            return [getattr(x, f.name) for f in dataclasses.fields(x)]
        if kind == "union":
            return [x.value()]
    return None


def _is_tracked(x, registry):
    return _is_container(x) or (registry is not None and registry.kind_of(x) in ("struct", "ext", "union"))


def describe(root, registry=None):
    # pass 1: find containers/objects reached more than once (shared or cyclic)
    seen = set()
    shared = set()
    stack = [root]
    while stack:
        x = stack.pop()
        kids = _children(x, registry)
        if kids is None:
            continue
        if id(x) in seen:
            shared.add(id(x))
            continue
        seen.add(id(x))
        stack.extend(kids)
    return Describer(shared, registry).desc(root, None)


class Describer:
    def __init__(self, shared, registry):
        self.shared = shared
        self.names = {}
        self.registry = registry

    def desc(self, x, hint):
        shared, names = self.shared, self.names
        anchor = None
        if _is_tracked(x, self.registry) and id(x) in shared:
            if id(x) in names:
                return {"t": "refto", "anchor": names[id(x)]}
            anchor = names[id(x)] = f"a{len(names)}"
        if x is None:
            return {"t": "null"}
        inner = None
        if hint is not None:
            inner, _opt = structs.unwrap_optional(hint)
            if inner is typing.Any or inner is object:
                inner = None
        if inner is not None and not isinstance(x, bool):
            st = structs.scalar_tag(inner)
            if st is not None and st not in ("bool", "string", "binary"):
                if isinstance(x, int) and tagged.family(st) == "int":
                    return {"t": st, "v": str(x)}
                if isinstance(x, float) and tagged.family(st) == "float":
                    return {"t": st, "v": format_float(x)}
        out = None
        origin = typing.get_origin(inner) if inner is not None else None
        args = typing.get_args(inner) if inner is not None else ()
        if isinstance(x, (list, tuple)):
            eh = args[0] if origin is list and args else None
            out = {"t": "list", "v": [self.desc(e, eh) for e in x]}
        elif isinstance(x, (set, frozenset)):
            eh = args[0] if origin is set and args else None
            out = {"t": "set", "v": [self.desc(e, eh) for e in x]}
        elif isinstance(x, dict):
            kh, vh = args if origin is dict and len(args) == 2 else (None, None)
            out = {"t": "map", "v": [[self.desc(k, kh), self.desc(v, vh)] for k, v in x.items()]}
        if out is not None:
            if anchor is not None:
                out = {"t": out["t"], "anchor": anchor, "v": out["v"]}
            return out
        if self.registry is not None:
            key = self.registry.key_of(x)
            if key is not None:
                kind = self.registry.kind_of(x)
                if kind == "enum":
                    return {"t": "enum", "type": key, "v": x.name, "ordinal": list(type(x)).index(x)}
                if kind == "union":
                    o = {"t": "union", "type": key, "case": x.case_id(),
                         "v": self.desc(x.value(), type(x).CASES.get(x.case_id()))}
                    if anchor is not None:
                        o["anchor"] = anchor
                    return o
                o = {"t": "struct" if kind == "struct" else "ext", "type": key}
                if anchor is not None:
                    o["anchor"] = anchor
                o["fields"] = {name: self.desc(getattr(x, name), h) for name, h in self.registry.hints(type(x))}
                return o
        return _describe_scalar(x)


def _describe_scalar(x):
    if type(x).__name__ == "UnknownStruct" and hasattr(x, "type_def"):
        # compatible mode: a struct whose TypeDef names a type this peer has not registered
        td = x.type_def
        ns, tn = getattr(td, "namespace", "") or "", getattr(td, "typename", "") or ""
        out = {"t": "unknown_struct", "name": f"{ns}.{tn}" if ns else tn}
        uid = getattr(td, "user_type_id", None)
        if isinstance(uid, int) and 0 <= uid < 0xFFFFFFFF:
            out["userTypeId"] = uid
        out["fields"] = {str(k): _describe_scalar_or_container(v) for k, v in x.items()}
        return out
    if isinstance(x, bool):
        return {"t": "bool", "v": x}
    if isinstance(x, enum.Enum):
        return {"t": "enum", "type": f"{type(x).__module__}.{type(x).__qualname__}", "v": x.name,
                "ordinal": list(type(x)).index(x)}
    if isinstance(x, int):
        if -(1 << 63) <= x < (1 << 63):
            return {"t": "int64", "v": str(x)}
        if 0 <= x < (1 << 64):
            return {"t": "uint64", "v": str(x)}
        raise TaggedError(f"decoded int {x} outside int64/uint64")
    if isinstance(x, float):
        return {"t": "float64", "v": format_float(x)}
    if isinstance(x, str):
        return {"t": "string", "v": x}
    if isinstance(x, (bytes, bytearray, memoryview)):
        return {"t": "binary", "v": bytes(x).hex()}
    if isinstance(x, array.array):
        t = STDLIB_CODE_TO_TAG.get(x.typecode)
        if t is None:
            raise TaggedError(f"array.array typecode {x.typecode!r} has no tagged type")
        return {"t": t, "v": _array_items(t, x)}
    wrapper = WRAPPER_TO_TAG.get(type(x).__name__)
    if wrapper is not None:
        return {"t": wrapper, "v": _array_items(wrapper, x)}
    if type(x).__name__ == "ndarray" and type(x).__module__ == "numpy" and x.ndim == 1:
        t = NUMPY_DTYPE_TO_TAG.get(str(x.dtype))
        if t is None:
            raise TaggedError(f"numpy dtype {x.dtype} has no tagged type")
        return {"t": t, "v": _array_items(t, x.tolist())}
    if isinstance(x, datetime.datetime):
        dt = x if x.tzinfo is not None else x.replace(tzinfo=datetime.timezone.utc)
        d = dt - EPOCH_DT
        return {"t": "timestamp", "seconds": str(d.days * 86400 + d.seconds), "nanos": d.microseconds * 1000}
    if isinstance(x, datetime.date):
        return {"t": "date", "days": str((x - EPOCH_DATE).days)}
    if isinstance(x, datetime.timedelta):
        return {"t": "duration", "seconds": str(x.days * 86400 + x.seconds), "nanos": x.microseconds * 1000}
    if isinstance(x, decimal.Decimal):
        if not x.is_finite():
            raise TaggedError(f"non-finite Decimal {x}")
        sign, digits, exp = x.as_tuple()
        unscaled = int("".join(map(str, digits)) or "0")
        return {"t": "decimal", "unscaled": str(-unscaled if sign else unscaled), "scale": -exp}
    raise TaggedError(f"decoded value of Python type {type(x).__module__}.{type(x).__qualname__} "
                      f"has no tagged description")


def _array_items(t, seq):
    elem = t[:-6]
    if elem == "bool":
        return [bool(e) for e in seq]
    if elem in tagged.INT_TYPES:
        return [str(int(e)) for e in seq]
    return [format_float(float(e)) for e in seq]


def _describe_scalar_or_container(v):
    return describe(v)


# ---------------------------------------------------------------------------
# request handling
# ---------------------------------------------------------------------------

MAX_WRITE_DEPTH = 10000


class GraphError(Exception):
    """A value pyfory cannot serialize without crashing the interpreter."""


def check_graph(root, ref, registry=None):
    """pyfory (1.6/1.7) recurses in C while serializing: a cyclic value with ref=False
    overflows the C stack and kills the process with SIGSEGV instead of raising.  Refuse
    such values (and absurdly deep ones) up front.  With ref=True a struct field that is not
    declared ref-tracked (pyfory.field(ref=True)) is written without a back-reference check,
    so a cycle through such a field is refused too."""
    on_path = set()
    done = set()
    stack = [(root, False, True)]
    depth = 0
    while stack:
        x, leaving, tracked_edge = stack.pop()
        if leaving:
            on_path.discard(id(x))
            depth -= 1
            continue
        children = _children(x, registry)
        if children is None:
            continue
        edge_ref = ref and tracked_edge
        if id(x) in on_path:
            if not ref:
                raise GraphError("value contains a cycle and ref=false: pyfory would recurse until the "
                                 "C stack overflows (SIGSEGV), so the peer refuses it")
            if not edge_ref:
                raise GraphError("value contains a cycle through a struct field that is not declared "
                                 "ref-tracked (pyfory.field(ref=True)); pyfory would recurse until the C stack "
                                 "overflows (SIGSEGV), so the peer refuses it")
            continue
        if edge_ref:
            if id(x) in done:
                continue  # written as a back-reference
            done.add(id(x))
        on_path.add(id(x))
        depth += 1
        if depth > MAX_WRITE_DEPTH:
            raise GraphError(f"value nests deeper than {MAX_WRITE_DEPTH} containers")
        stack.append((x, True, True))
        flags = structs.ref_flags(x, registry)
        for i in reversed(range(len(children))):
            stack.append((children[i], False, True if flags is None else flags[i]))


class OobPlan:
    """An out-of-band mode of the protocol ("oob" on write/roundtrip, "reserializeOob" on
    read; README "Out-of-band buffers").  Records what the buffer callback saw during one
    serialize call.  pyfory's callback contract: return True = in-band, False = out-of-band."""

    MODES = ("none", "inband", "all", "alternate")

    def __init__(self, spec, field="oob"):
        self.above = None
        if spec is None:
            spec = "none"
        if isinstance(spec, dict) and set(spec) == {"above"}:
            n = spec["above"]
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise TaggedError(f"'{field}': 'above' must be a non-negative integer")
            self.mode, self.above = "above", n
        elif isinstance(spec, str) and spec in self.MODES:
            self.mode = spec
        else:
            raise TaggedError(f"'{field}' must be \"none\", \"inband\", \"all\", \"alternate\" or {{\"above\": N}}")
        self.buffers = []  # bytes of the out-of-band buffer objects, in callback order
        self.objects = []  # every buffer object the callback saw

    @property
    def has_callback(self):
        return self.mode != "none"

    def callback(self, obj):
        index = len(self.objects)
        size = obj.total_bytes()
        if self.mode == "inband":
            in_band = True
        elif self.mode == "all":
            in_band = False
        elif self.mode == "alternate":
            in_band = index % 2 == 1
        else:
            in_band = size <= self.above
        # The seed's obj.to_buffer() does not exist on pyfory 1.7.7's BufferObject (ABC with
        # total_bytes / write_to / getbuffer / raw): use it if present, else getbuffer().
        to_buffer = getattr(obj, "to_buffer", None)
        if to_buffer is not None:
            data, via = bytes(to_buffer()), "to_buffer"
        else:
            data, via = bytes(obj.getbuffer()), "getbuffer"
        self.objects.append({"size": size, "inBand": in_band, "class": type(obj).__name__,
                             "via": via, "hex": data.hex()})
        if not in_band:
            self.buffers.append(data)
        return in_band

    def add_to(self, resp, buffers_key, objects_key):
        if self.has_callback:
            resp[buffers_key] = [b.hex() for b in self.buffers]
            resp[objects_key] = self.objects


def parse_buffers(spec):
    """'buffers' request field (list of hex strings) -> list of bytes, or None when absent."""
    if spec is None:
        return None
    if not isinstance(spec, list) or not all(isinstance(h, str) for h in spec):
        raise TaggedError("'buffers' must be a list of hex strings")
    try:
        return [bytes.fromhex(h) for h in spec]
    except ValueError:
        raise TaggedError("'buffers': bad hex string") from None


def _numpy_version():
    try:
        import numpy
    except ImportError:
        return None
    return numpy.__version__


class Peer:
    def __init__(self):
        self.ref = False
        self.compatible = True
        self.max_depth = None
        self.schema_version = 1
        self.fory = None
        self.registry = None
        self.configure(False, True, None)

    def configure(self, ref, compatible, max_depth, schema_version=1, namespace="example", omit=()):
        kwargs = {} if max_depth is None else {"max_depth": max_depth}
        fory = pyfory.Fory(xlang=True, ref=ref, compatible=compatible, **kwargs)
        registry = structs.Registry(schema_version, namespace, omit)
        registry.register_all(fory)
        self.fory, self.registry = fory, registry
        self.ref, self.compatible, self.max_depth = ref, compatible, max_depth
        self.schema_version = schema_version

    def serialize(self, value, oob=None):
        check_graph(value, self.ref, self.registry)
        if oob is None or not oob.has_callback:
            return bytes(self.fory.serialize(value))
        return bytes(self.fory.serialize(value, buffer_callback=oob.callback))

    def deserialize(self, data, buffers=None):
        """buffers: None = plain deserialize; a list (even empty) = deserialize(buffers=...)."""
        buf = pyfory.Buffer(data)
        if buffers is None:
            value = self.fory.deserialize(buf)
        else:
            value = self.fory.deserialize(buf, buffers=buffers)
        return value, buf.get_reader_index()

    def handle(self, req):
        op = req.get("op")
        if op == "hello":
            return {"ok": True, "peer": "python", "runtime": "pyfory", "version": pyfory.__version__,
                    "python": sys.version.split()[0], "numpy": _numpy_version(),
                    "ref": self.ref, "compatible": self.compatible,
                    "schemaVersion": self.schema_version}
        if op == "config":
            ref = req.get("ref", False)
            compatible = req.get("compatible", True)
            max_depth = req.get("maxDepth")
            if not isinstance(ref, bool) or not isinstance(compatible, bool):
                return {"ok": False, "error": "TaggedError: config 'ref' and 'compatible' must be booleans"}
            if max_depth is not None and (not isinstance(max_depth, int) or isinstance(max_depth, bool)
                                          or max_depth < 1):
                return {"ok": False, "error": "TaggedError: config 'maxDepth' must be a positive integer"}
            schema_version = req.get("schemaVersion", 1)
            if schema_version not in (1, 2, 3) or isinstance(schema_version, bool):
                return {"ok": False, "error": "TaggedError: config 'schemaVersion' must be 1, 2 or 3"}
            namespace = req.get("namespace", "example")
            if not isinstance(namespace, str) or not namespace:
                return {"ok": False, "error": "TaggedError: config 'namespace' must be a non-empty string"}
            omit = req.get("omitTypes", [])
            if not isinstance(omit, list) or not all(isinstance(k, str) for k in omit):
                return {"ok": False, "error": "TaggedError: config 'omitTypes' must be a list of type keys"}
            if req.get("dottedNames") not in (None, True, False):
                return {"ok": False, "error": "TaggedError: config 'dottedNames' must be a boolean"}
            self.configure(ref, compatible, max_depth, schema_version, namespace, omit)
            resp = {"ok": True, "ref": ref, "compatible": compatible, "maxDepth": max_depth,
                    "schemaVersion": schema_version}
            if namespace != "example":
                resp["namespace"] = namespace
            if omit:
                resp["omitTypes"] = omit
            return resp
        if op == "write":
            return self.op_write(req)
        if op == "read":
            return self.op_read(req)
        if op == "roundtrip":
            return self.op_roundtrip(req)
        if op == "metastring":
            return self.op_metastring(req)
        return {"ok": False, "error": f"TaggedError: unknown op {op!r}"}

    def op_metastring(self, req):
        # pyfory's own meta-string encoder: text + the two context special chars -> encoding + bytes.
        from pyfory.meta.metastring import MetaStringEncoder
        try:
            encoded = MetaStringEncoder(req["special1"], req["special2"]).encode(req["text"])
        except Exception as e:  # noqa: BLE001 - report pyfory's own failure to the caller
            return {"ok": False, "error": f"{type(e).__name__}: {e}"}
        return {"ok": True, "encoding": int(encoded.encoding.value), "hex": bytes(encoded.encoded_data).hex()}

    def _build(self, req):
        if "value" not in req:
            raise TaggedError("request needs 'value'")
        ctx = BuildCtx(self.registry)
        return build(req["value"], ctx), ctx.warnings

    def op_write(self, req):
        oob = OobPlan(req.get("oob"))
        try:
            native, warnings = self._build(req)
        except Unsupported as e:
            return {"ok": False, "unsupported": True, "error": f"Unsupported: {e}"}
        data = self.serialize(native, oob)
        resp = {"ok": True, "hex": data.hex()}
        oob.add_to(resp, "buffers", "bufferObjects")
        if warnings:
            resp["warnings"] = warnings
        return resp

    def op_read(self, req):
        h = req.get("hex")
        if not isinstance(h, str):
            raise TaggedError("read needs 'hex' (string)")
        try:
            data = bytes.fromhex(h)
        except ValueError:
            raise TaggedError(f"bad hex string {h[:80]!r}") from None
        reoob = OobPlan(req.get("reserializeOob"), "reserializeOob")
        buffers = parse_buffers(req.get("buffers"))
        value, consumed = self.deserialize(data, buffers)
        return self._report(value, consumed, len(data), req.get("expect"), reoob)

    def _report(self, value, consumed, total, expect, reoob=None):
        resp = {"ok": True, "value": describe(value, self.registry)}
        resp["consumed"] = consumed
        if consumed != total:
            resp["trailing"] = total - consumed
        if expect is not None:
            eq, diff = tagged_equal(expect, resp["value"])
            resp["equal"] = eq
            if not eq:
                resp["diff"] = diff
        try:
            resp["hex"] = self.serialize(value, reoob).hex()
            if reoob is not None:
                reoob.add_to(resp, "reserializeBuffers", "reserializeBufferObjects")
        except Exception as e:  # re-serialization failure is reported, not fatal
            resp["hex"] = None
            resp["reserializeError"] = f"{type(e).__name__}: {e}"
        return resp

    def op_roundtrip(self, req):
        oob = OobPlan(req.get("oob"))
        reoob = OobPlan(req.get("reserializeOob"), "reserializeOob")
        try:
            native, warnings = self._build(req)
        except Unsupported as e:
            return {"ok": False, "unsupported": True, "error": f"Unsupported: {e}"}
        data = self.serialize(native, oob)
        value, consumed = self.deserialize(data, list(oob.buffers) if oob.has_callback else None)
        resp = self._report(value, consumed, len(data), req["value"], reoob)
        resp["writtenHex"] = data.hex()
        oob.add_to(resp, "buffers", "bufferObjects")
        if warnings:
            resp["warnings"] = warnings
        return resp


class Watchdog(threading.Thread):
    """Answers and exits if one request runs past the deadline (a hang must
    never leave the client waiting silently)."""

    def __init__(self, write):
        super().__init__(daemon=True)
        self.write = write
        self.lock = threading.Lock()
        self.current = None  # (id, started)

    def start_request(self, rid):
        with self.lock:
            self.current = (rid, time.monotonic())
        # Hard backstop that needs no GIL: if pyfory is stuck inside C code the Python
        # watchdog thread cannot run, so faulthandler dumps the stack to stderr and exits.
        faulthandler.dump_traceback_later(REQUEST_DEADLINE_S + 2, exit=True)

    def end_request(self):
        faulthandler.cancel_dump_traceback_later()
        with self.lock:
            self.current = None

    def run(self):
        while True:
            time.sleep(0.5)
            with self.lock:
                cur = self.current
            if cur and time.monotonic() - cur[1] > REQUEST_DEADLINE_S:
                self.write({"id": cur[0], "ok": False,
                            "error": f"PeerTimeout: request ran longer than {REQUEST_DEADLINE_S}s; "
                                     "python peer is exiting"})
                sys.stderr.write("ferry python peer: request deadline exceeded, exiting\n")
                sys.stderr.flush()
                os._exit(3)


def main():
    out_lock = threading.Lock()

    def write(obj):
        line = json.dumps(obj, ensure_ascii=True, allow_nan=False)
        with out_lock:
            _PROTO_OUT.write(line + "\n")
            _PROTO_OUT.flush()

    peer = Peer()
    dog = Watchdog(write)
    dog.start()
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8", errors="replace").strip()
        if not line:
            continue
        rid = None
        try:
            req = json.loads(line)
            if not isinstance(req, dict):
                raise TaggedError("request must be a JSON object")
            rid = req.get("id")
        except Exception as e:
            write({"id": None, "ok": False, "error": f"ProtocolError: bad JSON request: {e}"})
            continue
        dog.start_request(rid)
        try:
            resp = peer.handle(req)
        except RecursionError as e:
            resp = {"ok": False, "error": f"RecursionError: {e}"}
        except (TaggedError, Unsupported, GraphError) as e:
            resp = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        except BaseException as e:  # noqa: BLE001 - any failure becomes ok:false
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            sys.stderr.write(f"request {rid}: {traceback.format_exc()}\n")
            sys.stderr.flush()
            resp = {"ok": False, "error": f"{type(e).__module__}.{type(e).__qualname__}: {e}"}
        finally:
            dog.end_request()
        resp = {"id": rid, **resp}
        try:
            write(resp)
        except (TypeError, ValueError) as e:
            write({"id": rid, "ok": False, "error": f"PeerBug: response not JSON-serializable: {e}"})


if __name__ == "__main__":
    faulthandler.enable()  # a native crash (e.g. SIGSEGV inside pyfory) leaves a traceback on stderr
    sys.setrecursionlimit(10000)
    main()
