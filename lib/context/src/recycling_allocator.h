// Memory for cancel nodes, recycled on each thread.
//
// Contexts are made and freed in bursts: a chain of them for the layers of one request, freed
// together when the request ends. glibc's per-thread cache keeps only 7 freed blocks of each
// size, and beyond those a block of a cancel node's size (about 300 bytes) goes through malloc's
// bins, where freeing it and allocating it again cost about 300 instructions (callgrind): a third
// of a WithCancel under a closed parent. Go's allocator gives each processor a cache of free
// objects; this allocator does the same for the cancel nodes: each thread keeps up to
// kKeptPerThread freed blocks in a LIFO list and hands them out again first.
//
// A block freed on another thread than the one that allocated it joins the freeing thread's
// list (it is the same memory either way). A thread's list goes back to malloc when the thread
// ends. Under AddressSanitizer nothing is kept, so that a use after free is still reported.
#pragma once

#include <cstddef>
#include <memory>
#include <new>

namespace context::detail {

#if defined(__SANITIZE_ADDRESS__)
#define CONTEXT_KEEP_FREED_NODES 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONTEXT_KEEP_FREED_NODES 0
#endif
#endif
#ifndef CONTEXT_KEEP_FREED_NODES
#define CONTEXT_KEEP_FREED_NODES 1
#endif

// The freed blocks of one type T kept by each thread.
template <class T>
class FreedBlocks {
 public:
  // 256 blocks of a cancel node are about 80 KB per thread at most; a thread that frees what it
  // allocated keeps only as many as it had alive at once.
  static constexpr std::size_t kKeptPerThread = CONTEXT_KEEP_FREED_NODES ? 256 : 0;

  // A kept block, or null when there is none.
  static void* Take() noexcept {
    List& list = ThisThread();
    Block* const block = list.top;
    if (block == nullptr) return nullptr;
    list.top = block->next;
    --list.count;
    return block;
  }

  // Keeps `block` for a later Take on this thread; false if the list is full (or this thread is
  // ending), and then the caller frees it.
  static bool Keep(void* block) noexcept {
    List& list = ThisThread();
    if (list.closed || list.count == kKeptPerThread) return false;
    if (!list.release_at_exit) {
      // Constructed once per thread, on this first Keep: its destructor runs when the thread
      // ends and frees what is kept then.
      [[maybe_unused]] thread_local const Releaser releaser;
      list.release_at_exit = true;
    }
    list.top = new (block) Block{list.top};
    ++list.count;
    return true;
  }

 private:
  static_assert(sizeof(T) >= sizeof(void*) && alignof(T) >= alignof(void*));
  struct Block {
    Block* next;
  };
  // Trivially destructible, so that it can still be read while the thread's other thread_local
  // objects are destroyed (their destructors may free contexts).
  struct List {
    Block* top = nullptr;
    std::size_t count = 0;
    bool release_at_exit = false;
    bool closed = false;
  };
  struct Releaser {
    Releaser() = default;
    Releaser(const Releaser&) = delete;
    Releaser& operator=(const Releaser&) = delete;
    ~Releaser() {
      List& list = ThisThread();
      list.closed = true;  // blocks freed from now on go straight back to malloc
      while (void* block = Take()) std::allocator<T>().deallocate(static_cast<T*>(block), 1);
    }
  };
  static List& ThisThread() noexcept {
    thread_local List list;
    return list;
  }
};

// A standard allocator for std::allocate_shared whose single-object allocations go through the
// thread's FreedBlocks.
template <class T>
struct RecyclingAllocator {
  using value_type = T;

  RecyclingAllocator() noexcept = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>& /*other*/) noexcept {}  // NOLINT: rebinding

  T* allocate(std::size_t n) {
    if (n == 1) {
      if (void* block = FreedBlocks<T>::Take(); block != nullptr) return static_cast<T*>(block);
    }
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* block, std::size_t n) noexcept {
    if (n == 1 && FreedBlocks<T>::Keep(block)) return;
    std::allocator<T>().deallocate(block, n);
  }

  template <class U>
  bool operator==(const RecyclingAllocator<U>& /*other*/) const noexcept {
    return true;
  }
};

}  // namespace context::detail
