"""The demo's Python service: pyfory 1.7 talking to the Ferry demo's Nest API in Fory.

It declares the demo's schemas (apps/demo/src/shared/schemas.ts) as dataclasses registered under the
same names, and uses only the standard library for HTTP:

  GET  /api/orders/o-1001            Accept: application/fory       -> demo.Order
  POST /api/orders                   Content-Type: application/fory -> demo.Order (id and total assigned)
  POST /api/telemetry                a demo.Telemetry burst         -> demo.TelemetrySummary
  GET  /api/telemetry/<device>/latest                               -> the Kafka pipeline's summary

With --kafka BOOTSTRAP it also consumes the pipeline's topic demo.telemetry.summaries itself
(kafka-python; the venv of scripts/kafka/python-setup.sh) and decodes each record with pyfory: the
records a Ferry producer wrote are plain Fory payloads any Fory runtime reads.

usage:
  demo_service.py --gateway http://127.0.0.1:3000 --once [--expect-pipeline] [--kafka HOST:PORT]
      one round; prints one JSON line with what it got; exit 1 on any failure
  demo_service.py --gateway http://127.0.0.1:3000 --loop [--interval 5] [--kafka HOST:PORT]
      a round every few seconds until stopped (SIGTERM, Ctrl-C, or its stdin closing)
"""

import argparse
import dataclasses
import datetime
import json
import math
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import List

import pyfory

FORY = "application/fory"
READY_PREFIX = "FERRY_DEMO_READY "
SUMMARIES_TOPIC = "demo.telemetry.summaries"


@dataclasses.dataclass
class OrderLine:
    sku: str = ""
    quantity: pyfory.Int32 = 0
    unit_price: pyfory.Float64 = 0.0


@dataclasses.dataclass
class Order:
    id: str = ""
    customer: str = ""
    lines: List[OrderLine] = dataclasses.field(default_factory=list)
    total: pyfory.Float64 = 0.0
    placed_at: datetime.datetime = dataclasses.field(default_factory=lambda: datetime.datetime.now(datetime.timezone.utc))


@dataclasses.dataclass
class Telemetry:
    device_id: str = ""
    seq: pyfory.Int64 = 0
    taken_at: datetime.datetime = dataclasses.field(default_factory=lambda: datetime.datetime.now(datetime.timezone.utc))
    sample_rate_hz: pyfory.Float32 = 0.0
    samples: pyfory.Float32Array = dataclasses.field(default_factory=lambda: pyfory.Float32Array([]))


@dataclasses.dataclass
class TelemetrySummary:
    device_id: str = ""
    seq: pyfory.Int64 = 0
    count: pyfory.Int32 = 0
    min: pyfory.Float64 = 0.0
    max: pyfory.Float64 = 0.0
    mean: pyfory.Float64 = 0.0
    computed_by: str = ""


def demo_fory():
    fory = pyfory.Fory(xlang=True, compatible=True)
    fory.register_type(OrderLine, name="demo.OrderLine")
    fory.register_type(Order, name="demo.Order")
    fory.register_type(Telemetry, name="demo.Telemetry")
    fory.register_type(TelemetrySummary, name="demo.TelemetrySummary")
    return fory


class HttpError(Exception):
    pass


def request(url, body=None, method="GET"):
    headers = {"Accept": FORY}
    if body is not None:
        headers["Content-Type"] = FORY
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            content_type = resp.headers.get("Content-Type", "")
            if not content_type.startswith(FORY):
                raise HttpError(f"{method} {url}: expected {FORY}, got {content_type!r}")
            return resp.read()
    except urllib.error.HTTPError as err:
        raise HttpError(f"{method} {url}: HTTP {err.code} {err.read().decode('utf-8', 'replace')}") from None


def make_samples(seq, count):
    # The same wave as makeTelemetry() in schemas.ts.
    return pyfory.Float32Array([math.sin((i + seq) / 50) for i in range(count)])


def one_round(fory, base, seq, expect_pipeline):
    result = {}
    order = fory.deserialize(request(f"{base}/api/orders/o-1001"))
    assert isinstance(order, Order), f"GET order decoded to {type(order).__name__}"
    result["order"] = {"id": order.id, "customer": order.customer, "lines": len(order.lines), "total": order.total,
                       "placed_at": order.placed_at.isoformat()}

    new_order = Order(customer="Guido", lines=[OrderLine("PY-STICKER", 3, 1.5), OrderLine("PY-MUG", 1, 12.0)])
    placed = fory.deserialize(request(f"{base}/api/orders", fory.serialize(new_order), "POST"))
    assert isinstance(placed, Order), f"POST order decoded to {type(placed).__name__}"
    result["placed"] = {"id": placed.id, "total": placed.total}

    telemetry = Telemetry(device_id="py-sensor", seq=seq, sample_rate_hz=1000.0, samples=make_samples(seq, 20000))
    summary = fory.deserialize(request(f"{base}/api/telemetry", fory.serialize(telemetry), "POST"))
    assert isinstance(summary, TelemetrySummary), f"POST telemetry decoded to {type(summary).__name__}"
    result["summary"] = dataclasses.asdict(summary)

    if expect_pipeline:
        # The burst went API -> Kafka -> pipeline -> Nest microservice; poll (bounded) until its summary is there.
        deadline = time.monotonic() + 60
        latest = None
        while time.monotonic() < deadline:
            try:
                latest = fory.deserialize(request(f"{base}/api/telemetry/py-sensor/latest"))
                if latest.seq == seq:
                    break
            except HttpError as err:
                if "HTTP 404" not in str(err):
                    raise
            time.sleep(0.5)
        if latest is None or latest.seq != seq:
            raise HttpError(f"the pipeline's summary of py-sensor seq {seq} did not arrive within 60 s (last: {latest})")
        result["pipeline"] = dataclasses.asdict(latest)
    return result


def summaries_consumer(bootstrap, group):
    from kafka import KafkaConsumer  # only with --kafka: the kafka venv has kafka-python

    return KafkaConsumer(SUMMARIES_TOPIC, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                         enable_auto_commit=True, consumer_timeout_ms=1000)


def decode_summary(fory, record):
    if any(name.startswith("ferry-") for name, _ in (record.headers or [])):
        raise ValueError(f"{record.topic}@{record.offset} uses out-of-band buffers; summaries are plain payloads")
    summary = fory.deserialize(record.value)
    if not isinstance(summary, TelemetrySummary):
        raise ValueError(f"{record.topic}@{record.offset} is a {type(summary).__name__}, not a TelemetrySummary")
    return summary


def wait_for_summary(fory, bootstrap, device_id, seq, timeout_s=60):
    """Reads demo.telemetry.summaries from the beginning until the pipeline's summary of (device, seq)."""
    consumer = summaries_consumer(bootstrap, None)
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            for record in consumer:
                summary = decode_summary(fory, record)
                if summary.device_id == device_id and summary.seq == seq:
                    return summary
    finally:
        consumer.close()
    raise HttpError(f"no summary of {device_id} seq {seq} on {SUMMARIES_TOPIC} within {timeout_s} s")


def follow_summaries(fory, bootstrap, stop):
    """Loop mode: prints every summary the pipeline publishes until `stop` is set."""
    consumer = summaries_consumer(bootstrap, "demo-python")
    try:
        while not stop.is_set():
            for record in consumer:
                try:
                    s = decode_summary(fory, record)
                    print(f"kafka: {SUMMARIES_TOPIC}@{record.offset}: {s.device_id} #{s.seq}: {s.count} samples, "
                          f"mean {s.mean:.4f} (computed by the {s.computed_by})", file=sys.stderr, flush=True)
                except Exception as err:  # noqa: BLE001 - one bad record must not stop the service
                    print(f"kafka: {err}", file=sys.stderr, flush=True)
                if stop.is_set():
                    break
    finally:
        consumer.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway", required=True)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true")
    mode.add_argument("--loop", action="store_true")
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--expect-pipeline", action="store_true")
    parser.add_argument("--kafka", help="bootstrap server: also consume demo.telemetry.summaries")
    args = parser.parse_args()
    base = args.gateway.rstrip("/")
    fory = demo_fory()

    if args.once:
        try:
            result = one_round(fory, base, 1, args.expect_pipeline)
            if args.kafka:
                result["kafka"] = dataclasses.asdict(wait_for_summary(fory, args.kafka, "py-sensor", 1))
            print(json.dumps({"ok": True, **result}))
        except Exception as err:  # noqa: BLE001 - report any failure as one JSON line and exit 1
            print(json.dumps({"ok": False, "error": f"{type(err).__name__}: {err}"}))
            sys.exit(1)
        return

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if os.environ.get("FERRY_DEMO_SUPERVISED") == "1":
        # Started by the orchestrator: exit when its stdin pipe closes, however the orchestrator died.
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()

    if args.kafka:
        threading.Thread(target=follow_summaries, args=(demo_fory(), args.kafka, stop), daemon=True).start()
    print(READY_PREFIX + json.dumps({"service": "python", "urls": {}}), flush=True)
    seq = 0
    while not stop.is_set():
        seq += 1
        try:
            r = one_round(fory, base, seq, False)
            s = r["summary"]
            print(f"order {r['order']['id']} total {r['order']['total']}; placed {r['placed']['id']} "
                  f"total {r['placed']['total']}; telemetry seq {seq}: {s['count']} samples, mean {s['mean']:.4f}",
                  file=sys.stderr, flush=True)
        except Exception as err:  # noqa: BLE001 - a service keeps going; the next round may succeed
            print(f"round {seq} failed: {type(err).__name__}: {err}", file=sys.stderr, flush=True)
        stop.wait(args.interval)


if __name__ == "__main__":
    main()
