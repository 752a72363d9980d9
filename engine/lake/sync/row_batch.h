#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/kafka/message.h"

namespace riverdelta::lake::delta {
class DataFileWriter;
}

namespace riverdelta::lake::sync {

// What a decoded cell holds, by the Parquet append it takes.
enum class CellKind : std::uint8_t { Null, Int64, Int32, Double, Float, Bool, Text };

// Decoded rows on their way from the decoding thread to the Parquet column writers, column by
// column in one array sized for the batch's rows (the encoder reads each column in order). Text is
// copied into the batch, except text inside a Kafka record the batch was given to keep (keep()):
// that is referenced where it is, and the record goes with clear(). (Copying each record's strings
// on the decoding thread and reading them on the encoder's moved every byte between the cores
// twice.)
//
//   batch.keep(std::move(message));  // optional: its payload and key need no copy
//   batch.beginRow(columns); batch.addInt(CellKind::Int64, 7); batch.addText("x"); ...
//   batch.writeTo(file);  // appends every row to the file's columns, then file.endRows()
class RowBatch {
  public:
    // Room for `rows` rows before the cells move to a larger array.
    explicit RowBatch(std::size_t rows = 4096) : capacity_(rows > 0 ? rows : 1) {}

    // Starts a row of `columns` cells (the same count for every row of a batch); add exactly
    // that many cells, in column order.
    void beginRow(std::size_t columns);
    void addNull() { push(CellKind::Null).i = 0; }
    void addInt(CellKind kind, std::int64_t v) { push(kind).i = v; }
    void addDouble(CellKind kind, double v) { push(kind).d = v; }
    void addText(std::string_view v) {
        Cell& c = push(CellKind::Text);
        c.size = static_cast<std::uint32_t>(v.size());
        c.kept = within(v, keptPayload_) || within(v, keptKey_);
        if (c.kept) {
            c.p = v.data();
        } else {
            c.i = static_cast<std::int64_t>(text_.size());
            text_.append(v);
        }
    }
    // Keeps `record` until clear(): text of the next rows inside its payload or key is
    // referenced, not copied.
    void keep(kafka::Message&& record);

    [[nodiscard]] std::size_t rows() const { return rows_; }
    [[nodiscard]] std::size_t textBytes() const { return text_.size(); }
    // Forgets the rows and releases the kept records, keeping the memory for the next rows.
    void clear();

    // Appends the rows to `file`'s columns (one column at a time: its dictionary and page
    // buffers stay in cache) and marks them complete (endRows).
    void writeTo(delta::DataFileWriter& file) const;

  private:
    struct Cell {  // 16 bytes: a batch of 4,096 rows of 11 columns is 720 kB
        union {
            std::int64_t i;  // integers, bools; Text: offset into text_
            double d;
            const char* p;  // kept Text: its bytes in a kept record
        };
        std::uint32_t size;  // Text: length
        CellKind kind;
        bool kept;  // Text: p, not i
    };
    static bool within(std::string_view v, std::string_view range) {
        const std::less_equal<const char*> le;
        return !range.empty() && le(range.data(), v.data()) &&
               le(v.data() + v.size(), range.data() + range.size());
    }
    Cell& push(CellKind kind) {
        if (next_ == width_) [[unlikely]]
            tooManyCells();
        Cell& c = cells_[next_++ * capacity_ + rows_ - 1];
        c.kind = kind;
        return c;
    }
    [[noreturn]] static void tooManyCells();
    [[nodiscard]] std::string_view textOf(const Cell& c) const {
        return c.kept ? std::string_view(c.p, c.size)
                      : std::string_view(text_).substr(static_cast<std::size_t>(c.i), c.size);
    }

    std::size_t capacity_;
    std::vector<Cell> cells_;  // cell (row, column) at column * capacity_ + row
    std::size_t width_ = 0;
    std::size_t next_ = 0;  // column of the next cell of the current row
    std::size_t rows_ = 0;
    std::string text_;
    std::vector<kafka::Message> kept_;
    std::string_view keptPayload_, keptKey_;    // of the record kept last
    mutable std::vector<std::int64_t> int64s_;  // scratch of writeTo's batched appends
    mutable std::vector<std::string_view> texts_;
};

}  // namespace riverdelta::lake::sync
