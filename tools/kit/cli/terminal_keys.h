// SingleKeyInput: while it lives, the terminal hands over each key as it is pressed, without
// Enter and without echo (`kit watch`'s r, h and q). The terminal's settings are restored on every
// way out: when the object is destroyed, and on Ctrl-C and the other signals that end the kit.
#pragma once

namespace kit {

class SingleKeyInput {
 public:
  SingleKeyInput();  // does nothing when standard input is not a terminal
  ~SingleKeyInput();
  SingleKeyInput(const SingleKeyInput&) = delete;
  SingleKeyInput& operator=(const SingleKeyInput&) = delete;
};

}  // namespace kit
