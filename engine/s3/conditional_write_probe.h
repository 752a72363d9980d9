#pragma once

#include <string>
#include <string_view>

#include "engine/s3/s3_client.h"

namespace riverdelta::s3 {

// Checks that the store honours `If-None-Match: *` on PUT: creates a probe object under
// `keyPrefix`, creates it again (must answer 412) and deletes it. Throws S3Error: kind
// Unsupported when the second create succeeds (the store would silently replace a Delta commit
// another writer made), or the request's own failure (403, missing bucket, …).
void probeConditionalWrites(S3Client& client, std::string_view bucket, std::string_view keyPrefix);

}  // namespace riverdelta::s3
