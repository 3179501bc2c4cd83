#include "runtime/malloc_tuning.h"

#include <malloc.h>

#include <climits>
#include <cstdlib>
#include <memory>

#ifdef SLUICE_WITH_MIMALLOC
#include <mimalloc.h>
#endif

namespace sluice::runtime {

AllocatorSetup TuneAllocator() {
#ifdef SLUICE_WITH_MIMALLOC
  // Linked ahead of libc, mimalloc serves operator new too; but an allocator preloaded into the
  // process (LD_PRELOAD) comes first and keeps its own settings.
  const auto probe = std::make_unique<char[]>(64);
  if (!mi_is_in_heap_region(probe.get())) return AllocatorSetup::kOtherAllocator;
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr) mi_option_enable(mi_option_large_os_pages);
  // Freed spans of a segment still in use stay committed for longer than a batch takes (mimalloc
  // 2.0's default is 25 ms), so that the next batch reuses them instead of faulting them in again.
  // Whole freed segments follow segment_decommit_delay (500 ms), and blocks larger than a segment
  // go back to the system when freed, as before. Either variable in the environment wins.
  constexpr long kDecommitDelayMs = 5000;
  if (std::getenv("MIMALLOC_DECOMMIT_DELAY") == nullptr &&
      std::getenv("MIMALLOC_RESET_DELAY") == nullptr) {
    mi_option_set(mi_option_decommit_delay, kDecommitDelayMs);
  }
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
    case AllocatorSetup::kOtherAllocator:
      return "preloaded";
  }
  return "?";
}

}  // namespace sluice::runtime
