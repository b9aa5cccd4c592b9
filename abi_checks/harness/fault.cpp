// abi_checks/harness/fault.cpp - see fault.hpp.
#include "harness/fault.hpp"

#include <asm/signal.h>
#include <linux/mman.h>

#include "harness/harness.hpp"
#include "sysabi/raw/calls.hpp"
#include "sysabi/rt/str.hpp"

namespace sysabi::harness {

namespace {

// What a handler saw, in a page shared with the parent.
struct record {
  int signo;
  int code;
  uptr addr;
};

// The leading fields of siginfo_t on every Linux arch sysabi supports:
// three ints (in mips's own order there), then the union, whose first member for faults is si_addr
// (aligned as a pointer: offset 16 on 64-bit, 12 on 32-bit).
// mips swaps si_code and si_errno (arch/mips/include/uapi/asm/siginfo.h).
struct kernel_siginfo_fault {
  int si_signo;
#if defined(__mips__)
  int si_code;
  int si_errno;
#else
  int si_errno;
  int si_code;
#endif
  void* si_addr;
};

record* g_record;  // set in the parent before the fork; the child inherits it

// Exit status the child uses after a caught fault (the record says which).
constexpr int caught_exit = 77;

void on_fault(int signo, void* info, void*) {
  auto* si = static_cast<kernel_siginfo_fault*>(info);
  g_record->signo = signo;
  g_record->code = si->si_code;
  g_record->addr = reinterpret_cast<uptr>(si->si_addr);
  raw::exit_group(caught_exit);
}

struct job {
  int (*fn)(void*);
  void* arg;
};

int run_job(void* p) {
  auto* j = static_cast<job*>(p);
  const int caught[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP};
  for (int sig : caught) raw::install_handler(sig, on_fault);
  return j->fn(j->arg) & 0x3f;  // below caught_exit
}

}  // namespace

fault observe(int (*fn)(void*), void* arg, const void* base, unsigned timeout_ms) {
  fault f;
  f.timeout_ms = timeout_ms;
  // One shared page for the whole run, mapped at the first call: mapping it
  // afresh each time could fill the very hole a probe just unmapped.
  if (g_record == nullptr) {
    auto page = raw::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!page.ok()) {
      f.child.ended = child_result::how::not_started;
      f.child.error = page.error();
      return f;
    }
    g_record = static_cast<record*>(page.value());
  }
  *g_record = record{};
  job j{fn, arg};
  f.child = run_in_child(run_job, &j, timeout_ms);
  if (f.child.exited_with(caught_exit) && g_record->signo != 0) {
    f.faulted = true;
    f.signo = g_record->signo;
    f.code = g_record->code;
    f.offset = static_cast<long>(g_record->addr - reinterpret_cast<uptr>(base));
  } else if (f.child.ended == child_result::how::exited) {
    f.value = f.child.code;
  }
  return f;
}

const char* si_code_name(int signo, int code, char* buf, usize size) {
  const char* name = nullptr;
  if (signo == SIGSEGV) {
    const char* names[] = {nullptr, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR"};
    if (code >= 1 && code <= 4) name = names[code];
  } else if (signo == SIGBUS) {
    const char* names[] = {nullptr, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR"};
    if (code >= 1 && code <= 3) name = names[code];
  } else if (signo == SIGILL) {
    const char* names[] = {nullptr,      "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP",
                           "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK"};
    if (code >= 1 && code <= 8) name = names[code];
  }
  if (code == 0x80) name = "SI_KERNEL";
  rt::sbuf<32> s;
  if (name)
    s.add(name);
  else
    s.add("code ").add(code);
  usize i = 0;
  for (; i + 1 < size && s.c_str()[i]; ++i) buf[i] = s.c_str()[i];
  buf[i] = 0;
  return buf;
}

const char* fault::kind(char* buf, usize size) const {
  rt::sbuf<64> s;
  char code_name[32];
  if (faulted) {
    s.add(signal_name(signo)).add(' ').add(si_code_name(signo, code, code_name, sizeof code_name));
  } else if (child.ended == child_result::how::exited) {
    s.add("no fault");
  } else {
    char d[96];
    s.add(harness::describe(child, timeout_ms, d, sizeof d));
  }
  usize i = 0;
  for (; i + 1 < size && s.c_str()[i]; ++i) buf[i] = s.c_str()[i];
  buf[i] = 0;
  return buf;
}

const char* fault::describe(char* buf, usize size) const {
  kind(buf, size);
  if (!faulted) return buf;
  rt::sbuf<96> s;
  s.add(buf).add(" at ");
  if (offset >= 0) s.add('+');
  s.add(offset);
  usize i = 0;
  for (; i + 1 < size && s.c_str()[i]; ++i) buf[i] = s.c_str()[i];
  buf[i] = 0;
  return buf;
}

}  // namespace sysabi::harness
