"""A broker that speaks MQTT 3.1.1 only, as brokers before MQTT 5 answer.

A CONNECT of protocol level 5 gets CONNACK "unacceptable protocol version" (3.1.1's return code 1)
and the connection is closed; a CONNECT of level 4 is accepted, and each PUBLISH at QoS 1 after it
is acknowledged (PUBACK). Prints the port it listens on (127.0.0.1, chosen by the system), then one
line per CONNECT: "connect level N", and per PUBLISH: "publish qos Q".
"""
import socket
import threading

server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(16)
print(server.getsockname()[1], flush=True)


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def serve(conn):
    try:
        while True:
            header = read_exactly(conn, 1)[0]
            length, shift = 0, 0
            while True:
                byte = read_exactly(conn, 1)[0]
                length |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    break
            body = read_exactly(conn, length)
            kind = header >> 4
            if kind == 1:
                level = body[6]
                print(f"connect level {level}", flush=True)
                if level != 4:
                    conn.sendall(bytes([0x20, 2, 0, 1]))
                    conn.close()
                    return
                conn.sendall(bytes([0x20, 2, 0, 0]))
            elif kind == 3:
                qos = (header >> 1) & 3
                print(f"publish qos {qos}", flush=True)
                if qos == 1:
                    topic_length = (body[0] << 8) | body[1]
                    conn.sendall(bytes([0x40, 2]) + body[2 + topic_length:4 + topic_length])
            elif kind == 12:
                conn.sendall(bytes([0xD0, 0]))
    except (EOFError, OSError):
        pass
    finally:
        conn.close()


while True:
    connection, _ = server.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
