// At-least-once bookkeeping: an offset is committed only when every message its article
// produced has been acknowledged, and commits per partition are contiguous — a slow
// article never lets a later offset commit past it.
//
// Owned by the event-loop thread. Workers and delivery callbacks only touch the atomic
// counters inside ArticleJob.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sahelwatch::kafka {

struct PartitionKey {
  std::string topic;
  std::int32_t partition = 0;
  auto operator<=>(const PartitionKey&) const = default;
};

struct ArticleJob {
  ArticleJob(PartitionKey key_in, std::int64_t offset_in)
      : key(std::move(key_in)), offset(offset_in), fetched_at(std::chrono::steady_clock::now()) {}

  // One hold for the worker processing it, plus one per produced message until acked.
  void Hold() { pending.fetch_add(1, std::memory_order_relaxed); }
  // Returns true when this release completed the job.
  bool Release() { return pending.fetch_sub(1, std::memory_order_acq_rel) == 1; }
  bool Done() const { return pending.load(std::memory_order_acquire) == 0; }

  const PartitionKey key;
  const std::int64_t offset;
  const std::chrono::steady_clock::time_point fetched_at;

 private:
  std::atomic<int> pending{1};
};

struct CommitOffset {
  PartitionKey key;
  std::int64_t next_offset;  // Kafka convention: the offset of the next message to read
};

class OffsetTracker {
 public:
  // Starts (or restarts) tracking a partition; stale jobs from an earlier ownership are dropped.
  void Assign(const PartitionKey& key);
  // Drops a partition's bookkeeping (revoked or lost). Jobs still running finish harmlessly.
  void Forget(const PartitionKey& key);
  bool IsAssigned(const PartitionKey& key) const { return partitions_.contains(key); }

  // Jobs must be added in offset order per partition (the order Kafka delivers them).
  void Add(std::shared_ptr<ArticleJob> job);

  // Pops the completed prefix of every partition and returns the new commit positions,
  // plus any position whose last commit failed (MarkCommitFailed) and is not yet superseded.
  std::vector<CommitOffset> TakeCommittable();
  // Same, for the given partitions only.
  std::vector<CommitOffset> TakeCommittable(const std::vector<PartitionKey>& keys);
  void MarkCommitFailed(const PartitionKey& key, std::int64_t next_offset);

  std::size_t InFlight() const { return in_flight_; }
  std::size_t InFlight(const std::vector<PartitionKey>& keys) const;
  std::vector<PartitionKey> Partitions() const;

 private:
  struct PartitionState {
    std::deque<std::shared_ptr<ArticleJob>> jobs;
    std::int64_t committed_next = -1;  // last position handed out for commit
    bool needs_commit = false;
  };
  std::vector<CommitOffset> Advance(const PartitionKey& key, PartitionState& state);

  std::map<PartitionKey, PartitionState> partitions_;
  std::size_t in_flight_ = 0;
};

}  // namespace sahelwatch::kafka
