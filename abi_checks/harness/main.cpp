// abi_checks/harness/main.cpp - sysabi-probe, the program every variant builds.
//
//   sysabi-probe [--timeout-ms N] [PROBE...]   run probes, JSON Lines on stdout
//   sysabi-probe --format ktap [--ktap-depth N] [--timeout-ms N] [PROBE...]
//                                              the same as KTAP version 1
//                                              (harness/ktap.hpp, docs/kernel-ci.md)
//   sysabi-probe --list                        one probe name per line
//   sysabi-probe --helper NAME [ARG...]        a helper program (harness.hpp)
//
// Exit status: 0 every probe ran and no fact failed; 1 a fact failed (in
// any probe, the harness's own `<probe>.outcome` included); 2 bad usage.
// With --format ktap, kselftest's: 0 passed, 1 a fact failed, 4 every probe
// skipped; 2 still bad usage.
//
// Output: a header line naming the variant, one line per fact, and a trailer
// line; the host side (`sysabi run`) treats a missing trailer as a
// truncated run.  Every probe runs in its own child under the time limit; how
// the child ended is itself a fact, `<probe>.outcome`, expected "exited 0".
#include <linux/mman.h>

#include "child.hpp"
#include "harness.hpp"
#include "ktap.hpp"
#include "sysabi/rt/main.hpp"

#ifndef SYSABI_VARIANT
#error "SYSABI_VARIANT (arch-libc-linkage) must be defined by the build"
#endif

extern "C" const sysabi::harness::probe_desc __start_sysabi_probes[];
extern "C" const sysabi::harness::probe_desc __stop_sysabi_probes[];
// Weak: a build with no helpers has no such section.
extern "C" const sysabi::harness::helper_desc __start_sysabi_helpers[] __attribute__((weak));
extern "C" const sysabi::harness::helper_desc __stop_sysabi_helpers[] __attribute__((weak));

namespace sysabi::harness {
void set_env(const process_env& e);
}

namespace {

using namespace sysabi;
using harness::probe_desc;

constexpr unsigned default_timeout_ms = 10000;

void usage_error(const char* what, const char* arg) {
  rt::line l;
  l.add("sysabi-probe: ").add(what);
  if (arg) l.add(": ").add(arg);
  l.add(" (usage: sysabi-probe [--list] [--format json|ktap] [--ktap-depth N] [--timeout-ms N]"
        " [PROBE...]; exits 0 if no fact failed, 1 if one did, 2 on bad usage)");
  l.emit(2);
}

// The probes in name order, so output order does not depend on link order.
struct probe_list {
  const probe_desc* items[256];
  int count = 0;
};

probe_list sorted_probes() {
  probe_list l;
  for (const probe_desc* p = __start_sysabi_probes; p < __stop_sysabi_probes && l.count < 256;
       ++p) {
    int i = l.count++;
    while (i > 0) {
      const char* a = l.items[i - 1]->name;
      const char* b = p->name;
      while (*a && *a == *b) ++a, ++b;
      if (static_cast<unsigned char>(*a) <= static_cast<unsigned char>(*b)) break;
      l.items[i] = l.items[i - 1];
      --i;
    }
    l.items[i] = p;
  }
  return l;
}

const probe_desc* find_probe(const probe_list& l, const char* name) {
  for (int i = 0; i < l.count; ++i) {
    if (rt::str_eq(l.items[i]->name, name)) return l.items[i];
  }
  return nullptr;
}

void emit_header() {
  rt::line l;
  l.add("{\"sysabi_probe\":1,\"variant\":").json_str(SYSABI_VARIANT);
  l.add(",\"arch\":").json_str(raw::arch_name);
  l.add('}');
  l.emit(1);
}

// Where a probe's child leaves the environment problem it met (in the
// shared page, after the failure flag).
char* g_child_cause = nullptr;
constexpr usize child_cause_offset = 64, child_cause_size = 256;

void run_probe(const probe_desc& p, unsigned timeout_ms) {
  harness::clear_environment_problem();  // a cause met before belongs to an earlier probe
  if (g_child_cause) g_child_cause[0] = 0;
  auto ended = harness::in_child(
      [&p]() -> int {
        harness::context ctx(p.name);
        p.fn(ctx);
        return 0;
      },
      timeout_ms);
  char what[96];
  harness::describe(ended, timeout_ms, what, sizeof what);
  harness::context ctx(p.name);
  if (!ended.exited_with(0) && g_child_cause && g_child_cause[0]) {
    // It hung or died after the environment stopped it: not the ABI's doing.
    rt::sbuf<384> why(g_child_cause);
    why.add("; then the probe ").add(what);
    ctx.skip("outcome", why.c_str(), "exited 0");
    return;
  }
  ctx.check("outcome", what, "exited 0");
}

}  // namespace

int sysabi_main(int argc, char** argv, char** envp, unsigned long* auxv) {
  harness::set_env({argc, argv, envp, auxv});
  probe_list all = sorted_probes();

  // sysabi-probe --helper NAME [ARG...]: a helper program, no JSON framing.
  if (argc >= 2 && rt::str_eq(argv[1], "--helper")) {
    for (const auto* h = __start_sysabi_helpers; h && h < __stop_sysabi_helpers; ++h) {
      if (argc >= 3 && rt::str_eq(h->name, argv[2])) return h->fn(argc - 3, argv + 3);
    }
    usage_error("unknown helper", argc >= 3 ? argv[2] : nullptr);
    return 2;
  }

  unsigned timeout_ms = default_timeout_ms;
  bool ktap_format = false;
  unsigned ktap_depth = 0;
  const probe_desc* chosen[256];
  int nchosen = 0;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (rt::str_eq(a, "--list")) {
      for (int k = 0; k < all.count; ++k) {
        if (all.items[k]->hidden) continue;
        rt::line l;
        l.add(all.items[k]->name);
        l.emit(1);
      }
      return 0;
    }
    if (rt::str_eq(a, "--timeout-ms")) {
      u64 v = 0;
      if (i + 1 >= argc || !rt::parse_u64(argv[i + 1], &v) || v == 0 || v > 3600000) {
        usage_error("--timeout-ms needs a number of milliseconds (1..3600000)",
                    i + 1 < argc ? argv[i + 1] : nullptr);
        return 2;
      }
      timeout_ms = static_cast<unsigned>(v);
      ++i;
      continue;
    }
    if (rt::str_eq(a, "--format")) {
      if (i + 1 < argc && rt::str_eq(argv[i + 1], "ktap")) {
        ktap_format = true;
      } else if (i + 1 < argc && rt::str_eq(argv[i + 1], "json")) {
        ktap_format = false;
      } else {
        usage_error("--format needs json or ktap", i + 1 < argc ? argv[i + 1] : nullptr);
        return 2;
      }
      ++i;
      continue;
    }
    if (rt::str_eq(a, "--ktap-depth")) {
      u64 v = 0;
      if (i + 1 >= argc || !rt::parse_u64(argv[i + 1], &v) || v > 16) {
        usage_error("--ktap-depth needs a number of levels (0..16)",
                    i + 1 < argc ? argv[i + 1] : nullptr);
        return 2;
      }
      ktap_depth = static_cast<unsigned>(v);
      ++i;
      continue;
    }
    if (a[0] == '-') {
      usage_error("unknown option", a);
      return 2;
    }
    const probe_desc* p = find_probe(all, a);
    if (!p) {
      usage_error("unknown probe", a);
      return 2;
    }
    if (nchosen < 256) chosen[nchosen++] = p;
  }
  if (nchosen == 0) {
    for (int k = 0; k < all.count; ++k) {
      if (!all.items[k]->hidden) chosen[nchosen++] = all.items[k];
    }
  }

  // The failure flag, shared with every forked probe child.  Without it the
  // exit status cannot say "nothing failed", so it says 1.
  auto page = raw::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  unsigned* failures = page.ok() ? static_cast<unsigned*>(page.value()) : nullptr;
  if (failures) {
    *failures = 0;
    harness::flag_failures_in(failures);
    g_child_cause = static_cast<char*>(page.value()) + child_cause_offset;
    harness::share_environment_cause_in(g_child_cause, child_cause_size);
  } else {
    rt::line e;
    e.add("sysabi-probe: cannot map the shared failure flag: ").add(harness::errno_name(page.error()));
    e.add("; exit status 1 whatever the facts say");
    e.emit(2);
  }

  if (ktap_format) {
    // Each probe's JSON lines captured, then written as one nested level.
    harness::ktap::stream out(1, ktap_depth);
    out.begin(static_cast<unsigned>(nchosen));
    for (int k = 0; k < nchosen; ++k) {
      harness::ktap::capture cap;
      int err = cap.begin();
      if (err < 0) {
        out.not_captured(static_cast<unsigned>(k + 1), chosen[k]->name, err);
        continue;
      }
      run_probe(*chosen[k], timeout_ms);
      cap.end();
      out.probe(static_cast<unsigned>(k + 1), chosen[k]->name, cap.fd());
    }
    return out.exit_status();
  }

  emit_header();
  for (int k = 0; k < nchosen; ++k) run_probe(*chosen[k], timeout_ms);
  rt::line l;
  l.add("{\"done\":true,\"probes\":").add(nchosen).add('}');
  l.emit(1);
  return failures && __atomic_load_n(failures, __ATOMIC_RELAXED) == 0 ? 0 : 1;
}
