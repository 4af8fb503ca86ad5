#pragma once

#include <string>
#include <vector>

namespace sahelwatch::cli {

// Each returns the process exit status. Errors go to stderr.
int RunClassify(const std::vector<std::string>& args);
int RunBroker(const std::vector<std::string>& args);
int RunRulesCheck(const std::vector<std::string>& args);

}  // namespace sahelwatch::cli
