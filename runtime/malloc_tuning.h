// How the production runtime sets up glibc's allocator for the engine's batch-sized buffers.
//
// A micro-batch allocates its input and output columns (megabytes each) and frees them at its end,
// batch after batch. With glibc's defaults those blocks are mapped fresh from the system and
// unmapped when freed, so every batch pays their page faults again (docs/benchmarks.md measured a
// third of the file source's time). KeepBatchMemoryForReuse keeps freed memory in the process for
// the next batch instead: blocks up to 32 MiB (glibc's most) come from the heap, and the heap is
// not trimmed back to the system below 2 GiB of free memory at its top.
//
// Rules: call once, early in main, before the engine allocates; production mains only (the
// simulator and the tests keep glibc's defaults).
#pragma once

namespace sluice::runtime {

// Returns whether glibc took both settings.
bool KeepBatchMemoryForReuse();

}  // namespace sluice::runtime
