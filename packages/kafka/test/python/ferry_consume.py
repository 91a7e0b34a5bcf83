#!/usr/bin/env python3
"""A Python Kafka consumer for Ferry records (packages/kafka/README.md "Record layout"), written
against the documented layout only: kafka-python for Kafka, pyfory for the payload.

Usage: ferry_consume.py BOOTSTRAP TOPIC COUNT
Reads COUNT records from the beginning of TOPIC (read_committed), resolves out-of-band buffers
(inline header slots and companion-topic references, verifying CRC-32C), deserializes each value
with pyfory and prints one JSON line per record describing what it decoded.
"""
import json
import sys

import pyfory
from kafka import KafkaConsumer, TopicPartition

CASTAGNOLI = 0x82F63B78
_TABLE = []
for n in range(256):
    c = n
    for _ in range(8):
        c = (c >> 1) ^ CASTAGNOLI if c & 1 else c >> 1
    _TABLE.append(c)


def crc32c(data, crc=0):
    c = crc ^ 0xFFFFFFFF
    for b in data:
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def fail(msg):
    print(json.dumps({"error": msg}), flush=True)
    sys.exit(2)


def fetch_companion(bootstrap, ref):
    """All chunks of blob ref['id'] in [first, last] of ref's topic/partition, joined and verified."""
    tp = TopicPartition(ref["topic"], ref["partition"])
    c = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_committed",
                      consumer_timeout_ms=20000)
    c.assign([tp])
    c.seek(tp, int(ref["first"]))
    chunks = {}
    for rec in c:
        h = dict(rec.headers)
        if h.get("ferry-blob-id", b"").decode() == ref["id"]:
            index, count = (int(x) for x in h["ferry-blob-chunk"].decode().split("/"))
            if "%08x" % crc32c(rec.value) != h["ferry-blob-crc32c"].decode():
                fail("chunk %d fails its crc32c" % index)
            chunks[index] = rec.value
        if len(chunks) == ref["chunks"] or rec.offset >= int(ref["last"]):
            break
    c.close()
    if len(chunks) != ref["chunks"]:
        fail("companion blob %s: %d of %d chunks" % (ref["id"], len(chunks), ref["chunks"]))
    blob = b"".join(chunks[i] for i in range(ref["chunks"]))
    if len(blob) != ref["length"] or "%08x" % crc32c(blob) != ref["crc32c"]:
        fail("companion blob %s: bad length or crc32c" % ref["id"])
    return blob


def buffers_of(bootstrap, headers):
    """The out-of-band buffers of a record, or None for a plain payload."""
    layout = headers.get("ferry-layout")
    if layout is None:
        return None
    layout = layout.decode("ascii")
    if layout not in ("1", "2"):
        fail("unsupported ferry-layout %r" % layout)
    count = int(headers["ferry-oob-count"].decode("ascii"))
    buffers = []
    for i in range(count):
        inline = headers.get("ferry-oob-%d" % i)
        if inline is not None:
            if layout == "2":
                if inline[:1] != b"\x00":
                    fail("slot %d lacks the 0x00 marker" % i)
                inline = inline[1:]
            buffers.append(inline)
        else:
            ref = json.loads(headers["ferry-oob-ref-%d" % i].decode("ascii"))
            buffers.append(fetch_companion(bootstrap, ref))
    return buffers


def describe(v):
    """A JSON-friendly summary of a decoded value."""
    if isinstance(v, dict):
        return {str(k): describe(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [describe(x) for x in v]
    if isinstance(v, (bytes, bytearray, memoryview)):
        b = bytes(v)
        return {"bytes": len(b), "sum": sum(b)}
    if hasattr(v, "tolist") or type(v).__name__ == "array":  # numpy / array.array dense arrays
        xs = list(v.tolist() if hasattr(v, "tolist") else v)
        return {"array": type(v).__name__, "len": len(xs), "sum": float(sum(xs)), "last": float(xs[-1]) if xs else None}
    return v


def main():
    bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             enable_auto_commit=False, isolation_level="read_committed",
                             consumer_timeout_ms=30000, group_id=None)
    fory = pyfory.Fory(xlang=True, ref=False, compatible=True)
    seen = 0
    for rec in consumer:
        headers = dict(rec.headers)
        buffers = buffers_of(bootstrap, headers)
        value = fory.deserialize(rec.value) if buffers is None else fory.deserialize(rec.value, buffers=buffers)
        print(json.dumps({"offset": rec.offset, "key": rec.key.decode() if rec.key else None,
                          "slots": None if buffers is None else len(buffers), "value": describe(value)}), flush=True)
        seen += 1
        if seen == count:
            break
    consumer.close()
    if seen != count:
        fail("read %d of %d records" % (seen, count))


if __name__ == "__main__":
    main()
