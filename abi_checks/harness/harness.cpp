// abi_checks/harness/harness.cpp - fact output and the name tables.
//
// Errno and signal numbers come from the target's uapi headers; only the
// spelling of each name is written here (by the preprocessor's #).
#include "harness.hpp"

#include <asm/errno.h>
#include <asm/signal.h>

#include "environment.hpp"
#include "sysabi/rt/str.hpp"

namespace sysabi::harness {

bool value::operator==(const value& o) const {
  if (kind_ != o.kind_) return false;
  switch (kind_) {
    case kind::none:
      return true;
    case kind::boolean:
    case kind::integer:
      return int_ == o.int_;
    case kind::string:
      return rt::str_eq(str_, o.str_);
  }
  return false;
}

void value::append_json(rt::line& out) const {
  switch (kind_) {
    case kind::none:
      out.add("null");
      break;
    case kind::boolean:
      out.add(int_ ? "true" : "false");
      break;
    case kind::integer:
      out.add(int_);
      break;
    case kind::string:
      out.json_str(str_);
      break;
  }
}

namespace {

const char* const status_names[] = {"pass", "fail", "skip", "info"};
const char* const scope_names[] = {"portable", "arch", "variant"};

struct name_entry {
  int number;
  const char* name;
};

#define SYSABI_NAME(x) {x, #x},
constexpr name_entry errno_table[] = {
    SYSABI_NAME(EPERM) SYSABI_NAME(ENOENT) SYSABI_NAME(ESRCH) SYSABI_NAME(EINTR) SYSABI_NAME(
        EIO) SYSABI_NAME(ENXIO) SYSABI_NAME(E2BIG) SYSABI_NAME(ENOEXEC) SYSABI_NAME(EBADF)
        SYSABI_NAME(ECHILD) SYSABI_NAME(EAGAIN) SYSABI_NAME(ENOMEM) SYSABI_NAME(EACCES) SYSABI_NAME(
            EFAULT) SYSABI_NAME(ENOTBLK) SYSABI_NAME(EBUSY) SYSABI_NAME(EEXIST) SYSABI_NAME(EXDEV)
            SYSABI_NAME(ENODEV) SYSABI_NAME(ENOTDIR) SYSABI_NAME(EISDIR) SYSABI_NAME(EINVAL)
                SYSABI_NAME(ENFILE) SYSABI_NAME(EMFILE) SYSABI_NAME(ENOTTY) SYSABI_NAME(
                    ETXTBSY) SYSABI_NAME(EFBIG) SYSABI_NAME(ENOSPC) SYSABI_NAME(ESPIPE)
                    SYSABI_NAME(EROFS) SYSABI_NAME(EMLINK) SYSABI_NAME(EPIPE) SYSABI_NAME(
                        EDOM) SYSABI_NAME(ERANGE) SYSABI_NAME(EDEADLK) SYSABI_NAME(ENAMETOOLONG)
                        SYSABI_NAME(ENOLCK) SYSABI_NAME(ENOSYS) SYSABI_NAME(ENOTEMPTY)
                            SYSABI_NAME(ELOOP) SYSABI_NAME(ENOMSG) SYSABI_NAME(EIDRM)
                                SYSABI_NAME(ENODATA) SYSABI_NAME(ETIME) SYSABI_NAME(EOVERFLOW)
                                    SYSABI_NAME(EILSEQ) SYSABI_NAME(ENOTSOCK) SYSABI_NAME(EMSGSIZE)
                                        SYSABI_NAME(EOPNOTSUPP) SYSABI_NAME(EADDRINUSE)
                                            SYSABI_NAME(ENOBUFS) SYSABI_NAME(ETIMEDOUT)
                                                SYSABI_NAME(ECONNREFUSED) SYSABI_NAME(EALREADY)
                                                    SYSABI_NAME(EINPROGRESS) SYSABI_NAME(ESTALE)
                                                        SYSABI_NAME(EDQUOT) SYSABI_NAME(ECANCELED)
                                                            SYSABI_NAME(EOWNERDEAD)
                                                                SYSABI_NAME(ENOTRECOVERABLE)
                                                                    SYSABI_NAME(ERFKILL)
                                                                        SYSABI_NAME(EHWPOISON)};

// SIGSTKFLT is not on sparc, which has SIGEMT (7) instead.
#ifdef SIGSTKFLT
#define SYSABI_SIGSTKFLT SYSABI_NAME(SIGSTKFLT)
#else
#define SYSABI_SIGSTKFLT SYSABI_NAME(SIGEMT)
#endif
constexpr name_entry signal_table[] = {
    SYSABI_NAME(SIGHUP) SYSABI_NAME(SIGINT) SYSABI_NAME(SIGQUIT) SYSABI_NAME(SIGILL)
        SYSABI_NAME(SIGTRAP) SYSABI_NAME(SIGABRT) SYSABI_NAME(SIGBUS) SYSABI_NAME(SIGFPE)
            SYSABI_NAME(SIGKILL) SYSABI_NAME(SIGUSR1) SYSABI_NAME(SIGSEGV) SYSABI_NAME(SIGUSR2)
                SYSABI_NAME(SIGPIPE) SYSABI_NAME(SIGALRM) SYSABI_NAME(SIGTERM)
                    SYSABI_SIGSTKFLT SYSABI_NAME(SIGCHLD) SYSABI_NAME(SIGCONT)
                        SYSABI_NAME(SIGSTOP) SYSABI_NAME(SIGTSTP) SYSABI_NAME(SIGTTIN)
                            SYSABI_NAME(SIGTTOU) SYSABI_NAME(SIGURG) SYSABI_NAME(SIGXCPU)
                                SYSABI_NAME(SIGXFSZ) SYSABI_NAME(SIGVTALRM) SYSABI_NAME(SIGPROF)
                                    SYSABI_NAME(SIGWINCH) SYSABI_NAME(SIGIO) SYSABI_NAME(SIGPWR)
                                        SYSABI_NAME(SIGSYS)};
#undef SYSABI_NAME
#undef SYSABI_SIGSTKFLT

// Unknown numbers get a name built into one of these (per table).
char unknown_errno[24];
char unknown_signal[24];

template <usize N>
const char* lookup(const name_entry (&table)[N], int number, const char* prefix, char* spare) {
  for (const auto& e : table) {
    if (e.number == number) return e.name;
  }
  rt::sbuf<24> b(prefix);
  b.add(number);
  for (usize i = 0; i <= b.size(); ++i) spare[i] = b.c_str()[i];
  return spare;
}

process_env g_env;
unsigned* g_failure_flag = nullptr;
char g_environment_cause[160];  // "": no problem recorded (plain storage: no constructor)
char* g_shared_cause = nullptr;
usize g_shared_cause_size = 0;

const char* environment_hint(int err) {
  switch (err) {
    case EAGAIN: return "too many processes for this user: RLIMIT_NPROC";
    case ENOMEM: return "out of memory";
    case EMFILE: return "too many open files: RLIMIT_NOFILE";
    case ENFILE: return "the system's file table is full";
    case ENOSPC: return "no space left in TMPDIR";
    case EDQUOT: return "disk quota exceeded in TMPDIR";
  }
  return "a limit of this environment";
}

}  // namespace

bool is_environment_errno(int err) {
  return err == EAGAIN || err == ENOMEM || err == EMFILE || err == ENFILE || err == ENOSPC ||
         err == EDQUOT;
}

void share_environment_cause_in(char* shared, usize size) {
  g_shared_cause = shared;
  g_shared_cause_size = size;
}

void environment_problem(const char* what, int err) {
  if (g_environment_cause[0]) return;  // the first cause is the one that matters
  rt::sbuf<sizeof g_environment_cause> b("the environment: ");
  b.add(what).add(" failed with ").add(errno_name(err));
  b.add(" (").add(environment_hint(err)).add(')');
  for (usize i = 0; i <= b.size(); ++i) g_environment_cause[i] = b.c_str()[i];
  if (g_shared_cause && g_shared_cause_size > 0 && !g_shared_cause[0]) {
    usize i = 0;
    for (; i + 1 < g_shared_cause_size && b.c_str()[i]; ++i) g_shared_cause[i] = b.c_str()[i];
    g_shared_cause[i] = 0;
  }
}

const char* environment_cause() { return g_environment_cause[0] ? g_environment_cause : nullptr; }

void clear_environment_problem() { g_environment_cause[0] = 0; }

void flag_failures_in(unsigned* shared_flag) { g_failure_flag = shared_flag; }

const char* errno_name(int err) { return lookup(errno_table, err, "E", unknown_errno); }
const char* signal_name(int sig) { return lookup(signal_table, sig, "SIG", unknown_signal); }

void context::fact(const char* id, value got, value want, status st, const char* reason, scope sc) {
  if (st == status::fail && got.text()) {
    // A resource running out is the environment's answer, not the ABI's.
    // Not ENOMEM: mmap and friends answer it as part of their ABI.
    static constexpr int exhausted[] = {EMFILE, ENFILE, ENOSPC, EDQUOT};
    for (int err : exhausted) {
      const char* name = errno_name(err);
      if (rt::str_eq(got.text(), name) && !(want.text() && rt::str_eq(want.text(), name))) {
        rt::sbuf<96> what(id);
        environment_problem(what.c_str(), err);
      }
    }
  }
  // Nor is what a probe observes once the environment stopped its work (a
  // child never started, a file never written): a failure or an observation
  // is then a skip naming the cause, so neither reaches the identity checks
  // as a value of the ABI.
  if ((st == status::fail || st == status::info) && environment_cause()) {
    st = status::skip;
    reason = environment_cause();
    got = value::none();
  }
  rt::line l;
  l.add("{\"id\":");
  rt::sbuf<256> full(probe_);
  full.add('.').add(id);
  l.json_str(full.c_str());
  l.add(",\"value\":");
  got.append_json(l);
  l.add(",\"expect\":");
  want.append_json(l);
  l.add(",\"status\":\"").add(status_names[static_cast<int>(st)]).add('"');
  if (reason) l.add(",\"reason\":").json_str(reason);
  if (sc != scope::portable) l.add(",\"scope\":\"").add(scope_names[static_cast<int>(sc)]).add('"');
  l.add('}');
  l.emit(1);
  ++facts_;
  if (st == status::fail) {
    ++failures_;
    // A store, not an increment: no read-modify-write (aarch64's outlined
    // atomics would need libc's getauxval), and "one failed" is all it says.
    if (g_failure_flag) __atomic_store_n(g_failure_flag, 1u, __ATOMIC_RELAXED);
  }
}

bool context::check(const char* id, value got, value want, scope sc) {
  bool ok = got == want;
  fact(id, got, want, ok ? status::pass : status::fail, nullptr, sc);
  return ok;
}

void context::record(const char* id, value got, scope sc) {
  fact(id, got, value::none(), status::info, nullptr, sc);
}

void context::skip(const char* id, const char* reason, value want, scope sc) {
  fact(id, value::none(), want, status::skip, reason, sc);
}

const process_env& env() { return g_env; }
void set_env(const process_env& e) { g_env = e; }

unsigned long getauxval(unsigned long type) {
  for (unsigned long* a = g_env.auxv; a && a[0]; a += 2) {
    if (a[0] == type) return a[1];
  }
  return 0;
}

const char* self_path() {
  static char path[512];
  auto n = raw::readlinkat(-100 /* AT_FDCWD */, "/proc/self/exe", path, sizeof path - 1);
  if (!n.ok()) return nullptr;
  path[n.value()] = 0;
  return path;
}

int exec_helper(const char* name, const char* arg) {
  const char* self = self_path();
  if (self == nullptr) return -2;  // ENOENT
  const char* emulator = getenv("SYSABI_EMULATOR");
  const char* argv[7];
  int n = 0;
  if (emulator && *emulator) argv[n++] = emulator;
  argv[n++] = self;
  argv[n++] = "--helper";
  argv[n++] = name;
  if (arg) argv[n++] = arg;
  argv[n] = nullptr;
  // An empty environment, but for where the emulator finds a dynamic
  // variant's loader and libraries (sysabi run sets it for those).
  rt::sbuf<512> prefix;
  char* envp[] = {nullptr, nullptr};
  const char* ld_prefix = getenv("QEMU_LD_PREFIX");
  if (emulator && *emulator && ld_prefix) {
    prefix.add("QEMU_LD_PREFIX=").add(ld_prefix);
    envp[0] = const_cast<char*>(prefix.c_str());
  }
  auto r = raw::execve(argv[0], const_cast<char* const*>(argv), envp);
  return -r.error();
}

bool can_exec_helper() {
  if (self_path() == nullptr) return false;
  const char* emulator = getenv("SYSABI_EMULATOR");
  return (emulator && *emulator) || !under_qemu_user();
}

const char* getenv(const char* name) {
  for (char** e = g_env.envp; e && *e; ++e) {
    const char* s = *e;
    const char* n = name;
    while (*n && *s == *n) ++s, ++n;
    if (!*n && *s == '=') return s + 1;
  }
  return nullptr;
}

}  // namespace sysabi::harness
