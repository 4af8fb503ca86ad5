#include "kafka/offset_tracker.h"

namespace sahelwatch::kafka {

// A fresh start: anything left from an earlier ownership of this partition is stale (the
// fetch restarts from the committed offset) and must not let a commit jump ahead.
void OffsetTracker::Assign(const PartitionKey& key) {
  Forget(key);
  partitions_.try_emplace(key);
}

void OffsetTracker::Forget(const PartitionKey& key) {
  const auto it = partitions_.find(key);
  if (it == partitions_.end()) return;
  in_flight_ -= it->second.jobs.size();
  partitions_.erase(it);
}

void OffsetTracker::Add(std::shared_ptr<ArticleJob> job) {
  // A message for a partition we no longer own (revoked mid-fetch) is still tracked, so it
  // is counted in flight; it simply never commits (the new owner re-reads it).
  auto& state = partitions_[job->key];
  state.jobs.push_back(std::move(job));
  ++in_flight_;
}

std::vector<CommitOffset> OffsetTracker::Advance(const PartitionKey& key, PartitionState& state) {
  std::int64_t next = -1;
  while (!state.jobs.empty() && state.jobs.front()->Done()) {
    next = state.jobs.front()->offset + 1;
    state.jobs.pop_front();
    --in_flight_;
  }
  if (next >= 0) {
    state.committed_next = next;
    state.needs_commit = true;
  }
  if (!state.needs_commit) return {};
  state.needs_commit = false;
  return {CommitOffset{key, state.committed_next}};
}

std::vector<CommitOffset> OffsetTracker::TakeCommittable() {
  std::vector<CommitOffset> out;
  for (auto& [key, state] : partitions_) {
    for (auto& offset : Advance(key, state)) out.push_back(std::move(offset));
  }
  return out;
}

std::vector<CommitOffset> OffsetTracker::TakeCommittable(const std::vector<PartitionKey>& keys) {
  std::vector<CommitOffset> out;
  for (const auto& key : keys) {
    const auto it = partitions_.find(key);
    if (it == partitions_.end()) continue;
    for (auto& offset : Advance(key, it->second)) out.push_back(std::move(offset));
  }
  return out;
}

void OffsetTracker::MarkCommitFailed(const PartitionKey& key, std::int64_t next_offset) {
  const auto it = partitions_.find(key);
  // Only retry if nothing newer has been handed out since; a newer commit covers it.
  if (it != partitions_.end() && it->second.committed_next == next_offset) {
    it->second.needs_commit = true;
  }
}

std::size_t OffsetTracker::InFlight(const std::vector<PartitionKey>& keys) const {
  std::size_t total = 0;
  for (const auto& key : keys) {
    const auto it = partitions_.find(key);
    if (it != partitions_.end()) total += it->second.jobs.size();
  }
  return total;
}

std::vector<PartitionKey> OffsetTracker::Partitions() const {
  std::vector<PartitionKey> out;
  out.reserve(partitions_.size());
  for (const auto& [key, state] : partitions_) out.push_back(key);
  return out;
}

}  // namespace sahelwatch::kafka
