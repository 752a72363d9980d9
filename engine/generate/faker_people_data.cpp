// Faker data about people and where they live: Name, Address (United States English),
// PhoneNumber and IdNumber. Pattern syntax: see faker_data.cpp.
#include <array>

#include "engine/generate/faker_data.h"
#include "engine/generate/faker_data_sections.h"

namespace riverdelta::generate::faker_data {

namespace {

using namespace std::string_view_literals;
using G = Generator;

// ---- Name -----------------------------------------------------------------------------------
// The first 60 are female names, the rest male.
constexpr std::array kFirstNames = {
    "Ada"sv,    "Alice"sv,  "Amara"sv,  "Amelia"sv,  "Anna"sv,   "Astrid"sv, "Beatrice"sv,
    "Bella"sv,  "Camila"sv, "Carmen"sv, "Chloe"sv,   "Clara"sv,  "Daisy"sv,  "Dalia"sv,
    "Diana"sv,  "Elena"sv,  "Eliza"sv,  "Emma"sv,    "Esme"sv,   "Farah"sv,  "Fiona"sv,
    "Freya"sv,  "Grace"sv,  "Greta"sv,  "Hana"sv,    "Hazel"sv,  "Helen"sv,  "Ines"sv,
    "Iris"sv,   "Isla"sv,   "Jada"sv,   "Julia"sv,   "June"sv,   "Kamala"sv, "Laura"sv,
    "Layla"sv,  "Lena"sv,   "Lina"sv,   "Lucia"sv,   "Maeve"sv,  "Mara"sv,   "Maya"sv,
    "Mei"sv,    "Nadia"sv,  "Nina"sv,   "Nora"sv,    "Olga"sv,   "Olivia"sv, "Paloma"sv,
    "Priya"sv,  "Rosa"sv,   "Ruth"sv,   "Sara"sv,    "Sofia"sv,  "Tess"sv,   "Uma"sv,
    "Vera"sv,   "Wanda"sv,  "Yara"sv,   "Zoe"sv,     "Adam"sv,   "Anders"sv, "Arjun"sv,
    "Basil"sv,  "Bruno"sv,  "Caleb"sv,  "Carlos"sv,  "Chen"sv,   "Daniel"sv, "David"sv,
    "Dev"sv,    "Elias"sv,  "Emeka"sv,  "Enzo"sv,    "Ethan"sv,  "Felix"sv,  "Gabriel"sv,
    "George"sv, "Henry"sv,  "Hugo"sv,   "Ibrahim"sv, "Isaac"sv,  "Ivan"sv,   "Jack"sv,
    "James"sv,  "Jonas"sv,  "Joseph"sv, "Kai"sv,     "Karim"sv,  "Kenji"sv,  "Lars"sv,
    "Leo"sv,    "Liam"sv,   "Lucas"sv,  "Malik"sv,   "Marco"sv,  "Martin"sv, "Milo"sv,
    "Nathan"sv, "Nico"sv,   "Noah"sv,   "Omar"sv,    "Oscar"sv,  "Owen"sv,   "Pavel"sv,
    "Peter"sv,  "Rafael"sv, "Ravi"sv,   "Ruben"sv,   "Samuel"sv, "Sean"sv,   "Soren"sv,
    "Tariq"sv,  "Theo"sv,   "Thomas"sv, "Tomas"sv,   "Victor"sv, "Walter"sv, "Wei"sv,
    "Xavier"sv, "Yusuf"sv,  "Zane"sv,
};
constexpr std::size_t kFemaleFirstNames = 60;

constexpr std::array kLastNames = {
    "Abara"sv,     "Adams"sv,    "Alvarez"sv,   "Andersen"sv, "Baker"sv,   "Banerjee"sv,
    "Barros"sv,    "Becker"sv,   "Bennett"sv,   "Bianchi"sv,  "Brennan"sv, "Brooks"sv,
    "Carter"sv,    "Castillo"sv, "Chowdhury"sv, "Clarke"sv,   "Costa"sv,   "Dalton"sv,
    "Delgado"sv,   "Dubois"sv,   "Ellis"sv,     "Eriksen"sv,  "Falk"sv,    "Fernandes"sv,
    "Fischer"sv,   "Fontaine"sv, "Foster"sv,    "Gallo"sv,    "Garcia"sv,  "Gray"sv,
    "Haddad"sv,    "Hansen"sv,   "Harper"sv,    "Hartmann"sv, "Hayes"sv,   "Holm"sv,
    "Hughes"sv,    "Ibarra"sv,   "Ito"sv,       "Jansen"sv,   "Jenkins"sv, "Jovanovic"sv,
    "Kaur"sv,      "Keller"sv,   "Kim"sv,       "Kowalski"sv, "Laine"sv,   "Larsen"sv,
    "Lindqvist"sv, "Lopez"sv,    "Marchetti"sv, "Marshall"sv, "Mendes"sv,  "Meyer"sv,
    "Mitchell"sv,  "Moreau"sv,   "Murphy"sv,    "Nakamura"sv, "Navarro"sv, "Nguyen"sv,
    "Novak"sv,     "Okafor"sv,   "Olsen"sv,     "Ortiz"sv,    "Osei"sv,    "Palmer"sv,
    "Park"sv,      "Patel"sv,    "Pereira"sv,   "Petrov"sv,   "Porter"sv,  "Quinlan"sv,
    "Ramos"sv,     "Rao"sv,      "Reed"sv,      "Reyes"sv,    "Ricci"sv,   "Rossi"sv,
    "Sato"sv,      "Schmidt"sv,  "Shaw"sv,      "Silva"sv,    "Singh"sv,   "Sorensen"sv,
    "Sullivan"sv,  "Suzuki"sv,   "Tanaka"sv,    "Torres"sv,   "Turner"sv,  "Varga"sv,
    "Vogel"sv,     "Walsh"sv,    "Ward"sv,      "Weber"sv,    "Wells"sv,   "Yamamoto"sv,
    "Young"sv,     "Zhang"sv,    "Zimmer"sv,    "Zubiri"sv,
};

constexpr std::array kNamePrefixes = {"Mr."sv, "Ms."sv, "Mrs."sv, "Miss"sv, "Dr."sv, "Mx."sv};
constexpr std::array kNameSuffixes = {"Jr."sv, "Sr."sv, "II"sv, "III"sv,
                                      "IV"sv,  "PhD"sv, "MD"sv, "DDS"sv};

constexpr std::array kFullNames = {
    "#{Name.firstName} #{Name.lastName}"sv,
    "#{Name.firstName} #{Name.lastName}"sv,
    "#{Name.firstName} #{Name.lastName}"sv,
    "#{Name.firstName} #{Name.lastName}"sv,
    "#{Name.firstName} #{Name.lastName}"sv,
    "#{Name.prefix} #{Name.firstName} #{Name.lastName}"sv,
    "#{Name.firstName} #{Name.lastName} #{Name.suffix}"sv,
};
constexpr std::array kNameWithMiddle = {"#{Name.firstName} #{Name.firstName} #{Name.lastName}"sv};

// Job-title words for Name.title ("Lead Brand Architect").
constexpr std::array kTitleDescriptors = {
    "Lead"sv,     "Senior"sv,   "Chief"sv,   "Principal"sv, "Regional"sv, "National"sv,
    "Global"sv,   "District"sv, "Central"sv, "Corporate"sv, "Internal"sv, "Product"sv,
    "Customer"sv, "Future"sv,   "Dynamic"sv, "Direct"sv,    "Forward"sv,  "Legacy"sv,
};
constexpr std::array kTitleAreas = {
    "Brand"sv,       "Marketing"sv,    "Security"sv, "Research"sv,     "Operations"sv,
    "Data"sv,        "Quality"sv,      "Program"sv,  "Solutions"sv,    "Infrastructure"sv,
    "Accounts"sv,    "Creative"sv,     "Web"sv,      "Mobility"sv,     "Communications"sv,
    "Integration"sv, "Optimization"sv, "Identity"sv, "Applications"sv, "Metrics"sv,
};
constexpr std::array kTitleRoles = {
    "Architect"sv,     "Manager"sv,   "Engineer"sv,    "Specialist"sv, "Director"sv,
    "Coordinator"sv,   "Analyst"sv,   "Designer"sv,    "Planner"sv,    "Consultant"sv,
    "Administrator"sv, "Officer"sv,   "Strategist"sv,  "Technician"sv, "Producer"sv,
    "Liaison"sv,       "Associate"sv, "Facilitator"sv,
};
constexpr std::array kNameTitles = {
    "#{_Name.titleDescriptor} #{_Name.titleArea} #{_Name.titleRole}"sv};

// ---- Address (United States English) --------------------------------------------------------
constexpr std::array kStates = {
    "Alabama"sv,       "Alaska"sv,      "Arizona"sv,        "Arkansas"sv,      "California"sv,
    "Colorado"sv,      "Connecticut"sv, "Delaware"sv,       "Florida"sv,       "Georgia"sv,
    "Hawaii"sv,        "Idaho"sv,       "Illinois"sv,       "Indiana"sv,       "Iowa"sv,
    "Kansas"sv,        "Kentucky"sv,    "Louisiana"sv,      "Maine"sv,         "Maryland"sv,
    "Massachusetts"sv, "Michigan"sv,    "Minnesota"sv,      "Mississippi"sv,   "Missouri"sv,
    "Montana"sv,       "Nebraska"sv,    "Nevada"sv,         "New Hampshire"sv, "New Jersey"sv,
    "New Mexico"sv,    "New York"sv,    "North Carolina"sv, "North Dakota"sv,  "Ohio"sv,
    "Oklahoma"sv,      "Oregon"sv,      "Pennsylvania"sv,   "Rhode Island"sv,  "South Carolina"sv,
    "South Dakota"sv,  "Tennessee"sv,   "Texas"sv,          "Utah"sv,          "Vermont"sv,
    "Virginia"sv,      "Washington"sv,  "West Virginia"sv,  "Wisconsin"sv,     "Wyoming"sv,
};
// Same order as kStates.
constexpr std::array kStateAbbreviations = {
    "AL"sv, "AK"sv, "AZ"sv, "AR"sv, "CA"sv, "CO"sv, "CT"sv, "DE"sv, "FL"sv, "GA"sv,
    "HI"sv, "ID"sv, "IL"sv, "IN"sv, "IA"sv, "KS"sv, "KY"sv, "LA"sv, "ME"sv, "MD"sv,
    "MA"sv, "MI"sv, "MN"sv, "MS"sv, "MO"sv, "MT"sv, "NE"sv, "NV"sv, "NH"sv, "NJ"sv,
    "NM"sv, "NY"sv, "NC"sv, "ND"sv, "OH"sv, "OK"sv, "OR"sv, "PA"sv, "RI"sv, "SC"sv,
    "SD"sv, "TN"sv, "TX"sv, "UT"sv, "VT"sv, "VA"sv, "WA"sv, "WV"sv, "WI"sv, "WY"sv,
};
static_assert(kStates.size() == kStateAbbreviations.size());

constexpr std::array kCities = {
    "Albany"sv,       "Asheville"sv, "Austin"sv,     "Baltimore"sv,    "Boise"sv,
    "Boston"sv,       "Boulder"sv,   "Buffalo"sv,    "Burlington"sv,   "Charleston"sv,
    "Chattanooga"sv,  "Chicago"sv,   "Cincinnati"sv, "Cleveland"sv,    "Columbus"sv,
    "Dallas"sv,       "Denver"sv,    "Detroit"sv,    "Duluth"sv,       "Eugene"sv,
    "Fresno"sv,       "Hartford"sv,  "Honolulu"sv,   "Houston"sv,      "Indianapolis"sv,
    "Jacksonville"sv, "Knoxville"sv, "Lansing"sv,    "Lexington"sv,    "Lincoln"sv,
    "Louisville"sv,   "Madison"sv,   "Memphis"sv,    "Miami"sv,        "Milwaukee"sv,
    "Minneapolis"sv,  "Missoula"sv,  "Nashville"sv,  "Newark"sv,       "Norfolk"sv,
    "Oakland"sv,      "Omaha"sv,     "Orlando"sv,    "Philadelphia"sv, "Phoenix"sv,
    "Pittsburgh"sv,   "Portland"sv,  "Providence"sv, "Raleigh"sv,      "Reno"sv,
    "Richmond"sv,     "Rochester"sv, "Sacramento"sv, "Savannah"sv,     "Seattle"sv,
    "Spokane"sv,      "Tacoma"sv,    "Tampa"sv,      "Tucson"sv,       "Tulsa"sv,
};
constexpr std::array kCityPrefixes = {"North"sv, "South"sv, "East"sv, "West"sv,  "New"sv,
                                      "Lake"sv,  "Port"sv,  "Fort"sv, "Mount"sv, "Old"sv};
constexpr std::array kCitySuffixes = {"town"sv,  "ton"sv,   "ville"sv, "burg"sv,   "field"sv,
                                      "ford"sv,  "haven"sv, "port"sv,  "view"sv,   "dale"sv,
                                      "mouth"sv, "side"sv,  "wood"sv,  "bridge"sv, "shire"sv};

constexpr std::array kCountries = {
    "Argentina"sv,     "Australia"sv,    "Austria"sv,     "Belgium"sv,   "Brazil"sv,
    "Canada"sv,        "Chile"sv,        "China"sv,       "Colombia"sv,  "Croatia"sv,
    "Czechia"sv,       "Denmark"sv,      "Egypt"sv,       "Estonia"sv,   "Ethiopia"sv,
    "Finland"sv,       "France"sv,       "Germany"sv,     "Ghana"sv,     "Greece"sv,
    "Hungary"sv,       "Iceland"sv,      "India"sv,       "Indonesia"sv, "Ireland"sv,
    "Israel"sv,        "Italy"sv,        "Japan"sv,       "Kenya"sv,     "Latvia"sv,
    "Lithuania"sv,     "Malaysia"sv,     "Mexico"sv,      "Morocco"sv,   "Netherlands"sv,
    "New Zealand"sv,   "Nigeria"sv,      "Norway"sv,      "Peru"sv,      "Philippines"sv,
    "Poland"sv,        "Portugal"sv,     "Romania"sv,     "Senegal"sv,   "Singapore"sv,
    "Slovenia"sv,      "South Africa"sv, "South Korea"sv, "Spain"sv,     "Sweden"sv,
    "Switzerland"sv,   "Thailand"sv,     "Turkey"sv,      "Ukraine"sv,   "United Kingdom"sv,
    "United States"sv, "Uruguay"sv,      "Vietnam"sv,
};
// ISO 3166-1 alpha-2 codes of the countries above, same order.
constexpr std::array kCountryCodes = {
    "AR"sv, "AU"sv, "AT"sv, "BE"sv, "BR"sv, "CA"sv, "CL"sv, "CN"sv, "CO"sv, "HR"sv, "CZ"sv, "DK"sv,
    "EG"sv, "EE"sv, "ET"sv, "FI"sv, "FR"sv, "DE"sv, "GH"sv, "GR"sv, "HU"sv, "IS"sv, "IN"sv, "ID"sv,
    "IE"sv, "IL"sv, "IT"sv, "JP"sv, "KE"sv, "LV"sv, "LT"sv, "MY"sv, "MX"sv, "MA"sv, "NL"sv, "NZ"sv,
    "NG"sv, "NO"sv, "PE"sv, "PH"sv, "PL"sv, "PT"sv, "RO"sv, "SN"sv, "SG"sv, "SI"sv, "ZA"sv, "KR"sv,
    "ES"sv, "SE"sv, "CH"sv, "TH"sv, "TR"sv, "UA"sv, "GB"sv, "US"sv, "UY"sv, "VN"sv,
};
static_assert(kCountries.size() == kCountryCodes.size());

constexpr std::array kStreetWords = {
    "Alder"sv,   "Aspen"sv,  "Birch"sv,   "Bridge"sv,  "Canal"sv,    "Cedar"sv,    "Chapel"sv,
    "Cherry"sv,  "Church"sv, "Cliff"sv,   "Dogwood"sv, "Elm"sv,      "Ferry"sv,    "Forest"sv,
    "Garden"sv,  "Harbor"sv, "Hazel"sv,   "Heron"sv,   "Hickory"sv,  "Highland"sv, "Hill"sv,
    "Juniper"sv, "Lake"sv,   "Laurel"sv,  "Linden"sv,  "Magnolia"sv, "Maple"sv,    "Meadow"sv,
    "Mill"sv,    "Oak"sv,    "Orchard"sv, "Park"sv,    "Pine"sv,     "Prospect"sv, "Ridge"sv,
    "River"sv,   "Rowan"sv,  "Spring"sv,  "Spruce"sv,  "Station"sv,  "Sunset"sv,   "Valley"sv,
    "Walnut"sv,  "Willow"sv,
};
constexpr std::array kStreetSuffixes = {
    "Street"sv, "Avenue"sv,  "Road"sv,      "Lane"sv,   "Drive"sv, "Court"sv,   "Way"sv,
    "Place"sv,  "Terrace"sv, "Boulevard"sv, "Circle"sv, "Trail"sv, "Parkway"sv, "Row"sv,
};
constexpr std::array kStreetPrefixes = {"North"sv, "South"sv, "East"sv, "West"sv, "Old"sv};
constexpr std::array kStreetNames = {
    "#{_Address.streetWord} #{Address.streetSuffix}"sv,
    "#{_Address.streetWord} #{Address.streetSuffix}"sv,
    "#{Name.lastName} #{Address.streetSuffix}"sv,
};
constexpr std::array kBuildingNumbers = {"[1-99]"sv, "[100-999]"sv, "[1000-9999]"sv, "[100-999]"sv};
constexpr std::array kStreetAddresses = {"#{Address.buildingNumber} #{Address.streetName}"sv};
constexpr std::array kSecondaryAddresses = {"Apt. [1-999]"sv, "Suite [100-999]"sv, "Unit [1-99]"sv};
constexpr std::array kMailBoxes = {"PO Box [100-9999]"sv};
constexpr std::array kZipCodes = {"[01001-99950]"sv};
constexpr std::array kZipPlus4 = {"[01001-99950]-[0001-9999]"sv};
constexpr std::array kFullAddresses = {
    "#{Address.streetAddress}, #{Address.city}, #{Address.stateAbbr} #{Address.zipCode}"sv,
    "#{Address.streetAddress} #{Address.secondaryAddress}, #{Address.city}, "
    "#{Address.stateAbbr} #{Address.zipCode}"sv,
};
constexpr std::array kLatLon = {"#{Address.latitude},#{Address.longitude}"sv};
constexpr std::array kLonLat = {"#{Address.longitude},#{Address.latitude}"sv};
constexpr std::array kTimeZones = {
    "America/New_York"sv,    "America/Chicago"sv,      "America/Denver"sv,
    "America/Los_Angeles"sv, "America/Anchorage"sv,    "America/Phoenix"sv,
    "America/Toronto"sv,     "America/Mexico_City"sv,  "America/Sao_Paulo"sv,
    "America/Bogota"sv,      "America/Buenos_Aires"sv, "Pacific/Honolulu"sv,
    "Europe/London"sv,       "Europe/Dublin"sv,        "Europe/Lisbon"sv,
    "Europe/Paris"sv,        "Europe/Berlin"sv,        "Europe/Madrid"sv,
    "Europe/Rome"sv,         "Europe/Amsterdam"sv,     "Europe/Stockholm"sv,
    "Europe/Warsaw"sv,       "Europe/Athens"sv,        "Europe/Helsinki"sv,
    "Africa/Cairo"sv,        "Africa/Lagos"sv,         "Africa/Nairobi"sv,
    "Africa/Johannesburg"sv, "Asia/Dubai"sv,           "Asia/Kolkata"sv,
    "Asia/Bangkok"sv,        "Asia/Singapore"sv,       "Asia/Shanghai"sv,
    "Asia/Tokyo"sv,          "Asia/Seoul"sv,           "Australia/Sydney"sv,
    "Australia/Perth"sv,     "Pacific/Auckland"sv,     "UTC"sv,
};

// ---- PhoneNumber, IdNumber ---------------------------------------------------------------------
// 555 numbers are reserved for fiction in the North American plan.
constexpr std::array kCellPhones = {"555-###-####"sv};
constexpr std::array kPhoneNumbers = {"(555) ###-####"sv, "555-###-####"sv, "555.###.####"sv};
constexpr std::array kPhoneInternational = {"+1 555-###-####"sv};
constexpr std::array kPhoneNational = {"(555) ###-####"sv};
constexpr std::array kPhoneExtensions = {"####"sv};
// US social security numbers: area 001-899 without 666, group 01-99, serial 0001-9999.
constexpr std::array kSsnValid = {"[001-665]-[01-99]-[0001-9999]"sv,
                                  "[667-899]-[01-99]-[0001-9999]"sv};
constexpr std::array kSsnInvalid = {"000-##-####"sv, "666-##-####"sv, "9##-##-####"sv,
                                    "[001-899]-00-####"sv, "[001-899]-##-0000"sv};

constexpr auto kFemale = std::span<const std::string_view>(kFirstNames.data(), kFemaleFirstNames);
constexpr auto kMale = std::span<const std::string_view>(kFirstNames.data() + kFemaleFirstNames,
                                                         kFirstNames.size() - kFemaleFirstNames);

// Sections of the expression table (names follow DataFaker 2.4).
constexpr auto kNameAndAddress = std::to_array<Expression>({
    // Name
    {"Name.firstName", G::Pick, all(kFirstNames)},
    {"Name.femaleFirstName", G::Pick, kFemale},
    {"Name.maleFirstName", G::Pick, kMale},
    {"Name.lastName", G::Pick, all(kLastNames)},
    {"Name.fullName", G::Template, all(kFullNames)},
    {"Name.name", G::Template, all(kFullNames)},
    {"Name.nameWithMiddle", G::Template, all(kNameWithMiddle)},
    {"Name.prefix", G::Pick, all(kNamePrefixes)},
    {"Name.suffix", G::Pick, all(kNameSuffixes)},
    {"Name.title", G::Template, all(kNameTitles)},
    {"Name.username", G::Template, all(kUsernames)},
    {"_Name.titleDescriptor", G::Pick, all(kTitleDescriptors), 0, 0, 0, {}, true},
    {"_Name.titleArea", G::Pick, all(kTitleAreas), 0, 0, 0, {}, true},
    {"_Name.titleRole", G::Pick, all(kTitleRoles), 0, 0, 0, {}, true},
    // Address
    {"Address.buildingNumber", G::Template, all(kBuildingNumbers)},
    {"Address.city", G::Pick, all(kCities)},
    {"Address.cityName", G::Pick, all(kCities)},
    {"Address.cityPrefix", G::Pick, all(kCityPrefixes)},
    {"Address.citySuffix", G::Pick, all(kCitySuffixes)},
    {"Address.country", G::Pick, all(kCountries)},
    {"Address.countryCode", G::Pick, all(kCountryCodes)},
    {"Address.fullAddress", G::Template, all(kFullAddresses)},
    {"Address.latitude", G::Decimal, {}, -90, 90, 8},
    {"Address.longitude", G::Decimal, {}, -180, 180, 8},
    {"Address.latLon", G::Template, all(kLatLon)},
    {"Address.lonLat", G::Template, all(kLonLat)},
    {"Address.mailBox", G::Template, all(kMailBoxes)},
    {"Address.postcode", G::Template, all(kZipCodes)},
    {"Address.zipCode", G::Template, all(kZipCodes)},
    {"Address.zipCodePlus4", G::Template, all(kZipPlus4)},
    {"Address.secondaryAddress", G::Template, all(kSecondaryAddresses)},
    {"Address.state", G::Pick, all(kStates)},
    {"Address.stateAbbr", G::Pick, all(kStateAbbreviations)},
    {"Address.streetAddress", G::Template, all(kStreetAddresses)},
    {"Address.streetAddressNumber", G::Template, all(kBuildingNumbers)},
    {"Address.streetName", G::Template, all(kStreetNames)},
    {"Address.streetPrefix", G::Pick, all(kStreetPrefixes)},
    {"Address.streetSuffix", G::Pick, all(kStreetSuffixes)},
    {"Address.timeZone", G::Pick, all(kTimeZones)},
    {"_Address.streetWord", G::Pick, all(kStreetWords), 0, 0, 0, {}, true},
});

constexpr auto kPhoneNumber = std::to_array<Expression>({
    {"PhoneNumber.cellPhone", G::Template, all(kCellPhones)},
    {"PhoneNumber.phoneNumber", G::Template, all(kPhoneNumbers)},
    {"PhoneNumber.cellPhoneInternational", G::Template, all(kPhoneInternational)},
    {"PhoneNumber.phoneNumberInternational", G::Template, all(kPhoneInternational)},
    {"PhoneNumber.phoneNumberNational", G::Template, all(kPhoneNational)},
    {"PhoneNumber.extension", G::Template, all(kPhoneExtensions)},
    {"PhoneNumber.subscriberNumber", G::Digits, {}, 0, 0, 4},
});

constexpr auto kIdNumber = std::to_array<Expression>({
    {"IdNumber.valid", G::Template, all(kSsnValid)},
    {"IdNumber.ssnValid", G::Template, all(kSsnValid)},
    {"IdNumber.invalid", G::Template, all(kSsnInvalid)},
});

}  // namespace

std::span<const Expression> nameAndAddressExpressions() {
    return kNameAndAddress;
}
std::span<const Expression> phoneNumberExpressions() {
    return kPhoneNumber;
}
std::span<const Expression> idNumberExpressions() {
    return kIdNumber;
}
std::span<const std::string_view> firstNames() {
    return kFirstNames;
}
std::span<const std::string_view> lastNames() {
    return kLastNames;
}
std::span<const std::string_view> cities() {
    return kCities;
}
std::span<const std::string_view> countries() {
    return kCountries;
}
std::span<const std::string_view> states() {
    return kStates;
}
std::span<const std::string_view> stateAbbreviations() {
    return kStateAbbreviations;
}

}  // namespace riverdelta::generate::faker_data
