#!/usr/bin/env python3
"""Ferry cross-language test peer backed by the official pyfory runtime.

Reads one JSON request per line on stdin, writes one JSON response per line on
stdout.  See peers/README.md for the protocol and the tagged-value format.
Anything else (library chatter, tracebacks) goes to stderr.
"""

import array
import datetime
import decimal
import faulthandler
import json
import math
import os
import sys
import threading
import time
import traceback

sys.dont_write_bytecode = True  # keep peers/python free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tagged  # noqa: E402
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
    def __init__(self):
        self.anchors = {}
        self.warnings = []


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
            return bytes.fromhex(node.get("v", ""))
        except (ValueError, TypeError):
            raise TaggedError(f"binary: bad hex {node.get('v')!r:.80}") from None
    if t in ARRAY_WRAPPERS:
        return build_array(t, node)
    if t in ("list", "set", "map"):
        return build_container(t, node, ctx)
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


def build_container(t, node, ctx):
    anchors = ctx.anchors
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
            out.append(build(child, ctx))
        return out
    if t == "set":
        out = set()
        if name is not None:
            anchors[name] = out
        for child in items:
            v = build(child, ctx)
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
        k = build(pair[0], ctx)
        v = build(pair[1], ctx)
        try:
            if k in out:
                raise Unsupported(f"map: duplicate key after conversion to Python ({k!r:.40}); "
                                  "note True == 1 == 1.0 in Python")
            out[k] = v
        except TypeError as e:
            raise Unsupported(f"map: key not hashable in Python ({e})") from None
    return out


# ---------------------------------------------------------------------------
# native -> tagged
# ---------------------------------------------------------------------------

def _is_container(x):
    return isinstance(x, (list, tuple, set, frozenset, dict))


def describe(root):
    # pass 1: find containers reached more than once (shared or cyclic)
    seen = set()
    shared = set()
    stack = [root]
    while stack:
        x = stack.pop()
        if not _is_container(x):
            continue
        if id(x) in seen:
            shared.add(id(x))
            continue
        seen.add(id(x))
        if isinstance(x, dict):
            for k, v in x.items():
                stack.append(k)
                stack.append(v)
        else:
            stack.extend(x)
    names = {}
    return _describe(root, shared, names)


def _describe(x, shared, names):
    if _is_container(x) and id(x) in shared:
        if id(x) in names:
            return {"t": "refto", "anchor": names[id(x)]}
        names[id(x)] = f"a{len(names)}"
    if x is None:
        return {"t": "null"}
    if isinstance(x, bool):
        return {"t": "bool", "v": x}
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
    out = None
    if isinstance(x, (list, tuple)):
        out = {"t": "list", "v": [_describe(e, shared, names) for e in x]}
    elif isinstance(x, (set, frozenset)):
        out = {"t": "set", "v": [_describe(e, shared, names) for e in x]}
    elif isinstance(x, dict):
        out = {"t": "map", "v": [[_describe(k, shared, names), _describe(v, shared, names)]
                                 for k, v in x.items()]}
    if out is not None:
        if id(x) in names:
            # anchor first for readability
            out = {"t": out["t"], "anchor": names[id(x)], "v": out["v"]}
        return out
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


# ---------------------------------------------------------------------------
# request handling
# ---------------------------------------------------------------------------

MAX_WRITE_DEPTH = 10000


class GraphError(Exception):
    """A value pyfory cannot serialize without crashing the interpreter."""


def check_graph(root, ref):
    """pyfory (1.6/1.7) recurses in C while serializing: a cyclic value with ref=False
    overflows the C stack and kills the process with SIGSEGV instead of raising.  Refuse
    such values (and absurdly deep ones) up front."""
    on_path = set()
    done = set()
    stack = [(root, False)]
    depth = 0
    while stack:
        x, leaving = stack.pop()
        if leaving:
            on_path.discard(id(x))
            depth -= 1
            continue
        if not _is_container(x):
            continue
        if id(x) in on_path:
            if not ref:
                raise GraphError("value contains a cycle and ref=false: pyfory would recurse until the "
                                 "C stack overflows (SIGSEGV), so the peer refuses it")
            continue
        if ref:
            if id(x) in done:
                continue  # written as a back-reference
            done.add(id(x))
        on_path.add(id(x))
        depth += 1
        if depth > MAX_WRITE_DEPTH:
            raise GraphError(f"value nests deeper than {MAX_WRITE_DEPTH} containers")
        stack.append((x, True))
        children = [c for kv in x.items() for c in kv] if isinstance(x, dict) else list(x)
        for c in reversed(children):
            stack.append((c, False))

class Peer:
    def __init__(self):
        self.ref = False
        self.compatible = True
        self.max_depth = None
        self.fory = None
        self.configure(False, True, None)

    def configure(self, ref, compatible, max_depth):
        kwargs = {} if max_depth is None else {"max_depth": max_depth}
        self.fory = pyfory.Fory(xlang=True, ref=ref, compatible=compatible, **kwargs)
        self.ref, self.compatible, self.max_depth = ref, compatible, max_depth

    def serialize(self, value):
        check_graph(value, self.ref)
        return bytes(self.fory.serialize(value))

    def deserialize(self, data):
        buf = pyfory.Buffer(data)
        value = self.fory.deserialize(buf)
        return value, buf.get_reader_index()

    def handle(self, req):
        op = req.get("op")
        if op == "hello":
            return {"ok": True, "peer": "python", "runtime": "pyfory", "version": pyfory.__version__,
                    "python": sys.version.split()[0], "ref": self.ref, "compatible": self.compatible}
        if op == "config":
            ref = req.get("ref", False)
            compatible = req.get("compatible", True)
            max_depth = req.get("maxDepth")
            if not isinstance(ref, bool) or not isinstance(compatible, bool):
                return {"ok": False, "error": "TaggedError: config 'ref' and 'compatible' must be booleans"}
            if max_depth is not None and (not isinstance(max_depth, int) or isinstance(max_depth, bool)
                                          or max_depth < 1):
                return {"ok": False, "error": "TaggedError: config 'maxDepth' must be a positive integer"}
            self.configure(ref, compatible, max_depth)
            return {"ok": True, "ref": ref, "compatible": compatible, "maxDepth": max_depth}
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
        ctx = BuildCtx()
        return build(req["value"], ctx), ctx.warnings

    def op_write(self, req):
        try:
            native, warnings = self._build(req)
        except Unsupported as e:
            return {"ok": False, "unsupported": True, "error": f"Unsupported: {e}"}
        data = self.serialize(native)
        resp = {"ok": True, "hex": data.hex()}
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
        value, consumed = self.deserialize(data)
        return self._report(value, consumed, len(data), req.get("expect"))

    def _report(self, value, consumed, total, expect):
        resp = {"ok": True, "value": describe(value)}
        resp["consumed"] = consumed
        if consumed != total:
            resp["trailing"] = total - consumed
        if expect is not None:
            eq, diff = tagged_equal(expect, resp["value"])
            resp["equal"] = eq
            if not eq:
                resp["diff"] = diff
        try:
            resp["hex"] = self.serialize(value).hex()
        except Exception as e:  # re-serialization failure is reported, not fatal
            resp["hex"] = None
            resp["reserializeError"] = f"{type(e).__name__}: {e}"
        return resp

    def op_roundtrip(self, req):
        try:
            native, warnings = self._build(req)
        except Unsupported as e:
            return {"ok": False, "unsupported": True, "error": f"Unsupported: {e}"}
        data = self.serialize(native)
        value, consumed = self.deserialize(data)
        resp = self._report(value, consumed, len(data), req["value"])
        resp["writtenHex"] = data.hex()
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
