#pragma once

#include <array>

namespace riverdelta::testing {

// The built-in River Hotels scenario's bounded generators (seed, updates, historical): the ones
// a run finishes before its streaming stage.
inline constexpr std::array<const char*, 7> kRiverHotelsBounded = {"customer",
                                                                   "hotel",
                                                                   "customer_updates",
                                                                   "hotel_updates",
                                                                   "clickstream_historical",
                                                                   "bookings_historical",
                                                                   "reviews_historical"};

}  // namespace riverdelta::testing
