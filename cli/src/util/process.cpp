// cli/src/util/process.cpp - children in their own process groups, read through
// pipes in one poll loop, killed (the whole group) when their time is up.
#include "sysabi/host/process.hpp"

#include "sysabi/host/test_hold.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>

#include <fmt/format.h>

extern char** environ;

namespace sysabi::host {

namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t stderr_keep = 8192;
// After a group was killed, how long to wait for its pipes to close before
// giving up on them (a member may have left the group).
constexpr milliseconds straggler_grace{2000};

struct running {
  std::size_t index;
  pid_t pid = -1;
  int out_fd = -1, err_fd = -1;
  std::string out_buf;
  std::string err_buf;
  std::size_t out_bytes = 0;
  clock::time_point deadline;
  clock::time_point killed_at{};
  bool killed = false;
  process_end::kind kill_reason = process_end::kind::exited;
  bool leader_exited = false;
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void kill_group(running& r, process_end::kind why) {
  if (!r.killed) {
    r.killed = true;
    r.kill_reason = why;
    r.killed_at = clock::now();
  }
  ::kill(-r.pid, SIGKILL);
}

std::vector<std::string> build_env(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto name = kv.substr(0, kv.find('=') + 1);
    bool replaced = std::any_of(extra.begin(), extra.end(),
                                [&](const std::string& x) { return x.starts_with(name); });
    if (!replaced) env.emplace_back(kv);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::vector<char*> c_array(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Starts a job; returns the errno of a failed start (0 on success).
// fork + execve rather than posix_spawn: glibc's posix_spawn leaves its
// internal signals (32, 33) ignored in the child, and ignored signals stay
// ignored across execve; a probe must start with every signal at its
// default, as a process started by a shell would.
int start(const job& j, running& r) {
  int out[2], err[2], report[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return errno;
  if (::pipe2(err, O_CLOEXEC) != 0) {
    int e = errno;
    ::close(out[0]);
    ::close(out[1]);
    return e;
  }
  if (::pipe2(report, O_CLOEXEC) != 0) {
    int e = errno;
    for (int fd : {out[0], out[1], err[0], err[1]}) ::close(fd);
    return e;
  }
  // Everything the child needs is made before fork: it only makes system calls.
  std::vector<std::string> argv = j.argv;
  std::vector<std::string> env = build_env(j.extra_env);
  auto c_argv = c_array(argv);
  auto c_env = c_array(env);
  const char* cwd = j.cwd.empty() ? nullptr : j.cwd.c_str();

  pid_t pid = ::fork();
  if (pid == 0) {
    // Its own process group, so that the whole group can be killed.
    ::setpgid(0, 0);
    int in = ::open("/dev/null", O_RDONLY);
    if (in >= 0 && in != 0) ::dup2(in, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    int e = 0;
    if (cwd && ::chdir(cwd) != 0) e = errno;
    if (e == 0) {
      struct sigaction dfl {};
      dfl.sa_handler = SIG_DFL;
      for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      ::execve(c_argv[0], c_argv.data(), c_env.data());
      e = errno;
    }
    ssize_t ignored = ::write(report[1], &e, sizeof e);
    (void)ignored;
    ::_exit(127);
  }
  int fork_errno = errno;
  ::close(out[1]);
  ::close(err[1]);
  ::close(report[1]);
  int child_errno = 0;
  if (pid > 0) {
    ::setpgid(pid, pid);  // also here: no window where it is still in ours
    ssize_t n;
    while ((n = ::read(report[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR) {
    }
    if (n != static_cast<ssize_t>(sizeof child_errno)) child_errno = 0;  // EOF: execve worked
  }
  ::close(report[0]);
  if (pid < 0 || child_errno != 0) {
    if (pid > 0) {
      int status;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    ::close(out[0]);
    ::close(err[0]);
    return pid < 0 ? fork_errno : child_errno;
  }
  ::fcntl(out[0], F_SETFL, O_NONBLOCK);
  ::fcntl(err[0], F_SETFL, O_NONBLOCK);
  r.pid = pid;
  r.out_fd = out[0];
  r.err_fd = err[0];
  r.deadline = clock::now() + milliseconds(j.timeout_ms);
  return 0;
}

void deliver_lines(const job& j, running& r) {
  std::size_t pos = 0;
  for (;;) {
    auto nl = r.out_buf.find('\n', pos);
    if (nl == std::string::npos) break;
    if (j.on_line) j.on_line(std::string_view(r.out_buf).substr(pos, nl - pos));
    pos = nl + 1;
  }
  r.out_buf.erase(0, pos);
}

// Reads what is there; closes the fd at EOF.
void drain(const job& j, running& r, bool is_out) {
  int& fd = is_out ? r.out_fd : r.err_fd;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      if (is_out) {
        r.out_bytes += static_cast<std::size_t>(n);
        if (r.out_bytes > j.output_limit) {
          kill_group(r, process_end::kind::output_limit);
          close_fd(fd);
          return;
        }
        r.out_buf.append(buf, static_cast<std::size_t>(n));
        deliver_lines(j, r);
      } else {
        r.err_buf.append(buf, static_cast<std::size_t>(n));
        if (r.err_buf.size() > 2 * stderr_keep)
          r.err_buf.erase(0, r.err_buf.size() - stderr_keep);
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    close_fd(fd);  // EOF or error
    return;
  }
}

process_end finish(running& r) {
  process_end e;
  int status = 0;
  while (::waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (r.err_buf.size() > stderr_keep) r.err_buf.erase(0, r.err_buf.size() - stderr_keep);
  e.stderr_tail = std::move(r.err_buf);
  if (r.killed) {
    e.how = r.kill_reason;
    e.code = SIGKILL;
    // A group killed only to clean up after a leader that had already
    // exited keeps the leader's own status.
    if (r.kill_reason != process_end::kind::exited) return e;
  }
  if (WIFEXITED(status)) {
    e.how = process_end::kind::exited;
    e.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    e.how = process_end::kind::signaled;
    e.code = WTERMSIG(status);
  }
  return e;
}

// The jobs of one run_jobs call: those not started yet and those running.
struct job_loop {
  std::vector<job>& jobs;
  unsigned parallel;
  const std::function<void(std::size_t)>& on_start;
  const std::function<void()>& on_event;
  std::list<running> active;
  std::size_t next = 0;

  void end_job(std::size_t index, std::string_view rest, const process_end& e) {
    if (jobs[index].on_end) jobs[index].on_end(rest, e);
    if (on_event) on_event();
  }

  // After a signal: kills every running group, ends the jobs not started.
  void stop_all() {
    for (auto& r : active) kill_group(r, process_end::kind::interrupted);
    process_end e;
    e.how = process_end::kind::interrupted;
    while (next < jobs.size()) end_job(next++, {}, e);
  }

  // Starts jobs until `parallel` run; a job that cannot start ends at once.
  void start_more() {
    while (active.size() < parallel && next < jobs.size()) {
      running r;
      r.index = next++;
      if (int err = start(jobs[r.index], r); err != 0) {
        process_end e;
        e.how = process_end::kind::spawn_failed;
        e.code = err;
        if (on_start) on_start(r.index);
        end_job(r.index, {}, e);
        continue;
      }
      active.push_back(std::move(r));
      if (on_start) on_start(active.back().index);
      if (on_event) on_event();
      const std::string& program = jobs[active.back().index].argv[0];
      test_hold("start:" + program.substr(program.rfind('/') + 1));
    }
  }

  // Reads what output comes before the nearest deadline; returns poll's answer.
  int poll_and_drain() {
    std::vector<pollfd> fds;
    std::vector<std::pair<running*, bool>> owners;
    auto now = clock::now();
    auto wait = milliseconds(200);
    for (auto& r : active) {
      if (r.out_fd >= 0) {
        fds.push_back({r.out_fd, POLLIN, 0});
        owners.emplace_back(&r, true);
      }
      if (r.err_fd >= 0) {
        fds.push_back({r.err_fd, POLLIN, 0});
        owners.emplace_back(&r, false);
      }
      if (!r.killed) {
        auto left = std::chrono::duration_cast<milliseconds>(r.deadline - now);
        wait = std::max(milliseconds(0), std::min(wait, left + milliseconds(1)));
      }
    }
    int n = ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
    for (std::size_t i = 0; n > 0 && i < fds.size(); ++i) {
      if (fds[i].revents) drain(jobs[owners[i].first->index], *owners[i].first, owners[i].second);
    }
    return n;
  }

  // Kills jobs past their deadline and the stragglers of exited leaders,
  // gives up on pipes held long after a kill, ends jobs whose pipes closed.
  // Returns `changed`, cleared when a job ended (end_job told on_event).
  bool reap(bool changed) {
    auto now = clock::now();
    for (auto it = active.begin(); it != active.end();) {
      running& r = *it;
      if (!r.killed && now >= r.deadline) kill_group(r, process_end::kind::timed_out);
      if (!r.leader_exited) {
        siginfo_t si{};
        if (::waitid(P_PID, static_cast<id_t>(r.pid), &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            si.si_pid == r.pid) {
          // The leader is gone (not yet reaped, so its group id cannot be reused):
          // anything left in its group is a straggler holding our pipes open.
          // Killed for that reason (kind::exited): its end keeps the leader's
          // status, and a process that left the group but holds our pipes
          // (setsid, a daemon) is given straggler_grace, never the whole
          // time limit - a finished run is not a timeout.
          r.leader_exited = true;
          kill_group(r, process_end::kind::exited);
        }
      }
      if ((r.out_fd >= 0 || r.err_fd >= 0) && r.killed && now - r.killed_at > straggler_grace) {
        close_fd(r.out_fd);
        close_fd(r.err_fd);
      }
      if (r.out_fd < 0 && r.err_fd < 0) {
        process_end e = finish(r);
        std::string rest = std::move(r.out_buf);
        std::size_t index = r.index;
        it = active.erase(it);
        end_job(index, rest, e);
        changed = false;
        continue;
      }
      ++it;
    }
    return changed;
  }
};

}  // namespace

std::string signal_name(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  if (abbrev) return std::string("SIG") + abbrev;
  return fmt::format("SIG{}", sig);
}

std::string describe(const process_end& e, unsigned timeout_ms) {
  switch (e.how) {
    case process_end::kind::exited: return fmt::format("exited {}", e.code);
    case process_end::kind::signaled: return "killed by " + signal_name(e.code);
    case process_end::kind::timed_out: return fmt::format("timed out after {} ms", timeout_ms);
    case process_end::kind::spawn_failed:
      return fmt::format("could not start: {}", std::strerror(e.code));
    case process_end::kind::output_limit: return "killed: too much output";
    case process_end::kind::interrupted: return "interrupted";
  }
  return "?";
}

std::string last_line(std::string_view text) {
  while (!text.empty()) {
    auto nl = text.find_last_of('\n');
    std::string_view tail = nl == std::string_view::npos ? text : text.substr(nl + 1);
    if (tail.find_first_not_of(" \t\r") != std::string_view::npos) return std::string(tail);
    if (nl == std::string_view::npos) break;
    text = text.substr(0, nl);
  }
  return {};
}

void run_jobs(std::vector<job>& jobs, unsigned parallel,
              const std::function<void(std::size_t)>& on_start,
              const std::function<void()>& on_event) {
  job_loop loop{jobs, parallel == 0 ? 1u : parallel, on_start, on_event, {}, 0};
  while (loop.next < jobs.size() || !loop.active.empty()) {
    if (interrupt_requested.load()) loop.stop_all();
    loop.start_more();
    if (loop.active.empty()) continue;
    int n = loop.poll_and_drain();
    if (loop.reap(n > 0) && on_event) on_event();
  }
}

captured run_capture(std::vector<std::string> argv, unsigned timeout_ms) {
  captured c;
  std::vector<job> jobs(1);
  jobs[0].argv = std::move(argv);
  jobs[0].timeout_ms = timeout_ms;
  jobs[0].on_line = [&](std::string_view l) {
    c.out.append(l);
    c.out.push_back('\n');
  };
  jobs[0].on_end = [&](std::string_view rest, const process_end& e) {
    c.out.append(rest);
    c.end = e;
  };
  run_jobs(jobs, 1);
  return c;
}

}  // namespace sysabi::host
