// report_to_ktap.cpp - a sysabi JSON report (docs/report.md) through the
// host-side KTAP writer (cli/src/report/ktap.cpp): the lit tests' driver over
// a report file (`sysabi run --ktap` uses report_ktap, the same adapter over
// the typed report), field by field:
//   variant: name, status ("ran"/"skipped"/"failed"), reason (null -> "")
//   fact:    id, variant, value and expect as JSON text (dump()), status,
//            reason (null/absent -> "")
//
//   report_to_ktap REPORT.json     KTAP on stdout; exit status kselftest's
//                                  (0 pass, 1 fail, 4 all skipped), 2 bad input
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sysabi/host/ktap.hpp"

namespace ktap = sysabi::host::ktap;
using nlohmann::json;

namespace {

std::string text_or_empty(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? "" : it->get<std::string>();
}

ktap::input adapt(const json& report) {
  ktap::input in;
  for (const json& v : report.at("variants")) {
    std::string st = v.at("status").get<std::string>();
    in.variants.push_back({v.at("name").get<std::string>(),
                           st == "ran"       ? ktap::variant_status::ran
                           : st == "skipped" ? ktap::variant_status::skipped
                                             : ktap::variant_status::failed,
                           text_or_empty(v, "reason")});
  }
  for (const json& f : report.at("facts")) {
    std::string st = f.at("status").get<std::string>();
    in.facts.push_back({f.at("id").get<std::string>(), f.at("variant").get<std::string>(),
                        f.at("value").dump(), f.at("expect").dump(),
                        st == "pass"   ? ktap::fact_status::pass
                        : st == "fail" ? ktap::fact_status::fail
                        : st == "skip" ? ktap::fact_status::skip
                                       : ktap::fact_status::info,
                        text_or_empty(f, "reason")});
  }
  return in;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "report_to_ktap: usage: report_to_ktap REPORT.json\n";
    return 2;
  }
  try {
    std::ifstream file(argv[1]);
    if (!file) throw std::runtime_error(std::string("cannot read ") + argv[1]);
    ktap::output out = ktap::write(adapt(json::parse(file)));
    std::cout << out.text;
    return out.exit_status;
  } catch (const std::exception& e) {
    std::cerr << "report_to_ktap: " << argv[1] << ": " << e.what() << "\n";
    return 2;
  }
}
