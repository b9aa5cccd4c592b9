// cli/src/vm/vm_report.cpp - the report of a `sysabi vm` run: the guest's
// host section and, per variant, what its probe said on the console, made
// into variant records and facts as `sysabi run` makes them.
#include <fmt/format.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

#include "sysabi/host/commands.hpp"
#include "sysabi/host/completion.hpp"
#include "sysabi/host/elf_facts.hpp"
#include "sysabi/host/layout.hpp"
#include "sysabi/host/trace.hpp"
#include "vm_steps.hpp"

namespace sysabi::host::vm {

void require_finished(const vm_console::transcript& t, const captured& c, unsigned timeout_s) {
  if (!t.panic_line.empty())
    throw usage_error(fmt::format("the VM's kernel panicked: {}", t.panic_line));
  if (t.done) return;
  if (c.end.how == process_end::kind::timed_out)
    throw usage_error(fmt::format("the VM did not finish within {} s (last console line: {})",
                                  timeout_s, t.last_kernel_line));
  throw usage_error(fmt::format("the VM ended before sysabi-vm-init finished: qemu {} (last "
                                "console line: {})",
                                describe(c.end, timeout_s * 1000), t.last_kernel_line));
}

host_info guest_host_info(const vm_console::transcript& t, const boot_config& b) {
  host_info host;
  host.emulator = std::string(b.arch->qemu_program) + " (TCG)";
  host.kernel_release = t.kernel_release.value_or("");
  host.kernel_version = t.kernel_version.value_or("");
  host.machine = t.machine.value_or("");
  host.cpu_features = cpu_features_from_cpuinfo(t.cpu_flags_line, host.machine);
  if (t.cpu_model_line) host.cpu_model = cpu_model_from_cpuinfo(*t.cpu_model_line);
  host.kernel_cmdline = t.cmdline;  // as the guest read /proc/cmdline
  host.qemu = qemu_guest{std::string(b.arch->machine), b.cpu, b.smp, b.memory_mb};
  return host;
}

namespace {

// How a variant's probe ended, from the wait status /init printed (none:
// as if it could not be run).
process_end end_from_wait_status(const vm_console::transcript& t, const std::string& variant) {
  auto it = t.wait_statuses.find(variant);
  const int st = it != t.wait_statuses.end() ? it->second : (127 << 8);
  process_end end;
  if (WIFSIGNALED(st)) {
    end.how = process_end::kind::signaled;
    end.code = WTERMSIG(st);
  } else {
    end.code = WEXITSTATUS(st);
  }
  return end;
}

// Why a variant of the manifest did not run in the guest.
std::string not_run_reason(const variant_entry& v, const boot_config& b, const initramfs& image,
                           const vm_console::transcript& t) {
  if (auto r = t.refused.find(v.name); r != t.refused.end()) {
    if (!b.arch->ilp32_arch.empty() && v.arch == b.arch->ilp32_arch && r->second == ENOSYS) {
      // sysabi-vm-init's own x32 system call was refused (refused_before_exec).
      const bool asked = t.cmdline && t.cmdline->find("syscall.x32=y") != std::string::npos;
      return fmt::format("the guest's {} kernel answers an x32 system call with ENOSYS: {}",
                         b.arch->name,
                         asked ? "off even with syscall.x32=y on its command line"
                               : "its x32 ABI is off (boot it with --append syscall.x32=y)");
    }
    if (!b.arch->ilp32_arch.empty() && v.arch == b.arch->ilp32_arch && r->second == ENOEXEC)
      return fmt::format("the {} kernel does not execute it (execve: ENOEXEC): built without "
                         "CONFIG_X86_X32_ABI",
                         b.arch->name);
    return fmt::format("the {} kernel does not execute it (execve: {})", b.arch->name,
                       errno_name(r->second));
  }
  if (auto l = image.left_out.find(v.name); l != image.left_out.end()) return l->second;
  if (v.arch != b.arch->variant_arch) return fmt::format("not for this VM's {} kernel", b.arch->name);
  return "not built";
}

// The facts of one variant that ran: how it ended, what it said, its ELF
// facts, and the trace facts as skips (no tracer in the guest).
void add_variant_facts(std::vector<fact>& facts, variant_record& r, const variant_entry& v,
                       const fs::path& libexec, vm_console::transcript& t, unsigned timeout_s) {
  const process_end end = end_from_wait_status(t, v.name);
  auto out = t.outputs.find(v.name);
  probe_output po = out != t.outputs.end() ? std::move(out->second) : probe_output{};
  facts.push_back(judge_run(v.name, po, end, timeout_s * 1000, -1));
  if (facts.back().status == fact_status::fail) r.status = variant_status::failed;
  facts.insert(facts.end(), po.facts.begin(), po.facts.end());
  auto ef = elf_facts(libexec / v.probe, v.name);
  facts.insert(facts.end(), ef.begin(), ef.end());
  auto ts = trace_skips(v.name, "inside a VM: sysabi traces variants only on the host");
  facts.insert(facts.end(), ts.begin(), ts.end());
}

// harness.<variant>.runner for a variant that ran, and exec_format.<variant>
// for one of the kernel's compatible foreign arch (i386 on x86_64, arm on
// aarch64): "kernel" when /init's execve ran it, the errno when it refused.
void add_exec_facts(std::vector<fact>& facts, const variant_entry& v, const boot_config& b,
                    const vm_console::transcript& t, bool ran) {
  const std::string guest = fmt::format("the guest's {} kernel under {} (TCG)", b.arch->name,
                                        b.arch->qemu_program);
  if (ran) facts.push_back(runner_fact(v.name, "native", "executed by " + guest));
  const bool foreign = (!b.arch->compat_arch.empty() && v.arch == b.arch->compat_arch) ||
                       (!b.arch->ilp32_arch.empty() && v.arch == b.arch->ilp32_arch);
  if (!foreign) return;
  const bool x32 = !b.arch->ilp32_arch.empty() && v.arch == b.arch->ilp32_arch;
  const std::string tried = fmt::format("{}execve(/variants/{}/sysabi-probe) by sysabi-vm-init in {}",
                                        x32 ? "an x32 getpid, then " : "", v.name, guest);
  if (auto r = t.refused.find(v.name); r != t.refused.end())
    facts.push_back(exec_format_fact(v.name, errno_name(r->second), tried));
  else if (ran)
    facts.push_back(exec_format_fact(v.name, "kernel", tried));
}

}  // namespace

report vm_report(const manifest& m, const fs::path& libexec, const boot_config& b,
                 const initramfs& image, vm_console::transcript t, unsigned timeout_s) {
  std::vector<variant_record> records;
  std::vector<fact> facts;
  for (const auto& v : m.variants) {
    variant_record r;
    r.name = v.name;
    r.arch = v.arch;
    r.libc = v.libc;
    r.linkage = v.linkage;
    bool in_image = false;
    for (const auto* ch : image.chosen) in_image |= ch == &v;
    const bool ran = in_image && !t.refused.count(v.name);
    if (!ran) {
      r.status = variant_status::skipped;
      r.reason = not_run_reason(v, b, image, t);
    } else {
      r.status = variant_status::ran;
      r.runner = b.arch->qemu_program;
      add_variant_facts(facts, r, v, libexec, t, timeout_s);
    }
    if (in_image) add_exec_facts(facts, v, b, t, ran);
    records.push_back(std::move(r));
  }
  if (fs::exists(libexec / "layout" / "sources.json")) {
    auto lf = layout_facts(load_layouts(libexec));
    facts.insert(facts.end(), lf.begin(), lf.end());
  }
  return assemble_report(guest_host_info(t, b), std::move(records), std::move(facts));
}

}  // namespace sysabi::host::vm
