#include "runtime/stop_signals.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "storage/status.h"

namespace sluice::runtime {
namespace {

// The self-pipe: the handler writes the signal's number; the watcher thread reads it. A zero byte
// from the destructor ends the watcher.
int g_pipe[2] = {-1, -1};
std::atomic<bool> g_signalled{false};

extern "C" void OnStopSignal(int signo) {
  g_signalled.store(true);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  const char byte = static_cast<char>(signo);
  [[maybe_unused]] ssize_t n = write(g_pipe[1], &byte, 1);
}

}  // namespace

StopOnSignals::StopOnSignals(std::function<void()> stop) : stop_(std::move(stop)) {
  SLUICE_CHECK(g_pipe[0] < 0, "one StopOnSignals at a time");
  SLUICE_CHECK(pipe(g_pipe) == 0, "a pipe for the stop signals");
  g_signalled.store(false);
  watcher_ = std::thread([this] {
    char byte = 0;
    while (read(g_pipe[0], &byte, 1) < 0 && errno == EINTR) {
    }
    if (byte != 0) stop_();
  });
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  action.sa_flags = SA_RESTART;  // a system call the signal lands in goes on, not fails with EINTR
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

StopOnSignals::~StopOnSignals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  const char quit = 0;
  [[maybe_unused]] ssize_t n = write(g_pipe[1], &quit, 1);
  watcher_.join();
  close(g_pipe[0]);
  close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
}

bool StopOnSignals::signalled() const { return g_signalled.load(); }

}  // namespace sluice::runtime
