#include "app/alert_history.h"

#include <algorithm>
#include <map>

#include "observe/log.h"
#include "sahelwatch/v1/event.pb.h"

namespace sahelwatch::app {
namespace {

namespace pb = ::sahelwatch::v1;

std::int64_t Millis(const google::protobuf::Timestamp& ts) { return ts.seconds() * 1000 + ts.nanos() / 1000000; }

// The C++ enums follow the protobuf order, offset by the UNSPECIFIED zero.
template <typename Enum, typename ProtoEnum>
Enum FromProto(ProtoEnum value) {
  const int index = static_cast<int>(value) - 1;
  return static_cast<Enum>(index < 0 ? 0 : index);
}

Place FromProto(const pb::Place& place) {
  Place out;
  out.country = place.country();
  out.admin1 = place.admin1();
  out.admin2 = place.admin2();
  out.name = place.name();
  if (place.lat() != 0.0 || place.lon() != 0.0) {
    out.lat = place.lat();
    out.lon = place.lon();
  }
  out.precision = static_cast<PlacePrecision>(static_cast<int>(place.precision()));
  return out;
}

Counts FromProto(const pb::Counts& counts) {
  Counts out;
  if (counts.has_fatalities()) out.fatalities = counts.fatalities();
  if (counts.has_injured()) out.injured = counts.injured();
  if (counts.has_abducted()) out.abducted = counts.abducted();
  if (counts.has_displaced()) out.displaced = counts.displaced();
  return out;
}

}  // namespace

bool DecodeAlert(const std::string& bytes, Alert& out) {
  pb::Alert message;
  if (!message.ParseFromString(bytes) || message.incident_id().empty()) return false;
  out = Alert{};
  out.id = message.id();
  out.incident_id = message.incident_id();
  out.version = message.version();
  out.kind = FromProto<AlertKind>(message.kind());
  out.type = FromProto<EventType>(message.type());
  out.subtype = message.subtype();
  out.status = FromProto<EventStatus>(message.status());
  out.severity = FromProto<Severity>(message.severity());
  out.confidence = message.confidence();
  for (const auto& place : message.places()) out.places.push_back(FromProto(place));
  out.countries.assign(message.countries().begin(), message.countries().end());
  for (const auto& actor : message.actors()) {
    out.actors.push_back(
        Actor{actor.name(), actor.kind(), actor.country(), static_cast<ActorRole>(static_cast<int>(actor.role()))});
  }
  out.counts = FromProto(message.counts());
  out.article_ids.assign(message.article_ids().begin(), message.article_ids().end());
  out.event_ids.assign(message.event_ids().begin(), message.event_ids().end());
  out.source_count = message.source_count();
  out.first_seen_ms = Millis(message.first_seen());
  out.last_seen_ms = Millis(message.last_seen());
  out.summary = message.summary();
  for (const auto& span : message.evidence()) {
    out.evidence.push_back(Evidence{span.byte_begin(), span.byte_end(), span.text()});
  }
  out.change = message.change();
  out.spike_count = message.spike_count();
  out.spike_baseline = message.spike_baseline();
  out.spike_window_seconds = message.spike_window_seconds();
  return true;
}

AlertHistory ReadAlertHistory(const AlertHistoryOptions& options) {
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  kafka::Properties properties =
      kafka::Merge({{"bootstrap.servers", options.bootstrap_servers},
                    {"group.id", "sahelwatch-alert-history"},  // required by the API; never committed
                    {"enable.auto.commit", "false"},
                    {"enable.partition.eof", "true"},
                    {"fetch.wait.max.ms", "50"}},
                   options.user_properties);
  for (const char* group_only : {"partition.assignment.strategy", "session.timeout.ms", "heartbeat.interval.ms",
                                 "max.poll.interval.ms", "enable.auto.offset.store", "auto.offset.reset"}) {
    properties.erase(group_only);
  }
  properties["group.id"] = "sahelwatch-alert-history";
  auto conf = kafka::MakeConf(properties);
  std::string error;
  const std::unique_ptr<RdKafka::KafkaConsumer> consumer(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) throw kafka::KafkaError("alert history: cannot create consumer: " + error);

  // Partition list from metadata.
  RdKafka::Metadata* raw_metadata = nullptr;
  const std::unique_ptr<RdKafka::Topic> topic_handle(
      RdKafka::Topic::create(consumer.get(), options.topic, nullptr, error));
  const RdKafka::ErrorCode meta_err =
      consumer->metadata(false, topic_handle.get(), &raw_metadata, static_cast<int>(options.timeout.count()));
  const std::unique_ptr<RdKafka::Metadata> metadata(raw_metadata);
  if (meta_err != RdKafka::ERR_NO_ERROR || !metadata || metadata->topics()->empty()) {
    throw kafka::KafkaError("alert history: no metadata for topic " + options.topic + ": " +
                            RdKafka::err2str(meta_err));
  }
  const auto* topic_metadata = metadata->topics()->front();
  if (topic_metadata->err() != RdKafka::ERR_NO_ERROR) {
    throw kafka::KafkaError("alert history: topic " + options.topic + ": " + RdKafka::err2str(topic_metadata->err()));
  }

  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  std::vector<RdKafka::TopicPartition*> partitions;
  std::map<std::int32_t, std::int64_t> end_offsets;
  const std::int64_t since_ms = options.lookback.count() > 0
                                    ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                          (std::chrono::system_clock::now() - options.lookback).time_since_epoch())
                                          .count()
                                    : 0;
  for (const auto* partition : *topic_metadata->partitions()) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    const auto err = consumer->query_watermark_offsets(options.topic, partition->id(), &low, &high,
                                                       static_cast<int>(options.timeout.count()));
    if (err != RdKafka::ERR_NO_ERROR) {
      throw kafka::KafkaError("alert history: watermarks of " + options.topic + ": " + RdKafka::err2str(err));
    }
    if (high <= low) continue;
    end_offsets[partition->id()] = high;
    owned.emplace_back(RdKafka::TopicPartition::create(options.topic, partition->id(),
                                                       since_ms > 0 ? since_ms : RdKafka::Topic::OFFSET_BEGINNING));
    partitions.push_back(owned.back().get());
  }
  AlertHistory history;
  if (partitions.empty()) return history;
  if (since_ms > 0) {
    // Timestamp → offset. A partition without newer messages resolves to -1 (its end); a
    // broker that cannot answer (the mock cluster resolves nothing) leaves every partition
    // at -1 too, so when nothing resolves read from the beginning and filter by timestamp.
    const bool answered =
        consumer->offsetsForTimes(partitions, static_cast<int>(options.timeout.count())) == RdKafka::ERR_NO_ERROR &&
        std::any_of(partitions.begin(), partitions.end(), [](const auto* p) { return p->offset() >= 0; });
    for (auto* partition : partitions) {
      if (!answered) {
        partition->set_offset(RdKafka::Topic::OFFSET_BEGINNING);
      } else if (partition->offset() < 0) {
        end_offsets.erase(partition->partition());
        partition->set_offset(RdKafka::Topic::OFFSET_END);
      }
    }
  }
  consumer->assign(partitions);
  while (!end_offsets.empty()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      observe::LogWarn("alert history: timed out before the end of the topic; restoring what was read",
                       {{"alerts", history.alerts.size()}});
      break;
    }
    const std::unique_ptr<RdKafka::Message> message(consumer->consume(100));
    if (message->err() == RdKafka::ERR__TIMED_OUT) continue;
    if (message->err() == RdKafka::ERR__PARTITION_EOF) {
      end_offsets.erase(message->partition());
      continue;
    }
    if (message->err() != RdKafka::ERR_NO_ERROR) continue;
    const RdKafka::MessageTimestamp timestamp = message->timestamp();
    const bool recent = since_ms == 0 || timestamp.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE ||
                        timestamp.timestamp >= since_ms;
    Alert alert;
    if (!recent) {
      // older than the lookback: not state any more
    } else if (DecodeAlert(std::string(static_cast<const char*>(message->payload()), message->len()), alert)) {
      history.alerts.push_back(std::move(alert));
    } else {
      ++history.skipped;
    }
    if (const auto it = end_offsets.find(message->partition());
        it != end_offsets.end() && message->offset() + 1 >= it->second) {
      end_offsets.erase(it);
    }
  }
  consumer->close();
  return history;
}

}  // namespace sahelwatch::app
