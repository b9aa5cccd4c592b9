// cli/src/layout/svg.cpp - `sysabi layout --format svg`: the byte map, one
// block per arch, one row per source, one cell per byte.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "report/html_page.hpp"
#include "spelling.hpp"
#include "sysabi/host/layout.hpp"

namespace sysabi::host {

namespace {

using namespace layout_text;

// Where things go, in SVG user units.
struct svg_geometry {
  double label_w = 110, byte_w = 16;
  double row_h = 26, row_gap = 6, block_gap = 34, top = 30;
  double x(std::uint64_t byte) const { return label_w + static_cast<double>(byte) * byte_w; }
};

// One colour per member meaning, in order of first appearance.
class member_colours {
 public:
  std::string operator()(const std::string& name) {
    auto key = meaning(name);
    auto it = colours_.find(key);
    if (it != colours_.end()) return it->second;
    std::string c = palette[colours_.size() % std::size(palette)];
    colours_[key] = c;
    return c;
  }

 private:
  static constexpr const char* palette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6",
                                            "#d37295", "#a0cbe8", "#ffbe7d", "#8cd17d", "#f1ce63",
                                            "#b6992d", "#499894", "#d4a6c8"};
  std::map<std::string, std::string> colours_;
};

// One source's row: padding hatched, members coloured and named where they fit.
void source_row(std::ostringstream& body, const layout_set& s, const layout_struct* l, double y,
                const svg_geometry& g, member_colours& colour) {
  body << fmt::format("<text x=\"0\" y=\"{:.0f}\" class=\"source\">{}</text>\n", y + g.row_h / 2 + 4,
                      html::esc(s.source));
  if (!l) {
    body << fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" class=\"note\">{}</text>\n", g.label_w,
                        y + g.row_h / 2 + 4,
                        s.built() ? "does not declare it" : html::esc("not built: " + s.reason));
    return;
  }
  for (const auto& p : l->padding())
    body << fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"{:.0f}\" class=\"pad\">"
        "<title>{}: padding, offset {}, {} bytes</title></rect>\n",
        g.x(p.offset), y, static_cast<double>(p.size) * g.byte_w, g.row_h, html::esc(s.source), p.offset,
        p.size);
  for (const auto& m : l->members) {
    double x = g.x(m.offset);
    double w = static_cast<double>(m.size) * g.byte_w;
    body << fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"{:.0f}\" fill=\"{}\" "
        "class=\"member\"><title>{}: {}, offset {}, {} bytes</title></rect>\n",
        x, y, w, g.row_h, colour(m.name), html::esc(s.source), html::esc(m.name), m.offset, m.size);
    if (w >= 7.2 * static_cast<double>(m.name.size()) + 4)
      body << fmt::format("<text x=\"{:.1f}\" y=\"{:.0f}\" class=\"name\">{}</text>\n", x + 2,
                          y + g.row_h / 2 + 4, html::esc(m.name));
  }
  body << fmt::format("<text x=\"{:.1f}\" y=\"{:.0f}\" class=\"note\">{} bytes</text>\n",
                      g.x(l->size) + 6, y + g.row_h / 2 + 4, l->size);
}

std::string svg_head(double width, double height, const std::string& structure) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "viewBox=\"0 0 {:.0f} {:.0f}\" font-family=\"monospace\" font-size=\"11\">\n"
      "<title>{}: byte map (sysabi layout)</title>\n"
      "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#888888\" stroke-width=\"3\"/>"
      "</pattern></defs>\n"
      "<style>.title{{font-weight:bold;font-size:13px}} .tick{{fill:#666}} "
      ".member{{stroke:#ffffff;stroke-width:1}} .pad{{fill:url(#hatch);stroke:#888888}} "
      ".name{{fill:#ffffff}} .note{{fill:#444}}</style>\n",
      width, height, width, height, html::esc(c_spelling(structure)));
}

}  // namespace

std::string render_layout_svg(const layout_selection& sel) {
  std::uint64_t widest = 1;
  for (const auto* s : sel.sets)
    if (const auto* l = s->find(sel.structure)) widest = std::max(widest, l->size);
  svg_geometry g;
  g.byte_w = std::clamp(960.0 / static_cast<double>(widest), 3.0, 16.0);
  member_colours colour;

  std::ostringstream body;
  double y = g.top;
  for (const auto& arch : sel.arches) {
    body << fmt::format("<text x=\"0\" y=\"{:.0f}\" class=\"title\">{} on {}</text>\n", y,
                        html::esc(c_spelling(sel.structure)), arch);
    y += 10;
    // Offset ticks every 8 bytes.
    for (std::uint64_t b = 0; b <= widest; b += 8)
      body << fmt::format("<text x=\"{:.1f}\" y=\"{:.0f}\" class=\"tick\">{}</text>\n", g.x(b), y + 8, b);
    y += 12;
    for (const auto* s : sets_of(sel, arch)) {
      source_row(body, *s, s->find(sel.structure), y, g, colour);
      y += g.row_h + g.row_gap;
    }
    y += g.block_gap;
  }
  double width = g.x(widest) + 90;
  std::ostringstream out;
  out << svg_head(width, y, sel.structure);
  out << body.str();
  out << fmt::format(
      "<text x=\"0\" y=\"{:.0f}\" class=\"note\">hatched: padding (holes and reserved members); "
      "hover a cell for its name, offset and size</text>\n",
      y - g.block_gap + 16);
  out << "</svg>\n";
  return out.str();
}

}  // namespace sysabi::host
