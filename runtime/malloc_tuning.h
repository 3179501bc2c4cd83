// How Sluice's executables set up the process's allocator for the engine's memory.
//
// The engine holds state as many small blocks (a state store's keys and values) and batches as a
// few large ones (columns), and reaches them at random (hash tables of a million keys). With
// 4 KiB pages each such reach is a TLB miss, and each fresh page a fault; on a virtual machine both
// cost a nested page walk. docs/benchmarks.md ("The allocator and 2 MiB pages") measured a third
// of window_1m's time and half of ysb's spent so.
//
// Release builds link mimalloc (Debian libmimalloc-dev) into `sluice`, sluice-compare and
// sluice-bench ahead of libc, so that it serves every malloc and operator new of the process;
// TuneAllocator asks it for 2 MiB pages (transparent huge pages where the kernel reserves none),
// unless MIMALLOC_LARGE_OS_PAGES is set in the environment, which wins, and keeps freed spans of
// its segments committed for 5 s, not 25 ms (MIMALLOC_DECOMMIT_DELAY wins). Sanitizer builds keep
// glibc, whose allocator the sanitizers replace: there TuneAllocator keeps freed batch memory in
// the process for the next batch (blocks up to 32 MiB from the heap, which is not trimmed below
// 2 GiB free), where glibc would map such blocks fresh each batch and pay their faults again.
//
// Rules: call once, first thing in main; production mains only (the simulator and the tests keep
// the defaults). An application that links the engine chooses its own allocator.
#pragma once

#include <string_view>

namespace sluice::runtime {

enum class AllocatorSetup {
  kMimallocLargePages,       // mimalloc serves the process, with 2 MiB pages
  kMimalloc,                 // mimalloc serves the process; the environment turned large pages off
  kGlibcKeepingBatchMemory,  // glibc, keeping freed batch memory (a build without mimalloc)
  kUnchanged,                // glibc refused the settings
  kOtherAllocator,  // mimalloc is linked but another allocator serves (LD_PRELOAD): left as is
};

AllocatorSetup TuneAllocator();
std::string_view AllocatorSetupName(AllocatorSetup setup);

}  // namespace sluice::runtime
