#include "app/daemon.h"

#include <iostream>

namespace sahelwatch::app {

int DaemonMain(int /*argc*/, char** /*argv*/) {
  std::cerr << "sahelwatchd: not built yet\n";
  return 1;
}

}  // namespace sahelwatch::app
