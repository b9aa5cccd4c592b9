// cli/commands/vm.cpp - `sysabi vm (--kernel VMLINUZ | --debian [--debian-flavour F]
// [--debian-release R])
// [--arch A] [--append ARGS] [--cpu MODEL] [--smp N] [--memory MB] [--json FILE]
// [--ktap FILE] [--timeout S] [--cache DIR] [--console FILE]`, and over many
// kernels: `sysabi vm (--kernel K)... | --kernels FILE [--arch A]...
// [--append ARGS]... [-j N] [--json-dir DIR]` (cli/src/vm/vm_matrix.cpp).
#include "sysabi/host/vm.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "sysabi/host/subcommand.hpp"

namespace sysabi::host {

namespace {

// What the command line gave, before it is one vm_options or a matrix.
struct vm_arguments {
  std::vector<std::string> kernels, arches, appends;
  std::string kernel_list, json_dir;
  unsigned jobs = 1;
};

// A per-kernel option given once (for every kernel) or once per kernel.
void check_list(const char* option, std::size_t given, std::size_t kernels) {
  if (given > 1 && given != kernels)
    throw usage_error(
        fmt::format("{} given {} times for {} kernels (give it once, or once per "
                    "--kernel in the same order)",
                    option, given, kernels));
}

int run_vm(vm_options& o, const vm_arguments& a) {
  if (a.jobs == 0) throw usage_error("-j must be at least 1");
  const bool many = a.kernels.size() > 1 || !a.kernel_list.empty();
  if (!many) {
    if (a.arches.size() > 1) throw usage_error("--arch given more than once for one kernel");
    if (a.appends.size() > 1) throw usage_error("--append given more than once for one kernel");
    if (!a.json_dir.empty()) throw usage_error("--json-dir is for several kernels; use --json");
    if (!a.kernels.empty()) o.kernel = a.kernels.front();
    if (!a.arches.empty()) o.arch = a.arches.front();
    if (!a.appends.empty()) o.append = a.appends.front();
    return cmd_vm(o);
  }
  if (o.debian) throw usage_error("--debian boots one kernel; with several, name each --kernel");
  if (!o.json_path.empty() || !o.ktap_path.empty() || !o.console_path.empty())
    throw usage_error(
        "with several kernels, --json-dir DIR holds each one's report, KTAP and "
        "console (not --json, --ktap or --console)");
  if (!a.kernels.empty() && !a.kernel_list.empty())
    throw usage_error("--kernel and --kernels: name the kernels one way");
  vm_matrix_options m;
  m.base = o;
  m.jobs = a.jobs;
  m.json_dir = a.json_dir;
  if (!a.kernel_list.empty()) {
    if (a.arches.size() > 1 || a.appends.size() > 1)
      throw usage_error("with --kernels, each line names its arch and command line");
    m.kernels = read_kernel_list(a.kernel_list);
    if (!a.arches.empty()) m.base.arch = a.arches.front();
    if (!a.appends.empty()) m.base.append = a.appends.front();
  } else {
    check_list("--arch", a.arches.size(), a.kernels.size());
    check_list("--append", a.appends.size(), a.kernels.size());
    for (std::size_t i = 0; i < a.kernels.size(); ++i) {
      vm_kernel k;
      k.kernel = a.kernels[i];
      if (a.arches.size() == 1) m.base.arch = a.arches[0];
      if (a.arches.size() > 1) k.arch = a.arches[i];
      if (a.appends.size() == 1) m.base.append = a.appends[0];
      if (a.appends.size() > 1) k.append = a.appends[i];
      k.name = fmt::format("kernel-{}", i + 1);
      m.kernels.push_back(std::move(k));
    }
  }
  return cmd_vm_matrix(m);
}

}  // namespace

action add_vm_command(CLI::App& app) {
  auto o = std::make_shared<vm_options>();
  auto a = std::make_shared<vm_arguments>();
  auto* sub = app.add_subcommand(
      "vm", "Boot another kernel under qemu-system (TCG) and run every variant it can run on it");
  sub->add_option("--kernel", a->kernels,
                  "The kernel to boot (a vmlinuz); repeat it to boot several, -j at a time")
      ->type_name("VMLINUZ");
  sub->add_option("--kernels", a->kernel_list,
                  "Boot every kernel this file lists, one a line: VMLINUZ [ARCH|- [CMDLINE...]]")
      ->type_name("FILE");
  sub->add_flag("--debian", o->debian,
                "Boot Debian 12's current kernel for the arch (fetched with apt-get download, "
                "cached)");
  sub->add_flag("--print-kernel", o->print_kernel,
                "With --debian: fetch (or find in the cache) and verify the kernel, print its "
                "path, boot nothing");
  sub->add_option("--debian-flavour", o->debian_flavour,
                  "Which Debian kernel: linux-image-FLAVOUR (default cloud-amd64, cloud-arm64, "
                  "686-pae, armmp, powerpc64le, s390x or 5kc-malta by arch; e.g. amd64 for the generic one)")
      ->type_name("FLAVOUR");
  sub->add_option("--debian-release", o->debian_release,
                  "With --debian: that release's kernel (e.g. bookworm-backports), fetched through "
                  "a private apt configuration in the cache from the system's Debian mirror")
      ->type_name("RELEASE");
  sub->add_option("--arch", a->arches,
                  "x86_64, aarch64, i386, armhf, ppc64le, s390x or mips64el (default: this machine's); once, or once "
                  "per "
                  "--kernel")
      ->type_name("ARCH");
  sub->add_option("--append", a->appends,
                  "More kernel command line, e.g. vsyscall=none; once, or once per --kernel")
      ->type_name("ARGS");
  sub->add_option(
         "--cpu", o->cpu,
         "qemu's CPU model (default max; cortex-a15 for armhf, power9 for ppc64le, MIPS64R2-generic for mips64el)")
      ->type_name("MODEL");
  sub->add_option("--smp", o->smp, "Virtual CPUs (default 1)")->type_name("N");
  sub->add_option("--memory", o->memory_mb, "Guest RAM in MB (default 1024)")->type_name("MB");
  sub->add_option("--json", o->json_path, "Write the report to FILE (atomically)")
      ->type_name("FILE");
  sub->add_option("--ktap", o->ktap_path,
                  "Write the report as KTAP version 1 (docs/kernel-ci.md) to FILE; the exit "
                  "status stays 0/1/2")
      ->type_name("FILE");
  sub->add_option("--timeout", o->timeout_s, "Seconds for boot, run and power-off (default 120)")
      ->check(CLI::Range(1u, 86400u))  // a day; in ms it still fits an unsigned
      ->type_name("S");
  sub->add_option("--cache", o->cache_dir, "Where --debian keeps kernels (default build/vm-cache)")
      ->type_name("DIR");
  sub->add_option("--console", o->console_path, "Keep the VM's serial console output in FILE")
      ->type_name("FILE");
  sub->add_option("-j,--jobs", a->jobs, "With several kernels: how many boot at a time (default 1)")
      ->type_name("N");
  sub->add_option("--json-dir", a->json_dir,
                  "With several kernels: write each one's report, KTAP and console to "
                  "DIR/<name>.json, .ktap, .console (name: kernel-N, or the list's file name-line)")
      ->type_name("DIR");
  return [sub, o, a] {
    if (!*sub) return -1;
    return run_vm(*o, *a);
  };
}

}  // namespace sysabi::host
