#include "engine/s3/conditional_write_probe.h"

#include <fmt/format.h>

#include <random>

namespace riverdelta::s3 {

void probeConditionalWrites(S3Client& client, std::string_view bucket, std::string_view keyPrefix) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const std::string key =
        fmt::format("{}.riverdelta-probe-{:016x}", keyPrefix, static_cast<std::uint64_t>(rng()));
    const std::string body = "riverdelta conditional write probe";
    if (client.putObject(bucket, key, body, PutCondition::IfNoneMatch) != PutOutcome::Written) {
        throw S3Error(S3ErrorKind::Unsupported,
                      fmt::format("S3 endpoint {}, bucket '{}': a conditional create of the new "
                                  "key {} was refused (412)",
                                  client.settings().endpoint, bucket, key));
    }
    PutOutcome second = PutOutcome::Written;
    try {
        second = client.putObject(bucket, key, body, PutCondition::IfNoneMatch);
    } catch (const S3Error& e) {
        client.deleteObject(bucket, key);
        if (e.httpStatus() == 501 || e.code() == "NotImplemented")
            throw S3Error(S3ErrorKind::Unsupported,
                          fmt::format("S3 endpoint {}, bucket '{}' does not implement conditional "
                                      "writes (If-None-Match: *); Delta commits there could "
                                      "overwrite each other, so Riverdelta will not commit",
                                      client.settings().endpoint, bucket),
                          e.httpStatus(), e.code());
        throw;
    }
    client.deleteObject(bucket, key);
    if (second == PutOutcome::Written) {
        throw S3Error(S3ErrorKind::Unsupported,
                      fmt::format("S3 endpoint {}, bucket '{}' ignores If-None-Match: * (a second "
                                  "create of the same key succeeded); Delta commits there could "
                                  "overwrite each other, so Riverdelta will not commit",
                                  client.settings().endpoint, bucket));
    }
}

}  // namespace riverdelta::s3
