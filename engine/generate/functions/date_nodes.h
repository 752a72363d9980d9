#pragma once

#include <string_view>

#include "engine/generate/functions/date_format.h"
#include "engine/generate/node.h"

// Nodes of the date functions (date_functions.cpp).
namespace riverdelta::generate {

// formatDateTime: epoch milliseconds formatted with a Joda-style pattern (UTC).
class FormatDateTimeNode final : public Node {
  public:
    FormatDateTimeNode(const Node* ms, DateFormat format) : ms_(ms), format_(std::move(format)) {}
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }

  private:
    const Node* ms_;
    DateFormat format_;
};

// dateToday: the run clock's UTC date, "yyyy-MM-dd" (a DATE column in PostgreSQL).
class DateTodayNode final : public Node {
  public:
    void eval(EvalContext& ctx, Value& out) const override;
    std::optional<ValueKind> staticKind(int) const override { return ValueKind::String; }
    std::string_view pgTypeHint() const override { return "DATE"; }
};

}  // namespace riverdelta::generate
