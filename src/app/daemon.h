#pragma once

namespace sahelwatch::app {

// The whole of `sahelwatchd`: parse flags, load config, run the steps, tear down.
int DaemonMain(int argc, char** argv);

}  // namespace sahelwatch::app
