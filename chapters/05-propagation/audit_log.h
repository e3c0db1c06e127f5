// AuditLog: writes audit entries in the background, after the handler has answered.
//
//   audit.Record(ctx, {.request = "GET /users/7", .outcome = "200"});   // returns at once
//
// A worker thread writes what was recorded every `flush_every`, when Flush() asks, and when the
// log is destroyed (which waits for it: the worker is joined, never detached). Each entry is
// written with the context it was recorded with, so it may carry values (a trace id, say) down
// to the store. An entry whose context is done by the time it is written is lost: the store
// refuses work for a context that is over. That is chapter 5's last lesson.
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
  explicit AuditLog(AuditStore& store,
                    std::chrono::milliseconds flush_every = std::chrono::seconds(1));
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;
  ~AuditLog();  // writes what is still queued, then joins the worker

  // Queues the entry for the worker; never blocks on the database.
  void Record(const context::Context& ctx, AuditEntry entry);

  // Has the worker write everything recorded so far; returns once it is written (or lost).
  void Flush();

  // How many entries could not be written.
  std::size_t Lost() const;

 private:
  struct Queued {
    context::Context ctx;
    AuditEntry entry;
  };
  void Work(std::stop_token stop);
  void Write(const Queued& queued);

  AuditStore& store_;
  const std::chrono::milliseconds flush_every_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_worker_;
  std::condition_variable_any flushed_;
  std::vector<Queued> queue_;
  std::size_t recorded_ = 0;  // entries ever recorded
  std::size_t handled_ = 0;   // entries ever written or lost
  std::size_t lost_ = 0;
  bool flush_requested_ = false;
  std::jthread worker_;  // last: it starts when everything it uses exists, and is joined first
};

}  // namespace tutorial
