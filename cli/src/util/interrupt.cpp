// cli/src/util/interrupt.cpp - SIGINT/SIGTERM/SIGHUP set a flag that the job
// loop and the phase boundaries of run, diff and vm read.
#include <signal.h>

#include "sysabi/host/process.hpp"

namespace sysabi::host {

std::atomic<bool> interrupt_requested{false};
std::atomic<int> interrupt_signal{0};

namespace {

extern "C" void on_interrupt(int sig) {
  interrupt_signal.store(sig);
  interrupt_requested.store(true);
}

}  // namespace

void throw_if_interrupted() {
  if (interrupt_requested.load()) throw interrupted();
}

int interrupted_status() {
  int sig = interrupt_signal.load();
  return 128 + (sig ? sig : SIGINT);
}

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGHUP, &sa, nullptr);
}

}  // namespace sysabi::host
