"""Tagged-value helpers shared by the Python peer.

A "tagged value" is the JSON description of a value used by the Ferry peer
protocol (see peers/README.md).  This module has three parts:

* float helpers (parse a repr at a given binary width, format a float);
* ``tagged_equal`` - the semantic equality rule shared with the Java peer;
* small utilities (integer ranges, type families).

It has no dependency on pyfory so it can be unit-checked on its own.
"""

from fractions import Fraction
import math
import struct

INT_RANGES = {
    "int8": (-(1 << 7), (1 << 7) - 1),
    "int16": (-(1 << 15), (1 << 15) - 1),
    "int32": (-(1 << 31), (1 << 31) - 1),
    "int64": (-(1 << 63), (1 << 63) - 1),
    "uint8": (0, (1 << 8) - 1),
    "uint16": (0, (1 << 16) - 1),
    "uint32": (0, (1 << 32) - 1),
    "uint64": (0, (1 << 64) - 1),
}
INT_TYPES = set(INT_RANGES)
FLOAT_TYPES = {"float16", "bfloat16", "float32", "float64"}
INT_ARRAY_TYPES = {t + "_array" for t in INT_TYPES}
FLOAT_ARRAY_TYPES = {t + "_array" for t in FLOAT_TYPES}
ARRAY_TYPES = INT_ARRAY_TYPES | FLOAT_ARRAY_TYPES | {"bool_array"}
CONTAINER_TYPES = {"list", "set", "map"}
# user-type nodes that carry identity (anchors / refto) like containers
OBJECT_TYPES = {"struct", "ext", "union"}
IDENTITY_TYPES = CONTAINER_TYPES | OBJECT_TYPES

# (precision incl. implicit bit, emin, emax) of the IEEE-754 style formats.
FLOAT_FORMATS = {
    "float16": (11, -14, 15),
    "bfloat16": (8, -126, 127),
    "float32": (24, -126, 127),
}


class TaggedError(Exception):
    """A malformed tagged value (bad type name, bad number, out of range)."""


def family(t):
    if t in INT_TYPES:
        return "int"
    if t in FLOAT_TYPES:
        return "float"
    if t in INT_ARRAY_TYPES:
        return "int_array"
    if t in FLOAT_ARRAY_TYPES:
        return "float_array"
    return t


def parse_int(t, v):
    if not isinstance(v, str):
        raise TaggedError(f"{t}: 'v' must be a decimal string, got {v!r}")
    try:
        n = int(v, 10)
    except ValueError:
        raise TaggedError(f"{t}: bad integer string {v!r}") from None
    lo, hi = INT_RANGES[t]
    if n < lo or n > hi:
        raise TaggedError(f"{t}: {v} out of range [{lo}, {hi}]")
    return n


def _round_to_format(q, fmt):
    """Round the exact rational ``q`` (non-zero) to the binary format, half-even.

    Returns a Python float (every value of the narrower formats is exactly
    representable as a double)."""
    p, emin, emax = FLOAT_FORMATS[fmt]
    neg = q < 0
    a = -q if neg else q
    # exponent of the leading bit: 2^lead <= a < 2^(lead+1)
    lead = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** lead > a:
        lead -= 1
    quantum = max(lead, emin) - (p - 1)
    scaled = a / (Fraction(2) ** quantum)
    n = scaled.numerator // scaled.denominator
    rem = scaled - n
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and n % 2 == 1):
        n += 1
    value = Fraction(n) * (Fraction(2) ** quantum)
    if value >= Fraction(2) ** (emax + 1):
        r = math.inf
    else:
        r = float(value)  # exact: value fits in a double
    return -r if neg else r


def parse_float(t, v):
    """Parse a float repr at the width of tagged type ``t``; returns a Python float
    holding the exact value (NaN payloads are not preserved)."""
    if not isinstance(v, str):
        raise TaggedError(f"{t}: 'v' must be a string, got {v!r}")
    s = v.strip()
    low = s.lower()
    if low in ("nan", "+nan", "-nan"):
        return math.nan
    if low in ("infinity", "+infinity", "inf", "+inf"):
        return math.inf
    if low in ("-infinity", "-inf"):
        return -math.inf
    try:
        if t == "float64":
            return float(s)
        q = Fraction(s)
    except (ValueError, ZeroDivisionError):
        raise TaggedError(f"{t}: bad float string {v!r}") from None
    if q == 0:
        return -0.0 if s.startswith("-") else 0.0
    return _round_to_format(q, t)


def format_float(x):
    """Format a float in the tagged style: NaN, Infinity, -Infinity, -0, or repr()."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0" if math.copysign(1.0, x) < 0 else "0"
    return repr(x)


def _float_bits(x):
    return struct.pack("<d", x)


# ---------------------------------------------------------------------------
# Semantic equality of two tagged trees.  Keep in sync with Java TaggedEq.
# ---------------------------------------------------------------------------


def _collect_refs(node, out):
    if isinstance(node, dict):
        if node.get("t") == "refto":
            out.add(node.get("anchor"))
        val = node.get("v")
        if isinstance(val, (list, dict)):
            _collect_refs(val, out)
        fields = node.get("fields")
        if isinstance(fields, dict):
            for child in fields.values():
                _collect_refs(child, out)
    elif isinstance(node, list):
        for child in node:
            _collect_refs(child, out)


def _as_bytes(h):
    try:
        return bytes.fromhex(h)
    except (ValueError, TypeError):
        raise TaggedError(f"binary: bad hex {h!r}") from None


def _timestamp_nanos(node):
    return int(node["seconds"]) * 1_000_000_000 + int(node.get("nanos", 0))


class _Eq:
    def __init__(self, exp_root, act_root):
        self.exp_used = set()
        self.act_used = set()
        _collect_refs(exp_root, self.exp_used)
        _collect_refs(act_root, self.act_used)
        self.diff = None

    def fail(self, path, msg):
        if self.diff is None:
            self.diff = f"{path}: {msg}"
        return False

    def anchor_of(self, node, used):
        a = node.get("anchor")
        return a if a is not None and a in used else None

    def eq(self, e, a, path, amap, quiet=False):
        """Compare expected ``e`` with actual ``a``.  ``amap`` maps expected
        anchor names to actual anchor names and is updated in place."""
        def bad(msg):
            if quiet:
                return False
            return self.fail(path, msg)

        if not isinstance(e, dict) or not isinstance(a, dict):
            return bad("malformed node")
        te, ta = e.get("t"), a.get("t")
        if te == "refto" or ta == "refto":
            if te != "refto" or ta != "refto":
                return bad(f"identity differs: expected {te!r} vs actual {ta!r} "
                           f"(one side is a back-reference)")
            ea, aa = e.get("anchor"), a.get("anchor")
            if ea not in amap:
                return bad(f"refto {ea!r} before its anchor")
            if amap[ea] != aa:
                return bad(f"refto {ea!r} points to a different object ({aa!r})")
            return True
        fe, fa = family(te), family(ta)
        if fe != fa:
            return bad(f"type differs: expected {te} vs actual {ta}")
        # identity bookkeeping for containers and struct/ext/union objects
        if fe in IDENTITY_TYPES:
            ea = self.anchor_of(e, self.exp_used)
            aa = self.anchor_of(a, self.act_used)
            if (ea is None) != (aa is None):
                return bad(f"shared-identity differs: expected anchor {ea!r} vs actual anchor {aa!r}")
            if ea is not None:
                if ea in amap or aa in amap.values():
                    if amap.get(ea) != aa:
                        return bad(f"anchor {ea!r} mapped inconsistently")
                amap[ea] = aa
        if fe == "null":
            return True
        if fe == "bool":
            return True if bool(e.get("v")) == bool(a.get("v")) else bad(
                f"expected {e.get('v')} vs actual {a.get('v')}")
        if fe == "int":
            if int(e["v"]) != int(a["v"]):
                return bad(f"expected {te} {e['v']} vs actual {ta} {a['v']}")
            return True
        if fe == "float":
            x, y = parse_float(te, e["v"]), parse_float(ta, a["v"])
            if math.isnan(x) and math.isnan(y):
                return True
            if _float_bits(x) != _float_bits(y):
                return bad(f"expected {te} {e['v']} vs actual {ta} {a['v']}")
            return True
        if fe == "string":
            return True if e.get("v") == a.get("v") else bad(
                f"expected {e.get('v')!r} vs actual {a.get('v')!r}")
        if fe == "binary":
            be, ba = _as_bytes(e.get("v", "")), _as_bytes(a.get("v", ""))
            if be != ba:
                return bad(f"expected {len(be)} bytes {be.hex()[:64]} vs actual {len(ba)} bytes {ba.hex()[:64]}")
            return True
        if fe in ("bool_array", "int_array", "float_array"):
            ve, va = e.get("v", []), a.get("v", [])
            if len(ve) != len(va):
                return bad(f"array length expected {len(ve)} vs actual {len(va)}")
            for i, (x, y) in enumerate(zip(ve, va)):
                if fe == "bool_array":
                    ok = bool(x) == bool(y)
                elif fe == "int_array":
                    ok = int(x) == int(y)
                else:
                    fx = parse_float(te[:-6], x)
                    fy = parse_float(ta[:-6], y)
                    ok = (math.isnan(fx) and math.isnan(fy)) or _float_bits(fx) == _float_bits(fy)
                if not ok:
                    return bad(f"[{i}] expected {x} vs actual {y}")
            return True
        if fe == "timestamp" or fe == "duration":
            if _timestamp_nanos(e) != _timestamp_nanos(a):
                return bad(f"expected {e.get('seconds')}s+{e.get('nanos')}ns vs actual "
                           f"{a.get('seconds')}s+{a.get('nanos')}ns")
            return True
        if fe == "date":
            return True if int(e["days"]) == int(a["days"]) else bad(
                f"expected days {e['days']} vs actual {a['days']}")
        if fe == "decimal":
            if int(e["unscaled"]) != int(a["unscaled"]) or int(e["scale"]) != int(a["scale"]):
                return bad(f"expected {e['unscaled']}e-{e['scale']} vs actual {a['unscaled']}e-{a['scale']}")
            return True
        if fe == "list":
            ve, va = e.get("v", []), a.get("v", [])
            if len(ve) != len(va):
                return bad(f"list length expected {len(ve)} vs actual {len(va)}")
            for i, (x, y) in enumerate(zip(ve, va)):
                if not self.eq(x, y, f"{path}[{i}]", amap, quiet):
                    return False
            return True
        if fe == "set":
            ve, va = e.get("v", []), a.get("v", [])
            if len(ve) != len(va):
                return bad(f"set size expected {len(ve)} vs actual {len(va)}")
            used = [False] * len(va)
            for i, x in enumerate(ve):
                found = False
                for j, y in enumerate(va):
                    if used[j]:
                        continue
                    trial = dict(amap)
                    if self.eq(x, y, f"{path}{{{i}}}", trial, True):
                        amap.clear()
                        amap.update(trial)
                        used[j] = True
                        found = True
                        break
                if not found:
                    return bad(f"set element #{i} {_short(x)} has no equal element in actual")
            return True
        if fe == "map":
            ve, va = e.get("v", []), a.get("v", [])
            if len(ve) != len(va):
                return bad(f"map size expected {len(ve)} vs actual {len(va)}")
            used = [False] * len(va)
            for i, pair in enumerate(ve):
                ke, xe = pair
                match = None
                for j, (ka, _xa) in enumerate(va):
                    if used[j]:
                        continue
                    trial = dict(amap)
                    if self.eq(ke, ka, f"{path}.key#{i}", trial, True):
                        match = (j, trial)
                        break
                if match is None:
                    return bad(f"map key #{i} {_short(ke)} not found in actual")
                j, trial = match
                used[j] = True
                amap.clear()
                amap.update(trial)
                if not self.eq(xe, va[j][1], f"{path}[{_short(ke)}]", amap, quiet):
                    return False
            return True
        if fe in ("struct", "ext", "enum", "union"):
            if str(e.get("type")) != str(a.get("type")):
                return bad(f"{te} type differs: expected {e.get('type')!r} vs actual {a.get('type')!r}")
        if fe in ("struct", "ext", "unknown_struct"):
            fe_, fa_ = e.get("fields") or {}, a.get("fields") or {}
            for name, child in fe_.items():
                if name not in fa_:
                    return bad(f"field {name!r} missing in actual")
                if not self.eq(child, fa_[name], f"{path}.{name}", amap, quiet):
                    return False
            return True
        if fe == "enum":
            if "v" in e and "v" in a:
                if e["v"] != a["v"]:
                    return bad(f"expected enum {e['v']} vs actual {a['v']}")
            elif "ordinal" in e and "ordinal" in a:
                pass
            else:
                return bad("enum: cannot compare (need 'v' or 'ordinal' on both sides)")
            if "ordinal" in e and "ordinal" in a and int(e["ordinal"]) != int(a["ordinal"]):
                return bad(f"expected enum ordinal {e['ordinal']} vs actual {a['ordinal']}")
            return True
        if fe == "union":
            if int(e.get("case", -1)) != int(a.get("case", -2)):
                return bad(f"expected union case {e.get('case')} vs actual {a.get('case')}")
            return self.eq(e.get("v"), a.get("v"), f"{path}.<case {e.get('case')}>", amap, quiet)
        return bad(f"unknown tagged type {te!r}")


def _short(node):
    try:
        t = node.get("t")
        if "v" in node and not isinstance(node["v"], list):
            return f"{t}:{node['v']!r}"[:60]
        return str(t)
    except AttributeError:
        return repr(node)[:60]


def tagged_equal(expected, actual):
    """Return (equal, diff_or_None)."""
    q = _Eq(expected, actual)
    ok = q.eq(expected, actual, "$", {})
    return ok, (None if ok else (q.diff or "$: not equal"))
