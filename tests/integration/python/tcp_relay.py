"""A TCP relay in front of a test server, for tests that cut a connection mid-request: every
connection to the relay's port is copied byte for byte to UPSTREAM_URL's host and port (an S3
request's signature, Host header included, arrives as the client signed it). Killing the relay
drops its connections and refuses new ones, as a server gone away does.
Usage: tcp_relay.py UPSTREAM_URL; prints "PORT\\n" once listening, serves until killed."""
import socket
import sys
import threading
from urllib.parse import urlparse

UPSTREAM = urlparse(sys.argv[1])


def pipe(src, dst):
    try:
        while data := src.recv(1 << 16):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client):
    try:
        upstream = socket.create_connection((UPSTREAM.hostname, UPSTREAM.port), timeout=30)
    except OSError:
        client.close()
        return
    upstream.settimeout(None)
    threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()


def main():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        serve(client)


if __name__ == "__main__":
    main()
