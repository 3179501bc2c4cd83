#include "runtime/malloc_tuning.h"

#include <malloc.h>

#include <climits>
#include <cstdlib>
#include <memory>

#include "spec/check.h"

#ifdef SLUICE_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace sluice::runtime {

AllocatorSetup TuneAllocator() {
#ifdef SLUICE_WITH_MIMALLOC
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr) mi_option_enable(mi_option_large_os_pages);
  // Linked ahead of libc, mimalloc serves operator new too: check it rather than assume it.
  const auto probe = std::make_unique<char[]>(64);
  SLUICE_CHECK(mi_is_in_heap_region(probe.get()), "mimalloc serves the process's allocations");
  return mi_option_is_enabled(mi_option_large_os_pages) ? AllocatorSetup::kMimallocLargePages
                                                        : AllocatorSetup::kMimalloc;
#else
  constexpr int kLargestHeapBlockBytes = 32 * 1024 * 1024;  // glibc's maximum on 64-bit
  const bool mmap = mallopt(M_MMAP_THRESHOLD, kLargestHeapBlockBytes) == 1;
  const bool trim = mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
  return mmap && trim ? AllocatorSetup::kGlibcKeepingBatchMemory : AllocatorSetup::kUnchanged;
#endif
}

std::string_view AllocatorSetupName(AllocatorSetup setup) {
  switch (setup) {
    case AllocatorSetup::kMimallocLargePages:
      return "mimalloc-2MiB-pages";
    case AllocatorSetup::kMimalloc:
      return "mimalloc";
    case AllocatorSetup::kGlibcKeepingBatchMemory:
      return "glibc-keeping-batch-memory";
    case AllocatorSetup::kUnchanged:
      return "glibc";
  }
  return "?";
}

}  // namespace sluice::runtime
