// spies::MockAuditStore (chapter 5): the audit log's store as a GoogleMock mock. The AuditLog
// stays real (its worker thread calls Append), so an expectation on Append sees the entry and the
// context the handler recorded it with, at the moment it is written, after the request is over.
//
//   EXPECT_CALL(audit_store, Append(IsLive(), Field(&tutorial::AuditEntry::outcome, "200")));
#pragma once

#include <gmock/gmock.h>

#include <expected>
#include <ostream>
#include <system_error>

#include "context/context.h"
#include "user_store.h"

namespace spies {

class MockAuditStore : public tutorial::AuditStore {
 public:
  MOCK_METHOD((std::expected<void, std::error_code>), Append,
              (const context::Context& ctx, const tutorial::AuditEntry& entry), (override));
};

}  // namespace spies

namespace tutorial {
// How GoogleMock prints an AuditEntry in a failure message.
inline void PrintTo(const AuditEntry& entry, std::ostream* os) {
  *os << "AuditEntry{\"" << entry.request << "\" -> \"" << entry.outcome << "\"}";
}
}  // namespace tutorial
