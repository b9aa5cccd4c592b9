// cli/src/ptrace/trace_files.hpp - the scratch files trace_ops operates on
// (a file and a symlink to it in a fresh directory), shared by the trace
// facts and `sysabi trace`.  Private to cli/src/ptrace.
#pragma once

#include <filesystem>
#include <string>

namespace sysabi::host {

// A directory with a file and a symlink to it, removed on destruction.
struct trace_files {
  std::filesystem::path dir, file, link;
  trace_files();
  ~trace_files();
  trace_files(const trace_files&) = delete;
  // fstat opens the file itself; the others go through the symlink.
  std::string path_for(const std::string& op) const {
    return op == "fstat" ? file.string() : link.string();
  }
};

}  // namespace sysabi::host
