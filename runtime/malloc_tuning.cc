#include "runtime/malloc_tuning.h"

#include <malloc.h>

#include <climits>

namespace sluice::runtime {

bool KeepBatchMemoryForReuse() {
  constexpr int kLargestHeapBlockBytes = 32 * 1024 * 1024;  // glibc's maximum on 64-bit
  const bool mmap = mallopt(M_MMAP_THRESHOLD, kLargestHeapBlockBytes) == 1;
  const bool trim = mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
  return mmap && trim;
}

}  // namespace sluice::runtime
