#!/usr/bin/env python3
"""Independent Avro decoding for tests: fastavro reads what Riverdelta's encoder wrote.

Usage:
  avro_decode.py file SCHEMA_JSON_FILE DATA_FILE
      DATA_FILE holds records as [4-byte big-endian length][Avro binary]...; prints one JSON
      line per record.
  avro_decode.py kafka BOOTSTRAP TOPIC COUNT REGISTRY_URL
      Reads COUNT messages of TOPIC (partition 0..n, from the beginning) with confluent-kafka,
      checks the Confluent framing (magic byte 0, 4-byte big-endian schema id), fetches each
      schema id from the registry over plain HTTP (GET /schemas/ids/ID) and decodes with
      fastavro; prints {"key", "partition", "offset", "schema_id", "value"} per message.

Values print as JSON with datetimes in ISO 8601, dates as YYYY-MM-DD, decimals and UUIDs as
strings and bytes as hex, so the C++ side can compare them exactly.
"""
import datetime
import decimal
import io
import json
import struct
import sys
import urllib.request
import uuid

import fastavro


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return "hex:" + bytes(value).hex()
    raise TypeError(f"cannot print {type(value)}")


def decode_file(schema_path: str, data_path: str) -> int:
    with open(schema_path, encoding="utf-8") as f:
        schema = fastavro.parse_schema(json.load(f))
    with open(data_path, "rb") as f:
        data = f.read()
    pos = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        pos += 4
        body = io.BytesIO(data[pos : pos + length])
        record = fastavro.schemaless_reader(body, schema)
        if body.tell() != length:
            print(f"record at {pos} has {length - body.tell()} unread bytes", file=sys.stderr)
            return 1
        pos += length
        print(json.dumps(record, default=plain, sort_keys=True))
    return 0


def decode_kafka(bootstrap: str, topic: str, count: int, registry: str) -> int:
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": "avro-decode",
            "enable.auto.commit": False,
            "enable.partition.eof": False,
        }
    )
    md = consumer.list_topics(topic, timeout=10)
    partitions = md.topics[topic].partitions
    consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
    schemas = {}
    seen = 0
    idle = 0
    while seen < count and idle < 60:
        msg = consumer.poll(1.0)
        if msg is None:
            idle += 1
            continue
        if msg.error():
            print(f"consumer error: {msg.error()}", file=sys.stderr)
            return 1
        idle = 0
        value = msg.value()
        magic, schema_id = struct.unpack(">bI", value[:5])
        if magic != 0:
            print(f"offset {msg.offset()}: magic byte {magic}, expected 0", file=sys.stderr)
            return 1
        if schema_id not in schemas:
            with urllib.request.urlopen(f"{registry}/schemas/ids/{schema_id}", timeout=10) as r:
                text = json.load(r)["schema"]
            schemas[schema_id] = fastavro.parse_schema(json.loads(text))
        body = io.BytesIO(value[5:])
        record = fastavro.schemaless_reader(body, schemas[schema_id])
        if body.tell() != len(value) - 5:
            print(f"offset {msg.offset()}: unread bytes after the record", file=sys.stderr)
            return 1
        key = msg.key().decode() if msg.key() is not None else None
        print(
            json.dumps(
                {
                    "key": key,
                    "partition": msg.partition(),
                    "offset": msg.offset(),
                    "schema_id": schema_id,
                    "value": record,
                },
                default=plain,
                sort_keys=True,
            )
        )
        seen += 1
    consumer.close()
    if seen != count:
        print(f"read {seen} of {count} messages", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    if sys.argv[1] == "file":
        return decode_file(sys.argv[2], sys.argv[3])
    if sys.argv[1] == "kafka":
        return decode_kafka(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
