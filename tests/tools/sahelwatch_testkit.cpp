// sahelwatch_testkit: load generator and verifier for the reliability tests (test-only).
//
//   produce        stream valid articles (ids PREFIX000000...) that surely yield an event
//   malformed      interleave undecodable messages (keys bad-N) with valid ones (keys good-N)
//   verify-events  read security-events until every expected article has its events
//   verify-dlq     read articles.dlq until every expected bad-N is there with a reason
//
// Every command prints one JSON line of counts; the verifiers exit 1 when something is
// missing or inconsistent, so a shell test only needs to check the exit status.
#include <librdkafka/rdkafkacpp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kafka/client.h"
#include "sahelwatch/v1/article.pb.h"
#include "sahelwatch/v1/event.pb.h"

namespace {

using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kUsage =
    "usage: sahelwatch_testkit COMMAND --bootstrap-file F [options]\n"
    "  produce       --count N [--first K] [--prefix art-] [--rate PER_SECOND] [--topic articles]\n"
    "  malformed     --bad N --good M [--big K] [--topic articles]\n"
    "  verify-events --count N [--first K] [--prefix art-] [--timeout SECONDS] [--topic security-events]\n"
    "  verify-dlq    --count N [--prefix bad-] [--timeout SECONDS] [--topic articles.dlq]\n";

struct Options {
  std::string command;
  std::string bootstrap;
  std::string topic;
  std::string prefix;
  long count = 0;
  long first = 0;
  long bad = 0;
  long good = 0;
  long big = 0;
  double rate = 0;  // messages per second, 0 = as fast as possible
  int timeout_seconds = 120;
};

std::string ReadBootstrap(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  if (!std::getline(in, line) || line.empty()) throw std::runtime_error("cannot read " + file);
  return line;
}

Options Parse(int argc, char** argv) {
  if (argc < 2) throw std::invalid_argument("missing command");
  Options options;
  options.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
    const std::string value = argv[++i];
    if (arg == "--bootstrap-file")
      options.bootstrap = ReadBootstrap(value);
    else if (arg == "--bootstrap")
      options.bootstrap = value;
    else if (arg == "--topic")
      options.topic = value;
    else if (arg == "--prefix")
      options.prefix = value;
    else if (arg == "--count")
      options.count = std::stol(value);
    else if (arg == "--first")
      options.first = std::stol(value);
    else if (arg == "--bad")
      options.bad = std::stol(value);
    else if (arg == "--good")
      options.good = std::stol(value);
    else if (arg == "--big")
      options.big = std::stol(value);
    else if (arg == "--rate")
      options.rate = std::stod(value);
    else if (arg == "--timeout")
      options.timeout_seconds = std::stoi(value);
    else
      throw std::invalid_argument("unknown option " + arg);
  }
  if (options.bootstrap.empty()) throw std::invalid_argument("--bootstrap-file is required");
  return options;
}

std::unique_ptr<RdKafka::Conf> MakeConf(const std::map<std::string, std::string>& properties) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string error;
  for (const auto& [key, value] : properties) {
    if (conf->set(key, value, error) != RdKafka::Conf::CONF_OK) throw std::runtime_error(key + ": " + error);
  }
  return conf;
}

std::string Id(const std::string& prefix, long number) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%06ld", number);
  return prefix + digits;
}

// Sentences the classifier reads as an occurred attack on civilians in a known town;
// the toll varies so articles are not byte-identical.
std::string ArticleText(long number) {
  static const char* const kTowns[] = {"Djibo, Burkina Faso", "Menaka, Mali", "Tillaberi, Niger"};
  const auto town = kTowns[static_cast<std::size_t>(number % 3)];
  return "On 3 March, gunmen killed " + std::to_string(3 + number % 40) + " civilians in " + town + ".";
}

// Rotates through the three input encodings the daemon accepts.
struct Encoded {
  std::string value;
  std::string content_type;
};
Encoded EncodeValid(const std::string& id, long number) {
  const std::string text = ArticleText(number);
  switch (number % 3) {
    case 0:
      return {nlohmann::json{{"id", id}, {"title", "Attack"}, {"text", text}, {"lang", "en"}}.dump(),
              "application/json"};
    case 1: {
      sahelwatch::v1::Article article;
      article.set_id(id);
      article.set_text(text);
      article.set_lang("en");
      return {article.SerializeAsString(), "application/x-protobuf"};
    }
    default:
      return {text, "text/plain; charset=utf-8"};
  }
}

class Reader {
 public:
  Reader(const std::string& bootstrap, const std::string& topic) {
    auto conf = MakeConf({{"bootstrap.servers", bootstrap},
                          {"group.id", "sahelwatch-testkit"},
                          {"enable.auto.commit", "false"},
                          {"fetch.wait.max.ms", "10"},
                          {"enable.partition.eof", "false"}});
    std::string error;
    consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
    if (!consumer_) throw std::runtime_error("consumer: " + error);
    RdKafka::Metadata* raw = nullptr;
    std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(consumer_.get(), topic, nullptr, error));
    if (consumer_->metadata(false, handle.get(), &raw, 10000) != RdKafka::ERR_NO_ERROR) {
      throw std::runtime_error("metadata for " + topic + " failed");
    }
    const std::unique_ptr<RdKafka::Metadata> metadata(raw);
    std::vector<RdKafka::TopicPartition*> partitions;
    for (const auto* partition : *metadata->topics()->at(0)->partitions()) {
      partitions.push_back(RdKafka::TopicPartition::create(topic, partition->id(), RdKafka::Topic::OFFSET_BEGINNING));
    }
    consumer_->assign(partitions);
    RdKafka::TopicPartition::destroy(partitions);
  }
  ~Reader() { consumer_->close(); }

  // Calls `handle` for every message until `done()` has held for `settle` or time runs out.
  template <typename Handle, typename Done>
  void ReadUntil(Handle handle, Done done, Clock::time_point deadline, std::chrono::milliseconds settle) {
    auto quiet_since = Clock::now();
    while (Clock::now() < deadline) {
      const std::unique_ptr<RdKafka::Message> message(consumer_->consume(100));
      if (message->err() == RdKafka::ERR_NO_ERROR) {
        handle(*message);
        quiet_since = Clock::now();
        continue;
      }
      if (done() && Clock::now() - quiet_since >= settle) return;
    }
  }

 private:
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
};

class Producer final : public RdKafka::DeliveryReportCb {
 public:
  explicit Producer(const std::string& bootstrap) {
    auto conf = MakeConf({{"bootstrap.servers", bootstrap},
                          {"acks", "all"},
                          {"enable.idempotence", "true"},
                          {"linger.ms", "5"},
                          {"message.max.bytes", "6000000"}});
    std::string error;
    conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(this), error);
    producer_.reset(RdKafka::Producer::create(conf.get(), error));
    if (!producer_) throw std::runtime_error("producer: " + error);
  }

  void Send(const std::string& topic, std::int32_t partition, const std::string& key, const std::string& value,
            const Headers& headers) {
    while (true) {
      std::unique_ptr<RdKafka::Headers> kafka_headers(RdKafka::Headers::create());
      for (const auto& [name, header_value] : headers) kafka_headers->add(name, header_value);
      // An empty value is sent as a null payload, as other producers do.
      const RdKafka::ErrorCode err = producer_->produce(
          topic, partition, RdKafka::Producer::RK_MSG_COPY, value.empty() ? nullptr : const_cast<char*>(value.data()),
          value.size(), key.data(), key.size(), 0, kafka_headers.get(), nullptr);
      if (err == RdKafka::ERR_NO_ERROR) {
        static_cast<void>(kafka_headers.release());
        ++sent_;
        break;
      }
      if (err != RdKafka::ERR__QUEUE_FULL) throw std::runtime_error("produce: " + RdKafka::err2str(err));
      producer_->poll(10);
    }
    producer_->poll(0);
  }

  std::int32_t Partitions(const std::string& topic) {
    RdKafka::Metadata* raw = nullptr;
    std::unique_ptr<RdKafka::Topic> handle(RdKafka::Topic::create(producer_.get(), topic, nullptr, error_));
    if (producer_->metadata(false, handle.get(), &raw, 10000) != RdKafka::ERR_NO_ERROR) {
      throw std::runtime_error("metadata for " + topic + " failed");
    }
    const std::unique_ptr<RdKafka::Metadata> metadata(raw);
    return static_cast<std::int32_t>(metadata->topics()->at(0)->partitions()->size());
  }

  void Finish() {
    producer_->flush(60000);
    if (producer_->outq_len() > 0 || failed_ > 0) {
      throw std::runtime_error("not every message was delivered (failed " + std::to_string(failed_) + ")");
    }
  }

  void Poll(int ms) { producer_->poll(ms); }
  long sent() const { return sent_; }

  void dr_cb(RdKafka::Message& message) override {
    if (message.err() != RdKafka::ERR_NO_ERROR) ++failed_;
  }

 private:
  std::unique_ptr<RdKafka::Producer> producer_;
  std::string error_;
  long sent_ = 0;
  long failed_ = 0;
};

// Keeps a steady rate, so kills and faults land while articles are still arriving.
class Pacer {
 public:
  explicit Pacer(double per_second) : per_second_(per_second), start_(Clock::now()) {}
  void Wait(long sent, Producer& producer) const {
    if (per_second_ <= 0) return;
    const auto due = start_ + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(static_cast<double>(sent) / per_second_));
    while (Clock::now() < due) producer.Poll(1);
  }

 private:
  double per_second_;
  Clock::time_point start_;
};

// The mock cluster can acknowledge an idempotent batch it never appended when faults are
// injected on Produce (a real broker would not). The reliability tests judge the daemon, so
// the load generator reads its input back and sends again whatever the broker lost: every
// expected article is then really on the input topic, and any article missing from the
// output is the daemon's fault. Returns how many were sent again.
long ResendMissing(const Options& options, const std::string& topic, const std::string& prefix, Producer& producer) {
  long resent = 0;
  for (int round = 0; round < 3; ++round) {
    std::set<long> missing;
    for (long i = 0; i < options.count; ++i) missing.insert(options.first + i);
    Reader reader(options.bootstrap, topic);
    reader.ReadUntil(
        [&](RdKafka::Message& message) {
          if (message.key() == nullptr || !message.key()->starts_with(prefix)) return;
          try {
            missing.erase(std::stol(message.key()->substr(prefix.size())));
          } catch (const std::exception&) {
            // not one of ours
          }
        },
        [&] { return missing.empty(); }, Clock::now() + std::chrono::seconds(60), std::chrono::milliseconds(500));
    if (missing.empty()) return resent;
    for (const long number : missing) {
      const std::string id = Id(prefix, number);
      const Encoded encoded = EncodeValid(id, number);
      producer.Send(topic, RdKafka::Topic::PARTITION_UA, id, encoded.value, {{"content-type", encoded.content_type}});
      ++resent;
    }
    producer.Finish();
  }
  throw std::runtime_error("the broker keeps losing input articles");
}

int Produce(const Options& options) {
  Producer producer(options.bootstrap);
  const std::string topic = options.topic.empty() ? "articles" : options.topic;
  const std::string prefix = options.prefix.empty() ? "art-" : options.prefix;
  const Pacer pacer(options.rate);
  for (long i = 0; i < options.count; ++i) {
    const long number = options.first + i;
    const std::string id = Id(prefix, number);
    const Encoded encoded = EncodeValid(id, number);
    producer.Send(topic, RdKafka::Topic::PARTITION_UA, id, encoded.value, {{"content-type", encoded.content_type}});
    pacer.Wait(i + 1, producer);
  }
  producer.Finish();
  const long resent = ResendMissing(options, topic, prefix, producer);
  std::cout << nlohmann::json{{"produced", producer.sent()}, {"resent_lost_by_broker", resent}, {"topic", topic}}.dump()
            << std::endl;
  return 0;
}

// One undecodable message of each kind in turn (bad-N is kind N % 8); verify-dlq checks
// the daemon gave each the reason ExpectedReason() names.
struct Malformed {
  std::string value;
  Headers headers;
};
Malformed MakeMalformed(long number) {
  sahelwatch::v1::Article article;
  article.set_id(Id("bad-", number));
  article.set_text(ArticleText(number));
  const std::string proto = article.SerializeAsString();
  switch (number % 8) {
    case 0:
      return {proto.substr(0, proto.size() / 2), {{"content-type", "application/x-protobuf"}}};
    case 1:  // truncated protobuf without a content type: detection must not call it text
      return {proto.substr(0, proto.size() - 7), {}};
    case 2:
      return {"Gunmen attacked \xff\xfe the market in Djibo.", {{"content-type", "text/plain"}}};
    case 3:
      return {"", {}};
    case 4:
      return {R"({"id": 17, "text": ["not", "a", "string"]})", {{"content-type", "application/json"}}};
    case 5:
      return {R"({"id": "x", "text": "unterminated)", {{"content-type", "application/json"}}};
    case 6:
      return {R"({"id": "x", "published_at": {"seconds": 1}, "text": "On 3 March..."})", {}};
    default:
      return {R"({"id": "x", "lang": "en"})", {{"content-type", "application/json"}}};
  }
}

const char* ExpectedReason(long number) {
  static const char* const kReasons[] = {"malformed_protobuf", "malformed_protobuf", "invalid_utf8",  "empty",
                                         "invalid_field",      "malformed_json",     "invalid_field", "missing_text"};
  return kReasons[number % 8];
}

int ProduceMalformed(const Options& options) {
  Producer producer(options.bootstrap);
  const std::string topic = options.topic.empty() ? "articles" : options.topic;
  // The mock broker keeps ~5 MiB per partition (and drops everything, the new message
  // included, once a second 5 MB message arrives): each 5 MB message gets a partition of
  // its own, the last ones, where nothing else is written.
  const std::int32_t partitions = producer.Partitions(topic);
  if (options.big >= partitions) throw std::runtime_error("--big needs more partitions than big messages");
  const auto small_partitions = static_cast<std::int32_t>(partitions - options.big);
  const long total = options.bad + options.good;
  const long good_every = options.good > 0 ? total / options.good : total + 1;
  long bad = 0;
  long good = 0;
  long big = 0;
  const long big_every = std::max(1L, total / (options.big + 1));
  for (long i = 0; i < total; ++i) {
    const auto partition = static_cast<std::int32_t>(i % small_partitions);
    if (good < options.good && (i % good_every == good_every - 1 || bad >= options.bad)) {
      const std::string id = Id("good-", good);
      const Encoded encoded = EncodeValid(id, good);
      producer.Send(topic, partition, id, encoded.value, {{"content-type", encoded.content_type}});
      ++good;
    } else {
      const Malformed message = MakeMalformed(bad);
      producer.Send(topic, partition, Id("bad-", bad), message.value, message.headers);
      ++bad;
    }
    if (big < options.big && i % big_every == big_every - 1) {
      producer.Send(topic, static_cast<std::int32_t>(small_partitions + big), Id("big-", big),
                    std::string(5'000'000, 'x'), {{"content-type", "text/plain"}});
      ++big;
    }
  }
  producer.Finish();
  std::cout << nlohmann::json{{"produced", producer.sent()}, {"bad", bad}, {"good", good}, {"big", big}}.dump()
            << std::endl;
  return 0;
}

// Reads every partition of a topic from the beginning, without a group.
int VerifyEvents(const Options& options) {
  const std::string prefix = options.prefix.empty() ? "art-" : options.prefix;
  std::set<std::string> expected;
  for (long i = 0; i < options.count; ++i) expected.insert(Id(prefix, options.first + i));
  // article id -> event signature (type, status, evidence span) -> ids seen for it
  std::map<std::string, std::map<std::string, std::set<std::string>>> event_ids;
  long messages = 0;
  long undecodable = 0;
  long found = 0;
  Reader reader(options.bootstrap, options.topic.empty() ? "security-events" : options.topic);
  reader.ReadUntil(
      [&](RdKafka::Message& message) {
        ++messages;
        sahelwatch::v1::Event event;
        if (!event.ParseFromArray(message.payload(), static_cast<int>(message.len()))) {
          ++undecodable;
          return;
        }
        auto& signatures = event_ids[event.article_id()];
        if (signatures.empty() && expected.contains(event.article_id())) ++found;
        std::string signature = std::to_string(event.type()) + "/" + std::to_string(event.status());
        for (const auto& span : event.evidence()) {
          signature += "/" + std::to_string(span.byte_begin()) + "-" + std::to_string(span.byte_end());
        }
        signatures[signature].insert(event.id());
      },
      [&] { return found == static_cast<long>(expected.size()); },
      Clock::now() + std::chrono::seconds(options.timeout_seconds), std::chrono::milliseconds(1500));
  // A reprocessed article must repeat its ids: one id per event signature, however many
  // times the article was processed.
  long distinct = 0;
  long ids_changed = 0;
  for (const auto& id : expected) {
    const auto it = event_ids.find(id);
    if (it == event_ids.end()) continue;
    for (const auto& [signature, ids] : it->second) {
      distinct += static_cast<long>(ids.size());
      if (ids.size() > 1) ++ids_changed;
    }
  }
  const long missing = static_cast<long>(expected.size()) - found;
  std::vector<std::string> missing_sample;
  for (const auto& id : expected) {
    if (missing_sample.size() >= 10) break;
    if (!event_ids.contains(id)) missing_sample.push_back(id);
  }
  // Where the missing ones are in the input topic: tells a lost input from a lost output.
  nlohmann::json located = nlohmann::json::object();
  if (!missing_sample.empty()) {
    for (const auto& id : missing_sample) located[id] = "not in articles";
    Reader articles(options.bootstrap, "articles");
    articles.ReadUntil(
        [&](RdKafka::Message& message) {
          const std::string key = message.key() != nullptr ? *message.key() : std::string();
          if (located.contains(key)) {
            located[key] = "articles[" + std::to_string(message.partition()) + "]@" + std::to_string(message.offset());
          }
        },
        [] { return true; }, Clock::now() + std::chrono::seconds(20), std::chrono::milliseconds(1500));
  }
  std::cout << nlohmann::json{{"expected_articles", expected.size()},
                              {"articles_with_events", found},
                              {"missing", missing},
                              {"missing_sample", located},
                              {"event_messages", messages},
                              {"distinct_event_ids", distinct},
                              {"duplicates", messages - undecodable - distinct},
                              {"undecodable", undecodable},
                              {"events_with_changed_ids", ids_changed}}
                   .dump()
            << std::endl;
  return missing == 0 && undecodable == 0 && ids_changed == 0 ? 0 : 1;
}

int VerifyDlq(const Options& options) {
  const std::string prefix = options.prefix.empty() ? "bad-" : options.prefix;
  std::set<std::string> expected;
  for (long i = 0; i < options.count; ++i) expected.insert(Id(prefix, i));
  std::set<std::string> seen;
  std::map<std::string, long> reasons;
  long messages = 0;
  long without_reason = 0;
  long without_origin = 0;
  long unexpected = 0;
  long wrong_reason = 0;
  const bool check_reasons = prefix == "bad-";
  Reader reader(options.bootstrap, options.topic.empty() ? "articles.dlq" : options.topic);
  reader.ReadUntil(
      [&](RdKafka::Message& message) {
        ++messages;
        const std::string key = message.key() != nullptr ? *message.key() : std::string();
        const std::string reason = sahelwatch::kafka::HeaderValue(message, "sahelwatch-error-reason");
        if (reason.empty() || sahelwatch::kafka::HeaderValue(message, "sahelwatch-error").empty()) ++without_reason;
        if (sahelwatch::kafka::HeaderValue(message, "sahelwatch-source-topic").empty() ||
            sahelwatch::kafka::HeaderValue(message, "sahelwatch-source-partition").empty() ||
            sahelwatch::kafka::HeaderValue(message, "sahelwatch-source-offset").empty()) {
          ++without_origin;
        }
        if (!expected.contains(key)) {
          if (key.rfind("good-", 0) == 0) ++unexpected;  // a valid article must never land here
          return;
        }
        if (!seen.insert(key).second) return;
        ++reasons[reason];
        if (check_reasons && reason != ExpectedReason(std::stol(key.substr(prefix.size())))) ++wrong_reason;
      },
      [&] { return seen.size() == expected.size(); }, Clock::now() + std::chrono::seconds(options.timeout_seconds),
      std::chrono::milliseconds(1500));
  const long missing = static_cast<long>(expected.size() - seen.size());
  std::cout << nlohmann::json{{"expected", expected.size()},
                              {"found", seen.size()},
                              {"missing", missing},
                              {"dlq_messages", messages},
                              {"without_reason", without_reason},
                              {"without_origin", without_origin},
                              {"valid_articles_in_dlq", unexpected},
                              {"wrong_reason", wrong_reason},
                              {"reasons", reasons}}
                   .dump()
            << std::endl;
  return missing == 0 && without_reason == 0 && without_origin == 0 && unexpected == 0 && wrong_reason == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = Parse(argc, argv);
    if (options.command == "produce") return Produce(options);
    if (options.command == "malformed") return ProduceMalformed(options);
    if (options.command == "verify-events") return VerifyEvents(options);
    if (options.command == "verify-dlq") return VerifyDlq(options);
    throw std::invalid_argument("unknown command " + options.command);
  } catch (const std::invalid_argument& error) {
    std::cerr << "sahelwatch_testkit: " << error.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "sahelwatch_testkit: " << error.what() << "\n";
    return 1;
  }
}
