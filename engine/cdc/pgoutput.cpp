#include "engine/cdc/pgoutput.h"

#include "engine/cdc/byte_reader.h"

namespace riverdelta::cdc::pgoutput {

namespace {

void readTuple(ByteReader& in, TupleData& tuple) {
    const std::uint16_t count = in.u16();
    tuple.columns.resize(count);
    for (auto& column : tuple.columns) {
        const auto kind = static_cast<ValueKind>(in.u8());
        column.kind = kind;
        column.data = {};
        switch (kind) {
            case ValueKind::Null:
            case ValueKind::UnchangedToast:
                break;
            case ValueKind::Text:
            case ValueKind::Binary: {
                const std::int32_t length = in.i32();
                if (length < 0) ByteReader::fail("negative column length");
                column.data = in.bytes(static_cast<std::size_t>(length));
                break;
            }
            default:
                ByteReader::fail("unknown TupleData column kind '" +
                                 std::string(1, static_cast<char>(kind)) + "'");
        }
    }
}

char byteName(std::uint8_t b) {
    return (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '?';
}

}  // namespace

MessageType Decoder::decode(std::span<const std::uint8_t> message) {
    ByteReader in(message);
    const std::uint8_t tag = in.u8();
    MessageType type{};
    switch (tag) {
        case 'B':
            type = MessageType::Begin;
            begin_.finalLsn = Lsn(in.u64());
            begin_.commitTime = in.i64();
            begin_.xid = in.u32();
            break;
        case 'C':
            type = MessageType::Commit;
            commit_.flags = in.u8();
            commit_.commitLsn = Lsn(in.u64());
            commit_.endLsn = Lsn(in.u64());
            commit_.commitTime = in.i64();
            break;
        case 'O':
            type = MessageType::Origin;
            origin_.commitLsn = Lsn(in.u64());
            origin_.name = in.cstring();
            break;
        case 'R': {
            type = MessageType::Relation;
            relation_.oid = in.u32();
            relation_.schema = in.cstring();
            relation_.name = in.cstring();
            relation_.replicaIdentity = static_cast<char>(in.u8());
            const std::uint16_t count = in.u16();
            relation_.columns.resize(count);
            for (auto& column : relation_.columns) {
                column.flags = in.u8();
                column.name = in.cstring();
                column.typeOid = in.u32();
                column.typeModifier = in.i32();
            }
            break;
        }
        case 'Y':
            type = MessageType::Type;
            type_.oid = in.u32();
            type_.schema = in.cstring();
            type_.name = in.cstring();
            break;
        case 'I': {
            type = MessageType::Insert;
            insert_.relationOid = in.u32();
            const std::uint8_t marker = in.u8();
            if (marker != 'N')
                ByteReader::fail(std::string("Insert expects 'N', got '") + byteName(marker) + "'");
            readTuple(in, insert_.newTuple);
            break;
        }
        case 'U': {
            type = MessageType::Update;
            update_.relationOid = in.u32();
            std::uint8_t marker = in.u8();
            update_.oldKind = OldTuple::None;
            update_.oldTuple.columns.clear();
            if (marker == 'K' || marker == 'O') {
                update_.oldKind = static_cast<OldTuple>(marker);
                readTuple(in, update_.oldTuple);
                marker = in.u8();
            }
            if (marker != 'N')
                ByteReader::fail(std::string("Update expects 'N', got '") + byteName(marker) + "'");
            readTuple(in, update_.newTuple);
            break;
        }
        case 'D': {
            type = MessageType::Delete;
            delete_.relationOid = in.u32();
            const std::uint8_t marker = in.u8();
            if (marker != 'K' && marker != 'O')
                ByteReader::fail(std::string("Delete expects 'K' or 'O', got '") +
                                 byteName(marker) + "'");
            delete_.oldKind = static_cast<OldTuple>(marker);
            readTuple(in, delete_.oldTuple);
            break;
        }
        case 'T': {
            type = MessageType::Truncate;
            const std::uint32_t count = in.u32();
            truncate_.options = in.u8();
            if (count > in.remaining() / 4) ByteReader::fail("Truncate relation count too large");
            truncate_.relationOids.resize(count);
            for (auto& oid : truncate_.relationOids)
                oid = in.u32();
            break;
        }
        case 'M': {
            type = MessageType::Message;
            message_.transactional = in.u8() != 0;
            message_.lsn = Lsn(in.u64());
            message_.prefix = in.cstring();
            const std::uint32_t length = in.u32();
            message_.content = in.bytes(length);
            break;
        }
        default:
            ByteReader::fail(std::string("unknown pgoutput message type '") + byteName(tag) + "'");
    }
    if (!in.atEnd())
        ByteReader::fail(std::to_string(in.remaining()) + " trailing bytes after '" +
                         static_cast<char>(tag) + "' message");
    return type;
}

const Relation& RelationCache::update(const Relation& relation) {
    return relations_[relation.oid] = relation;
}

const Relation* RelationCache::find(std::uint32_t oid) const {
    auto it = relations_.find(oid);
    return it == relations_.end() ? nullptr : &it->second;
}

}  // namespace riverdelta::cdc::pgoutput
