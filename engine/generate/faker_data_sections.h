#pragma once

// What the faker_*_data.cpp files share: the expression table's sections (faker_data.cpp joins
// them in the table's order) and the pieces more than one section uses.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "engine/generate/faker_data.h"

namespace riverdelta::generate::faker_data {

// A whole word or pattern list as an Expression's `list`.
template <std::size_t N>
constexpr std::span<const std::string_view> all(const std::array<std::string_view, N>& a) {
    return std::span<const std::string_view>(a.data(), N);
}

// Name.username and Internet.username.
inline constexpr std::array<std::string_view, 1> kUsernames = {
    "#{Name.firstName|lower}.#{Name.lastName|lower}"};

std::span<const Expression> nameAndAddressExpressions();  // faker_people_data.cpp
std::span<const Expression> phoneNumberExpressions();
std::span<const Expression> idNumberExpressions();
std::span<const Expression> internetExpressions();  // faker_internet_data.cpp
std::span<const Expression> commerceExpressions();  // faker_commerce_data.cpp
std::span<const Expression> codeExpressions();
std::span<const Expression> currencyExpressions();

}  // namespace riverdelta::generate::faker_data
