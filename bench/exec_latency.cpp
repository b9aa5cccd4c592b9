// bench/exec_latency.cpp - how long a program takes from fork+execve to its
// exit, per binary: the start-up cost of each link variant.
//
//   exec_latency [--runs N] BINARY[:ARG] ...
//
// Each binary is run N times (default 200) after 10 warm-up runs, with
// stdout and stderr on /dev/null; the figure is the median wall time of one
// fork + execve + exit + waitpid, in microseconds.  One JSON object per line:
//   {"binary":"build/libexec/sysabi/x86_64-nolibc-static/sysabi-probe","arg":"--list","median_us":112.4,"runs":200}
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
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
  for (const auto& spec : binaries) {
    auto colon = spec.find(':');
    std::string path = spec.substr(0, colon);
    std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
    for (int i = 0; i < 10; ++i) run_once(path, arg, devnull);
    std::vector<double> times;
    for (unsigned i = 0; i < runs; ++i) {
      double t = run_once(path, arg, devnull);
      if (t < 0) {
        std::fprintf(stderr, "exec_latency: %s did not run and exit 0\n", spec.c_str());
        return 2;
      }
      times.push_back(t);
    }
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    nlohmann::ordered_json j;
    j["binary"] = path;
    j["arg"] = arg;
    j["median_us"] = std::round(times[times.size() / 2] * 10) / 10;
    j["runs"] = runs;
    std::printf("%s\n", j.dump().c_str());
  }
  return 0;
}
