"""The independent MQTT subscriber of the bridge's tests (Debian's python3-paho-mqtt).

Subscribes at QoS 1 with a persistent session (clean session off) and prints one JSON line per
event: {"event": "connected"} and {"event": "subscribed"}, and per message
{"event": "message", "topic": ..., "payload": <base64 of the bytes received>, "qos": ..., "retain": ...}.
It reconnects by itself when the broker goes away and comes back.

usage: mqtt_subscribe.py HOST PORT CLIENT_ID TOPIC_FILTER
"""
import base64
import json
import sys

import paho.mqtt.client as mqtt

host, port, client_id, topic = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def say(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def on_connect(client, userdata, flags, rc):
    say(event="connected", rc=rc, session=bool(flags.get("session present", 0)))
    if rc == 0:
        client.subscribe(topic, qos=1)


def on_subscribe(client, userdata, mid, granted):
    say(event="subscribed", granted=list(granted))


def on_message(client, userdata, message):
    say(event="message", topic=message.topic, payload=base64.b64encode(message.payload).decode("ascii"),
        qos=message.qos, retain=bool(message.retain))


client = mqtt.Client(client_id=client_id, clean_session=False, protocol=mqtt.MQTTv311)
client.on_connect = on_connect
client.on_subscribe = on_subscribe
client.on_message = on_message
client.reconnect_delay_set(min_delay=1, max_delay=1)
client.connect(host, port, keepalive=30)
client.loop_forever(retry_first_connection=True)
