#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/generate/geolocation_data.h"
#include "engine/generate/node.h"

namespace riverdelta::generate {

enum class GeolocationFormat : std::uint8_t { Address, Coordinates, Object };

// A uniformly chosen address point of a country data set, among the rows that the call's
// narrowing selected at compile time, in one format or (`multiple`) an object of several.
class GeolocationNode final : public Node {
  public:
    // `candidates` are row indexes; empty means every row.
    GeolocationNode(std::shared_ptr<const GeolocationData> data,
                    std::vector<std::uint32_t> candidates, std::vector<GeolocationFormat> formats,
                    bool multiple)
        : data_(std::move(data)),
          candidates_(std::move(candidates)),
          formats_(std::move(formats)),
          multiple_(multiple) {}
    void eval(EvalContext& ctx, Value& out) const override;
    [[nodiscard]] std::optional<ValueKind> staticKind(int) const override {
        if (!multiple_ && formats_.front() == GeolocationFormat::Address) return ValueKind::String;
        return ValueKind::Object;
    }

  private:
    [[nodiscard]] Value format(EvalContext& ctx, const GeolocationRow& row,
                               GeolocationFormat f) const;

    std::shared_ptr<const GeolocationData> data_;  // kept alive by the nodes that read it
    std::vector<std::uint32_t> candidates_;
    std::vector<GeolocationFormat> formats_;
    bool multiple_;
};

}  // namespace riverdelta::generate
