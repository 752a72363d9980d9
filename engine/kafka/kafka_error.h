#pragma once

#include <librdkafka/rdkafka.h>

#include <string>

#include "engine/core/error.h"

namespace riverdelta::kafka {

class KafkaError : public Error {
  public:
    KafkaError(const std::string& what, rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_UNKNOWN)
        : Error(what), code_(code) {}
    [[nodiscard]] rd_kafka_resp_err_t code() const { return code_; }

  private:
    rd_kafka_resp_err_t code_;
};

}  // namespace riverdelta::kafka
