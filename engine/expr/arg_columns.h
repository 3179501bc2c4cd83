// ArgColumns: the argument columns a kernel reads, borrowed, one per argument.
//
// Rules: it does not own the columns; they outlive the kernel call (the evaluator keeps a
// column reference's column in the batch and a computed argument in its own storage). It reads
// like a `const std::vector<Column>&`: `args[i]`, `args.size()`, `for (const Column& c : args)`,
// and a vector of columns converts to it, so a caller holding its own columns passes them as
// they are.
#pragma once

#include <cstddef>
#include <iterator>
#include <vector>

#include "engine/types/column.h"
#include "spec/check.h"

namespace sluice::engine {

class ArgColumns {
 public:
  // Iterates the columns as `const Column&`.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Column;
    using difference_type = std::ptrdiff_t;
    using pointer = const Column*;
    using reference = const Column&;

    explicit Iterator(const Column* const* at) : at_(at) {}
    const Column& operator*() const { return **at_; }
    const Column* operator->() const { return *at_; }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const Iterator& other) const = default;

   private:
    const Column* const* at_;
  };

  ArgColumns() = default;
  explicit ArgColumns(std::vector<const Column*> columns) : columns_(std::move(columns)) {
    for (const Column* c : columns_) SLUICE_CHECK(c != nullptr, "an argument column");
  }
  // NOLINTNEXTLINE(google-explicit-constructor): a caller's own columns, passed as they are.
  ArgColumns(const std::vector<Column>& columns) {
    columns_.reserve(columns.size());
    for (const Column& c : columns) columns_.push_back(&c);
  }

  const Column& operator[](size_t i) const { return *columns_[i]; }
  const Column& front() const { return *columns_.front(); }
  const Column& back() const { return *columns_.back(); }
  size_t size() const { return columns_.size(); }
  bool empty() const { return columns_.empty(); }
  Iterator begin() const { return Iterator(columns_.data()); }
  Iterator end() const { return Iterator(columns_.data() + columns_.size()); }

 private:
  std::vector<const Column*> columns_;
};

}  // namespace sluice::engine
