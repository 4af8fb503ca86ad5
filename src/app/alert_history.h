// Re-reads the recent `alerts` topic at start-up so the correlator can rebuild its
// incidents: a restarted daemon neither re-alerts known incidents nor restarts versions.
// The alerts topic is the state store (keyed by incident id); no extra state topic needed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/model.h"
#include "kafka/client.h"

namespace sahelwatch::app {

struct AlertHistoryOptions {
  std::string bootstrap_servers;
  std::string topic;
  kafka::Properties user_properties;  // TLS/SASL etc., same as the consumer's
  std::chrono::seconds lookback{0};   // only alerts newer than now - lookback (0 = all)
  std::chrono::milliseconds timeout{15000};
};

// Reads every partition from the lookback point to its current end. Undecodable records
// are skipped (counted in the returned `skipped`). Throws kafka::KafkaError when the
// topic cannot be read at all within the timeout.
struct AlertHistory {
  std::vector<Alert> alerts;
  std::size_t skipped = 0;
};
AlertHistory ReadAlertHistory(const AlertHistoryOptions& options);

// protobuf bytes → Alert (inverse of kafka::EncodeAlert); false when they do not parse.
bool DecodeAlert(const std::string& bytes, Alert& out);

}  // namespace sahelwatch::app
