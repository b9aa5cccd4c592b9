// abi_checks/vdso_census.cpp - what the kernel's vDSO exports, and whether
// each function answers as the system call does (docs/census.md).
//
//   vdso_census.<abi>.mapped          auxv has AT_SYSINFO_EHDR            (info)
//   vdso_census.<abi>.symbol.<name>   each exported function, valued with
//                                     its version ("LINUX_2.6")           (info)
//   vdso_census.<abi>.agrees.<call>[.<clock>]
//                                     the vDSO function and the system call
//                                     give the same answer                (check)
//
// The symbols come from the vDSO's dynamic symbol table and its
// versym/verdef sections (raw/vdso.hpp).  Compared, for every function the
// vDSO exports under its __vdso_/__kernel_ name:
//     clock_gettime[64]   per clock the kernel supports (clock_getres succeeds):
//                         the same error, and a time between two system calls
//                         made around it (widened by the clock's resolution,
//                         which is a tick for the coarse clocks)
//     clock_getres[_time64]  exactly the same resolution
//     gettimeofday, time  between two system calls around it
//     getcpu              the same CPU and node as system calls around it
// A wall clock may be stepped while we look: a comparison is tried up to
// five times and fails only if it never holds.  Under qemu-user the vDSO (if
// there is one) is qemu's: one skip.
#include <asm/errno.h>
#include <linux/time.h>

#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "sysabi/raw/vdso.hpp"
#include "sysabi/rt/str.hpp"

#ifndef CLOCK_TAI
#define CLOCK_TAI 11
#endif

namespace {

using namespace sysabi;
using harness::scope;

constexpr unsigned long at_sysinfo_ehdr = 33;  // AT_SYSINFO_EHDR, <linux/auxvec.h>
constexpr int attempts = 5;

struct clock_desc {
  int id;
  const char* name;
};
#define SYSABI_CLOCK(c) {c, #c}
constexpr clock_desc clocks[] = {
    SYSABI_CLOCK(CLOCK_REALTIME),       SYSABI_CLOCK(CLOCK_MONOTONIC),
    SYSABI_CLOCK(CLOCK_PROCESS_CPUTIME_ID), SYSABI_CLOCK(CLOCK_THREAD_CPUTIME_ID),
    SYSABI_CLOCK(CLOCK_MONOTONIC_RAW),  SYSABI_CLOCK(CLOCK_REALTIME_COARSE),
    SYSABI_CLOCK(CLOCK_MONOTONIC_COARSE), SYSABI_CLOCK(CLOCK_BOOTTIME),
    SYSABI_CLOCK(CLOCK_REALTIME_ALARM), SYSABI_CLOCK(CLOCK_BOOTTIME_ALARM),
    SYSABI_CLOCK(CLOCK_TAI),
};
#undef SYSABI_CLOCK

// `long` seconds and nanoseconds: the time types of clock_gettime and
// clock_getres (32-bit on i386 and arm, 64-bit elsewhere).
struct long_timespec {
  long sec;
  long nsec;
};
struct long_timeval {
  long sec;
  long usec;
};

template <class TS>
i64 ns(const TS& t) {
  return static_cast<i64>(t.tv_sec) * 1000000000LL + t.tv_nsec;
}
i64 ns(const long_timespec& t) { return static_cast<i64>(t.sec) * 1000000000LL + t.nsec; }

// The call behind a vDSO function: which syscall, and which time type.
enum class fn_kind : u8 { gettime_long, gettime_64, getres_long, getres_64, gettimeofday, time, getcpu };

struct compared {
  const char* base;  // the name without __vdso_/__kernel_
  fn_kind kind;
  long number;       // the system call's number, -1 if this arch has none
};

constexpr compared comparable[] = {
    {"clock_gettime", fn_kind::gettime_long, __NR_clock_gettime},
#ifdef __NR_clock_gettime64
    {"clock_gettime64", fn_kind::gettime_64, __NR_clock_gettime64},
#else
    {"clock_gettime64", fn_kind::gettime_64, -1},
#endif
    {"clock_getres", fn_kind::getres_long, __NR_clock_getres},
#ifdef __NR_clock_getres_time64
    {"clock_getres_time64", fn_kind::getres_64, __NR_clock_getres_time64},
#else
    {"clock_getres_time64", fn_kind::getres_64, -1},
#endif
#ifdef __NR_gettimeofday
    {"gettimeofday", fn_kind::gettimeofday, __NR_gettimeofday},
#else
    {"gettimeofday", fn_kind::gettimeofday, -1},
#endif
#ifdef __NR_time
    {"time", fn_kind::time, __NR_time},
#else
    {"time", fn_kind::time, -1},
#endif
    {"getcpu", fn_kind::getcpu, __NR_getcpu},
};

const char* base_name(const char* name) {
  if (rt::starts_with(name, "__vdso_")) return name + 7;
  if (rt::starts_with(name, "__kernel_")) return name + 9;
  return nullptr;  // an unprefixed alias (x86's clock_gettime): compared under its prefixed name
}

using gettime_long_fn = int (*)(int, long_timespec*);
using gettime_64_fn = int (*)(int, raw::kernel_timespec*);
using gettimeofday_fn = int (*)(long_timeval*, void*);
using time_fn = long (*)(long*);
using getcpu_fn = int (*)(unsigned*, unsigned*, void*);

// The clock's resolution from the 64-bit-time system call; false if the
// kernel does not support the clock.
bool resolution_ns(int clock, i64* res) {
  raw::kernel_timespec ts{};
#ifdef __NR_clock_getres_time64
  long r = raw::call(__NR_clock_getres_time64, clock, &ts);
#else
  long r = raw::call(__NR_clock_getres, clock, &ts);
#endif
  if (r != 0) return false;
  *res = ns(ts);
  return true;
}

void reason_into(char* out, usize size, const rt::sbuf<256>& b) {
  usize i = 0;
  for (; i + 1 < size && b.c_str()[i]; ++i) out[i] = b.c_str()[i];
  out[i] = 0;
}

// One comparison of a clock_gettime/clock_getres function for `clock`;
// returns whether it agreed, with the last disagreement in `why`.
bool agrees_clock(const compared& c, const void* fn, int clock, i64 res, char* why, usize size) {
  for (int attempt = 0; attempt < attempts; ++attempt) {
    rt::sbuf<256> b;
    if (c.kind == fn_kind::gettime_long || c.kind == fn_kind::gettime_64) {
      i64 before = 0, got = 0, after = 0;
      long r1, rv, r2;
      if (c.kind == fn_kind::gettime_long) {
        long_timespec a{}, v{}, z{};
        r1 = raw::call(c.number, clock, &a);
        rv = reinterpret_cast<gettime_long_fn>(const_cast<void*>(fn))(clock, &v);
        r2 = raw::call(c.number, clock, &z);
        before = ns(a), got = ns(v), after = ns(z);
      } else {
        raw::kernel_timespec a{}, v{}, z{};
        r1 = raw::call(c.number, clock, &a);
        rv = reinterpret_cast<gettime_64_fn>(const_cast<void*>(fn))(clock, &v);
        r2 = raw::call(c.number, clock, &z);
        before = ns(a), got = ns(v), after = ns(z);
      }
      if (r1 != rv || r1 != r2) {
        b.add("returned ").add(rv).add(", the system call ").add(r1);
      } else if (r1 != 0 || (before - res <= got && got <= after + res)) {
        return true;
      } else {
        b.add("gave ").add(got).add(" ns, the system calls around it ").add(before).add(" and ").add(after);
      }
    } else {
      long rs, rv;
      i64 sys = 0, got = 0;
      if (c.kind == fn_kind::getres_long) {
        long_timespec a{}, v{};
        rs = raw::call(c.number, clock, &a);
        rv = reinterpret_cast<gettime_long_fn>(const_cast<void*>(fn))(clock, &v);
        sys = ns(a), got = ns(v);
      } else {
        raw::kernel_timespec a{}, v{};
        rs = raw::call(c.number, clock, &a);
        rv = reinterpret_cast<gettime_64_fn>(const_cast<void*>(fn))(clock, &v);
        sys = ns(a), got = ns(v);
      }
      if (rs == rv && sys == got) return true;
      b.add("returned ").add(rv).add(" with ").add(got).add(" ns, the system call ").add(rs).add(" with ").add(sys);
    }
    reason_into(why, size, b);
  }
  return false;
}

// gettimeofday, time, getcpu.
bool agrees_plain(const compared& c, const void* fn, char* why, usize size) {
  void* f = const_cast<void*>(fn);
  for (int attempt = 0; attempt < attempts * 200; ++attempt) {
    rt::sbuf<256> b;
    if (c.kind == fn_kind::gettimeofday) {
      long_timeval a{}, v{}, z{};
      long r1 = raw::call(c.number, &a, nullptr);
      long rv = reinterpret_cast<gettimeofday_fn>(f)(&v, nullptr);
      long r2 = raw::call(c.number, &z, nullptr);
      i64 before = static_cast<i64>(a.sec) * 1000000 + a.usec, got = static_cast<i64>(v.sec) * 1000000 + v.usec,
          after = static_cast<i64>(z.sec) * 1000000 + z.usec;
      if (r1 == 0 && rv == 0 && r2 == 0 && before <= got && got <= after) return true;
      b.add("gave ").add(got).add(" us (returned ").add(rv).add("), the system calls around it ").add(before).add(" and ").add(after);
    } else if (c.kind == fn_kind::time) {
      long before = raw::call(c.number, 0);
      long got = reinterpret_cast<time_fn>(f)(nullptr);
      long after = raw::call(c.number, 0);
      if (before <= got && got <= after) return true;
      b.add("gave ").add(got).add(", the system calls around it ").add(before).add(" and ").add(after);
    } else {
      // The CPU can change between calls: only a run where both system calls
      // agree with each other says anything.
      unsigned c1 = 0, n1 = 0, cv = 0, nv = 0, c2 = 0, n2 = 0;
      long r1 = raw::call(c.number, &c1, &n1, nullptr);
      long rv = reinterpret_cast<getcpu_fn>(f)(&cv, &nv, nullptr);
      long r2 = raw::call(c.number, &c2, &n2, nullptr);
      if (r1 != 0 || r2 != 0 || c1 != c2 || n1 != n2) continue;
      if (rv == 0 && cv == c1 && nv == n1) return true;
      b.add("gave cpu ").add(static_cast<long>(cv)).add(" node ").add(static_cast<long>(nv))
          .add(" (returned ").add(rv).add("), the system call cpu ").add(static_cast<long>(c1))
          .add(" node ").add(static_cast<long>(n1));
      if (attempt >= attempts) {
        reason_into(why, size, b);
        return false;
      }
      continue;
    }
    reason_into(why, size, b);
    if (attempt + 1 >= attempts) return false;
  }
  reason_into(why, size, rt::sbuf<256>("the system calls never ran twice on one CPU"));
  return false;
}

void agree_fact(harness::context& ctx, const char* id, bool ok, const char* why) {
  ctx.fact(id, ok, true, ok ? harness::status::pass : harness::status::fail, ok ? nullptr : why,
           scope::arch);
}

void compare(harness::context& ctx, const char* abi, const char* base, const void* fn) {
  const compared* c = nullptr;
  for (const compared& k : comparable)
    if (harness::str_equal(k.base, base)) c = &k;
  if (c == nullptr) return;  // not a call with an answer to compare (rt_sigreturn, flush_icache, ...)
  rt::sbuf<128> id;
  id.add(abi).add(".agrees.").add(base);
  if (c->number < 0) {
    ctx.skip(id.c_str(), "this arch has no system call to compare it with", true, scope::arch);
    return;
  }
  char why[256] = "";
  if (c->kind == fn_kind::gettimeofday || c->kind == fn_kind::time || c->kind == fn_kind::getcpu) {
    agree_fact(ctx, id.c_str(), agrees_plain(*c, fn, why, sizeof why), why);
    return;
  }
  for (const clock_desc& k : clocks) {
    i64 res = 0;
    if (!resolution_ns(k.id, &res)) continue;  // the kernel does not support this clock
    rt::sbuf<128> cid(id.c_str());
    cid.add('.').add(k.name);
    agree_fact(ctx, cid.c_str(), agrees_clock(*c, fn, k.id, res, why, sizeof why), why);
  }
}

}  // namespace

SYSABI_PROBE(vdso_census) {
  const char* abi = raw::arch_name;
  rt::sbuf<64> mapped_id;
  mapped_id.add(abi).add(".mapped");
  if (harness::under_qemu_user()) {
    ctx.skip(mapped_id.c_str(), "qemu-user: the vDSO a program sees here (if any) is qemu's, not the kernel's",
             harness::value::none(), scope::arch);
    return;
  }
  unsigned long ehdr = harness::getauxval(at_sysinfo_ehdr);
  ctx.record(mapped_id.c_str(), ehdr != 0, scope::arch);
  if (ehdr == 0) return;
  raw::vdso v(ehdr);
  if (!v.present()) {
    rt::sbuf<64> id;
    id.add(abi).add(".symbols");
    ctx.fact(id.c_str(), false, true, harness::status::fail,
             "AT_SYSINFO_EHDR points at no ELF image with a dynamic symbol table", scope::arch);
    return;
  }
  raw::vdso::symbol_info s{};
  for (u32 i = 1; i < v.symbols(); ++i) {
    if (!v.symbol(i, s) || !s.function) continue;
    rt::sbuf<128> id;
    id.add(abi).add(".symbol.").add(s.name);
    ctx.record(id.c_str(), s.version, scope::arch);
  }
  for (u32 i = 1; i < v.symbols(); ++i) {
    if (!v.symbol(i, s) || !s.function) continue;
    if (const char* base = base_name(s.name)) compare(ctx, abi, base, s.address);
  }
}
