#include "engine/state/stored_cells.h"

#include "spec/check.h"
#include "storage/state_cells.h"

namespace sluice::engine {

void StoreCells(std::string_view cells, std::string* stored, std::string* room) {
  room->resize(1 + cells.size() + storage::kCompactSlackBytes);
  const size_t n = storage::CompactCells(cells, room->data() + 1);
  if (n == storage::kNoCompactForm || 1 + n > cells.size()) {
    stored->assign(cells);  // no shorter with the mark
    return;
  }
  (*room)[0] = kCompactCellsMark;
  stored->assign(room->data(), 1 + n);
}

std::string_view StoredCells(std::string_view stored, std::string* room) {
  if (stored.empty() || stored[0] != kCompactCellsMark) return stored;
  room->clear();
  SLUICE_CHECK(storage::ExpandCells(stored.substr(1), room),
               "a stored value in compact form expands to cells");
  return *room;
}

}  // namespace sluice::engine
