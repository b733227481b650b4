// The references table: one record per @SQ line of the header (name string, length u64), in header order.
#pragma once

#include <htslib/sam.h>

#include <string>

#include "lib/buffer.h"
#include "lib/record_sink.h"
#include "lib/schema.h"

namespace recpipe::bam2cols {

Schema ReferencesSchema(const std::string& source);
// Appends the table's batch frames to out.
void AppendReferences(const sam_hdr_t* header, const SinkTable& table, size_t batch_bytes, Buffer* out);

}  // namespace recpipe::bam2cols
