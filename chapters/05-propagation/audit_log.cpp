#include "audit_log.h"

#include <iostream>
#include <utility>

namespace tutorial {

AuditLog::AuditLog(AuditStore& store, std::chrono::milliseconds flush_every)
    : store_(store),
      flush_every_(flush_every),
      worker_([this](std::stop_token stop) { Work(std::move(stop)); }) {}

// ~jthread requests the worker to stop and joins it; the worker writes what is left first.
AuditLog::~AuditLog() = default;

void AuditLog::Record(const context::Context& ctx, AuditEntry entry) {
  const std::scoped_lock lock(mutex_);
  queue_.push_back({ctx, std::move(entry)});
  ++recorded_;
}

void AuditLog::Flush() {
  std::unique_lock lock(mutex_);
  const std::size_t target = recorded_;
  flush_requested_ = true;
  wake_worker_.notify_one();
  flushed_.wait(lock, [&] { return handled_ >= target; });
}

std::size_t AuditLog::Lost() const {
  const std::scoped_lock lock(mutex_);
  return lost_;
}

void AuditLog::Work(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_worker_.wait_for(lock, stop, flush_every_, [this] { return flush_requested_; });
    flush_requested_ = false;
    const std::vector<Queued> batch = std::exchange(queue_, {});
    lock.unlock();  // never hold the lock while the database works
    for (const Queued& queued : batch) Write(queued);
    lock.lock();
    handled_ += batch.size();
    flushed_.notify_all();
    if (stop.stop_requested() && queue_.empty()) return;
  }
}

void AuditLog::Write(const Queued& queued) {
  if (auto written = store_.Append(queued.ctx, queued.entry); !written) {
    std::clog << "audit: entry lost (" << written.error().message() << "): " << queued.entry.request
              << " -> " << queued.entry.outcome << '\n';
    const std::scoped_lock lock(mutex_);
    ++lost_;
  }
}

}  // namespace tutorial
