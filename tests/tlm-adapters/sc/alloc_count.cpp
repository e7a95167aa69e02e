// SPDX-License-Identifier: Apache-2.0
// alloc_count.cpp - replaces the global operator new/delete with counting
// versions (kept out of the test's translation unit so that the compiler
// does not pair them across inlined code).
#include <atomic>
#include <cstdlib>
#include <new>

static std::atomic<unsigned long> g_news{0};

unsigned long tlmsc_alloc_count() { return g_news.load(); }

void *operator new(std::size_t n)
{
    g_news++;
    void *p = std::malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}
void *operator new[](std::size_t n) { return operator new(n); }
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }
void operator delete[](void *p, std::size_t) noexcept { std::free(p); }
