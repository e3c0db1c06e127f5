// The kit's messages in the learner's language, through GNU gettext (glibc's libintl): the text
// domain "cancelkit", catalogues po/<lang>.po compiled by the build into <build>/locale. English
// is the source language, so an untranslated or unbound message prints as it is written.
//
//   _("text")                 the message in the learner's language
//   N_("text")                marks a message for xgettext where it cannot be translated yet
//   P_("one", "many", count)  a message with a count, in the language's plural form
//   NP_("one", "many")        marks one for P_ where the count comes later
//
// A message with fmt placeholders goes through fmt::runtime: fmt::format(fmt::runtime(_("{} ...")),
// ...). Strings from chapters.toml (titles, hints, hang diagnoses) are looked up the same way, at
// run time: `kit_cli dev pot` lists them for the catalogue.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kit {

const char* _(const char* message);
inline std::string _(const std::string& message) {
  return _(message.c_str());
}
constexpr const char* N_(const char* message) {
  return message;
}
const char* P_(const char* one, const char* many, unsigned long count);
// A message with a count, marked where the count is not known yet: P_(message.one,
// message.many, count) later.
struct PluralMessage {
  const char* one;
  const char* many;
};
constexpr PluralMessage NP_(const char* one, const char* many) {
  return {one, many};
}

enum class Language { kEnglish, kKorean };

// "ko" or "en" (and their long forms), as --lang and the saved choice spell them.
std::optional<Language> ParseLanguage(std::string_view name);
std::string_view LanguageCode(Language language);

// The learner's language: `--lang` if given, else the one saved in the workspace, else Korean when
// the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set starts with "ko", else English.
// `environment` is getenv, or a stand-in in tests.
Language ChooseLanguage(std::optional<Language> flag, std::optional<Language> saved,
                        const std::function<const char*(const char*)>& environment);

// The choice `--lang` saved in the workspace (.kit/language), and saving it.
std::optional<Language> SavedLanguage(const std::filesystem::path& kit_dir);
bool SaveLanguage(const std::filesystem::path& kit_dir, Language language);

// From here on _() answers in `language`, from the catalogues under `locale_dir`. For Korean this
// sets LANGUAGE=ko in this process only (see LanguageForChildren) and a message locale glibc
// reads LANGUAGE in: the learner's, a generated ko_KR.UTF-8, or else the kit's own
// (<locale_dir>/glibc/ko_KR.UTF-8, which the build copies from Debian's C.UTF-8), since
// ko_KR.UTF-8 is rarely generated on Debian and glibc ignores LANGUAGE in the C locales.
void UseLanguage(Language language, const std::filesystem::path& locale_dir);

// Where the build puts the kit's own Korean message locale under `locale_dir`
// (<locale_dir>/glibc/ko_KR.UTF-8); absent where the build found no C.UTF-8 to copy.
std::filesystem::path KitsOwnKoreanLocale(const std::filesystem::path& locale_dir);

// Whether _() reads the chosen language's catalogue here. False only where no locale could be
// set that glibc reads LANGUAGE in (no generated one, and the build found no C.UTF-8 to copy).
bool CataloguesWork();

// The LANGUAGE variable the kit inherited (nullopt: unset), when UseLanguage changed it: the
// programs the kit runs (compilers, tests) get the learner's environment as it was, so their
// output is never the kit's translation. Nothing when the kit left LANGUAGE alone.
struct InheritedLanguage {
  std::optional<std::string> value;
};
std::optional<InheritedLanguage> LanguageForChildren();

}  // namespace kit
