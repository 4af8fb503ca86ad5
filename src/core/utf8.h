#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sahelwatch {

// Returns the byte offset of the first invalid UTF-8 sequence, or nullopt when the
// whole input is valid (overlongs, surrogates and code points above U+10FFFF are invalid).
std::optional<std::size_t> FindInvalidUtf8(std::string_view bytes);

}  // namespace sahelwatch
