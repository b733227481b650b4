// TableParser: reference columns typed, other columns strings, short rows padded with nulls, long rows and bad
// values reported as notices with the row's line, invalid UTF-8 found per value.
#include <gtest/gtest.h>

#include "cmd/parse_gtfs/table_parser.h"
#include "lib/record_view.h"
#include "lib/text_format.h"

namespace recpipe::parse_gtfs {
namespace {

struct Parsed {
  std::string jsonl;
  BlockResult result;
};

Parsed ParseText(const TableParser& parser, std::string_view text, bool check_utf8 = false) {
  Schema schema = parser.schema();
  TableLayout layout(schema);
  Buffer frames;
  BatchBuilder builder(&frames, 0, layout);
  Parsed out;
  parser.Parse(text, check_utf8, builder, &out.result);
  builder.Finish();
  Buffer text_out;
  ForEachRecordInFrames(layout, frames.view(),
                        [&](const RecordView& r) { RenderRecord(OutputForm::kJsonl, schema, layout, r, &text_out); });
  out.jsonl = std::string(text_out.view());
  return out;
}

TEST(TableParser, TypesTheReferenceColumnsAndKeepsOthersAsStrings) {
  TableParser p("stop_times.txt", FindFileSpec("stop_times"), {"trip_id", " arrival_time", "stop_sequence", "note"},
                {});
  ASSERT_EQ(p.schema().name, "stop_times");
  EXPECT_EQ(p.schema().fields[1].name, "arrival_time");
  EXPECT_EQ(p.schema().fields[1].type, Type::kI32);
  EXPECT_EQ(p.schema().fields[1].logical.kind, Logical::kTime);  // JSON lines show it as GTFS writes it
  EXPECT_EQ(p.schema().fields[3].type, Type::kString);
  Parsed r = ParseText(p, "T1,25:10:00,1,x\nT1,,2\n\nT2,6:00:00,3,y,\n");
  EXPECT_EQ(r.jsonl,
            "{\"trip_id\":\"T1\",\"arrival_time\":\"25:10:00\",\"stop_sequence\":1,\"note\":\"x\"}\n"
            "{\"trip_id\":\"T1\",\"arrival_time\":null,\"stop_sequence\":2,\"note\":null}\n"
            "{\"trip_id\":\"T2\",\"arrival_time\":\"06:00:00\",\"stop_sequence\":3,\"note\":\"y\"}\n");
  EXPECT_TRUE(r.result.notices.empty());
  EXPECT_EQ(r.result.lines, 4u);
  EXPECT_EQ(r.result.records, 3u);
}

TEST(TableParser, MissingRequiredColumnsAreHeaderNotices) {
  TableParser p("routes.txt", FindFileSpec("routes"), {"route_id"}, {});
  ASSERT_EQ(p.header_notices().size(), 1u);
  EXPECT_EQ(p.header_notices()[0].code, "missing_required_column");
  EXPECT_EQ(p.header_notices()[0].field, "route_type");
}

TEST(TableParser, BadValuesAndLongRowsAreNoticesAtTheirLine) {
  TableParser p("stops.txt", FindFileSpec("stops"), {"stop_id", "stop_lat"}, {});
  Parsed r = ParseText(p, "S1,1.5\n\"S\n2\",north\nS3,2,extra\n");
  EXPECT_EQ(r.result.records, 3u);
  ASSERT_EQ(r.result.notices.size(), 2u);
  EXPECT_EQ(r.result.notices[0].code, "invalid_float");
  EXPECT_EQ(r.result.notices[0].line, 1u);  // 0-based: the row starts on the block's second line
  EXPECT_EQ(r.result.notices[0].value, "north");
  EXPECT_EQ(r.result.notices[1].code, "invalid_row_length");
  EXPECT_EQ(r.result.notices[1].line, 3u);
  EXPECT_EQ(r.result.notices[1].value, "extra");
}

TEST(TableParser, InvalidUtf8IsFoundPerValue) {
  TableParser p("stops.txt", FindFileSpec("stops"), {"stop_id", "stop_name"}, {});
  Parsed r = ParseText(p, "S1,Ok\nS2,Ols\xf8ya\n", true);
  ASSERT_EQ(r.result.notices.size(), 1u);
  EXPECT_EQ(r.result.notices[0].code, "invalid_utf8");
  // The notice keeps the bytes; the notices table and error messages quote them (Printable, PrintableMessage).
  EXPECT_EQ(r.result.notices[0].value, "Ols\xf8" "ya");
  EXPECT_EQ(Printable(r.result.notices[0].value), "Ols\\xf8ya");
  EXPECT_EQ(r.jsonl, "{\"stop_id\":\"S1\",\"stop_name\":\"Ok\"}\n{\"stop_id\":\"S2\",\"stop_name\":null}\n");
}

}  // namespace
}  // namespace recpipe::parse_gtfs
