// Buffer<T>: a std::vector whose resize leaves new elements of a trivial type uninitialized, for
// column buffers that are written right after they grow. A std::vector zeroes every new element
// first, which, for a kernel's result of a million rows, is a pass over memory that the kernel's
// own loop then repeats.
//
// Rules: after resize(n) without a value, the new elements of a trivial T are indeterminate and
// must be written before they are read. resize(n, value), push_back and assign set values as a
// std::vector does.
#pragma once

#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace sluice::engine {

// std::allocator, except that construction without arguments default-initializes (a no-op for a
// trivial T) where std::allocator value-initializes (zeroes).
template <class T>
class DefaultInitAllocator : public std::allocator<T> {
 public:
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };

  using std::allocator<T>::allocator;

  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) {
      ::new (static_cast<void*>(p)) U;
    } else {
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
  }
};

template <class T>
using Buffer = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace sluice::engine
