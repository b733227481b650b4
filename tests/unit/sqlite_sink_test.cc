// SQLite output through RecordSink: one table per stream table with declared column types and NOT NULL, every
// value as it was (NULL apart from empty), logical types as their integer, names with any byte but NUL, the
// indexes a command asks for, and no file at all when the run fails.
#include "lib/sql/sqlite_sink.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lib/batch_builder.h"
#include "lib/command_line.h"
#include "lib/error.h"
#include "lib/output_file.h"
#include "lib/record_sink.h"
#include "lib/sql/sql_names.h"

namespace recpipe {
namespace {

namespace fs = std::filesystem;

class SqliteSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "recpipe_sqlite_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "out.sqlite").string();
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }

  std::set<std::string> Files() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.insert(e.path().filename().string());
    return names;
  }

  // Writes tables through a RecordSink as a command does: fill(sink) declares tables and writes frames.
  void Write(const std::function<void(RecordSink&)>& fill) {
    OutputFile out(path_);
    RecordSink sink(out, ResolveOutputForm(std::nullopt, path_, false));
    fill(sink);
    sink.Finish();
    out.Commit();
  }

  // The records fill() builds, as one run of frames of `table`.
  static Buffer Frames(const SinkTable& table, const std::function<void(BatchBuilder&)>& fill) {
    Buffer frames;
    BatchBuilder b(&frames, table.id, table.layout, 4096);
    fill(b);
    b.Finish();
    return frames;
  }

  sqlite3* Db() {
    if (!db_) {
      sqlite3* db = nullptr;
      EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
      db_.reset(db);
    }
    return db_.get();
  }

  // Rows of a query, each value as typeof:value ("null", "integer:5", "text:ab", "blob:3 bytes", "real:0.5").
  std::vector<std::string> Query(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(Db(), sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(Db());
    std::vector<std::string> rows;
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        if (i) row += "|";
        switch (sqlite3_column_type(s, i)) {
          case SQLITE_NULL: row += "null"; break;
          case SQLITE_INTEGER: row += "integer:" + std::to_string(sqlite3_column_int64(s, i)); break;
          case SQLITE_FLOAT: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "real:%.17g", sqlite3_column_double(s, i));
            row += buf;
            break;
          }
          case SQLITE_TEXT:
            row += "text:" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i)),
                                         static_cast<size_t>(sqlite3_column_bytes(s, i)));
            break;
          default: row += "blob:" + std::to_string(sqlite3_column_bytes(s, i)) + " bytes";
        }
      }
      rows.push_back(row);
    }
    sqlite3_finalize(s);
    return rows;
  }

  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
  fs::path dir_;
  std::string path_;
};

TEST_F(SqliteSinkTest, EveryTypeWithItsDeclaredTypeAndNulls) {
  Schema s{"t",
           {{"b", Type::kBool},
            {"i8", Type::kI8},
            {"i64", Type::kI64, true},
            {"u64", Type::kU64},
            {"f32", Type::kF32},
            {"f64", Type::kF64, true},
            {"s", Type::kString, true},
            {"by", Type::kBytes, true}},
           {}};
  Write([&](RecordSink& sink) {
    const SinkTable* t = sink.DeclareTable(s);
    sink.WriteFrames(*t, Frames(*t, [](BatchBuilder& b) {
      b.Begin();
      b.SetFixed<uint8_t>(0, 1);
      b.SetFixed<int8_t>(1, -128);
      b.SetFixed<int64_t>(2, INT64_MIN);
      b.SetFixed<uint64_t>(3, uint64_t{INT64_MAX});
      b.SetFixed<float>(4, 0.5f);
      b.SetFixed<double>(5, -INFINITY);
      b.AddVariable("héllo \"x\"");
      b.AddVariable(std::string_view("\0\xff", 2));
      b.End();
      b.Begin();  // nulls, and empty values that are not null
      b.SetFixed<uint8_t>(0, 0);
      b.SetFixed<int8_t>(1, 127);
      b.SetNull(2);
      b.SetFixed<uint64_t>(3, 0);
      b.SetFixed<float>(4, -0.0f);
      b.SetNull(5);
      b.AddVariable("");
      b.AddVariable("");
      b.End();
      b.Begin();
      b.SetFixed<uint8_t>(0, 0);
      b.SetFixed<int8_t>(1, 0);
      b.SetFixed<int64_t>(2, 7);
      b.SetFixed<uint64_t>(3, 1);
      b.SetFixed<float>(4, 1e30f);
      b.SetFixed<double>(5, 0.1);
      b.SetNull(6);
      b.AddVariable({});
      b.SetNull(7);
      b.End();
    }));
  });
  EXPECT_EQ(Query("SELECT * FROM t ORDER BY rowid"),
            (std::vector<std::string>{
                "integer:1|integer:-128|integer:-9223372036854775808|integer:9223372036854775807|real:0.5|real:-inf|"
                "text:héllo \"x\"|blob:2 bytes",
                // SQLite keeps a whole REAL as an integer on disk, which loses the sign of -0 (recpipe(7)).
                "integer:0|integer:127|null|integer:0|real:0|null|text:|blob:0 bytes",
                "integer:0|integer:0|integer:7|integer:1|real:1.0000000150474662e+30|real:0.10000000000000001|null|"
                "null"}));
  EXPECT_EQ(Query("SELECT hex(by) FROM t ORDER BY rowid")[0], "text:00FF");
  EXPECT_EQ(Query("SELECT name, type, \"notnull\" FROM pragma_table_info('t')"),
            (std::vector<std::string>{"text:b|text:INTEGER|integer:1", "text:i8|text:INTEGER|integer:1",
                                      "text:i64|text:INTEGER|integer:0", "text:u64|text:INTEGER|integer:1",
                                      "text:f32|text:REAL|integer:1", "text:f64|text:REAL|integer:0",
                                      "text:s|text:TEXT|integer:0", "text:by|text:BLOB|integer:0"}));
  EXPECT_EQ(Files(), (std::set<std::string>{"out.sqlite"}));
}

TEST_F(SqliteSinkTest, LogicalTypesAreTheirIntegerUnderTheirTypeName) {
  Schema s{"stop_times",
           {{"arrival_time", Type::kI32, true, {Logical::kTime}},
            {"service_date", Type::kI32, false, {Logical::kDate}},
            {"at", Type::kI64, false, {Logical::kTimestamp, TimeUnit::kMs}}},
           {}};
  Write([&](RecordSink& sink) {
    const SinkTable* t = sink.DeclareTable(s);
    sink.WriteFrames(*t, Frames(*t, [](BatchBuilder& b) {
      b.Begin();
      b.SetFixed<int32_t>(0, 90600);
      b.SetFixed<int32_t>(1, 19783);
      b.SetFixed<int64_t>(2, 1709294400123);
      b.End();
    }));
  });
  EXPECT_EQ(Query("SELECT arrival_time, typeof(arrival_time), service_date, at FROM stop_times"),
            (std::vector<std::string>{"integer:90600|text:integer|integer:19783|integer:1709294400123"}));
  EXPECT_EQ(Query("SELECT type FROM pragma_table_info('stop_times')"),
            (std::vector<std::string>{"text:TIME", "text:DATE", "text:TIMESTAMP_MS"}));
  // The SQL that recpipe(7) gives for showing them.
  EXPECT_EQ(Query("SELECT printf('%02d:%02d:%02d', arrival_time / 3600, arrival_time / 60 % 60, arrival_time % 60), "
                  "date(service_date * 86400, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch') "
                  "FROM stop_times"),
            (std::vector<std::string>{"text:25:10:00|text:2024-03-01|text:2024-03-01T12:00:00.123Z"}));
}

TEST_F(SqliteSinkTest, RowsInOrderAcrossMultiRowInserts) {
  // Enough columns that SQLite's parameter limit cuts the rows per INSERT, and rows that are not a multiple of it.
  for (size_t ncols : {size_t{1}, size_t{3}, size_t{700}}) {
    Schema s{"wide", {}, {}};
    for (size_t c = 0; c < ncols; ++c) s.fields.push_back({"c" + std::to_string(c), Type::kI64});
    const int64_t rows = 1000;
    Write([&](RecordSink& sink) {
      const SinkTable* t = sink.DeclareTable(s);
      sink.WriteFrames(*t, Frames(*t, [&](BatchBuilder& b) {
        for (int64_t r = 0; r < rows; ++r) {
          b.Begin();
          for (size_t c = 0; c < ncols; ++c) b.SetFixed<int64_t>(c, r * 1000 + static_cast<int64_t>(c));
          b.End();
        }
      }));
    });
    std::string last = "c" + std::to_string(ncols - 1);
    EXPECT_EQ(Query("SELECT count(*), sum(c0 = (rowid - 1) * 1000), sum(" + last + " - c0) FROM wide"),
              (std::vector<std::string>{"integer:1000|integer:1000|integer:" + std::to_string(rows * (ncols - 1))}))
        << ncols;
    db_.reset();
  }
}

// The sink's thread takes the frames through a bounded queue: more frames than it holds all go in, in order; an
// error in the middle (a NaN) is thrown by a later call with the record it names, and no file is left.
TEST_F(SqliteSinkTest, ManyFramesThroughTheQueueAndAnErrorInTheMiddle) {
  Schema s{"t", {{"n", Type::kI64}, {"f", Type::kF64}, {"pad", Type::kString}}, {}};
  const std::string pad(1000, 'p');
  const int64_t batches = 3 * static_cast<int64_t>(kSqliteQueueBytes) / (200 * 1000) + 1, per = 200;
  auto fill = [&](int64_t bad_batch) {
    return [&, bad_batch](RecordSink& sink) {
      const SinkTable* t = sink.DeclareTable(s);
      for (int64_t k = 0; k < batches; ++k) {
        sink.WriteFrames(*t, Frames(*t, [&](BatchBuilder& b) {
          for (int64_t r = 0; r < per; ++r) {
            b.Begin();
            b.SetFixed<int64_t>(0, k * per + r);
            b.SetFixed<double>(1, k == bad_batch && r == 7 ? std::nan("") : 0.5);
            b.AddVariable(pad);
            b.End();
          }
        }));
      }
    };
  };
  Write(fill(-1));
  EXPECT_EQ(Query("SELECT count(*), sum(n = rowid - 1), sum(length(pad)) FROM t"),
            (std::vector<std::string>{"integer:" + std::to_string(batches * per) +
                                      "|integer:" + std::to_string(batches * per) +
                                      "|integer:" + std::to_string(batches * per * 1000)}));
  db_.reset();
  fs::remove(path_);
  try {
    Write(fill(3));
    ADD_FAILURE() << "no error for the NaN";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("table 't', record " + std::to_string(3 * per + 8) + ", field 'f': NaN"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(SqliteSinkTest, NamesWithQuotesAndOddBytes) {
  const std::string table = "x\"; DROP TABLE y; --\n\t'é";
  Schema s{table, {{"a\"b", Type::kI32}, {"", Type::kString}, {"select", Type::kString}, {"\x01 ]`[", Type::kI32}}, {}};
  Schema other{"y", {{"v", Type::kI32}}, {}};
  Write([&](RecordSink& sink) {
    const SinkTable* y = sink.DeclareTable(other);
    const SinkTable* t = sink.DeclareTable(s);
    sink.WriteFrames(*y, Frames(*y, [](BatchBuilder& b) {
      b.Begin();
      b.SetFixed<int32_t>(0, 1);
      b.End();
    }));
    sink.WriteFrames(*t, Frames(*t, [](BatchBuilder& b) {
      b.Begin();
      b.SetFixed<int32_t>(0, 5);
      b.SetFixed<int32_t>(3, 6);
      b.AddVariable("e");
      b.AddVariable("s");
      b.End();
    }));
    sink.AddSqlIndex(table, {"a\"b", "\x01 ]`["});
  });
  EXPECT_EQ(Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
            (std::vector<std::string>{"text:" + table, "text:y"}));
  EXPECT_EQ(Query("SELECT * FROM " + QuoteSqlName(table)),
            (std::vector<std::string>{"integer:5|text:e|text:s|integer:6"}));
  EXPECT_EQ(Query("SELECT name FROM pragma_table_info(" + std::string("'x\"; DROP TABLE y; --\n\t''é'") + ")"),
            (std::vector<std::string>{"text:a\"b", "text:", "text:select", "text:\x01 ]`["}));
  EXPECT_EQ(Query("SELECT count(*) FROM y"), (std::vector<std::string>{"integer:1"}));
}

TEST_F(SqliteSinkTest, QuoteSqlName) {
  EXPECT_EQ(QuoteSqlName("a"), "\"a\"");
  EXPECT_EQ(QuoteSqlName("a\"\"b"), "\"a\"\"\"\"b\"");
  EXPECT_EQ(QuoteSqlName(""), "\"\"");
  EXPECT_THROW(QuoteSqlName(std::string_view("a\0b", 3)), DataError);
}

TEST_F(SqliteSinkTest, IndexesOnTheColumnsAskedFor) {
  Schema s{"stop_times", {{"trip_id", Type::kString}, {"stop_sequence", Type::kU32}, {"x", Type::kI32}}, {}};
  Schema empty{"stops", {{"stop_id", Type::kString}}, {}};
  Write([&](RecordSink& sink) {
    const SinkTable* t = sink.DeclareTable(s);
    sink.DeclareTable(empty);  // no records: the table is still made
    sink.WriteFrames(*t, Frames(*t, [](BatchBuilder& b) {
      for (uint32_t i = 0; i < 100; ++i) {
        b.Begin();
        b.SetFixed<uint32_t>(1, i % 10);
        b.SetFixed<int32_t>(2, 0);
        b.AddVariable("trip" + std::to_string(i / 10));
        b.End();
      }
    }));
    sink.AddSqlIndex("stop_times", {"trip_id", "stop_sequence"});
    sink.AddSqlIndex("stops", {"stop_id"});
  });
  EXPECT_EQ(Query("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name"),
            (std::vector<std::string>{"text:idx_stop_times_trip_id_stop_sequence|text:stop_times",
                                      "text:idx_stops_stop_id|text:stops"}));
  EXPECT_EQ(Query("SELECT name FROM pragma_index_info('idx_stop_times_trip_id_stop_sequence')"),
            (std::vector<std::string>{"text:trip_id", "text:stop_sequence"}));
  EXPECT_EQ(Query("SELECT count(*) FROM stops"), (std::vector<std::string>{"integer:0"}));
  std::vector<std::string> plan =
      Query("EXPLAIN QUERY PLAN SELECT * FROM stop_times WHERE trip_id = 'trip3' AND stop_sequence = 4");
  ASSERT_FALSE(plan.empty());
  EXPECT_NE(plan[0].find("idx_stop_times_trip_id_stop_sequence"), std::string::npos) << plan[0];
}

// A run that fails leaves nothing in the folder: not the database, not its temporary file, not a journal.
TEST_F(SqliteSinkTest, FailuresLeaveNoFile) {
  Schema s{"t", {{"f", Type::kF64}, {"u", Type::kU64}}, {}};
  auto row = [](double f, uint64_t u) {
    return [=](BatchBuilder& b) {
      for (int i = 0; i < 100; ++i) {
        b.Begin();
        b.SetFixed<double>(0, i == 99 ? f : 1.0);
        b.SetFixed<uint64_t>(1, i == 99 ? u : 1);
        b.End();
      }
    };
  };
  auto expect_error = [&](const std::function<void(RecordSink&)>& fill, const std::string& want) {
    try {
      Write(fill);
      ADD_FAILURE() << "no error; wanted " << want;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
    }
    EXPECT_TRUE(Files().empty());
  };
  expect_error(
      [&](RecordSink& sink) {
        const SinkTable* t = sink.DeclareTable(s);
        sink.WriteFrames(*t, Frames(*t, row(std::nan(""), 1)));
      },
      "out.sqlite: table 't', record 100, field 'f': NaN");
  expect_error(
      [&](RecordSink& sink) {
        const SinkTable* t = sink.DeclareTable(s);
        sink.WriteFrames(*t, Frames(*t, row(1, uint64_t{INT64_MAX} + 1)));
      },
      "out.sqlite: table 't', record 100, field 'u': 9223372036854775808 is above 2^63-1");
  expect_error([&](RecordSink& sink) { sink.AddSqlIndex("t", {"f"}); }, "index on table 't': no such table");
  expect_error(
      [&](RecordSink& sink) {
        sink.DeclareTable(s);
        sink.AddSqlIndex("t", {"g"});
      },
      "index on table 't': no column 'g'");
  expect_error(
      [&](RecordSink& sink) {
        sink.DeclareTable(s);
        sink.DeclareTable(Schema{"T", {{"v", Type::kI32}}, {}});
      },
      "out.sqlite: table 'T': SQLite: table \"T\" already exists");
  expect_error(
      [&](RecordSink& sink) {
        sink.DeclareTable(Schema{std::string("a\0b", 3), {{"v", Type::kI32}}, {}});
      },
      "NUL byte");
  // An earlier database at the name stays as it was.
  Write([&](RecordSink& sink) { sink.DeclareTable(s); });
  EXPECT_THROW(Write([&](RecordSink& sink) {
                 const SinkTable* t = sink.DeclareTable(Schema{"other", {{"f", Type::kF64}, {"u", Type::kU64}}, {}});
                 sink.WriteFrames(*t, Frames(*t, row(std::nan(""), 1)));
               }),
               DataError);
  EXPECT_EQ(Files(), (std::set<std::string>{"out.sqlite"}));
  EXPECT_EQ(Query("SELECT name FROM sqlite_master"), (std::vector<std::string>{"text:t"}));
}

TEST_F(SqliteSinkTest, OnlyToAFileByName) {
  EXPECT_EQ(ResolveOutputForm(std::nullopt, "x.sqlite", false), OutputForm::kSqlite);
  EXPECT_EQ(ResolveOutputForm(OutputForm::kCsv, "x.sqlite", false), OutputForm::kCsv);
  EXPECT_EQ(ResolveOutputForm(std::nullopt, "x.sqlite.gz", false), OutputForm::kRec);
  EXPECT_THROW(ResolveOutputForm(OutputForm::kSqlite, "-", false), UsageError);
  EXPECT_THROW(ResolveOutputForm(OutputForm::kSqlite, "-", true), UsageError);
  // A device or a pipe is written in place, which a database cannot be.
  OutputFile null("/dev/null");
  EXPECT_THROW(SqliteSink sink(null), DataError);
}

}  // namespace
}  // namespace recpipe
