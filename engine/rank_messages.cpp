#include "engine/rank_messages.h"

#include <bit>

#include "engine/json_fields.h"
#include "engine/search.h"
#include "ir/program.h"

namespace uf::engine {

namespace {
using json = nlohmann::json;
using namespace json_fields;

std::uint64_t dbits(double v) { return std::bit_cast<std::uint64_t>(v); }
double dfrom(const json& v, const std::string& path) { return std::bit_cast<double>(unsigned_integer(v, path)); }

json throughput(const RankThroughput& t) {
  return json{t.generation, t.evaluations, dbits(t.seconds), dbits(t.comm_seconds), t.bytes_sent,
              t.migrants_sent, t.migrants_received};
}

RankThroughput throughput(const json& v) {
  const json& a = array(v, "from");
  if (a.size() != 7) fail("from", "expected 7 fields");
  RankThroughput t;
  t.generation = unsigned_integer(a[0], "from[0]");
  t.evaluations = unsigned_integer(a[1], "from[1]");
  t.seconds = dfrom(a[2], "from[2]");
  t.comm_seconds = dfrom(a[3], "from[3]");
  t.bytes_sent = unsigned_integer(a[4], "from[4]");
  t.migrants_sent = unsigned_integer(a[5], "from[5]");
  t.migrants_received = unsigned_integer(a[6], "from[6]");
  return t;
}

}  // namespace

std::string encode_rank_message(const RankMessage& m) {
  json j;
  j["from"] = throughput(m.from);
  if (m.kind == RankMessage::Kind::Exchange) {
    j["kind"] = "exchange";
    j["boundary"] = m.boundary;
    j["migrant"] = m.migrant ? encode_candidate(*m.migrant) : json(nullptr);
    j["seen"] = m.seen;
    json proofs = json::array();
    for (const ProofNote& p : m.proofs) {
      json xs = json::array();
      for (float x : p.counterexamples) xs.push_back(ir::float_to_bits(x));
      proofs.push_back(json{{"candidate", encode_candidate(p.candidate)}, {"counterexamples", xs}});
    }
    j["proofs"] = proofs;
    j["stop"] = m.stop;
    j["checkpoint"] = m.checkpoint;
  } else {
    j["kind"] = "snapshot";
    json arch = json::array();
    for (const auto& c : m.archive) arch.push_back(encode_candidate(c));
    j["archive"] = arch;
    j["best"] = m.best ? encode_candidate(*m.best) : json(nullptr);
  }
  return j.dump();
}

RankMessage decode_rank_message(std::string_view bytes) {
  try {
    const json j = json::parse(bytes);
    RankMessage m;
    m.from = throughput(field(j, "", "from"));
    const std::string kind = string(field(j, "", "kind"), "kind");
    std::size_t cores = 0;
    if (kind == "exchange") {
      m.kind = RankMessage::Kind::Exchange;
      m.boundary = unsigned_integer(field(j, "", "boundary"), "boundary");
      const json& mg = field(j, "", "migrant");
      if (!mg.is_null()) m.migrant = decode_candidate(mg, "migrant", cores);
      const json& seen = array(field(j, "", "seen"), "seen");
      for (std::size_t i = 0; i < seen.size(); ++i) m.seen.push_back(unsigned_integer(seen[i], at_index("seen", i)));
      const json& ps = array(field(j, "", "proofs"), "proofs");
      for (std::size_t i = 0; i < ps.size(); ++i) {
        const std::string path = at_index("proofs", i);
        ProofNote p;
        p.candidate = decode_candidate(field(ps[i], path, "candidate"), member(path, "candidate"), cores);
        const json& xs = array(field(ps[i], path, "counterexamples"), member(path, "counterexamples"));
        for (std::size_t k = 0; k < xs.size(); ++k) {
          p.counterexamples.push_back(ir::bits_to_float(static_cast<std::uint32_t>(
              unsigned_integer(xs[k], at_index(member(path, "counterexamples"), k), 0xffffffffu))));
        }
        m.proofs.push_back(std::move(p));
      }
      m.stop = boolean(field(j, "", "stop"), "stop");
      m.checkpoint = boolean(field(j, "", "checkpoint"), "checkpoint");
    } else if (kind == "snapshot") {
      m.kind = RankMessage::Kind::Snapshot;
      const json& arch = array(field(j, "", "archive"), "archive");
      for (std::size_t i = 0; i < arch.size(); ++i) m.archive.push_back(decode_candidate(arch[i], at_index("archive", i), cores));
      const json& b = field(j, "", "best");
      if (!b.is_null()) m.best = decode_candidate(b, "best", cores);
    } else {
      fail("kind", "expected exchange or snapshot");
    }
    return m;
  } catch (const json::exception& e) {
    throw SearchError(std::string("message between ranks: ") + e.what());
  } catch (const FieldError& e) {
    throw SearchError(std::string("message between ranks: ") + e.what());
  }
}

}  // namespace uf::engine
