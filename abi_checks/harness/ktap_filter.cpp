// abi_checks/harness/ktap_filter.cpp - sysabi-ktap: sysabi-probe's JSON lines
// in, KTAP version 1 out (ktap.hpp), with no libc.
//
//   sysabi-probe [PROBE...] | sysabi-ktap [--depth N]
//
// The standalone form of `sysabi-probe --format ktap`: the probes of one
// variant as one KTAP document (probe > fact), nested N levels deep (two
// spaces each) when another document holds it.  Exit status as kselftest's:
// 0 all passed, 1 a fact failed, 4 everything skipped, 2 bad usage.
#include "harness/ktap.hpp"
#include "sysabi/raw/calls.hpp"
#include "sysabi/rt/main.hpp"
#include "sysabi/rt/out.hpp"

namespace {

using namespace sysabi;

struct emitting {
  harness::ktap::stream* out;
  int fd;
  unsigned number;
};

void emit_one(void* arg, const char* probe, long from, long to) {
  auto* e = static_cast<emitting*>(arg);
  e->out->probe(++e->number, probe, e->fd, from, to);
}

int usage(const char* what) {
  rt::line l;
  l.add("sysabi-ktap: ").add(what).add(" (usage: sysabi-ktap [--depth N] < sysabi-probe output)");
  l.emit(2);
  return 2;
}

}  // namespace

int sysabi_main(int argc, char** argv, char**, unsigned long*) {
  unsigned depth = 0;
  for (int i = 1; i < argc; ++i) {
    u64 v = 0;
    if (rt::str_eq(argv[i], "--depth") && i + 1 < argc && rt::parse_u64(argv[i + 1], &v) && v < 16) {
      depth = static_cast<unsigned>(v);
      ++i;
      continue;
    }
    return usage(rt::str_eq(argv[i], "--depth") ? "--depth needs a number 0..15" : "unknown argument");
  }
  // Probes are counted before the first is written, so stdin is kept first.
  int fd = harness::ktap::open_scratch();
  if (fd < 0) return usage("no scratch file (memfd_create, O_TMPFILE in /tmp)");
  static char buf[65536];
  for (;;) {
    auto r = raw::read(0, buf, sizeof buf);
    if (!r.ok() && r.error() == 4 /* EINTR */) continue;
    if (!r.ok() || r.value() == 0) break;
    rt::write_all(fd, buf, static_cast<usize>(r.value()));
  }
  char variant[128];
  unsigned probes = harness::ktap::each_probe(fd, nullptr, nullptr, variant, sizeof variant);
  harness::ktap::stream out(1, depth);
  out.begin(probes);
  if (variant[0]) {
    rt::sbuf<160> d("variant: ");
    d.add(variant);
    out.diagnostic(d.c_str());
  }
  emitting e{&out, fd, 0};
  harness::ktap::each_probe(fd, emit_one, &e, variant, sizeof variant);
  return out.exit_status();
}
