// The entry point every command's main() goes through: it installs the signal clean-up and turns what the body
// throws into "NAME: error: MESSAGE" on standard error and the exit code of recpipe(7). A closed pipe downstream
// ends the command quietly with status 0. Every message a command prints goes through here (or Warn), and so
// through PrintableMessage (error.h): data cannot put control characters on the user's terminal.
#pragma once

#include <functional>
#include <string>

namespace recpipe {

int RunCommand(const char* name, int argc, char** argv, const std::function<int(int, char**)>& body);

// Prints "NAME: warning: MESSAGE", MESSAGE made printable; the caller checks -q.
void Warn(const char* name, const std::string& message);

}  // namespace recpipe
