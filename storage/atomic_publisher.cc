#include "storage/atomic_publisher.h"

namespace sluice::storage {

using spec::atomic_publish::Event;
using spec::atomic_publish::State;

std::string AtomicPublisher::TempPathFor(const std::string& path) {
  const std::string dir = ParentDir(path);
  const std::string name = dir.empty() ? path : path.substr(dir.size() + 1);
  return JoinPath(dir, "." + name + ".tmp");
}

Status AtomicPublisher::Publish(const std::string& path, std::string_view bytes,
                                const BeforeTempSync& before_temp_sync) {
  return PublishFrom(path, bytes, nullptr, before_temp_sync);
}

Status AtomicPublisher::Publish(const std::string& path, const ByteSource& source,
                                const BeforeTempSync& before_temp_sync) {
  return PublishFrom(path, {}, &source, before_temp_sync);
}

Status AtomicPublisher::PublishFrom(const std::string& path, std::string_view bytes,
                                    const ByteSource* source,
                                    const BeforeTempSync& before_temp_sync) {
  spec::Stepper<State, Event> machine(*table_, State::kStart, listener_);
  const std::string temp = TempPathFor(path);
  Status failure;
  // The hook, once, before the temporary file's sync, or before the rename where a table (a
  // simulator's protocol variant) has no sync: what the entry names is durable before its name.
  bool hook_ran = before_temp_sync == nullptr;
  const auto run_hook = [&]() -> Status {
    if (hook_ran) return Status::Ok();
    hook_ran = true;
    return before_temp_sync().WithContext("syncing what it names");
  };
  machine.Step(Event::kBegin);
  // Bounded: every state advances or fails, and the table has no cycle.
  for (int steps = 0; steps < 8; ++steps) {
    Status st;
    switch (machine.state()) {
      case State::kWritingTemp:
        st = source != nullptr ? fs_->WriteFileFrom(temp, *source) : fs_->WriteFile(temp, bytes);
        break;
      case State::kSyncingTemp:
        // Never retried: after a failed fsync Linux may have dropped the dirty pages, so a retry
        // would succeed with nothing to write.
        st = run_hook();
        if (st.ok()) st = fs_->SyncFile(temp);
        break;
      case State::kRenaming:
        st = run_hook();
        if (!st.ok()) break;
        st = fs_->RenameNoReplace(temp, path);
        if (st.code() == StatusCode::kAlreadyExists) {
          machine.Step(Event::kExists);
          (void)fs_->Remove(temp);  // best effort: a leftover temp file is harmless
          return Status::AlreadyExists(
              path + " already exists in " + fs_->Describe() +
              ": another query is writing to this checkpoint (concurrent writers are not "
              "supported; stop the other query or use another checkpoint)");
        }
        break;
      case State::kSyncingDir:
        st = fs_->SyncDir(ParentDir(path));
        break;
      case State::kPublished:
        return Status::Ok();
      case State::kFailed:
        return failure;
      default:
        SLUICE_CHECK(false, "atomic publish reached a state with no action");
    }
    if (!st.ok()) failure = st.WithContext("publishing " + path);
    machine.Step(st.ok() ? Event::kOk : Event::kError);
  }
  SLUICE_CHECK(machine.state() == State::kPublished || machine.state() == State::kFailed,
               "atomic publish did not finish within its bound");
  return machine.state() == State::kPublished ? Status::Ok() : failure;
}

}  // namespace sluice::storage
