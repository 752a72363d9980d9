#include "engine/lake/sync/row_batch.h"

#include <algorithm>
#include <span>
#include <stdexcept>

#include "engine/lake/delta/table_writer.h"

namespace riverdelta::lake::sync {

void RowBatch::beginRow(std::size_t columns) {
    if (rows_ == 0 && width_ != columns) {
        width_ = columns;
        cells_.assign(width_ * capacity_, Cell{});
    }
    if (columns != width_ || (rows_ > 0 && next_ != width_))
        throw std::logic_error("RowBatch: rows of different widths in one batch");
    if (rows_ == capacity_) {  // each column moves to its place in an array twice the size
        std::vector<Cell> wider(width_ * capacity_ * 2);
        for (std::size_t c = 0; c < width_; ++c)
            std::copy_n(cells_.begin() + static_cast<std::ptrdiff_t>(c * capacity_), rows_,
                        wider.begin() + static_cast<std::ptrdiff_t>(c * capacity_ * 2));
        cells_.swap(wider);
        capacity_ *= 2;
    }
    next_ = 0;
    ++rows_;
}

void RowBatch::tooManyCells() {
    throw std::logic_error("RowBatch: more cells than columns in a row");
}

void RowBatch::keep(kafka::Message&& record) {
    keptPayload_ = record.payload();
    keptKey_ = record.key();
    kept_.push_back(std::move(record));
}

void RowBatch::clear() {
    text_.clear();
    kept_.clear();
    keptPayload_ = keptKey_ = {};
    rows_ = 0;
    next_ = width_;  // a cell before the next beginRow() throws instead of landing at row -1
}

void RowBatch::writeTo(delta::DataFileWriter& file) const {
    if (rows_ > 0 && next_ != width_)
        throw std::logic_error("RowBatch: the last row is not complete");
    for (std::size_t c = 0; c < width_; ++c) {
        auto& col = file.column(c);
        const std::span<const Cell> cells(cells_.data() + c * capacity_, rows_);
        // A column of only 64-bit integers (offsets, timestamps) goes in as one span.
        bool allInt64 = col.descriptor().maxRepetitionLevel == 0;
        for (std::size_t r = 0; allInt64 && r < cells.size(); ++r)
            allInt64 = cells[r].kind == CellKind::Int64;
        if (allInt64) {
            int64s_.clear();
            for (const Cell& cell : cells)
                int64s_.push_back(cell.i);
            col.appendInt64s(int64s_);
            continue;
        }
        // So does a column of only strings (Dictionary::prefetchSlot needs the values ahead).
        const bool allText = col.descriptor().maxRepetitionLevel == 0 &&
                             std::all_of(cells.begin(), cells.end(), [](const Cell& cell) {
                                 return cell.kind == CellKind::Text;
                             });
        if (allText) {
            texts_.clear();
            for (const Cell& cell : cells)
                texts_.push_back(textOf(cell));
            col.appendByteArrays(texts_);
            continue;
        }
        for (const Cell& cell : cells) {
            switch (cell.kind) {
                case CellKind::Null:
                    col.appendNull();
                    break;
                case CellKind::Int64:
                    col.appendInt64(cell.i);
                    break;
                case CellKind::Int32:
                    col.appendInt32(static_cast<std::int32_t>(cell.i));
                    break;
                case CellKind::Double:
                    col.appendDouble(cell.d);
                    break;
                case CellKind::Float:
                    col.appendFloat(static_cast<float>(cell.d));
                    break;
                case CellKind::Bool:
                    col.appendBool(cell.i != 0);
                    break;
                case CellKind::Text:
                    col.appendBytes(textOf(cell));
                    break;
            }
        }
    }
    file.endRows();
}

}  // namespace riverdelta::lake::sync
