#!/usr/bin/env python3
"""Poll a Kafka broker until it answers a metadata request.

Usage: kafka_ready.py BOOTSTRAP PID TIMEOUT_SECONDS

Exits 0 once the broker at BOOTSTRAP returns metadata that lists at least one
broker, 1 when TIMEOUT_SECONDS elapse first, 2 as soon as process PID (the
broker JVM) is gone. Used by scripts/test-services.sh; needs confluent-kafka.
"""
import os
import socket
import sys
import time

from confluent_kafka.admin import AdminClient


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); look at its state.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def main() -> int:
    bootstrap, pid, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    host, port = bootstrap.rsplit(":", 1)
    deadline = time.monotonic() + timeout
    admin = None
    while time.monotonic() < deadline:
        if not alive(pid):
            print(f"kafka_ready: broker process {pid} exited", file=sys.stderr)
            return 2
        if port_open(host, int(port)):
            if admin is None:
                # log_level 0: no "connection refused" noise while it boots.
                admin = AdminClient({"bootstrap.servers": bootstrap, "log_level": 0})
            try:
                md = admin.list_topics(timeout=min(3.0, max(0.5, deadline - time.monotonic())))
                if md.brokers:
                    return 0
            except Exception:  # KafkaException while the broker is starting
                pass
        time.sleep(0.2)
    print(f"kafka_ready: no metadata from {bootstrap} within {timeout:.0f} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
