#include "i18n.h"

#include <libintl.h>

#include <clocale>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

namespace kit {

namespace {

constexpr const char* kDomain = "cancelkit";

std::optional<InheritedLanguage>& ChangedLanguage() {
  static std::optional<InheritedLanguage> changed;
  return changed;
}

// The Korean message locale of the kit's own (see UseLanguage): Debian's C.UTF-8 message data,
// which the build copies under a real locale's name into <locale_dir>/glibc/ko_KR.UTF-8. glibc
// reads LOCPATH at each setlocale() call, and only then, so it is set for that one call and put
// back at once: no program the kit runs ever sees it (it would hide the system's locales from
// them).
bool UseKitsOwnLocale(const std::filesystem::path& locale_dir) {
  const char* learners = std::getenv("LOCPATH");
  const std::optional<std::string> saved =
      learners == nullptr ? std::nullopt : std::optional<std::string>(learners);
  ::setenv("LOCPATH", KitsOwnKoreanLocale(locale_dir).parent_path().c_str(), 1);
  const bool chosen = std::setlocale(LC_MESSAGES, "ko_KR.UTF-8") != nullptr;
  if (saved) {
    ::setenv("LOCPATH", saved->c_str(), 1);
  } else {
    ::unsetenv("LOCPATH");
  }
  return chosen;
}

}  // namespace

const char* _(const char* message) {
  // gettext("") is the catalogue's header, never an empty message.
  if (message == nullptr || *message == '\0') return message;
  return ::dgettext(kDomain, message);
}

const char* P_(const char* one, const char* many, unsigned long count) {
  return ::dngettext(kDomain, one, many, count);
}

std::filesystem::path KitsOwnKoreanLocale(const std::filesystem::path& locale_dir) {
  return locale_dir / "glibc" / "ko_KR.UTF-8";
}

std::optional<Language> ParseLanguage(std::string_view name) {
  if (name == "ko" || name == "korean" || name == "한국어") return Language::kKorean;
  if (name == "en" || name == "english") return Language::kEnglish;
  return std::nullopt;
}

std::string_view LanguageCode(Language language) {
  return language == Language::kKorean ? "ko" : "en";
}

Language ChooseLanguage(std::optional<Language> flag, std::optional<Language> saved,
                        const std::function<const char*(const char*)>& environment) {
  if (flag) return *flag;
  if (saved) return *saved;
  // As glibc reads them: the first one set (and not empty) decides.
  for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = environment(name);
    if (value == nullptr || *value == '\0') continue;
    return std::string_view(value).starts_with("ko") ? Language::kKorean : Language::kEnglish;
  }
  return Language::kEnglish;
}

std::optional<Language> SavedLanguage(const std::filesystem::path& kit_dir) {
  std::ifstream file(kit_dir / "language");
  std::string code;
  if (!(file >> code)) return std::nullopt;
  return ParseLanguage(code);
}

bool SaveLanguage(const std::filesystem::path& kit_dir, Language language) {
  std::error_code ignored;
  std::filesystem::create_directories(kit_dir, ignored);
  std::ofstream file(kit_dir / "language");
  file << LanguageCode(language) << "\n";
  return static_cast<bool>(file.flush());
}

void UseLanguage(Language language, const std::filesystem::path& locale_dir) {
  ::bindtextdomain(kDomain, locale_dir.c_str());
  // The catalogue is UTF-8 and so is the learner's terminal; without this gettext would convert
  // to the C locale's ASCII and print '?' for every Hangul syllable.
  ::bind_textdomain_codeset(kDomain, "UTF-8");
  if (language == Language::kEnglish) return;  // the C locale: every message as written
  // LANGUAGE=ko is read only outside the C locales, and newer glibc counts C.UTF-8 among them
  // (Debian 13's 2.41 does; Debian 12's 2.36 does not). So the messages take a real locale: the
  // learner's own, else a generated ko_KR.UTF-8, else the kit's own copy under that name (all a
  // bare Debian 13 has), and only then C.UTF-8 (see CataloguesWork).
  const auto real_locale = [](const char* name) {
    const std::string_view chosen = name == nullptr ? "C" : name;
    return chosen != "C" && chosen != "POSIX" && !chosen.starts_with("C.");
  };
  if (!real_locale(std::setlocale(LC_MESSAGES, "")) &&
      !real_locale(std::setlocale(LC_MESSAGES, "ko_KR.UTF-8")) && !UseKitsOwnLocale(locale_dir)) {
    std::setlocale(LC_MESSAGES, "C.UTF-8");
  }
  if (!ChangedLanguage()) {
    const char* inherited = std::getenv("LANGUAGE");
    ChangedLanguage() = InheritedLanguage{
        inherited == nullptr ? std::nullopt : std::optional<std::string>(inherited)};
  }
  ::setenv("LANGUAGE", std::string(LanguageCode(language)).c_str(), 1);
}

bool CataloguesWork() {
  // The empty message's translation is the catalogue's header: empty when no catalogue is read.
  return *::dgettext(kDomain, "") != '\0';
}

std::optional<InheritedLanguage> LanguageForChildren() {
  return ChangedLanguage();
}

}  // namespace kit
