// Placeholder until the rule engine lands (issue 3): loads nothing, finds nothing.
#include "classify/classifier.h"

namespace sahelwatch::classify {
namespace {

class EmptyClassifier final : public Classifier {
 public:
  std::vector<Event> Classify(const Article& /*article*/) const override { return {}; }
  const std::string& RulesSha256() const override { return sha256_; }
  std::size_t RuleCount() const override { return 0; }

 private:
  std::string sha256_;
};

}  // namespace

std::shared_ptr<const Classifier> Classifier::Load(const ClassifierPaths& /*paths*/) {
  return std::make_shared<EmptyClassifier>();
}

std::vector<std::string> CheckRuleFiles(const std::vector<std::filesystem::path>& /*files*/) {
  return {};
}

}  // namespace sahelwatch::classify
