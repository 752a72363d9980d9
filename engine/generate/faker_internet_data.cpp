// Faker data about the Internet: e-mail addresses, domains, URLs, IP and MAC addresses, user
// agents. Pattern syntax: see faker_data.cpp.
#include <array>

#include "engine/generate/faker_data.h"
#include "engine/generate/faker_data_sections.h"

namespace riverdelta::generate::faker_data {

namespace {

using namespace std::string_view_literals;
using G = Generator;

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

// The Internet section of the expression table (names follow DataFaker 2.4).
constexpr auto kInternet = std::to_array<Expression>({
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
});

}  // namespace

std::span<const Expression> internetExpressions() {
    return kInternet;
}

}  // namespace riverdelta::generate::faker_data
