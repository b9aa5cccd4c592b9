// cli/src/run/run_gather.cpp - every fact of a `sysabi run` (after the runs):
// each variant's completion and probe facts and, for a whole run, the facts
// made on the host: elf.* (elf_facts.cpp), trace.* and old_kernel.* (the
// ptrace tracer), layout.* (the struct layouts the compilers computed),
// harness.<variant>.runner and exec_format.<variant> (how it was run).
#include <fmt/format.h>

#include "run_steps.hpp"
#include "sysabi/host/completion.hpp"
#include "sysabi/host/elf_facts.hpp"
#include "sysabi/host/layout.hpp"
#include "sysabi/host/process.hpp"
#include "sysabi/host/test_hold.hpp"
#include "sysabi/host/trace.hpp"

namespace sysabi::host {

namespace {

template <class T>
void append(std::vector<fact>& to, T&& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// The probe binary as an ELF file (elf.*), and the system calls it issues
// for a few operations (trace.*, old_kernel.*) where it runs natively.
void add_binary_facts(const planned& p, std::vector<fact>& facts) {
  const std::string& binary = p.avail.command.back();
  append(facts, elf_facts(binary, p.entry->name));
  std::optional<std::string> why = untraceable_reason(p.avail);
  if (!why && !has_elf_magic(binary)) why = "not an ELF file: it has no trace_op helper to run";
  if (why)
    append(facts, trace_skips(p.entry->name, *why));
  else
    append(facts, trace_facts(p.entry->name, binary));
}

// What executed the variant, and for a foreign-but-compatible one whether
// the kernel itself would.
void add_runner_facts(const planned& p, std::vector<fact>& facts) {
  const availability& a = p.avail;
  std::string how = a.runner == "native"
                        ? "executed by this kernel"
                        : fmt::format("run under {} (user-mode emulation)", a.command.front());
  if (!a.exec_format.empty() && a.exec_format != "kernel")
    how += fmt::format("; the kernel refused it: {}", a.exec_format);
  facts.push_back(runner_fact(p.entry->name, a.runner, how));
  if (!a.exec_format.empty()) facts.push_back(exec_format_fact(p.entry->name, a.exec_format, a.exec_tried));
}

// layout.*, or one skip naming where the layouts should have been.
void add_layout_facts(const std::optional<std::vector<layout_set>>& layouts, const manifest& m,
                      std::vector<fact>& facts) {
  if (layouts) {
    append(facts, layout_facts(*layouts));
    return;
  }
  fact f;
  f.id = "layout.objects";
  f.variant = m.host_arch + "-*";
  f.status = fact_status::skip;
  f.reason = fmt::format("no struct layouts in {}", (m.dir / "layout").string());
  f.scope = fact_scope::arch;
  facts.push_back(std::move(f));
}

}  // namespace

std::vector<fact> gather_facts(std::vector<planned>& plan, bool whole_run,
                               const std::optional<std::vector<layout_set>>& layouts,
                               const manifest& m) {
  std::vector<fact> facts;
  for (auto& p : plan) {
    throw_if_interrupted();  // between variants: tracing one takes a while
    if (p.completed) facts.push_back(*p.completed);
    append(facts, p.facts);
    if (whole_run && !p.finished && !p.avail.exec_format.empty())
      facts.push_back(exec_format_fact(p.entry->name, p.avail.exec_format, p.avail.exec_tried));
    if (whole_run && p.finished && !p.avail.command.empty()) {
      add_runner_facts(p, facts);
      add_binary_facts(p, facts);
    }
  }
  throw_if_interrupted();
  if (whole_run) {
    test_hold("run:layout");
    add_layout_facts(layouts, m, facts);
  }
  return facts;
}

std::vector<variant_record> variant_records(const std::vector<planned>& plan) {
  std::vector<variant_record> records;
  for (const auto& p : plan) records.push_back(p.record);
  return records;
}

}  // namespace sysabi::host
