// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench/heapcount.h"

#include <atomic>

#if defined(__SANITIZE_ADDRESS__)
#define HU60_HEAP_COUNT 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define HU60_HEAP_COUNT 0
#endif
#endif
#if !defined(HU60_HEAP_COUNT) && defined(__GLIBC__)
#define HU60_HEAP_COUNT 1
#endif
#ifndef HU60_HEAP_COUNT
#define HU60_HEAP_COUNT 0
#endif

namespace {
std::atomic<bool> s_counting{false};
std::atomic<long long> s_live{0};
std::atomic<long long> s_peak{0};
} // namespace

#if HU60_HEAP_COUNT
#include <cerrno>
#include <cstddef>
#include <malloc.h>
#include <unistd.h>

// glibc's own entry points, which the replacements below forward to.
extern "C" {
void* __libc_malloc(std::size_t size);
void __libc_free(void* pointer);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
}

namespace {

void added(void* pointer)
{
    if (!pointer || !s_counting.load(std::memory_order_relaxed))
        return;
    const long long now =
        s_live.fetch_add(static_cast<long long>(malloc_usable_size(pointer)), std::memory_order_relaxed) +
        static_cast<long long>(malloc_usable_size(pointer));
    long long peak = s_peak.load(std::memory_order_relaxed);
    while (now > peak && !s_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
}

void removed(void* pointer)
{
    if (pointer && s_counting.load(std::memory_order_relaxed))
        s_live.fetch_sub(static_cast<long long>(malloc_usable_size(pointer)), std::memory_order_relaxed);
}

void* aligned(std::size_t alignment, std::size_t size)
{
    void* pointer = __libc_memalign(alignment, size);
    added(pointer);
    return pointer;
}

} // namespace

extern "C" {

void* malloc(std::size_t size)
{
    void* pointer = __libc_malloc(size);
    added(pointer);
    return pointer;
}

void free(void* pointer)
{
    removed(pointer);
    __libc_free(pointer);
}

void* calloc(std::size_t count, std::size_t size)
{
    void* pointer = __libc_calloc(count, size);
    added(pointer);
    return pointer;
}

void* realloc(void* pointer, std::size_t size)
{
    const long long before = pointer ? static_cast<long long>(malloc_usable_size(pointer)) : 0;
    void* moved = __libc_realloc(pointer, size);
    if ((moved || size == 0) && s_counting.load(std::memory_order_relaxed))
        s_live.fetch_sub(before, std::memory_order_relaxed); // the old block is gone (or grown in place)
    added(moved);
    return moved;
}

void* memalign(std::size_t alignment, std::size_t size)
{
    return aligned(alignment, size);
}

void* aligned_alloc(std::size_t alignment, std::size_t size)
{
    return aligned(alignment, size);
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size)
{
    void* pointer = aligned(alignment, size);
    if (!pointer)
        return ENOMEM;
    *out = pointer;
    return 0;
}

void* valloc(std::size_t size)
{
    return aligned(static_cast<std::size_t>(sysconf(_SC_PAGESIZE)), size);
}

void* pvalloc(std::size_t size)
{
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    return aligned(page, (size + page - 1) / page * page);
}

} // extern "C"
#endif

bool bench::heap::available()
{
    return HU60_HEAP_COUNT != 0;
}

void bench::heap::start()
{
    s_counting = available();
}

bool bench::heap::counting()
{
    return s_counting.load();
}

qint64 bench::heap::live()
{
    return s_live.load();
}

qint64 bench::heap::peak()
{
    return s_peak.load();
}

void bench::heap::resetPeak()
{
    s_peak = s_live.load();
}
