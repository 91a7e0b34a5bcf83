"""User types (structs, enums, union, ext) shared by the Ferry peers.

The SAME logical types are defined in the Java peer (package dev.ferry.peer.types) and
registered identically; peers/README.md ("User types") lists every field with its xlang
type id, nullability and ref flag.  This module also converts between tagged values
({"t":"struct"|"enum"|"union"|"ext", ...}) and the Python objects, driven by the
dataclass type hints, so decoded structs are described with their declared field types.
"""

import dataclasses
import enum
import typing
from typing import Any, Dict, List, Optional, Set

import pyfory
from pyfory.type_id import TypeId
from pyfory.union import UnionSerializer

# ---------------------------------------------------------------------------
# 1-3: Person (by name), PersonById (id 200), Node (by name, ref fields)
# ---------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Person:
    name: str = ""
    age: pyfory.Int32 = 0


@dataclasses.dataclass(eq=False)
class PersonById:
    name: str = ""
    age: pyfory.Int32 = 0


@dataclasses.dataclass(eq=False, repr=False)
class Node:
    value: str = ""
    next: Optional["Node"] = pyfory.field(default=None, nullable=True, ref=True)
    parent: Optional["Node"] = pyfory.field(default=None, nullable=True, ref=True)


# ---------------------------------------------------------------------------
# 4: Scalars (id 201) - one field per scalar kind / integer encoding
# ---------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Scalars:
    f_bool: bool = False
    f_int8: pyfory.Int8 = 0
    f_int16: pyfory.Int16 = 0
    f_int32: pyfory.Int32 = 0
    f_int64: pyfory.Int64 = 0
    f_float32: pyfory.Float32 = 0.0
    f_float64: pyfory.Float64 = 0.0
    f_string: str = ""
    f_binary: bytes = b""
    f_uint8: pyfory.UInt8 = 0
    f_uint16: pyfory.UInt16 = 0
    f_var_uint32: pyfory.UInt32 = 0
    f_var_uint64: pyfory.UInt64 = 0
    f_fixed_uint32: pyfory.FixedUInt32 = 0
    f_fixed_uint64: pyfory.FixedUInt64 = 0
    f_tagged_uint64: pyfory.TaggedUInt64 = 0
    f_fixed_int32: pyfory.FixedInt32 = 0
    f_fixed_int64: pyfory.FixedInt64 = 0
    f_tagged_int64: pyfory.TaggedInt64 = 0
    f_float16: pyfory.Float16 = 0.0
    f_bfloat16: pyfory.BFloat16 = 0.0


# ---------------------------------------------------------------------------
# 5: Containers (id 202), Arrays (id 211)
# ---------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Containers:
    str_list: List[str] = dataclasses.field(default_factory=list)
    int_list: List[pyfory.Int32] = dataclasses.field(default_factory=list)
    str_set: Set[str] = dataclasses.field(default_factory=set)
    str_int_map: Dict[str, pyfory.Int32] = dataclasses.field(default_factory=dict)
    int_person_map: Dict[pyfory.Int32, PersonById] = dataclasses.field(default_factory=dict)
    person_list: List[PersonById] = dataclasses.field(default_factory=list)
    int_array: pyfory.Int32Array = dataclasses.field(default_factory=lambda: pyfory.Int32Array([]))
    double_array: pyfory.Float64Array = dataclasses.field(default_factory=lambda: pyfory.Float64Array([]))
    nested: PersonById = dataclasses.field(default_factory=PersonById)


@dataclasses.dataclass(eq=False)
class DenseArrays:
    bool_array: pyfory.BoolArray = dataclasses.field(default_factory=lambda: pyfory.BoolArray([]))
    int8_array: pyfory.Int8Array = dataclasses.field(default_factory=lambda: pyfory.Int8Array([]))
    int16_array: pyfory.Int16Array = dataclasses.field(default_factory=lambda: pyfory.Int16Array([]))
    int32_array: pyfory.Int32Array = dataclasses.field(default_factory=lambda: pyfory.Int32Array([]))
    int64_array: pyfory.Int64Array = dataclasses.field(default_factory=lambda: pyfory.Int64Array([]))
    uint8_array: pyfory.UInt8Array = dataclasses.field(default_factory=lambda: pyfory.UInt8Array([]))
    uint16_array: pyfory.UInt16Array = dataclasses.field(default_factory=lambda: pyfory.UInt16Array([]))
    uint32_array: pyfory.UInt32Array = dataclasses.field(default_factory=lambda: pyfory.UInt32Array([]))
    uint64_array: pyfory.UInt64Array = dataclasses.field(default_factory=lambda: pyfory.UInt64Array([]))
    float16_array: pyfory.Float16Array = dataclasses.field(default_factory=lambda: pyfory.Float16Array([]))
    bfloat16_array: pyfory.BFloat16Array = dataclasses.field(default_factory=lambda: pyfory.BFloat16Array([]))
    float32_array: pyfory.Float32Array = dataclasses.field(default_factory=lambda: pyfory.Float32Array([]))
    float64_array: pyfory.Float64Array = dataclasses.field(default_factory=lambda: pyfory.Float64Array([]))


# ---------------------------------------------------------------------------
# 6: enums Color (id 203), Shade (by name), Colored (id 204)
# ---------------------------------------------------------------------------


class Color(enum.Enum):
    RED = 0
    GREEN = 1
    BLUE = 2


class Shade(enum.Enum):
    RED = 0
    GREEN = 1
    BLUE = 2


@dataclasses.dataclass(eq=False)
class Colored:
    color: Color = Color.RED
    shade: Shade = Shade.RED
    colors: List[Color] = dataclasses.field(default_factory=list)


# ---------------------------------------------------------------------------
# 7: Nullables (id 205), 8: Poly (id 206)
# ---------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Nullables:
    opt_int32: Optional[pyfory.Int32] = None
    opt_int64: Optional[pyfory.Int64] = None
    opt_string: Optional[str] = None
    opt_list: Optional[List[str]] = None
    opt_person: Optional[PersonById] = None
    boxed_int32: pyfory.Int32 = 0  # Java: Integer without @Nullable
    prim_int32: pyfory.Int32 = 0  # Java: int


@dataclasses.dataclass(eq=False)
class Poly:
    any_value: Optional[Any] = None
    any_list: List[Any] = dataclasses.field(default_factory=list)
    any_map: Dict[str, Any] = dataclasses.field(default_factory=dict)


# ---------------------------------------------------------------------------
# 9: schema evolution: example.Evolving (by name) and EvolvingById (id 207)
# ---------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class EvolvingV1:
    a: pyfory.Int32 = 0
    b: str = ""


@dataclasses.dataclass(eq=False)
class EvolvingV2:
    a: pyfory.Int32 = 0
    b: str = ""
    c: List[pyfory.Int64] = dataclasses.field(default_factory=list)
    d: pyfory.Float64 = 0.0


@dataclasses.dataclass(eq=False)
class EvolvingV3:
    b: str = ""
    e: bool = False


@dataclasses.dataclass(eq=False)
class EvolvingByIdV1:
    a: pyfory.Int32 = 0
    b: str = ""


@dataclasses.dataclass(eq=False)
class EvolvingByIdV2:
    a: pyfory.Int32 = 0
    b: str = ""
    c: List[pyfory.Int64] = dataclasses.field(default_factory=list)
    d: pyfory.Float64 = 0.0


@dataclasses.dataclass(eq=False)
class EvolvingByIdV3:
    b: str = ""
    e: bool = False


EVOLVING = {1: (EvolvingV1, EvolvingByIdV1), 2: (EvolvingV2, EvolvingByIdV2), 3: (EvolvingV3, EvolvingByIdV3)}

# ---------------------------------------------------------------------------
# 10: union Shape (id 208): case 0 int32, case 1 string, case 2 PersonById
# ---------------------------------------------------------------------------


class Shape:
    """Generated-style union carrier: pyfory's UnionSerializer needs case_id(), _value and
    _from_case_id(case_id, value)."""

    __slots__ = ("_case_id", "_value")
    CASES = {0: pyfory.Int32, 1: str, 2: PersonById}

    def __init__(self, case_id=0, value=0):
        self._case_id = case_id
        self._value = value

    def case_id(self):
        return self._case_id

    def value(self):
        return self._value

    @classmethod
    def _from_case_id(cls, case_id, value):
        return cls(case_id, value)

    def __repr__(self):
        return f"Shape(case={self._case_id}, value={self._value!r})"


class ShapeN(Shape):
    """The same union registered by name (NAMED_UNION) as example.ShapeN."""

    __slots__ = ()

    def __repr__(self):
        return f"ShapeN(case={self._case_id}, value={self._value!r})"


# ---------------------------------------------------------------------------
# 11: ext types Point (id 209) and example.Point2 (by name) with a custom serializer
# ---------------------------------------------------------------------------


@dataclasses.dataclass(eq=False)
class Point:
    x: pyfory.Int32 = 0
    y: pyfory.Int32 = 0


@dataclasses.dataclass(eq=False)
class Point2:
    x: pyfory.Int32 = 0
    y: pyfory.Int32 = 0


class PointSerializer(pyfory.Serializer):
    """Writes x then y as zigzag varint32 (pyfory's write_varint32), nothing else."""

    def __init__(self, type_resolver, cls):
        super().__init__(type_resolver, cls)
        self.cls = cls

    def write(self, write_context, value):
        write_context.write_varint32(value.x)
        write_context.write_varint32(value.y)

    def read(self, read_context):
        x = read_context.read_varint32()
        y = read_context.read_varint32()
        return self.cls(x, y)


# Holder (id 210): union and ext types as struct fields.
@dataclasses.dataclass(eq=False)
class Holder:
    shape: Shape = dataclasses.field(default_factory=Shape)
    point: Point = dataclasses.field(default_factory=Point)
    point2: Point2 = dataclasses.field(default_factory=Point2)


# TagIds (id 212): fields with explicit tag ids (TypeDef TAG_ID field encoding) + two without
# (one whose encoded name needs the field-header size extension).
@dataclasses.dataclass(eq=False)
class TagIds:
    x: pyfory.Int32 = pyfory.field(5, default=0)
    label: str = pyfory.field(1, default="")
    big: pyfory.Int64 = pyfory.field(20, default=0)
    flag: bool = False
    a_field_name_longer_than_fifteen_bytes: str = ""  # encoded name >= 16 bytes: size extension


# Wide (id 213): 64 int32 fields f00..f63 (num_fields >= 31 and a TypeDef body >= 255 bytes).
Wide = dataclasses.make_dataclass(
    "Wide", [(f"f{i:02d}", pyfory.Int32, dataclasses.field(default=0)) for i in range(64)], eq=False)
Wide.__module__ = __name__


# OobHolder (id 214): a binary field and an int32-array field, for the out-of-band buffer
# catalog (peers/oob-catalog.mjs): do struct fields become buffer objects?
@dataclasses.dataclass(eq=False)
class OobHolder:
    data: bytes = b""
    ints: pyfory.Int32Array = dataclasses.field(default_factory=lambda: pyfory.Int32Array([]))
    name: str = ""


# ---------------------------------------------------------------------------
# 12: benchmark types (reference/benchmark: bench.proto + datasets.json)
# ---------------------------------------------------------------------------


class Player(enum.Enum):
    JAVA = 0
    FLASH = 1


class Size(enum.Enum):
    SMALL = 0
    LARGE = 1


@dataclasses.dataclass(eq=False)
class NumericStruct:
    f1: pyfory.Int32 = 0
    f2: pyfory.Int32 = 0
    f3: pyfory.Int32 = 0
    f4: pyfory.Int32 = 0
    f5: pyfory.Int32 = 0
    f6: pyfory.Int32 = 0
    f7: pyfory.Int32 = 0
    f8: pyfory.Int32 = 0
    f9: pyfory.Int32 = 0
    f10: pyfory.Int32 = 0
    f11: pyfory.Int32 = 0
    f12: pyfory.Int32 = 0


@dataclasses.dataclass(eq=False)
class Sample:
    int_value: pyfory.Int32 = 0
    long_value: pyfory.Int64 = 0
    float_value: pyfory.Float32 = 0.0
    double_value: pyfory.Float64 = 0.0
    short_value: pyfory.Int32 = 0
    char_value: pyfory.Int32 = 0
    boolean_value: bool = False
    int_value_boxed: pyfory.Int32 = 0
    long_value_boxed: pyfory.Int64 = 0
    float_value_boxed: pyfory.Float32 = 0.0
    double_value_boxed: pyfory.Float64 = 0.0
    short_value_boxed: pyfory.Int32 = 0
    char_value_boxed: pyfory.Int32 = 0
    boolean_value_boxed: bool = False
    int_array: pyfory.Int32Array = dataclasses.field(default_factory=lambda: pyfory.Int32Array([]))
    long_array: pyfory.Int64Array = dataclasses.field(default_factory=lambda: pyfory.Int64Array([]))
    float_array: pyfory.Float32Array = dataclasses.field(default_factory=lambda: pyfory.Float32Array([]))
    double_array: pyfory.Float64Array = dataclasses.field(default_factory=lambda: pyfory.Float64Array([]))
    short_array: pyfory.Int32Array = dataclasses.field(default_factory=lambda: pyfory.Int32Array([]))
    char_array: pyfory.Int32Array = dataclasses.field(default_factory=lambda: pyfory.Int32Array([]))
    boolean_array: pyfory.BoolArray = dataclasses.field(default_factory=lambda: pyfory.BoolArray([]))
    string: str = ""


@dataclasses.dataclass(eq=False)
class Media:
    uri: str = ""
    title: str = ""
    width: pyfory.Int32 = 0
    height: pyfory.Int32 = 0
    format: str = ""
    duration: pyfory.Int64 = 0
    size: pyfory.Int64 = 0
    bitrate: pyfory.Int32 = 0
    has_bitrate: bool = False
    persons: List[str] = dataclasses.field(default_factory=list)
    player: Player = Player.JAVA
    copyright: str = ""


@dataclasses.dataclass(eq=False)
class Image:
    uri: str = ""
    title: str = ""
    width: pyfory.Int32 = 0
    height: pyfory.Int32 = 0
    size: Size = Size.SMALL


@dataclasses.dataclass(eq=False)
class MediaContent:
    media: Media = dataclasses.field(default_factory=Media)
    images: List[Image] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class NumericStructList:
    struct_list: List[NumericStruct] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class SampleList:
    sample_list: List[Sample] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class MediaContentList:
    media_content_list: List[MediaContent] = dataclasses.field(default_factory=list)


# ---------------------------------------------------------------------------
# registration
# ---------------------------------------------------------------------------

# (key, class, kind, how) ; how = ("name", "ns.Type") or ("id", n)
def entries(schema_version=1):
    ev_name, ev_id = EVOLVING[schema_version]
    return [
        ("example.Person", Person, "struct", ("name", "example.Person")),
        ("200", PersonById, "struct", ("id", 200)),
        ("example.Node", Node, "struct", ("name", "example.Node")),
        ("201", Scalars, "struct", ("id", 201)),
        ("202", Containers, "struct", ("id", 202)),
        ("203", Color, "enum", ("id", 203)),
        ("example.Shade", Shade, "enum", ("name", "example.Shade")),
        ("204", Colored, "struct", ("id", 204)),
        ("205", Nullables, "struct", ("id", 205)),
        ("206", Poly, "struct", ("id", 206)),
        ("example.Evolving", ev_name, "struct", ("name", "example.Evolving")),
        ("207", ev_id, "struct", ("id", 207)),
        ("208", Shape, "union", ("id", 208)),
        ("example.ShapeN", ShapeN, "union", ("name", "example.ShapeN")),
        ("209", Point, "ext", ("id", 209)),
        ("example.Point2", Point2, "ext", ("name", "example.Point2")),
        ("210", Holder, "struct", ("id", 210)),
        ("211", DenseArrays, "struct", ("id", 211)),
        ("212", TagIds, "struct", ("id", 212)),
        ("213", Wide, "struct", ("id", 213)),
        ("214", OobHolder, "struct", ("id", 214)),
        ("1", NumericStruct, "struct", ("id", 1)),
        ("2", Sample, "struct", ("id", 2)),
        ("3", Media, "struct", ("id", 3)),
        ("4", Image, "struct", ("id", 4)),
        ("5", MediaContent, "struct", ("id", 5)),
        ("6", NumericStructList, "struct", ("id", 6)),
        ("7", SampleList, "struct", ("id", 7)),
        ("8", MediaContentList, "struct", ("id", 8)),
        ("101", Player, "enum", ("id", 101)),
        ("102", Size, "enum", ("id", 102)),
    ]


class Registry:
    """The user types registered on one Fory instance (depends on config schemaVersion,
    namespace and omitTypes)."""

    def __init__(self, schema_version=1, namespace="example", omit=()):
        self.schema_version = schema_version
        self.namespace = namespace
        self.omit = set(omit)
        self.entries = []
        for key, cls, kind, (how, what) in entries(schema_version):
            if how == "name" and namespace != "example":
                key = what = namespace + "." + what.split(".", 1)[1]
            self.entries.append((key, cls, kind, (how, what)))
        self.by_key = {e[0]: e for e in self.entries}
        self.by_class = {e[1]: e for e in self.entries}
        self._hints = {}

    def register_all(self, fory):
        for key, cls, kind, (how, what) in self.entries:
            if key in self.omit:
                continue
            kw = {"name": what} if how == "name" else {"type_id": what}
            if kind == "union":
                fory.register_union(cls, serializer=UnionSerializer(fory.type_resolver, cls, dict(cls.CASES)), **kw)
            elif kind == "ext":
                fory.register_type(cls, serializer=PointSerializer, **kw)
            else:
                fory.register_type(cls, **kw)

    def key_of(self, obj):
        e = self.by_class.get(type(obj))
        return None if e is None else e[0]

    def kind_of(self, obj):
        e = self.by_class.get(type(obj))
        return None if e is None else e[2]

    def hints(self, cls):
        h = self._hints.get(cls)
        if h is None:
            all_hints = typing.get_type_hints(cls, include_extras=True)
            h = [(f.name, all_hints[f.name]) for f in dataclasses.fields(cls)]
            self._hints[cls] = h
        return h


# ---------------------------------------------------------------------------
# type-hint helpers
# ---------------------------------------------------------------------------

_INT_TAG_BY_ID = {
    TypeId.INT8: "int8", TypeId.INT16: "int16", TypeId.INT32: "int32", TypeId.VARINT32: "int32",
    TypeId.INT64: "int64", TypeId.VARINT64: "int64", TypeId.TAGGED_INT64: "int64",
    TypeId.UINT8: "uint8", TypeId.UINT16: "uint16", TypeId.UINT32: "uint32", TypeId.VAR_UINT32: "uint32",
    TypeId.UINT64: "uint64", TypeId.VAR_UINT64: "uint64", TypeId.TAGGED_UINT64: "uint64",
}
_FLOAT_TAG_BY_ID = {TypeId.FLOAT16: "float16", TypeId.BFLOAT16: "bfloat16", TypeId.FLOAT32: "float32",
                    TypeId.FLOAT64: "float64"}

ARRAY_HINTS = {
    "BoolArray": "bool_array", "Int8Array": "int8_array", "Int16Array": "int16_array",
    "Int32Array": "int32_array", "Int64Array": "int64_array", "UInt8Array": "uint8_array",
    "UInt16Array": "uint16_array", "UInt32Array": "uint32_array", "UInt64Array": "uint64_array",
    "Float16Array": "float16_array", "BFloat16Array": "bfloat16_array", "Float32Array": "float32_array",
    "Float64Array": "float64_array",
}


def unwrap_optional(hint):
    """-> (inner hint, optional?)"""
    if typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


def scalar_tag(hint):
    """Tagged scalar type name for a scalar hint, else None."""
    if hint is bool:
        return "bool"
    if hint is int:
        return "int64"
    if hint is float:
        return "float64"
    if hint is str:
        return "string"
    if hint is bytes:
        return "binary"
    if typing.get_origin(hint) is typing.Annotated:
        args = typing.get_args(hint)
        for meta in args[1:]:
            if meta in _INT_TAG_BY_ID:
                return _INT_TAG_BY_ID[meta]
            if meta in _FLOAT_TAG_BY_ID:
                return _FLOAT_TAG_BY_ID[meta]
    return None


def array_tag(hint):
    if isinstance(hint, type):
        return ARRAY_HINTS.get(hint.__name__) if hint.__module__.startswith("pyfory") else None
    return None


def ref_flags(obj, registry):
    """For a struct/ext object: per-field 'declared ref-tracked' flags (same order as its
    fields); for a union: [True]; else None (containers track every element)."""
    if registry is None:
        return None
    kind = registry.kind_of(obj)
    if kind in ("struct", "ext"):
        out = []
        for f in dataclasses.fields(obj):
            meta = f.metadata.get("__fory__") if f.metadata else None
            out.append(bool(meta is not None and meta.ref))
        return out
    return None
