#include "lib/run_command.h"

#include <cstdio>
#include <exception>
#include <iostream>
#include <new>

#include "lib/error.h"
#include "lib/output_file.h"

namespace recpipe {

int RunCommand(const char* name, int argc, char** argv, const std::function<int(int, char**)>& body) {
  InstallSignalCleanup();
  try {
    return body(argc, argv);
  } catch (const BrokenPipe&) {
    return kExitOk;
  } catch (const UsageError& e) {
    std::cerr << name << ": error: " << PrintableMessage(e.what()) << "\nTry '" << name << " --help'.\n";
    return kExitUsage;
  } catch (const UpstreamError& e) {
    // The upstream message already names its tool and file.
    std::cerr << name << ": error: upstream failed: " << PrintableMessage(e.what()) << "\n";
    return kExitDataError;
  } catch (const std::bad_alloc&) {
    std::cerr << name << ": error: out of memory\n";
    return kExitDataError;
  } catch (const std::exception& e) {
    std::cerr << name << ": error: " << PrintableMessage(e.what()) << "\n";
    return kExitDataError;
  }
}

void Warn(const char* name, const std::string& message) {
  std::cerr << name << ": warning: " << PrintableMessage(message) << "\n";
}

}  // namespace recpipe
