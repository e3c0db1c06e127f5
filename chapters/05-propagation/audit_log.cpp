#include "audit_log.h"

#include <algorithm>
#include <iostream>
#include <utility>

namespace tutorial {

AuditLog::AuditLog(AuditStore& store, std::chrono::milliseconds flush_every, std::size_t capacity)
    : store_(store),
      flush_every_(flush_every),
      capacity_(std::max<std::size_t>(capacity, 1)),
      worker_([this](std::stop_token stop) { Work(std::move(stop)); }) {}

// ~jthread requests the worker to stop and joins it; the worker writes what is left first.
AuditLog::~AuditLog() = default;

void AuditLog::Record(const context::Context& ctx, AuditEntry entry) {
  std::unique_lock lock(mutex_);
  // The worker never waits for Record(), and each batch it takes ends, so this wait ends too.
  has_room_.wait(lock, [this] { return queue_.size() < capacity_; });
  queue_.push_back({ctx, std::move(entry)});
  ++recorded_;
  // Half full: write now rather than at the next tick, so a burst rarely has to wait for room.
  if (queue_.size() * 2 >= capacity_) {
    flush_requested_ = true;
    wake_worker_.notify_one();
  }
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
    const std::vector<RecordedEntry> batch = std::exchange(queue_, {});
    has_room_.notify_all();
    lock.unlock();  // never hold the lock while the database works
    if (!batch.empty()) Write(batch);
    lock.lock();
    handled_ += batch.size();
    flushed_.notify_all();
    if (stop.stop_requested() && queue_.empty()) return;
  }
}

void AuditLog::Write(const std::vector<RecordedEntry>& batch) {
  const std::vector<std::error_code> outcomes = store_.AppendAll(batch);
  std::size_t lost = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {  // one outcome per entry, in order
    if (!outcomes[i]) continue;
    ++lost;
    std::clog << "audit: entry lost (" << outcomes[i].message() << "): " << batch[i].entry.request
              << " -> " << batch[i].entry.outcome << '\n';
  }
  const std::scoped_lock lock(mutex_);
  lost_ += lost;
}

}  // namespace tutorial
