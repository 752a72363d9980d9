// The Faker expressions as data: word lists and patterns, written for Riverdelta.
//
// Pattern syntax (Generator::Template, Luhn, Iban, ...):
//   #{Provider.method 'arg',...}  another expression; `|lower` or `|upper` before `}` changes case
//   #  a digit        %  a digit 1-9       ?  an upper-case letter     ^  a lower-case hex digit
//   [lo-hi]  an integer in [lo, hi], zero-padded to the width of `lo` when `lo` starts with 0
//   \x  the character x
// A list of patterns picks one pattern per value; repeating a pattern weighs it.
#include "engine/generate/faker_data.h"

#include <array>

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
constexpr std::array kUsernames = {"#{Name.firstName|lower}.#{Name.lastName|lower}"sv};

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

// ---- Internet ----------------------------------------------------------------------------------
constexpr std::array kDomainSuffixes = {"com"sv, "com"sv,  "com"sv, "org"sv, "net"sv,
                                        "io"sv,  "info"sv, "biz"sv, "co"sv,  "us"sv};
constexpr std::array kDomainWords = {"#{Name.lastName|lower}"sv,
                                     "#{Name.lastName|lower}-#{Name.lastName|lower}"sv};
constexpr std::array kDomainNames = {"#{Internet.domainWord}.#{Internet.domainSuffix}"sv};
constexpr std::array kWebDomains = {"www.#{Internet.domainName}"sv};
// E-mail addresses use reserved example domains (RFC 2606), so no real mailbox is addressed.
constexpr std::array kEmails = {
    "#{Name.firstName|lower}.#{Name.lastName|lower}##@example.com"sv,
    "#{Name.firstName|lower}.#{Name.lastName|lower}##@example.org"sv,
    "#{Name.firstName|lower}.#{Name.lastName|lower}##@example.net"sv,
    "#{Name.firstName|lower}.#{Name.lastName|lower}##@mail.example"sv,
};
constexpr std::array kSafeEmails = {
    "#{Name.firstName|lower}.#{Name.lastName|lower}##@example.com"sv,
    "#{Name.firstName|lower}.#{Name.lastName|lower}##@example.org"sv,
    "#{Name.firstName|lower}.#{Name.lastName|lower}##@example.net"sv,
};
constexpr std::array kUrls = {
    "https://www.#{Internet.domainName}/"sv,
    "https://www.#{Internet.domainName}/#{Lorem.word}"sv,
    "https://#{Internet.domainName}/#{Lorem.word}/#{Lorem.word}"sv,
    "http://www.#{Internet.domainName}/#{Internet.slug}"sv,
};
constexpr std::array kSlugs = {"#{Lorem.word}_#{Lorem.word}"sv};
constexpr std::array kIpV4 = {"[1-223].[0-255].[0-255].[1-254]"sv};
constexpr std::array kPrivateIpV4 = {"10.[0-255].[0-255].[1-254]"sv,
                                     "172.[16-31].[0-255].[1-254]"sv, "192.168.[0-255].[1-254]"sv};
// Public: every first octet except 0, 10, 127, 172 (of which only 172.16/12 is private, kept out
// whole for simplicity), 192 and the multicast/reserved range.
constexpr std::array kPublicIpV4 = {
    "[1-9].[0-255].[0-255].[1-254]"sv,     "[11-126].[0-255].[0-255].[1-254]"sv,
    "[128-171].[0-255].[0-255].[1-254]"sv, "[173-191].[0-255].[0-255].[1-254]"sv,
    "[193-223].[0-255].[0-255].[1-254]"sv,
};
constexpr std::array kIpV4Cidr = {"#{Internet.ipV4Address}/[8-32]"sv};
constexpr std::array kIpV6 = {"^^^^:^^^^:^^^^:^^^^:^^^^:^^^^:^^^^:^^^^"sv,
                              "2001:db8:^^^^:^^^^:^^^^:^^^^:^^^^:^^^^"sv,
                              "fe80::^^^^:^^^^:^^^^:^^^^"sv};
constexpr std::array kIpV6Cidr = {"#{Internet.ipV6Address}/[16-128]"sv};
constexpr std::array kMacAddresses = {"^^:^^:^^:^^:^^:^^"sv};
constexpr std::array kHttpMethods = {"GET"sv,  "POST"sv,    "PUT"sv,   "PATCH"sv,  "DELETE"sv,
                                     "HEAD"sv, "OPTIONS"sv, "TRACE"sv, "CONNECT"sv};
constexpr std::array kPasswordChars = {
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"sv};
constexpr std::array kUserAgents = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/[110-131].0.[5000-6999].[10-199] Safari/537.36"sv,
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/[110-131].0.[5000-6999].[10-199] Safari/537.36"sv,
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/[110-131].0.[5000-6999].[10-199] Safari/537.36"sv,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:[110-133].0) Gecko/20100101 "
    "Firefox/[110-133].0"sv,
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:[110-133].0) Gecko/20100101 "
    "Firefox/[110-133].0"sv,
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/[15-18].[0-6] Safari/605.1.15"sv,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_[0-6] like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.[0-6] Mobile/15E148 Safari/604.1"sv,
    "Mozilla/5.0 (Linux; Android [11-15]; Pixel [5-9]) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/[110-131].0.[5000-6999].[10-199] Mobile Safari/537.36"sv,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/[110-131].0.0.0 Safari/537.36 Edg/[110-131].0.[1000-2999].[10-99]"sv,
};
constexpr std::array kBotUserAgents = {
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"sv,
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"sv,
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)"sv,
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"sv,
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"sv,
};
constexpr std::array kEmailSubjects = {
    "Your order has shipped"sv,   "Meeting notes from today"sv,
    "Quick question"sv,           "Invoice [1000-9999] attached"sv,
    "Welcome aboard"sv,           "Reminder: team lunch"sv,
    "Password reset requested"sv, "Weekly report"sv,
    "Re: project timeline"sv,     "Your booking is confirmed"sv,
    "Thanks for your feedback"sv, "New comment on your post"sv,
};
constexpr std::array kImageUrls = {"https://img.example.com/[100-999]x[100-999].png"sv,
                                   "https://img.example.com/photos/[1000-99999].jpg"sv};

// ---- Commerce ----------------------------------------------------------------------------------
constexpr std::array kProductAdjectives = {
    "Compact"sv,    "Sturdy"sv,  "Elegant"sv,     "Handcrafted"sv, "Foldable"sv, "Portable"sv,
    "Vintage"sv,    "Modern"sv,  "Classic"sv,     "Premium"sv,     "Everyday"sv, "Weatherproof"sv,
    "Minimalist"sv, "Deluxe"sv,  "Smart"sv,       "Cozy"sv,        "Rugged"sv,   "Slim"sv,
    "Recycled"sv,   "Organic"sv, "Lightweight"sv, "Ergonomic"sv,   "Rustic"sv,   "Sleek"sv,
};
constexpr std::array kMaterials = {
    "Oak"sv,    "Walnut"sv,   "Bamboo"sv,  "Steel"sv,    "Aluminum"sv, "Copper"sv,
    "Brass"sv,  "Leather"sv,  "Linen"sv,   "Cotton"sv,   "Wool"sv,     "Ceramic"sv,
    "Glass"sv,  "Marble"sv,   "Granite"sv, "Concrete"sv, "Silicone"sv, "Cork"sv,
    "Rattan"sv, "Titanium"sv, "Canvas"sv,  "Denim"sv,    "Felt"sv,     "Porcelain"sv,
};
constexpr std::array kProducts = {
    "Chair"sv,    "Lamp"sv,     "Kettle"sv,  "Backpack"sv,   "Desk"sv,     "Bench"sv,
    "Mug"sv,      "Bottle"sv,   "Blanket"sv, "Speaker"sv,    "Clock"sv,    "Shelf"sv,
    "Wallet"sv,   "Umbrella"sv, "Jacket"sv,  "Teapot"sv,     "Notebook"sv, "Skillet"sv,
    "Vase"sv,     "Tray"sv,     "Stool"sv,   "Headphones"sv, "Tent"sv,     "Pillow"sv,
    "Keyboard"sv, "Bowl"sv,     "Planter"sv, "Sneakers"sv,   "Watch"sv,    "Cutting Board"sv,
};
constexpr std::array kProductNames = {
    "#{_Commerce.adjective} #{Commerce.material} #{_Commerce.product}"sv};
constexpr std::array kDepartments = {
    "Books"sv,  "Electronics"sv,  "Garden"sv,  "Home"sv,   "Kitchen"sv,    "Toys"sv,
    "Sports"sv, "Outdoors"sv,     "Grocery"sv, "Health"sv, "Beauty"sv,     "Clothing"sv,
    "Shoes"sv,  "Jewelry"sv,      "Music"sv,   "Movies"sv, "Automotive"sv, "Tools"sv,
    "Baby"sv,   "Pet Supplies"sv, "Office"sv,  "Games"sv,  "Computers"sv,  "Industrial"sv,
};
constexpr std::array kColors = {
    "red"sv,    "orange"sv, "yellow"sv,   "green"sv,      "blue"sv,     "indigo"sv,    "violet"sv,
    "purple"sv, "pink"sv,   "magenta"sv,  "cyan"sv,       "teal"sv,     "turquoise"sv, "navy"sv,
    "maroon"sv, "olive"sv,  "lime"sv,     "mint green"sv, "sky blue"sv, "salmon"sv,    "coral"sv,
    "gold"sv,   "silver"sv, "bronze"sv,   "beige"sv,      "tan"sv,      "brown"sv,     "black"sv,
    "white"sv,  "gray"sv,   "charcoal"sv, "ivory"sv,      "lavender"sv, "plum"sv,      "orchid"sv,
};
constexpr std::array kPromoAdjectives = {"Spring"sv,  "Summer"sv, "Bonus"sv,   "Happy"sv,
                                         "Lucky"sv,   "Super"sv,  "Mega"sv,    "Flash"sv,
                                         "Weekend"sv, "Member"sv, "Welcome"sv, "Holiday"sv};
constexpr std::array kPromoNouns = {"Deal"sv,     "Saver"sv, "Offer"sv, "Promo"sv,
                                    "Discount"sv, "Sale"sv,  "Code"sv,  "Bonus"sv};
constexpr std::array kPromotionCodes = {
    "#{_Commerce.promoAdjective}#{_Commerce.promoNoun}######"sv};
// Invented brand and shop names.
constexpr std::array kBrands = {
    "Northwind"sv,  "Bluefin"sv,    "Oakridge"sv,        "Lumina"sv,    "Trailhead"sv,  "Kestrel"sv,
    "Copperleaf"sv, "Harborline"sv, "Fennwick"sv,        "Aurelo"sv,    "Stonebrook"sv, "Velora"sv,
    "Brightwell"sv, "Quillon"sv,    "Marlowe & Finch"sv, "Tidewater"sv,
};
constexpr std::array kVendors = {
    "Corner Market"sv,     "Main Street Goods"sv, "Riverside Supply"sv, "The Gadget Loft"sv,
    "Harbor Outfitters"sv, "Maple Home Store"sv,  "Summit Sports"sv,    "Pixel Depot"sv,
    "Greenleaf Grocers"sv, "Bookworm Corner"sv,
};

// ---- Company -----------------------------------------------------------------------------------
constexpr std::array kCompanySuffixes = {"Inc"sv,      "LLC"sv, "Group"sv,    "Ltd"sv,
                                         "and Sons"sv, "Co"sv,  "Partners"sv, "Holdings"sv};
constexpr std::array kCompanyNames = {
    "#{Name.lastName} #{Company.suffix}"sv,
    "#{Name.lastName} #{Company.suffix}"sv,
    "#{Name.lastName}-#{Name.lastName}"sv,
    "#{Name.lastName}, #{Name.lastName} and #{Name.lastName}"sv,
};
constexpr std::array kIndustries = {
    "Accounting"sv,
    "Airlines"sv,
    "Apparel"sv,
    "Architecture"sv,
    "Automotive"sv,
    "Banking"sv,
    "Biotechnology"sv,
    "Chemicals"sv,
    "Civil Engineering"sv,
    "Computer Software"sv,
    "Construction"sv,
    "Consumer Electronics"sv,
    "Education"sv,
    "Food Production"sv,
    "Furniture"sv,
    "Government"sv,
    "Health Care"sv,
    "Hospitality"sv,
    "Insurance"sv,
    "Internet"sv,
    "Legal Services"sv,
    "Logistics"sv,
    "Machinery"sv,
    "Media Production"sv,
    "Mining"sv,
    "Pharmaceuticals"sv,
    "Publishing"sv,
    "Real Estate"sv,
    "Renewables"sv,
    "Restaurants"sv,
    "Retail"sv,
    "Shipbuilding"sv,
    "Telecommunications"sv,
    "Textiles"sv,
    "Transportation"sv,
    "Utilities"sv,
    "Veterinary"sv,
    "Wholesale"sv,
    "Wine and Spirits"sv,
    "Warehousing"sv,
};
constexpr std::array kProfessions = {
    "accountant"sv,  "architect"sv,  "baker"sv,        "carpenter"sv,  "chef"sv,
    "dentist"sv,     "designer"sv,   "electrician"sv,  "engineer"sv,   "farmer"sv,
    "firefighter"sv, "journalist"sv, "lawyer"sv,       "librarian"sv,  "mechanic"sv,
    "nurse"sv,       "pharmacist"sv, "photographer"sv, "pilot"sv,      "plumber"sv,
    "scientist"sv,   "surgeon"sv,    "teacher"sv,      "translator"sv, "veterinarian"sv,
};
constexpr std::array kBuzzAdjectives = {
    "Adaptive"sv,     "Balanced"sv,      "Centralized"sv,  "Configurable"sv, "Cross-platform"sv,
    "Customizable"sv, "Decentralized"sv, "Distributed"sv,  "Enhanced"sv,     "Extended"sv,
    "Integrated"sv,   "Managed"sv,       "Networked"sv,    "Open-source"sv,  "Optimized"sv,
    "Proactive"sv,    "Reactive"sv,      "Scalable"sv,     "Seamless"sv,     "Streamlined"sv,
    "Synchronized"sv, "Universal"sv,     "User-centric"sv, "Versatile"sv,    "Virtual"sv,
};
constexpr std::array kBuzzDescriptors = {
    "24/7"sv,        "asynchronous"sv, "bottom-line"sv,      "client-driven"sv, "content-based"sv,
    "data-driven"sv, "dynamic"sv,      "fault-tolerant"sv,   "global"sv,        "high-level"sv,
    "incremental"sv, "interactive"sv,  "mission-critical"sv, "modular"sv,       "multi-tenant"sv,
    "real-time"sv,   "responsive"sv,   "secure"sv,           "stateless"sv,     "zero-downtime"sv,
};
constexpr std::array kBuzzNouns = {
    "architecture"sv,   "benchmark"sv,  "capability"sv,   "challenge"sv,      "database"sv,
    "framework"sv,      "groupware"sv,  "hierarchy"sv,    "infrastructure"sv, "interface"sv,
    "knowledge base"sv, "middleware"sv, "model"sv,        "platform"sv,       "pipeline"sv,
    "portal"sv,         "process"sv,    "service-desk"sv, "solution"sv,       "strategy"sv,
    "superstructure"sv, "toolset"sv,    "workforce"sv,    "workflow"sv,
};
constexpr std::array kCatchPhrases = {
    "#{_Company.buzzAdjective} #{_Company.buzzDescriptor} #{_Company.buzzNoun}"sv};
constexpr std::array kBuzzwords = {"#{_Company.buzzAdjective|lower}"sv,
                                   "#{_Company.buzzDescriptor}"sv, "#{_Company.buzzNoun}"sv};
constexpr std::array kBsVerbs = {
    "aggregate"sv,   "align"sv,    "architect"sv,   "automate"sv,  "benchmark"sv, "streamline"sv,
    "cultivate"sv,   "deliver"sv,  "deploy"sv,      "empower"sv,   "enable"sv,    "engage"sv,
    "envision"sv,    "harness"sv,  "incentivize"sv, "integrate"sv, "leverage"sv,  "monetize"sv,
    "orchestrate"sv, "reinvent"sv, "scale"sv,       "transform"sv, "unlock"sv,    "visualize"sv,
};
constexpr std::array kBsAdjectives = {
    "best-of-breed"sv, "customer-facing"sv, "cutting-edge"sv, "end-to-end"sv,      "frictionless"sv,
    "holistic"sv,      "innovative"sv,      "intuitive"sv,    "next-generation"sv, "robust"sv,
    "scalable"sv,      "sticky"sv,          "strategic"sv,    "turn-key"sv,        "value-added"sv,
    "vertical"sv,      "viral"sv,           "world-class"sv,
};
constexpr std::array kBsNouns = {
    "action-items"sv,  "bandwidth"sv,  "channels"sv,      "communities"sv,     "convergence"sv,
    "deliverables"sv,  "ecosystems"sv, "experiences"sv,   "functionalities"sv, "initiatives"sv,
    "markets"sv,       "metrics"sv,    "mindshare"sv,     "partnerships"sv,    "platforms"sv,
    "relationships"sv, "solutions"sv,  "supply-chains"sv, "synergies"sv,       "web services"sv,
};
constexpr std::array kBs = {"#{_Company.bsVerb} #{_Company.bsAdjective} #{_Company.bsNoun}"sv};
constexpr std::array kCompanyLogos = {"https://img.example.com/logos/company-[1-500].png"sv};
constexpr std::array kCompanyUrls = {"www.#{Name.lastName|lower}.#{Internet.domainSuffix}"sv};

// ---- Finance and Business ----------------------------------------------------------------------
// Card number layouts; the Luhn generator appends the check digit.
constexpr std::array kCreditCards = {
    "4###-####-####-###"sv,       // Visa
    "4###-####-####-###"sv,       // Visa
    "5[1-5]##-####-####-###"sv,   // Mastercard
    "5[1-5]##-####-####-###"sv,   // Mastercard
    "34##-######-####"sv,         // American Express (15 digits)
    "37##-######-####"sv,         // American Express
    "6011-####-####-###"sv,       // Discover
    "35[28-89]-####-####-###"sv,  // JCB
    "36##-######-###"sv,          // Diners Club (14 digits)
};
constexpr std::array kBusinessCards = {"4###-####-####-###"sv, "5[1-5]##-####-####-###"sv,
                                       "6011-####-####-###"sv};
constexpr std::array kCreditCardTypes = {
    "visa"sv,        "mastercard"sv, "american_express"sv, "discover"sv,
    "diners_club"sv, "jcb"sv,        "maestro"sv,          "unionpay"sv,
};
// Country code + BBAN layout of the country's IBAN.
constexpr std::array kIbans = {
    "DE##################"sv,        // Germany: 8-digit bank code, 10-digit account
    "GB????##############"sv,        // United Kingdom: bank, sort code, account
    "FR#######################"sv,   // France
    "NL????##########"sv,            // Netherlands
    "ES####################"sv,      // Spain
    "IT?######################"sv,   // Italy
    "BE############"sv,              // Belgium
    "AT################"sv,          // Austria
    "CH#################"sv,         // Switzerland
    "IE????##############"sv,        // Ireland
    "PT#####################"sv,     // Portugal
    "PL########################"sv,  // Poland
};
constexpr std::array kBics = {"????#{_Finance.bicCountry}??"sv, "????#{_Finance.bicCountry}??XXX"sv,
                              "????#{_Finance.bicCountry}2?###"sv};
constexpr std::array kBicCountries = {"DE"sv, "GB"sv, "FR"sv, "NL"sv, "ES"sv, "IT"sv,
                                      "BE"sv, "AT"sv, "CH"sv, "IE"sv, "US"sv, "CA"sv};
constexpr std::array kRoutingNumbers = {"0%######"sv, "1[0-2]######"sv, "2[1-9]######"sv,
                                        "3[0-2]######"sv};
constexpr std::array kStockMarkets = {"NASDAQ"sv, "NYSE"sv,     "LSE"sv, "TSE"sv,
                                      "HKEX"sv,   "Euronext"sv, "SSE"sv, "TSX"sv};
constexpr std::array kNasdaqTickers = {"????"sv, "???"sv, "?????"sv};
constexpr std::array kNyseTickers = {"???"sv, "??"sv, "?"sv, "????"sv};
constexpr std::array kSecurityCodes = {"###"sv};

// ---- App, Job, Color, Book ---------------------------------------------------------------------
constexpr std::array kAppNames = {
    "Riverlog"sv, "Tidepool"sv,  "Pocketbook"sv, "Sparkline"sv, "Fieldnote"sv, "Wayfarer"sv,
    "Beacon"sv,   "Daybreak"sv,  "Lanternfly"sv, "Quickstep"sv, "Harvest"sv,   "Moodboard"sv,
    "Taskwise"sv, "Snapfolio"sv, "Trailmix"sv,   "Cloudnine"sv, "Pinwheel"sv,  "Keystone"sv,
    "Shuffle"sv,  "Homebase"sv,  "Greenlight"sv, "Zenith"sv,    "Ledgerly"sv,  "Nimbus"sv,
};
constexpr std::array kAppVersions = {"0.#.#"sv, "#.#.#"sv, "#.##"sv, "#.#"sv,
                                     "[1-9].[0-20].[0-9]"sv};
constexpr std::array kAppAuthors = {"#{Name.fullName}"sv, "#{Company.name}"sv};
constexpr std::array kJobFields = {
    "Accounting"sv,   "Administration"sv, "Agriculture"sv,      "Banking"sv,
    "Construction"sv, "Consulting"sv,     "Customer Service"sv, "Design"sv,
    "Education"sv,    "Engineering"sv,    "Finance"sv,          "Government"sv,
    "Healthcare"sv,   "Hospitality"sv,    "Human Resources"sv,  "Insurance"sv,
    "Legal"sv,        "Logistics"sv,      "Manufacturing"sv,    "Marketing"sv,
    "Media"sv,        "Real Estate"sv,    "Retail"sv,           "Sales"sv,
    "Technology"sv,   "Transportation"sv,
};
constexpr std::array kJobSeniorities = {"Junior"sv,    "Senior"sv,    "Lead"sv,  "Principal"sv,
                                        "Chief"sv,     "Associate"sv, "Staff"sv, "Head"sv,
                                        "Assistant"sv, "Regional"sv};
constexpr std::array kJobPositions = {
    "Analyst"sv,     "Engineer"sv,  "Manager"sv,        "Specialist"sv, "Consultant"sv,
    "Coordinator"sv, "Designer"sv,  "Developer"sv,      "Director"sv,   "Administrator"sv,
    "Officer"sv,     "Planner"sv,   "Representative"sv, "Supervisor"sv, "Technician"sv,
    "Strategist"sv,  "Architect"sv, "Agent"sv,          "Executive"sv,  "Assistant"sv,
};
constexpr std::array kJobSkills = {
    "Teamwork"sv,
    "Communication"sv,
    "Problem solving"sv,
    "Leadership"sv,
    "Time management"sv,
    "Negotiation"sv,
    "Organization"sv,
    "Creativity"sv,
    "Attention to detail"sv,
    "Adaptability"sv,
    "Critical thinking"sv,
    "Customer focus"sv,
    "Data analysis"sv,
    "Public speaking"sv,
    "Project management"sv,
    "Mentoring"sv,
    "Budgeting"sv,
    "Writing"sv,
    "Conflict resolution"sv,
    "Self-motivation"sv,
};
constexpr std::array kJobTitles = {"#{Job.seniority} #{Job.field} #{Job.position}"sv};
constexpr std::array kColorHex = {"\\#^^^^^^"sv};
// Invented titles and publishers.
constexpr std::array kBookTitles = {
    "The Quiet Harbor"sv,
    "A River in Winter"sv,
    "Letters from the Delta"sv,
    "The Lantern Keeper"sv,
    "Salt and Stone"sv,
    "North of Tomorrow"sv,
    "The Glass Orchard"sv,
    "When the Tide Turns"sv,
    "The Cartographer's Daughter"sv,
    "Under a Copper Sky"sv,
    "The Last Ferry"sv,
    "Seven Bridges"sv,
    "The Willow Code"sv,
    "An Ocean of Small Things"sv,
    "The Paper Compass"sv,
    "Echoes of the Valley"sv,
    "The Night Market"sv,
    "Where the Herons Sleep"sv,
    "The Clockmaker's Apprentice"sv,
    "Midnight at the Mill"sv,
    "A Map of Lost Gardens"sv,
    "The Silver Meadow"sv,
    "Beneath the Weir"sv,
    "Fire on the Estuary"sv,
};
constexpr std::array kBookGenres = {
    "Fantasy"sv,       "Science Fiction"sv, "Mystery"sv,
    "Thriller"sv,      "Romance"sv,         "Historical Fiction"sv,
    "Horror"sv,        "Biography"sv,       "Memoir"sv,
    "Poetry"sv,        "Young Adult"sv,     "Literary Fiction"sv,
    "Travel"sv,        "Cookbook"sv,        "Self-help"sv,
    "Graphic Novel"sv, "Adventure"sv,       "Humor"sv,
    "Essay"sv,         "Crime"sv,
};
constexpr std::array kBookPublishers = {
    "Harborlight Press"sv,        "Willow & Reed"sv,      "Northgate Books"sv,
    "Copper Kettle Publishing"sv, "Bluewater House"sv,    "Lantern Street Press"sv,
    "Meadowbrook Editions"sv,     "Stone Bridge Books"sv, "Tidewater Publishing"sv,
    "Foxglove Press"sv,           "Riverbend Books"sv,    "Oak & Ink"sv,
};
constexpr std::array kBookAuthors = {"#{Name.firstName} #{Name.lastName}"sv};

// ---- Lorem -------------------------------------------------------------------------------------
constexpr std::array kLorem = {
    "river"sv,   "delta"sv,   "stream"sv, "current"sv, "bank"sv,   "bridge"sv,  "harbour"sv,
    "tide"sv,    "estuary"sv, "reed"sv,   "willow"sv,  "ferry"sv,  "lantern"sv, "morning"sv,
    "evening"sv, "quiet"sv,   "bright"sv, "gentle"sv,  "swift"sv,  "calm"sv,    "wide"sv,
    "narrow"sv,  "stone"sv,   "water"sv,  "light"sv,   "shadow"sv, "north"sv,   "south"sv,
    "travel"sv,  "journey"sv, "rest"sv,   "window"sv,  "garden"sv, "path"sv,    "meadow"sv,
    "cloud"sv,   "rain"sv,    "sun"sv,    "wind"sv,    "salt"sv,   "sand"sv,    "shore"sv,
    "island"sv,  "valley"sv,  "hill"sv,   "forest"sv,  "field"sv,  "road"sv,    "market"sv,
    "square"sv,  "tower"sv,   "clock"sv,  "bell"sv,    "boat"sv,   "sail"sv,    "anchor"sv,
    "map"sv,     "compass"sv, "letter"sv, "story"sv,   "song"sv,   "table"sv,   "bread"sv,
    "coffee"sv,  "tea"sv,     "honey"sv,  "amber"sv,   "silver"sv, "green"sv,   "blue"sv,
};
constexpr std::array kLoremSupplemental = {
    "abundant"sv, "ancient"sv, "balance"sv, "candle"sv,  "distant"sv, "ember"sv,
    "fragile"sv,  "harvest"sv, "hollow"sv,  "journal"sv, "kindle"sv,  "linger"sv,
    "mosaic"sv,   "nimble"sv,  "orbit"sv,   "pebble"sv,  "quarry"sv,  "ripple"sv,
    "scatter"sv,  "thistle"sv, "umber"sv,   "velvet"sv,  "wander"sv,  "zephyr"sv,
};
constexpr std::array kLoremChars = {"abcdefghijklmnopqrstuvwxyz0123456789"sv};
constexpr std::array kLetters = {"abcdefghijklmnopqrstuvwxyz"sv};

// ---- PhoneNumber, IdNumber, Code, misc ----------------------------------------------------------
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
constexpr std::array kEan13 = {"############"sv};
constexpr std::array kEan8 = {"#######"sv};
constexpr std::array kIsbn13 = {"978#########"sv, "979#########"sv};
constexpr std::array kBool = {"true"sv, "false"sv};
constexpr std::array kCurrencyCodes = {"USD"sv, "EUR"sv, "GBP"sv, "JPY"sv, "CHF"sv, "CAD"sv,
                                       "AUD"sv, "CNY"sv, "SEK"sv, "NOK"sv, "DKK"sv, "INR"sv,
                                       "BRL"sv, "MXN"sv, "ZAR"sv, "SGD"sv, "NZD"sv, "KRW"sv};
constexpr std::array kCurrencyNames = {
    "US Dollar"sv,
    "Euro"sv,
    "Pound Sterling"sv,
    "Yen"sv,
    "Swiss Franc"sv,
    "Canadian Dollar"sv,
    "Australian Dollar"sv,
    "Yuan Renminbi"sv,
    "Swedish Krona"sv,
    "Norwegian Krone"sv,
    "Danish Krone"sv,
    "Indian Rupee"sv,
    "Brazilian Real"sv,
    "Mexican Peso"sv,
    "Rand"sv,
    "Singapore Dollar"sv,
    "New Zealand Dollar"sv,
    "Won"sv,
};

template <std::size_t N>
constexpr std::span<const std::string_view> all(const std::array<std::string_view, N>& a) {
    return std::span<const std::string_view>(a.data(), N);
}

constexpr auto kFemale = std::span<const std::string_view>(kFirstNames.data(), kFemaleFirstNames);
constexpr auto kMale = std::span<const std::string_view>(kFirstNames.data() + kFemaleFirstNames,
                                                         kFirstNames.size() - kFemaleFirstNames);

constexpr double kDay = 1.0;  // Ahead ranges are in days

// The expression table. Names follow DataFaker 2.4 (the version ShadowTraffic documents).
const std::array kExpressions = std::to_array<Expression>({
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
    // Internet
    {"Internet.emailAddress", G::Template, all(kEmails)},
    {"Internet.safeEmailAddress", G::Template, all(kSafeEmails)},
    {"Internet.domainName", G::Template, all(kDomainNames)},
    {"Internet.domainSuffix", G::Pick, all(kDomainSuffixes)},
    {"Internet.domainWord", G::Template, all(kDomainWords)},
    {"Internet.webdomain", G::Template, all(kWebDomains)},
    {"Internet.url", G::Template, all(kUrls)},
    {"Internet.image", G::Template, all(kImageUrls)},
    {"Internet.slug", G::Template, all(kSlugs)},
    {"Internet.username", G::Template, all(kUsernames)},
    {"Internet.password", G::Characters, all(kPasswordChars), 8, 16},
    {"Internet.uuid", G::Uuid4},
    {"Internet.uuidv4", G::Uuid4},
    {"Internet.uuidv7", G::Uuid7},
    {"Internet.ipV4Address", G::Template, all(kIpV4)},
    {"Internet.getIpV4Address", G::Template, all(kIpV4)},
    {"Internet.privateIpV4Address", G::Template, all(kPrivateIpV4)},
    {"Internet.getPrivateIpV4Address", G::Template, all(kPrivateIpV4)},
    {"Internet.publicIpV4Address", G::Template, all(kPublicIpV4)},
    {"Internet.getPublicIpV4Address", G::Template, all(kPublicIpV4)},
    {"Internet.ipV4Cidr", G::Template, all(kIpV4Cidr)},
    {"Internet.ipV6Address", G::Template, all(kIpV6)},
    {"Internet.getIpV6Address", G::Template, all(kIpV6)},
    {"Internet.ipV6Cidr", G::Template, all(kIpV6Cidr)},
    {"Internet.macAddress", G::Template, all(kMacAddresses)},
    {"Internet.port", G::Integer, {}, 1, 65535},
    {"Internet.httpMethod", G::Pick, all(kHttpMethods)},
    {"Internet.userAgent", G::Template, all(kUserAgents)},
    {"Internet.userAgentAny", G::Template, all(kUserAgents)},
    {"Internet.botUserAgentAny", G::Pick, all(kBotUserAgents)},
    {"Internet.emailSubject", G::Template, all(kEmailSubjects)},
    // Commerce
    {"Commerce.productName", G::Template, all(kProductNames)},
    {"Commerce.department", G::Pick, all(kDepartments)},
    {"Commerce.material", G::Pick, all(kMaterials)},
    {"Commerce.color", G::Pick, all(kColors)},
    {"Commerce.price", G::Decimal, {}, 1, 100, 2},
    {"Commerce.promotionCode", G::Template, all(kPromotionCodes)},
    {"Commerce.brand", G::Pick, all(kBrands)},
    {"Commerce.vendor", G::Pick, all(kVendors)},
    {"_Commerce.adjective", G::Pick, all(kProductAdjectives), 0, 0, 0, {}, true},
    {"_Commerce.product", G::Pick, all(kProducts), 0, 0, 0, {}, true},
    {"_Commerce.promoAdjective", G::Pick, all(kPromoAdjectives), 0, 0, 0, {}, true},
    {"_Commerce.promoNoun", G::Pick, all(kPromoNouns), 0, 0, 0, {}, true},
    // Company
    {"Company.name", G::Template, all(kCompanyNames)},
    {"Company.suffix", G::Pick, all(kCompanySuffixes)},
    {"Company.industry", G::Pick, all(kIndustries)},
    {"Company.profession", G::Pick, all(kProfessions)},
    {"Company.buzzword", G::Template, all(kBuzzwords)},
    {"Company.catchPhrase", G::Template, all(kCatchPhrases)},
    {"Company.bs", G::Template, all(kBs)},
    {"Company.logo", G::Template, all(kCompanyLogos)},
    {"Company.url", G::Template, all(kCompanyUrls)},
    {"_Company.buzzAdjective", G::Pick, all(kBuzzAdjectives), 0, 0, 0, {}, true},
    {"_Company.buzzDescriptor", G::Pick, all(kBuzzDescriptors), 0, 0, 0, {}, true},
    {"_Company.buzzNoun", G::Pick, all(kBuzzNouns), 0, 0, 0, {}, true},
    {"_Company.bsVerb", G::Pick, all(kBsVerbs), 0, 0, 0, {}, true},
    {"_Company.bsAdjective", G::Pick, all(kBsAdjectives), 0, 0, 0, {}, true},
    {"_Company.bsNoun", G::Pick, all(kBsNouns), 0, 0, 0, {}, true},
    // Finance, Business
    {"Finance.creditCard", G::Luhn, all(kCreditCards)},
    {"Finance.iban", G::Iban, all(kIbans)},
    {"Finance.bic", G::Template, all(kBics)},
    {"Finance.usRoutingNumber", G::AbaRouting, all(kRoutingNumbers)},
    {"Finance.stockMarket", G::Pick, all(kStockMarkets)},
    {"Finance.nasdaqTicker", G::Template, all(kNasdaqTickers)},
    {"Finance.nyseTicker", G::Template, all(kNyseTickers)},
    {"_Finance.bicCountry", G::Pick, all(kBicCountries), 0, 0, 0, {}, true},
    {"Business.creditCardNumber", G::Luhn, all(kBusinessCards)},
    {"Business.creditCardType", G::Pick, all(kCreditCardTypes)},
    {"Business.creditCardExpiry", G::Ahead, {}, 30 * kDay, 5 * 365 * kDay, 0, "yyyy-MM-dd"},
    {"Business.securityCode", G::Template, all(kSecurityCodes)},
    // App, Job, Color, Book
    {"App.name", G::Pick, all(kAppNames)},
    {"App.version", G::Template, all(kAppVersions)},
    {"App.author", G::Template, all(kAppAuthors)},
    {"Job.title", G::Template, all(kJobTitles)},
    {"Job.field", G::Pick, all(kJobFields)},
    {"Job.position", G::Pick, all(kJobPositions)},
    {"Job.seniority", G::Pick, all(kJobSeniorities)},
    {"Job.keySkills", G::Pick, all(kJobSkills)},
    {"Color.name", G::Pick, all(kColors)},
    {"Color.hex", G::Template, all(kColorHex)},
    {"Book.title", G::Pick, all(kBookTitles)},
    {"Book.author", G::Template, all(kBookAuthors)},
    {"Book.genre", G::Pick, all(kBookGenres)},
    {"Book.publisher", G::Pick, all(kBookPublishers)},
    // Lorem
    {"Lorem.word", G::Pick, all(kLorem)},
    {"Lorem.words", G::Words, all(kLorem), 0, 0, 3},
    {"Lorem.sentence", G::Sentence, all(kLorem), 4, 10},
    {"Lorem.paragraph", G::Paragraph, all(kLorem), 3, 5},
    {"Lorem.character", G::Characters, all(kLoremChars), 1, 1},
    {"Lorem.characters", G::Characters, all(kLoremChars), 255, 255},
    {"Lorem.fixedString", G::Characters, all(kLetters), 10, 10},
    {"Lorem.supplemental", G::Pick, all(kLoremSupplemental)},
    // Number
    {"Number.digit", G::Integer, {}, 0, 9},
    {"Number.randomDigit", G::Integer, {}, 0, 9},
    {"Number.randomDigitNotZero", G::Integer, {}, 1, 9},
    {"Number.digits", G::Digits, {}, 0, 0, 1},
    {"Number.numberBetween", G::IntegerBetween},
    {"Number.randomNumber", G::RandomNumber},
    {"Number.randomDouble", G::RandomDouble},
    {"Number.positive", G::Integer, {}, 1, 2147483647},
    {"Number.negative", G::Integer, {}, -2147483648.0, -1},
    // PhoneNumber
    {"PhoneNumber.cellPhone", G::Template, all(kCellPhones)},
    {"PhoneNumber.phoneNumber", G::Template, all(kPhoneNumbers)},
    {"PhoneNumber.cellPhoneInternational", G::Template, all(kPhoneInternational)},
    {"PhoneNumber.phoneNumberInternational", G::Template, all(kPhoneInternational)},
    {"PhoneNumber.phoneNumberNational", G::Template, all(kPhoneNational)},
    {"PhoneNumber.extension", G::Template, all(kPhoneExtensions)},
    {"PhoneNumber.subscriberNumber", G::Digits, {}, 0, 0, 4},
    // Date, TimeAndDate
    {"Date.birthday", G::Birthday, {}, 18, 65, 0, "yyyy-MM-dd"},
    {"Date.birthdayLocalDate", G::Birthday, {}, 18, 65, 0, "yyyy-MM-dd"},
    {"Date.past", G::Past, {}, 0, 0, 0, "yyyy-MM-dd HH:mm:ss.SSS"},
    {"Date.future", G::Future, {}, 0, 0, 0, "yyyy-MM-dd HH:mm:ss.SSS"},
    {"Date.between", G::Between, {}, 0, 0, 0, "yyyy-MM-dd HH:mm:ss.SSS"},
    {"TimeAndDate.birthday", G::Birthday, {}, 18, 65, 0, "yyyy-MM-dd"},
    {"TimeAndDate.past", G::Past, {}, 0, 0, 0, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"},
    {"TimeAndDate.future", G::Future, {}, 0, 0, 0, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"},
    {"TimeAndDate.between", G::Between, {}, 0, 0, 0, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"},
    // IdNumber, Code, Bool, Currency
    {"IdNumber.valid", G::Template, all(kSsnValid)},
    {"IdNumber.ssnValid", G::Template, all(kSsnValid)},
    {"IdNumber.invalid", G::Template, all(kSsnInvalid)},
    {"Code.ean13", G::Ean, all(kEan13)},
    {"Code.ean8", G::Ean, all(kEan8)},
    {"Code.gtin13", G::Ean, all(kEan13)},
    {"Code.gtin8", G::Ean, all(kEan8)},
    {"Code.isbn13", G::Ean, all(kIsbn13)},
    {"Code.isbn10", G::Isbn10},
    {"Bool.bool", G::Pick, all(kBool)},
    {"Currency.code", G::Pick, all(kCurrencyCodes)},
    {"Currency.name", G::Pick, all(kCurrencyNames)},
    {"Money.currencyCode", G::Pick, all(kCurrencyCodes)},
    {"Money.currency", G::Pick, all(kCurrencyNames)},
    // DataFaker's top-level helpers
    {"numerify", G::Numerify},
    {"letterify", G::Letterify},
    {"bothify", G::Bothify},
    {"regexify", G::Regexify},
    {"Options.option", G::Option},
});

}  // namespace

std::span<const Expression> expressions() {
    return kExpressions;
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
std::span<const std::string_view> loremWords() {
    return kLorem;
}

}  // namespace riverdelta::generate::faker_data
