// Splitting option values such as "a,b.c" into their parts; empty parts are kept, so "a,,b" has three.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace recpipe {

inline std::vector<std::string> SplitList(std::string_view list, char separator) {
  std::vector<std::string> parts;
  for (;;) {
    size_t at = list.find(separator);
    parts.emplace_back(list.substr(0, at));
    if (at == std::string_view::npos) return parts;
    list.remove_prefix(at + 1);
  }
}

}  // namespace recpipe
