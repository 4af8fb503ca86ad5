#include "kafka/offset_tracker.h"

#include <gtest/gtest.h>

namespace sahelwatch::kafka {
namespace {

const PartitionKey kP0{"articles", 0};
const PartitionKey kP1{"articles", 1};

std::shared_ptr<ArticleJob> Job(const PartitionKey& key, std::int64_t offset) {
  return std::make_shared<ArticleJob>(key, offset);
}

TEST(OffsetTracker, CommitsOnlyTheContiguousCompletedPrefix) {
  OffsetTracker tracker;
  tracker.Assign(kP0);
  auto a = Job(kP0, 10), b = Job(kP0, 11), c = Job(kP0, 12);
  for (const auto& job : {a, b, c}) tracker.Add(job);

  // The later articles finish first: nothing may be committed past the slow one.
  b->Release();
  c->Release();
  EXPECT_TRUE(tracker.TakeCommittable().empty());
  EXPECT_EQ(tracker.InFlight(), 3u);

  a->Release();
  const auto commits = tracker.TakeCommittable();
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].key, kP0);
  EXPECT_EQ(commits[0].next_offset, 13);  // Kafka's convention: next offset to read
  EXPECT_EQ(tracker.InFlight(), 0u);
  EXPECT_TRUE(tracker.TakeCommittable().empty()) << "a position is handed out once";
}

TEST(OffsetTracker, AJobIsDoneOnlyWhenEveryOutputWasAcknowledged) {
  OffsetTracker tracker;
  tracker.Assign(kP0);
  auto job = Job(kP0, 0);
  tracker.Add(job);
  job->Hold();     // one event produced
  job->Hold();     // one alert produced
  job->Release();  // worker done
  job->Release();  // event acknowledged
  EXPECT_TRUE(tracker.TakeCommittable().empty()) << "the alert is not acknowledged yet";
  job->Release();
  ASSERT_EQ(tracker.TakeCommittable().size(), 1u);
}

TEST(OffsetTracker, PartitionsAreIndependent) {
  OffsetTracker tracker;
  tracker.Assign(kP0);
  tracker.Assign(kP1);
  auto slow = Job(kP0, 5), fast = Job(kP1, 7);
  tracker.Add(slow);
  tracker.Add(fast);
  fast->Release();
  const auto commits = tracker.TakeCommittable();
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].key, kP1);
  EXPECT_EQ(commits[0].next_offset, 8);
  EXPECT_EQ(tracker.InFlight({kP0}), 1u);
  EXPECT_EQ(tracker.InFlight({kP1}), 0u);
}

TEST(OffsetTracker, FailedCommitIsRetriedUntilSuperseded) {
  OffsetTracker tracker;
  tracker.Assign(kP0);
  auto a = Job(kP0, 0);
  tracker.Add(a);
  a->Release();
  ASSERT_EQ(tracker.TakeCommittable().size(), 1u);

  tracker.MarkCommitFailed(kP0, 1);
  auto retry = tracker.TakeCommittable();
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].next_offset, 1);
  EXPECT_TRUE(tracker.TakeCommittable().empty());

  // A newer position was handed out: the old failure must not rewind the commit.
  auto b = Job(kP0, 1);
  tracker.Add(b);
  b->Release();
  ASSERT_EQ(tracker.TakeCommittable()[0].next_offset, 2);
  tracker.MarkCommitFailed(kP0, 1);
  EXPECT_TRUE(tracker.TakeCommittable().empty());
  tracker.MarkCommitFailed(kP0, 2);
  ASSERT_EQ(tracker.TakeCommittable().size(), 1u);
}

TEST(OffsetTracker, CommittableForSelectedPartitionsOnly) {
  OffsetTracker tracker;
  tracker.Assign(kP0);
  tracker.Assign(kP1);
  auto a = Job(kP0, 0), b = Job(kP1, 0);
  tracker.Add(a);
  tracker.Add(b);
  a->Release();
  b->Release();
  const auto commits = tracker.TakeCommittable({kP1});
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].key, kP1);
  EXPECT_EQ(tracker.TakeCommittable().size(), 1u) << "P0 is still pending";
}

TEST(OffsetTracker, ForgetAndReassignDropStaleJobs) {
  OffsetTracker tracker;
  tracker.Assign(kP0);
  auto stale = Job(kP0, 50);
  tracker.Add(stale);
  tracker.Forget(kP0);
  EXPECT_EQ(tracker.InFlight(), 0u);
  EXPECT_FALSE(tracker.IsAssigned(kP0));
  stale->Release();  // finishing after the revoke is harmless

  // Reassigned: the fetch restarts at the committed offset; a stale job that slipped in
  // must not let the commit jump past work not yet done.
  tracker.Add(Job(kP0, 60));
  tracker.Assign(kP0);
  EXPECT_EQ(tracker.InFlight(), 0u);
  auto fresh = Job(kP0, 40);
  tracker.Add(fresh);
  EXPECT_TRUE(tracker.TakeCommittable().empty());
  fresh->Release();
  ASSERT_EQ(tracker.TakeCommittable()[0].next_offset, 41);
}

}  // namespace
}  // namespace sahelwatch::kafka
