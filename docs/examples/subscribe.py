#!/usr/bin/env python3
"""Subscribe to an EdgeMer device and print its summaries and alerts.

Needs Debian's python3-zmq (and python3-jsonschema to validate):
    python3 subscribe.py tcp://DEVICE:5556
    python3 subscribe.py tcp://DEVICE:5556 --server-key device.key --client-keys me.key_secret
Key files come from `edgemer keys generate`; put me.key in the device's allow-list directory.
"""
import argparse
import json

import zmq
import zmq.auth

parser = argparse.ArgumentParser()
parser.add_argument("endpoint")
parser.add_argument("--server-key", help="the device's public key file (NAME.key)")
parser.add_argument("--client-keys", help="your secret key file (NAME.key_secret)")
parser.add_argument("--schema", help="docs/schema/edgemer-messages.v1.schema.json, to validate")
args = parser.parse_args()

sub = zmq.Context().socket(zmq.SUB)
if args.server_key:
    sub.curve_serverkey, _ = zmq.auth.load_certificate(args.server_key)
    sub.curve_publickey, sub.curve_secretkey = zmq.auth.load_certificate(args.client_keys)
sub.setsockopt(zmq.SUBSCRIBE, b"emotion.")  # summaries and alerts; b"" adds health, b"health " is health only
sub.connect(args.endpoint)

validator = None
if args.schema:
    import jsonschema
    with open(args.schema, encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f))

while True:
    # One frame per message: the topic, a space, then the JSON document.
    topic, _, payload = sub.recv().partition(b" ")
    message = json.loads(payload)
    if validator:
        validator.validate(message)
    if topic == b"emotion.summary":
        s = message["summary"]
        if s["paused"]:
            print(message["device"], "paused")
        elif s["emotions"]:
            top = max(s["emotions"], key=s["emotions"].get)
            print(message["device"], top, round(s["emotions"][top], 2), "confidence", s["confidence"])
    elif topic == b"emotion.alert":
        a = message["alert"]
        print(message["device"], "ALERT", a["severity"], a["kind"], a["reason"], a["value"])
