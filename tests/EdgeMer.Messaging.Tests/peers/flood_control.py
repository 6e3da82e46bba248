#!/usr/bin/env python3
"""A hostile control client (Debian python3-zmq): sends one request made of many frames.

Connects a DEALER to an EdgeMer control socket, sends --frames frames of --bytes bytes each as one
multi-frame message, waits for the reply and prints it as "reply <json>". Exit status: 0 when a
reply came, 2 when the time ran out.
"""
import argparse
import sys

import zmq


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--frames", type=int, required=True)
    parser.add_argument("--bytes", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds")
    args = parser.parse_args()

    context = zmq.Context()
    dealer = context.socket(zmq.DEALER)
    dealer.setsockopt(zmq.LINGER, 0)
    dealer.connect(args.endpoint)
    frame = b"x" * args.bytes
    for _ in range(args.frames - 1):
        dealer.send(frame, zmq.SNDMORE)
    dealer.send(frame)
    print(f"sent {args.frames} frames of {args.bytes} bytes", flush=True)

    if not dealer.poll(int(args.timeout * 1000)):
        print("no reply", flush=True)
        return 2
    # The server puts an empty delimiter before the reply when the request began with an empty frame.
    print("reply " + dealer.recv_multipart()[-1].decode("utf-8"), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
