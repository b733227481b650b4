#include "cmd/bam2cols/reference_table.h"

#include "lib/batch_builder.h"

namespace recpipe::bam2cols {

Schema ReferencesSchema(const std::string& source) {
  return Schema{"references", {{"name", Type::kString, false}, {"length", Type::kU64, false}}, {{"source", source}}};
}

void AppendReferences(const sam_hdr_t* header, const SinkTable& table, size_t batch_bytes, Buffer* out) {
  BatchBuilder b(out, table.id, table.layout, batch_bytes);
  for (int t = 0; t < sam_hdr_nref(header); ++t) {
    b.Begin();
    b.SetFixed<uint64_t>(1, static_cast<uint64_t>(sam_hdr_tid2len(header, t)));
    b.AddVariable(sam_hdr_tid2name(header, t));
    b.End();
  }
  b.Finish();
}

}  // namespace recpipe::bam2cols
