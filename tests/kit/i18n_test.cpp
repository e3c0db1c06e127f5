// Which language the learner gets (i18n.h): --lang, then the workspace's saved choice, then the
// environment as glibc reads it.
#include "i18n.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "process.h"

namespace kit {
namespace {

auto EnvironmentOf(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const char* name) -> const char* {
    const auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  };
}

TEST(ChooseLanguage, KoreanFromTheFirstLocaleVariableSet) {
  EXPECT_EQ(ChooseLanguage({}, {}, EnvironmentOf({{"LANG", "ko_KR.UTF-8"}})), Language::kKorean);
  EXPECT_EQ(ChooseLanguage(
                {}, {}, EnvironmentOf({{"LC_MESSAGES", "ko_KR.UTF-8"}, {"LANG", "en_US.UTF-8"}})),
            Language::kKorean);
  EXPECT_EQ(ChooseLanguage({}, {}, EnvironmentOf({{"LC_ALL", "C.UTF-8"}, {"LANG", "ko_KR.UTF-8"}})),
            Language::kEnglish);
  EXPECT_EQ(ChooseLanguage({}, {}, EnvironmentOf({{"LANGUAGE", ""}, {"LANG", "ko_KR.UTF-8"}})),
            Language::kKorean)
      << "an empty variable counts as unset";
  EXPECT_EQ(ChooseLanguage({}, {}, EnvironmentOf({})), Language::kEnglish);
}

TEST(ChooseLanguage, TheFlagBeatsTheSavedChoiceWhichBeatsTheEnvironment) {
  const auto korean = EnvironmentOf({{"LANG", "ko_KR.UTF-8"}});
  EXPECT_EQ(ChooseLanguage(Language::kEnglish, Language::kKorean, korean), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage({}, Language::kEnglish, korean), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage(Language::kKorean, {}, EnvironmentOf({})), Language::kKorean);
}

TEST(SavedLanguage, RoundTripsThroughTheWorkspace) {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("kit-i18n-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  EXPECT_EQ(SavedLanguage(dir), std::nullopt);
  ASSERT_TRUE(SaveLanguage(dir, Language::kKorean));
  EXPECT_EQ(SavedLanguage(dir), Language::kKorean);
  std::filesystem::remove_all(dir);
}

TEST(Messages, AnUnboundOrEmptyMessageIsItself) {
  EXPECT_STREQ(_("kit: {}\n"), "kit: {}\n");
  EXPECT_STREQ(_(""), "") << "not the catalogue's header";
}

// Korean sets LANGUAGE=ko for the kit's own messages; a compiler or test the kit runs must see the
// learner's LANGUAGE as it was (here: unset, then "fr"), or its output would change.
TEST(UseLanguage, TheProgramsTheKitRunsGetTheLanguageVariableItInherited) {
  ::unsetenv("LANGUAGE");
  UseLanguage(Language::kKorean, std::filesystem::temp_directory_path());
  EXPECT_STREQ(std::getenv("LANGUAGE"), "ko");
  const auto unset = RunProcess({.argv = {"sh", "-c", "echo \"${LANGUAGE-unset}\""},
                                 .environment = {},
                                 .working_directory = {},
                                 .pipe_stdin = false});
  ASSERT_TRUE(unset) << unset.error();
  EXPECT_EQ(unset->output, "unset\n");
  const auto asked = RunProcess({.argv = {"sh", "-c", "echo \"$LANGUAGE\""},
                                 .environment = {{"LANGUAGE", "fr"}},
                                 .working_directory = {},
                                 .pipe_stdin = false});
  ASSERT_TRUE(asked) << asked.error();
  EXPECT_EQ(asked->output, "fr\n") << "a variable the caller sets wins";
}

// Where no Korean locale is generated (this machine, a bare Debian 13), the kit's messages take
// its own, which the build copies from C.UTF-8's under <locale_dir>/glibc; LOCPATH, which it sets
// for that one setlocale() call, is then the learner's again (set, then unset).
TEST(UseLanguage, TakesTheKitsOwnKoreanLocaleWhereNoneIsGenerated) {
  const std::filesystem::path c_utf8_messages = "/usr/lib/locale/C.utf8/LC_MESSAGES";
  if (!std::filesystem::exists(c_utf8_messages)) GTEST_SKIP() << "no C.UTF-8 to copy here";
  if (std::setlocale(LC_MESSAGES, "ko_KR.UTF-8") != nullptr) GTEST_SKIP() << "ko_KR is generated";
  const auto locale_dir =
      std::filesystem::temp_directory_path() / ("kit-locale-" + std::to_string(::getpid()));
  std::filesystem::create_directories(KitsOwnKoreanLocale(locale_dir));
  std::filesystem::copy(c_utf8_messages, KitsOwnKoreanLocale(locale_dir) / "LC_MESSAGES",
                        std::filesystem::copy_options::recursive);
  ::setenv("LC_ALL", "C", 1);  // the learner's own locale is no real one

  for (const char* learners : {"/the/learners/locales", static_cast<const char*>(nullptr)}) {
    if (learners != nullptr) {
      ::setenv("LOCPATH", learners, 1);
    } else {
      ::unsetenv("LOCPATH");
    }
    std::setlocale(LC_MESSAGES, "C");
    UseLanguage(Language::kKorean, locale_dir);
    EXPECT_STREQ(std::setlocale(LC_MESSAGES, nullptr), "ko_KR.UTF-8");
    EXPECT_STREQ(std::getenv("LOCPATH"), learners) << "LOCPATH is not the learner's any more";
  }
  ::unsetenv("LC_ALL");
  std::setlocale(LC_MESSAGES, "C");
  std::filesystem::remove_all(locale_dir);
}

}  // namespace
}  // namespace kit
