// libFuzzer target: cmake --preset fuzz && cmake --build --preset fuzz &&
//   build/fuzz/tests/fuzz/fuzz_decode_classify -max_total_time=60 seeds/ tests/fuzz/corpus/
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static sahelwatch::fuzz::Harness harness(SAHELWATCH_SOURCE_DIR);
  harness.Run(data, size);
  return 0;
}
