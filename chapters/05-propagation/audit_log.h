// AuditLog: writes audit entries in the background, after the handler has answered.
//
//   audit.Record(ctx, {.request = "GET /users/7", .outcome = "200"});   // returns at once
//
// A worker thread writes what was recorded every `flush_every`, when Flush() asks, when the
// queue is half full, and when the log is destroyed (which waits for it: the worker is joined,
// never detached). It writes all that is queued as one batch (AuditStore::AppendAll: for SQLite,
// one transaction). Each entry is written with the context it was recorded with, so it may carry
// values (a trace id, say) down to the store. An entry whose context is done by the time it is
// written is lost: the store refuses work for a context that is over. That is chapter 5's last
// lesson.
//
// The queue holds at most `capacity` entries. When the database falls behind, Record() waits for
// room instead of letting the queue, and the server's memory, grow without bound: backpressure.
// Handlers then answer a little later, which a load balancer or a client can see and act on;
// an unbounded queue would hide the problem until the process runs out of memory.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "context/context.h"
#include "user_store.h"

namespace tutorial {

class AuditLog {
 public:
  static constexpr std::size_t kDefaultCapacity = 10'000;

  explicit AuditLog(AuditStore& store,
                    std::chrono::milliseconds flush_every = std::chrono::seconds(1),
                    std::size_t capacity = kDefaultCapacity);
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;
  ~AuditLog();  // writes what is still queued, then joins the worker

  // Queues the entry for the worker. Returns at once, unless the queue is full: then it waits
  // until the worker has taken the queue away to write it.
  void Record(const context::Context& ctx, AuditEntry entry);

  // Has the worker write everything recorded so far; returns once it is written (or lost).
  void Flush();

  // How many entries could not be written.
  std::size_t Lost() const;

 private:
  void Work(std::stop_token stop);
  void Write(const std::vector<RecordedEntry>& batch);

  AuditStore& store_;
  const std::chrono::milliseconds flush_every_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_worker_;
  std::condition_variable_any flushed_;   // an entry was handled: Flush() may be done
  std::condition_variable_any has_room_;  // the worker took the queue: Record() may go on
  std::vector<RecordedEntry> queue_;
  std::size_t recorded_ = 0;  // entries ever recorded
  std::size_t handled_ = 0;   // entries ever written or lost
  std::size_t lost_ = 0;
  bool flush_requested_ = false;
  std::jthread worker_;  // last: it starts when everything it uses exists, and is joined first
};

}  // namespace tutorial
