#pragma once

#include <string>
#include <string_view>

namespace sahelwatch::classify {

// Lowercase hex SHA-256 (FIPS 180-4) of `bytes`; for the rules_loaded_info fingerprint.
std::string Sha256Hex(std::string_view bytes);

}  // namespace sahelwatch::classify
