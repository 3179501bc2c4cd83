// ClearForReuse: how memory kept from one batch to the next (RunScratch) is emptied, so that a
// batch reuses the last one's buffers without one large batch pinning its memory for good.
#pragma once

#include <cstddef>

namespace sluice::engine {

// Empties `buffer` (a vector or string kept across batches) for the next batch, keeping its memory
// unless that is more than eight times what it held (a backlog batch's) and over 1 MiB, when the
// memory is let go. An empty buffer keeps its memory: a batch that used none (a no-data batch,
// which only evicts, between two batches of rows) says nothing of what the next one needs.
template <class Buffer>
void ClearForReuse(Buffer& buffer) {
  constexpr size_t kKeptBytes = 1 << 20;  // smaller buffers are always kept
  if (!buffer.empty() && buffer.capacity() > 8 * buffer.size() &&
      buffer.capacity() * sizeof(typename Buffer::value_type) > kKeptBytes) {
    buffer = Buffer();
  } else {
    buffer.clear();
  }
}

}  // namespace sluice::engine
