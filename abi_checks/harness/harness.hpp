// abi_checks/harness/harness.hpp - facts, expectations, and probe registration.
//
// A probe is a function that observes the running kernel (and libc, in libc
// variants) and states what it saw as named facts:
//
//   SYSABI_PROBE(errno) {
//     auto r = raw::read(-1, buf, 1);
//     ctx.check_errno("read.bad_fd", r, EBADF);
//   }
//
// Every fact id starts with the probe's name, and the probe's name is its
// file's name: the fact `errno.read.bad_fd` comes from abi_checks/errno.cpp.
//
// Each fact is one JSON line on stdout:
//   {"id":"errno.read.bad_fd","value":"EBADF","expect":"EBADF","status":"pass"}
// with "reason" for skips and failures that need one, and "scope" when the
// value may legitimately differ between arches ("arch") or link variants
// ("variant"); facts without "scope" must be identical everywhere.
#pragma once

#include "sysabi/raw/calls.hpp"
#include "sysabi/rt/out.hpp"

namespace sysabi::harness {

enum class status : u8 { pass, fail, skip, info };
enum class scope : u8 { portable, arch, variant };

// A fact's value: none (JSON null), a boolean, an integer or a string.
class value {
 public:
  enum class kind : u8 { none, boolean, integer, string };

  static constexpr value none() { return value(); }
  constexpr value(bool b) : kind_(kind::boolean), int_(b) {}
  constexpr value(int v) : kind_(kind::integer), int_(v) {}
  constexpr value(long v) : kind_(kind::integer), int_(v) {}
  constexpr value(long long v) : kind_(kind::integer), int_(v) {}
  constexpr value(unsigned v) : kind_(kind::integer), int_(v) {}
  constexpr value(unsigned long v) : kind_(kind::integer), int_(static_cast<i64>(v)) {}
  constexpr value(unsigned long long v) : kind_(kind::integer), int_(static_cast<i64>(v)) {}
  constexpr value(const char* s) : kind_(kind::string), str_(s) {}

  constexpr kind type() const { return kind_; }
  // The text of a string value, else nullptr.
  constexpr const char* text() const { return kind_ == kind::string ? str_ : nullptr; }
  bool operator==(const value& o) const;
  void append_json(rt::line& out) const;

 private:
  constexpr value() = default;
  kind kind_ = kind::none;
  i64 int_ = 0;
  const char* str_ = nullptr;
};

// The symbolic name of an errno value ("EBADF"), or "E<number>" if unknown.
const char* errno_name(int err);
// The symbolic name of a signal ("SIGSEGV"), or "SIG<number>" if unknown.
const char* signal_name(int sig);

// When set, every failed fact also sets *shared_flag to 1: a MAP_SHARED page
// that sysabi-probe maps before it forks its probes, so it can exit 1 when
// any fact failed in any child (main.cpp).
void flag_failures_in(unsigned* shared_flag);

// --- the environment, not the ABI -------------------------------------------
//
// When the environment stops a probe from doing its work - a fork refused
// under RLIMIT_NPROC (EAGAIN) or for memory (ENOMEM), no file descriptor
// left (EMFILE, ENFILE), no space or quota in TMPDIR (ENOSPC, EDQUOT) - what
// it then sees is not an observation of the ABI.  environment_problem()
// records the cause (the harness calls it when a fork fails; so does any
// probe that meets such an error); from then on every fact of this process
// that would fail, and every observation (status info), is a skip whose
// reason names the cause.  A failing fact whose value is one of the errno
// names EMFILE, ENFILE, ENOSPC or EDQUOT records the cause itself (not
// ENOMEM: mmap answers it as part of its ABI).  sysabi-probe clears it
// before each probe (each probe's child starts clean).
bool is_environment_errno(int err);
void environment_problem(const char* what, int err);
// The recorded cause ("the environment: clone (fork) failed with EAGAIN
// (...)"), or nullptr.
const char* environment_cause();
void clear_environment_problem();
// Also copy the cause into `shared` (memory sysabi-probe maps MAP_SHARED
// before it forks its probes), so that the runner learns of a problem its
// probe's child met: a probe that then hangs or dies is a skip too.
void share_environment_cause_in(char* shared, usize size);

class context {
 public:
  explicit context(const char* probe) : probe_(probe) {}

  const char* probe() const { return probe_; }

  // got == want: pass, otherwise fail.  Returns whether it passed.
  bool check(const char* id, value got, value want, scope sc = scope::portable);
  // A raw result must be the error `want_errno`; the value is the errno's name
  // ("EBADF"), or "ok" when the call succeeded.
  template <class T>
  bool check_errno(const char* id, raw::result<T> r, int want_errno, scope sc = scope::portable) {
    return check(id, r.ok() ? value("ok") : value(errno_name(r.error())), errno_name(want_errno),
                 sc);
  }
  // An observation recorded without an expectation (status "info").
  void record(const char* id, value got, scope sc = scope::portable);
  // A fact this run cannot observe; the reason says why (missing feature,
  // needs root, emulator).  `want` is what it would have been checked against.
  void skip(const char* id, const char* reason, value want = value::none(),
            scope sc = scope::portable);
  // The general form.
  void fact(const char* id, value got, value want, status st, const char* reason, scope sc);

  // Counts of what this probe emitted.
  unsigned facts() const { return facts_; }
  unsigned failures() const { return failures_; }

 private:
  const char* probe_;
  unsigned facts_ = 0;
  unsigned failures_ = 0;
};

// --- registration ----------------------------------------------------------

using probe_fn = void (*)(context&);

struct probe_desc {
  const char* name;
  const char* file;
  probe_fn fn;
  bool hidden;  // only run when named explicitly (the harness's own self-tests)
};

// The linker collects every probe_desc placed in this section and defines
// __start_/__stop_ symbols around it: no constructors, no generated lists.
#define SYSABI_PROBE_SECTION "sysabi_probes"

#define SYSABI_PROBE_IMPL(name, hidden)                                             \
  static void sysabi_probe_fn_##name(::sysabi::harness::context& ctx);            \
  [[gnu::used, gnu::section(SYSABI_PROBE_SECTION)]] static const                  \
      ::sysabi::harness::probe_desc sysabi_probe_desc_##name = {                  \
          #name, __FILE__, &sysabi_probe_fn_##name, hidden};                      \
  static void sysabi_probe_fn_##name([[maybe_unused]] ::sysabi::harness::context& ctx)

// Defines a probe that `sysabi-probe` runs by default.
#define SYSABI_PROBE(name) SYSABI_PROBE_IMPL(name, false)
// Defines a probe that only runs when asked for by name.
#define SYSABI_HIDDEN_PROBE(name) SYSABI_PROBE_IMPL(name, true)

// --- helpers: small programs inside sysabi-probe ------------------------------
//
// Probes that need a second program (one to execve, the two ends of a
// shell-style pipeline) run sysabi-probe itself as that program:
//   sysabi-probe --helper NAME [ARG...]
// runs the helper NAME with its arguments, with no JSON framing, and exits
// with its return value.  A helper is defined like a probe:
//   SYSABI_HELPER(fd_open) { ... argc, argv ... return 0; }

using helper_fn = int (*)(int argc, char** argv);

struct helper_desc {
  const char* name;
  helper_fn fn;
};

#define SYSABI_HELPER_SECTION "sysabi_helpers"

#define SYSABI_HELPER(name)                                                        \
  static int sysabi_helper_fn_##name(int argc, char** argv);                     \
  [[gnu::used, gnu::section(SYSABI_HELPER_SECTION)]] static const                \
      ::sysabi::harness::helper_desc sysabi_helper_desc_##name = {               \
          #name, &sysabi_helper_fn_##name};                                      \
  static int sysabi_helper_fn_##name([[maybe_unused]] int argc,                  \
                                     [[maybe_unused]] char** argv)

// The path of this probe runner (for re-executing it as a helper), or
// nullptr if /proc/self/exe cannot be read.
const char* self_path();

// Replaces this process with `sysabi-probe --helper NAME [ARG]`, with an
// empty environment.  Under qemu-user the emulator must be started again
// (the kernel cannot run a foreign binary itself): `sysabi run` names it in
// SYSABI_EMULATOR.  Returns only on failure, with -errno.
int exec_helper(const char* name, const char* arg = nullptr);

// Whether exec_helper can work here: the runner's path is known, and under
// qemu-user an emulator to start it with is named.
bool can_exec_helper();

// --- the process this probe runs in ------------------------------------------

struct process_env {
  int argc;
  char** argv;
  char** envp;
  unsigned long* auxv;
};
// argv/envp/auxv as the probe runner received them (for probes that re-exec
// themselves or read the auxiliary vector).
const process_env& env();
// The value of auxv entry `type`, or 0 if absent.
unsigned long getauxval(unsigned long type);
// An environment variable's value, or nullptr.
const char* getenv(const char* name);

}  // namespace sysabi::harness
