#!/usr/bin/env python3
"""An independent EdgeMer subscriber (Debian python3-zmq + python3-jsonschema).

Subscribes to an EdgeMer publisher, checks that every message is one frame holding the topic, a
space and a JSON document, validates the document against the published JSON Schema, and prints
one line per valid message: "valid <topic> <sequence> <bytes>". Exit status: 0 when
--count messages were valid and every --require topic was among them (or, with --expect-nothing,
when nothing arrived), 1 on the first invalid message, 2 when the time ran out.
"""
import argparse
import json
import sys
import time

import jsonschema
import zmq
import zmq.auth

SCHEMA_IDS = {
    b"emotion.summary": "edgemer.summary/1",
    b"emotion.alert": "edgemer.alert/1",
    b"health": "edgemer.health/1",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--schema", required=True, help="docs/schema/edgemer-messages.v1.schema.json")
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds")
    parser.add_argument("--server-key", help="the server's public key file (NAME.key): subscribe with CURVE")
    parser.add_argument("--client-keys", help="this client's secret key file (NAME.key_secret)")
    parser.add_argument("--expect-nothing", action="store_true")
    parser.add_argument("--require", default="", help="comma-separated topics that must each arrive at least once")
    args = parser.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f))

    context = zmq.Context()
    sub = context.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    if args.server_key:
        server_public, _ = zmq.auth.load_certificate(args.server_key)
        client_public, client_secret = zmq.auth.load_certificate(args.client_keys)
        sub.curve_serverkey = server_public
        sub.curve_publickey = client_public
        sub.curve_secretkey = client_secret
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(args.endpoint)
    print("connected", flush=True)

    poller = zmq.Poller()
    poller.register(sub, zmq.POLLIN)
    seen = 0
    required = {t.encode() for t in args.require.split(",") if t}
    deadline = time.monotonic() + args.timeout
    while seen < args.count or required or args.expect_nothing:
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0 or not poller.poll(remaining_ms):
            break
        frames = sub.recv_multipart()
        if args.expect_nothing:
            print("received a message although refused", flush=True)
            return 1
        if len(frames) != 1:
            print(f"invalid: {len(frames)} frames", flush=True)
            return 1
        topic, separator, payload = frames[0].partition(b" ")
        if not separator:
            print(f"invalid: no space after the topic in {frames[0][:40]!r}", flush=True)
            return 1
        if topic not in SCHEMA_IDS:
            print(f"invalid: unknown topic {topic!r}", flush=True)
            return 1
        if len(payload) > 4096:
            print(f"invalid: {len(payload)} bytes", flush=True)
            return 1
        message = json.loads(payload)
        errors = sorted(validator.iter_errors(message), key=str)
        if errors:
            print(f"invalid {topic.decode()}: {errors[0].message}", flush=True)
            return 1
        if message["schema"] != SCHEMA_IDS[topic]:
            print(f"invalid: schema {message['schema']} on topic {topic.decode()}", flush=True)
            return 1
        seen += 1
        required.discard(topic)
        print(f"valid {topic.decode()} {message['sequence']} {len(payload)}", flush=True)

    if args.expect_nothing:
        print("nothing received", flush=True)
        return 0
    if required:
        print(f"never received: {', '.join(sorted(t.decode() for t in required))}", flush=True)
    return 0 if seen >= args.count and not required else 2


if __name__ == "__main__":
    sys.exit(main())
