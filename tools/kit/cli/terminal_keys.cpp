#include "terminal_keys.h"

#include <termios.h>
#include <unistd.h>

#include <csignal>

#include "process.h"

namespace kit {

namespace {

// The terminal's settings before they were changed. A signal handler may only touch lock-free
// atomics and plain data set up before it was installed: this is set once, before.
termios saved_terminal{};
volatile std::sig_atomic_t terminal_changed = 0;

void RestoreTerminal() {
  if (terminal_changed != 0) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
}

extern "C" void RestoreTerminalAndDie(int signal) {
  RestoreTerminal();
  EndRunningProcessGroups();  // as main's handler, which this one replaces, does
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

SingleKeyInput::SingleKeyInput() {
  if (::isatty(STDIN_FILENO) == 0 || ::tcgetattr(STDIN_FILENO, &saved_terminal) != 0) return;
  termios raw = saved_terminal;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    std::signal(signal, RestoreTerminalAndDie);
  }
  if (::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) terminal_changed = 1;
}

SingleKeyInput::~SingleKeyInput() {
  RestoreTerminal();
}

}  // namespace kit
