#include "cmd/bam2cols/column_spec.h"

#include <htslib/sam.h>

#include <algorithm>
#include <cctype>

#include "lib/command_line.h"
#include "lib/error.h"
#include "lib/split_list.h"

namespace recpipe::bam2cols {
namespace {

struct CoreColumn {
  const char* name;
  Column column;
  Type type;
  bool nullable;
  int fields;  // CRAM_OPT_REQUIRED_FIELDS bits it needs
};

// Nullable exactly where SAM writes '*' (or nothing can be said: end and qlen of an unmapped read).
constexpr CoreColumn kCore[] = {
    {"qname", Column::kQname, Type::kString, false, SAM_QNAME},
    {"flag", Column::kFlag, Type::kU16, false, SAM_FLAG},
    {"rname", Column::kRname, Type::kString, true, SAM_RNAME},
    {"pos", Column::kPos, Type::kI64, false, SAM_POS},
    {"mapq", Column::kMapq, Type::kU8, false, SAM_MAPQ},
    {"cigar", Column::kCigar, Type::kString, true, SAM_CIGAR},
    {"rnext", Column::kRnext, Type::kString, true, SAM_RNEXT | SAM_RNAME},
    {"pnext", Column::kPnext, Type::kI64, false, SAM_PNEXT},
    {"tlen", Column::kTlen, Type::kI64, false, SAM_TLEN},
    {"seq", Column::kSeq, Type::kString, true, SAM_SEQ},
    {"qual", Column::kQual, Type::kString, true, SAM_QUAL},
    {"end", Column::kEnd, Type::kI64, true, SAM_POS | SAM_CIGAR | SAM_FLAG},
    {"qlen", Column::kQlen, Type::kU32, false, SAM_CIGAR | SAM_SEQ},
};

Type TagType(const std::string& spec, const std::string& letters) {
  if (letters.size() == 1) {
    switch (letters[0]) {
      case 'i': return Type::kI64;
      case 'f': return Type::kF32;
      case 'A':
      case 'Z':
      case 'H':
      case 'B': return Type::kString;
      default: break;
    }
  }
  std::optional<Type> t = ParseTypeName(letters);
  if (!t || *t == Type::kBytes || *t == Type::kBool) {
    throw UsageError("--tags: '" + spec + "': TYPE is one of i, f, A, Z, H, B or i8..i64, u8..u64, f32, f64, string");
  }
  return *t;
}

}  // namespace

ColumnSet ParseColumns(const std::string& columns, const std::string& tags, bool all_tags) {
  ColumnSet set;
  std::vector<std::string> names = ParseFieldList(columns.empty() ? kDefaultColumns : columns, "--columns");
  for (const std::string& name : names) {
    const CoreColumn* c =
        std::find_if(std::begin(kCore), std::end(kCore), [&](const CoreColumn& k) { return name == k.name; });
    if (c == std::end(kCore)) {
      throw UsageError("--columns: no column '" + name + "' (columns: " + kColumnNames + "; tags go in --tags)");
    }
    set.columns.push_back({c->column, c->name, c->type, c->nullable, {0, 0}});
    set.required_fields |= c->fields;
  }
  if (!tags.empty()) {
    for (const std::string& spec : ParseFieldList(tags, "--tags")) {
      size_t colon = spec.find(':');
      std::string tag = spec.substr(0, colon);
      if (tag.size() != 2 || !std::isalpha(static_cast<unsigned char>(tag[0])) ||
          !std::isalnum(static_cast<unsigned char>(tag[1]))) {
        throw UsageError("--tags: '" + spec + "' is not TAG:TYPE with a two-character SAM tag (NM:i, MD:Z)");
      }
      if (colon == std::string::npos) throw UsageError("--tags: '" + spec + "' lacks its type (NM:i, MD:Z)");
      ColumnSpec c{Column::kTag, tag, TagType(spec, spec.substr(colon + 1)), true, {tag[0], tag[1]}};
      set.columns.push_back(c);
      set.required_fields |= SAM_AUX | (tag == "RG" ? SAM_RGAUX : 0);
    }
  }
  if (all_tags) {
    set.columns.push_back({Column::kAllTags, "tags", Type::kString, false, {0, 0}});
    set.required_fields |= SAM_AUX | SAM_RGAUX;
  }
  for (size_t i = 0; i < set.columns.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (set.columns[i].name == set.columns[j].name)
        throw UsageError("column '" + set.columns[i].name + "' given twice");
    }
  }
  // The filters (-f, -F, --primary-only, --min-mapq) read FLAG and MAPQ whatever the columns.
  set.required_fields |= SAM_FLAG | SAM_MAPQ;
  for (const ColumnSpec& c : set.columns) {
    set.needs_seq |= c.column == Column::kSeq;
    set.needs_qual |= c.column == Column::kQual;
  }
  return set;
}

Schema ReadsSchema(const ColumnSet& set, const std::string& header_text, const std::string& source) {
  Schema s;
  s.name = "reads";
  for (const ColumnSpec& c : set.columns) s.fields.push_back({c.name, c.type, c.nullable});
  s.metadata.emplace_back("source", source);
  s.metadata.emplace_back("sam_header", header_text);
  return s;
}

}  // namespace recpipe::bam2cols
