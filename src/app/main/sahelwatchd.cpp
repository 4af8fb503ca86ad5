#include "app/daemon.h"

int main(int argc, char** argv) { return sahelwatch::app::DaemonMain(argc, argv); }
