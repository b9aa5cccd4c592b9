// bench/exec_latency.cpp - how long a program takes from fork+execve to its
// exit, per binary: the start-up cost of each link variant.
//
//   exec_latency [--runs N] BINARY[:ARG] ...
//
// The binaries are run in turn, N rounds (default 200) after 10 warm-up
// rounds, with stdout and stderr on /dev/null; the figure is each one's
// median wall time of fork + execve + exit + waitpid, in microseconds.  One JSON object per line:
//   {"binary":"build/libexec/sysabi/x86_64-nolibc-static/sysabi-probe","arg":"--list","median_us":112.4,"runs":200}
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace {

double now_us() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

// One run; returns its wall time in microseconds, or a negative value if the
// program could not be run or did not exit 0.
double run_once(const std::string& path, const std::string& arg, int devnull) {
  double start = now_us();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(devnull, 1);
    dup2(devnull, 2);
    char* argv[] = {const_cast<char*>(path.c_str()), arg.empty() ? nullptr : const_cast<char*>(arg.c_str()), nullptr};
    execv(path.c_str(), argv);
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
  double took = now_us() - start;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? took : -1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Median fork+execve->exit latency of each binary"};
  unsigned runs = 200;
  std::vector<std::string> binaries;
  app.add_option("--runs", runs, "Timed runs per binary")->check(CLI::Range(1u, 100000u));
  app.add_option("binaries", binaries, "BINARY or BINARY:ARG")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "exec_latency: %s\n", e.what());
    return 2;
  }
  int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  struct subject {
    std::string spec, path, arg;
    std::vector<double> times;
  };
  std::vector<subject> subjects;
  for (const auto& spec : binaries) {
    auto colon = spec.find(':');
    subjects.push_back({spec, spec.substr(0, colon),
                        colon == std::string::npos ? "" : spec.substr(colon + 1), {}});
  }
  // Round-robin: one run of each binary in turn, so that the machine's
  // drift (other load, frequency) touches every binary alike and the
  // ratios between them hold even when the absolute figures wander.
  for (unsigned i = 0; i < runs + 10; ++i) {
    for (auto& s : subjects) {
      double t = run_once(s.path, s.arg, devnull);
      if (t < 0) {
        std::fprintf(stderr, "exec_latency: %s did not run and exit 0\n", s.spec.c_str());
        return 2;
      }
      if (i >= 10) s.times.push_back(t);  // the first 10 rounds warm up
    }
  }
  for (auto& s : subjects) {
    std::nth_element(s.times.begin(), s.times.begin() + s.times.size() / 2, s.times.end());
    nlohmann::ordered_json j;
    j["binary"] = s.path;
    j["arg"] = s.arg;
    j["median_us"] = std::round(s.times[s.times.size() / 2] * 10) / 10;
    j["runs"] = runs;
    std::printf("%s\n", j.dump().c_str());
  }
  return 0;
}
