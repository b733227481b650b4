// bam2cols' entry point: options into Options, then Convert.
#include <htslib/sam.h>

#include "cmd/bam2cols/bam2cols.h"
#include "cmd/bam2cols/column_spec.h"
#include "lib/error.h"
#include "lib/pieces.h"
#include "lib/run_command.h"

namespace po = boost::program_options;

namespace recpipe::bam2cols {
namespace {

// -f/-F: a number (decimal, 0x hex, 0 octal) or flag names (PAIRED,UNMAP,...), as samtools takes them.
uint16_t ParseFlags(const std::string& text, const char* option) {
  int v = bam_str2flag(text.c_str());
  if (v < 0 || v > 0xffff) {
    throw UsageError(std::string(option) + " takes a number or flag names such as PAIRED,UNMAP, not '" + text + "'");
  }
  return static_cast<uint16_t>(v);
}

Options OptionsFrom(CommandLine& cl) {
  const auto& vm = cl.vm();
  Options o;
  o.common = cl.common();
  if (o.common.inputs.size() > 1) throw UsageError("bam2cols reads one input");
  if (!o.common.inputs.empty()) o.input = o.common.inputs[0];
  if (vm.count("reference")) o.reference = vm["reference"].as<std::string>();
  if (vm.count("columns")) o.columns = vm["columns"].as<std::string>();
  if (vm.count("tags")) o.tags = vm["tags"].as<std::string>();
  o.all_tags = vm.count("all-tags") != 0;
  if (vm.count("tables")) {
    o.write_reads = o.write_references = false;
    for (const std::string& t : ParseFieldList(vm["tables"].as<std::string>(), "--tables")) {
      if (t == "reads") {
        o.write_reads = true;
      } else if (t == "references") {
        o.write_references = true;
      } else {
        throw UsageError("--tables takes reads and references, not '" + t + "'");
      }
    }
  }
  if (vm.count("region")) o.regions = vm["region"].as<std::vector<std::string>>();
  if (vm.count("regions-file")) {
    std::vector<std::string> bed = ReadBedRegions(vm["regions-file"].as<std::string>());
    if (bed.empty()) throw UsageError("--regions-file: no regions in " + vm["regions-file"].as<std::string>());
    o.regions.insert(o.regions.end(), bed.begin(), bed.end());
  }
  if (vm.count("min-mapq"))
    o.filter.min_mapq = static_cast<uint8_t>(ParseCount(vm["min-mapq"].as<std::string>(), "--min-mapq", 0, 255));
  if (vm.count("require-flags")) o.filter.require_flags = ParseFlags(vm["require-flags"].as<std::string>(), "-f");
  if (vm.count("exclude-flags")) o.filter.exclude_flags = ParseFlags(vm["exclude-flags"].as<std::string>(), "-F");
  if (vm.count("primary-only")) o.filter.exclude_flags |= BAM_FSECONDARY | BAM_FSUPPLEMENTARY;
  if (vm.count("part")) o.part = ParsePart(vm["part"].as<std::string>());
  if (vm.count("plan")) o.plan = ParseCount(vm["plan"].as<std::string>(), "--plan", 1, kMaxPieces);
  if (o.part && o.plan) throw UsageError("--part and --plan conflict");
  if ((o.part || o.plan) && !o.regions.empty()) throw UsageError("--part and --plan cannot be used with --region");
  if (vm.count("batch-size")) {
    o.batch_bytes = ParseSize(vm["batch-size"].as<std::string>(), "--batch-size");
    if (o.batch_bytes < 1 || o.batch_bytes > (256u << 20)) throw UsageError("--batch-size takes 1 to 256M");
  }
  return o;
}

int Main(int argc, char** argv) {
  CommandLine cl(kCommand, "[OPTIONS] [INPUT]",
                 "Aligned reads (BAM, SAM or CRAM, through htslib) into a table of typed columns, `reads`, and one of\n"
                 "the header's references, `references`. INPUT is a file or - for standard input [-].",
                 BadRows::kNone);
  // clang-format off
  cl.own().add_options()
    ("columns,c", po::value<std::string>()->value_name("NAMES"),
     "columns of the reads table, in this order, from qname,flag,rname,pos,mapq,cigar,rnext,pnext,tlen,seq,qual,"
     "end,qlen [the 11 SAM fields]")
    ("tags", po::value<std::string>()->value_name("TAG:TYPE,..."),
     "tags as typed columns after them: NM:i,MD:Z,AS:u8 (TYPE: i f A Z H B, or i8..u64 f32 f64 string)")
    ("all-tags", "add a column `tags` with every tag as SAM writes them, tab-separated")
    ("tables", po::value<std::string>()->value_name("NAMES"), "the tables to write: reads, references [both]")
    ("reference", po::value<std::string>()->value_name("FASTA"), "the reference of a CRAM file (else REF_PATH)")
    ("region,r", po::value<std::vector<std::string>>()->value_name("CHR:A-B"),
     "only reads overlapping this region (repeatable; needs the index), each read once")
    ("regions-file", po::value<std::string>()->value_name("BED"), "only reads overlapping the regions of a BED file")
    ("min-mapq", po::value<std::string>()->value_name("Q"), "only reads with MAPQ >= Q")
    ("require-flags,f", po::value<std::string>()->value_name("FLAGS"), "only reads with all of these flags")
    ("exclude-flags,F", po::value<std::string>()->value_name("FLAGS"), "only reads with none of these flags")
    ("primary-only", "leave out secondary and supplementary alignments (-F 0x900)")
    ("part", po::value<std::string>()->value_name("K/N"),
     "only the K-th of N pieces of an indexed BAM file (cut at record starts the index knows)")
    ("plan", po::value<std::string>()->value_name("N"),
     "print the N pieces as INDEX, START, LENGTH lines (compressed bytes) and exit")
    ("batch-size", po::value<std::string>()->value_name("SIZE"), "target bytes per output batch [1M]");
  // clang-format on
  if (!cl.Parse(argc, argv)) return kExitOk;
  Convert(OptionsFrom(cl));
  return kExitOk;
}

}  // namespace
}  // namespace recpipe::bam2cols

int main(int argc, char** argv) {
  return recpipe::RunCommand(recpipe::bam2cols::kCommand, argc, argv, recpipe::bam2cols::Main);
}
