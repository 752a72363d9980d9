// Faker data about business: Commerce, Company, Finance and Business, App, Job, Color, Book, Code
// (EAN, GTIN, ISBN) and Currency. Pattern syntax: see faker_data.cpp.
#include <array>

#include "engine/generate/faker_data.h"
#include "engine/generate/faker_data_sections.h"

namespace riverdelta::generate::faker_data {

namespace {

using namespace std::string_view_literals;
using G = Generator;

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

// ---- Code, Currency ----------------------------------------------------------------------------
constexpr std::array kEan13 = {"############"sv};
constexpr std::array kEan8 = {"#######"sv};
constexpr std::array kIsbn13 = {"978#########"sv, "979#########"sv};
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

constexpr double kDay = 1.0;  // Ahead ranges are in days

// Sections of the expression table (names follow DataFaker 2.4).
constexpr auto kCommerce = std::to_array<Expression>({
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
});

constexpr auto kCode = std::to_array<Expression>({
    {"Code.ean13", G::Ean, all(kEan13)},
    {"Code.ean8", G::Ean, all(kEan8)},
    {"Code.gtin13", G::Ean, all(kEan13)},
    {"Code.gtin8", G::Ean, all(kEan8)},
    {"Code.isbn13", G::Ean, all(kIsbn13)},
    {"Code.isbn10", G::Isbn10},
});

constexpr auto kCurrency = std::to_array<Expression>({
    {"Currency.code", G::Pick, all(kCurrencyCodes)},
    {"Currency.name", G::Pick, all(kCurrencyNames)},
    {"Money.currencyCode", G::Pick, all(kCurrencyCodes)},
    {"Money.currency", G::Pick, all(kCurrencyNames)},
});

}  // namespace

std::span<const Expression> commerceExpressions() {
    return kCommerce;
}
std::span<const Expression> codeExpressions() {
    return kCode;
}
std::span<const Expression> currencyExpressions() {
    return kCurrency;
}

}  // namespace riverdelta::generate::faker_data
