// `ulpforge search`: evolutionary search for a proven kernel of a target (engine/).
// Exit 0 when a kernel within --max-ulp was proven (or the run was interrupted and its
// state saved), 1 when none was proven, 2 on bad input.
#include <cmath>
#include <csignal>
#include <sstream>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/common.h"
#include "engine/atomic_file.h"
#include "engine/checkpoint.h"
#include "engine/real_search.h"
#include "engine/search.h"
#include "ir/bound.h"
#include "ir/passes.h"
#include "jit/header.h"
#include "jit/jit.h"

namespace uf::cli {

namespace {

struct SearchArgs {
  std::string target;
  double max_ulp = 1.0;
  double time = 60;
  std::uint64_t seed = 1;
  int threads = 0;
  std::string out;
  std::optional<std::string> resume;
  bool resume_flag = false;
  std::string target_file;
  std::string selection = "nsga2";
  int islands = 1;
  std::size_t population = 64;
  std::uint64_t generations = 0;
  bool quiet = false;
  std::string log_json;
  double checkpoint_every = 30;
  std::string seed_program;
  bool seed_baseline = false;
  int final_verifications = 3;
  bool no_run_proofs = false;
  std::uint64_t proof_lag = engine::SearchOptions{}.proof_lag;
  bool first_proof_beside = false;
  std::size_t samples = 16384;
  std::string cost = "static";
  std::string cost_isa = "avx512";
  std::string mode = "f32";
  std::vector<double> interval;
  std::vector<std::string> real_ops = {"add", "sub", "mul", "div"};
  int fma_cost = 2;
  std::size_t max_cost = engine::RealSearchOptions{}.max_ops;
  int migrate_every = engine::SearchOptions{}.migrate_every;
  bool lockstep = false;
  std::string topology = "ring";
};

extern "C" void on_signal(int) { engine::stop_flag().store(true); }

void check_writable_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw InputError(fmt::format("--out {}: cannot create directory{}", dir.string(),
                                 ec ? ": " + ec.message() : std::string()));
  }
  const auto probe = dir / (".ulpforge-write-test." + std::to_string(::getpid()));
  {
    std::ofstream f(probe);
    if (!f || !(f << "x") || !f.flush()) {
      throw InputError(fmt::format("--out {}: directory is not writable", dir.string()));
    }
  }
  std::filesystem::remove(probe, ec);
}

// `--mode real`: the paper's real-number experiment on TARGET's reference function.
void run_real_mode(const std::string& target, const std::vector<double>& interval, double time,
                   std::uint64_t seed, const std::string& out, bool quiet,
                   const std::vector<std::string>& ops, int fma_cost, std::size_t max_cost) {
  if (interval.size() != 2 || !(interval[0] < interval[1]) || !std::isfinite(interval[0]) ||
      !std::isfinite(interval[1])) {
    throw InputError("--mode real needs --interval LO,HI with finite LO < HI");
  }
  if (out.empty()) throw InputError("--out DIR is required");
  std::optional<std::string> name = target;
  if (target.empty()) throw InputError("TARGET is required");
  const targets::Target& t = resolve_target(name, {});
  check_writable_dir(out);
  engine::RealSearchOptions o;
  o.lo = interval[0];
  o.hi = interval[1];
  o.time_limit = time;
  o.seed = seed;
  o.fma_cost = fma_cost;
  o.max_ops = max_cost;
  o.ops.clear();
  for (const std::string& s : ops) {
    ir::Op op{};
    if (!ir::op_from_name(s, op) || (op != ir::Op::Add && op != ir::Op::Sub && op != ir::Op::Mul &&
                                     op != ir::Op::Div && op != ir::Op::Fma && op != ir::Op::Neg)) {
      throw InputError(fmt::format("--ops: '{}' is not one of add, sub, mul, div, fma, neg", s));
    }
    if (std::find(o.ops.begin(), o.ops.end(), op) == o.ops.end()) o.ops.push_back(op);
  }
  const double mid = 0.5 * (o.lo + o.hi);
  std::function<double(int)> taylor;
  if (t.ref.taylor) taylor = [mid, f = t.ref.taylor](int k) { return f(mid, k); };
  const engine::RealSearchResult r = engine::run_real_search(t.ref, o, taylor);
  const std::string js = engine::real_result_json(r, t.ref.name, o);
  if (auto e = engine::write_file_atomic(std::filesystem::path(out) / "real-front.json", js)) throw InputError(*e);
  const std::string md = engine::real_result_markdown(r, o);
  if (auto e = engine::write_file_atomic(std::filesystem::path(out) / "real-front.md", md)) throw InputError(*e);
  if (!quiet) std::cout << md;
  std::cout << fmt::format("{} real-mode candidates in {:.1f} s -> {}/real-front.json\n", r.evaluations, r.seconds, out);
}

}  // namespace

void register_search(CLI::App& app) {
  static SearchArgs a;
  auto* cmd = app.add_subcommand(
      "search", "Evolve a target's core from scratch; prove the best kernels exhaustively");
  cmd->add_option("TARGET", a.target, "Built-in target name (see `ulpforge targets`)");
  cmd->add_option("--max-ulp", a.max_ulp, "Accuracy bound (max ULP over the domain), > 0");
  cmd->add_option("--time", a.time, "Search time in seconds (> 0); proofs after it are extra");
  cmd->add_option("--seed", a.seed, "Random seed (same seed, same result for any --threads)");
  cmd->add_option("--threads", a.threads, "Worker threads (0 = all cores)")->check(CLI::Range(0, 1024));
  cmd->add_option("--out", a.out, "Output directory (front.json, best.uf, search.log, checkpoint)");
  cmd->add_option("--resume", a.resume,
                  "Continue the run saved in DIR (default: --out) from its checkpoint")
      ->expected(0, 1);
  cmd->add_option("--target-file", a.target_file, "User-defined target (TOML)");
  cmd->add_option("--selection", a.selection, "nsga2 or regularized")
      ->check(CLI::IsMember({"nsga2", "regularized"}));
  cmd->add_option("--islands", a.islands, "Number of islands (populations with migration); per rank under mpirun")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--population", a.population, "Total population size; per rank under mpirun")
      ->check(CLI::Range(4, 100000));
  cmd->add_option("--migrate-every", a.migrate_every,
                  "Generations between migrations (between islands, and between ranks under mpirun)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_flag("--lockstep", a.lockstep,
                "Under mpirun: ranks wait for each other at every migration, so a seed and a rank "
                "count give the same front (default: asynchronous, no rank waits)");
  cmd->add_option("--topology", a.topology, "Under mpirun: where a rank's migrant goes: ring or random")
      ->check(CLI::IsMember({"ring", "random"}))
      ->capture_default_str();
  cmd->add_option("--generations", a.generations, "Stop after N generations (0 = time only)");
  cmd->add_flag("--quiet", a.quiet, "No progress output");
  cmd->add_option("--log-json", a.log_json, "Write JSON-lines progress to FILE");
  cmd->add_option("--checkpoint-every", a.checkpoint_every, "Checkpoint period in seconds (0: only at the end)")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--seed-program", a.seed_program,
                  "Start from this core program (.uf; every hole) instead of scratch");
  cmd->add_flag("--seed-baseline", a.seed_baseline,
                "Start from the target's hand-written baseline cores (`ulpforge targets --baseline`) "
                "instead of scratch");
  cmd->add_option("--final-proofs", a.final_verifications,
                  "Exhaustive checks after the search (cheapest unproven first)")
      ->check(CLI::Range(0, 1000));
  cmd->add_flag("--no-run-proofs", a.no_run_proofs, "Only prove after the search, not during it");
  cmd->add_option("--proof-lag", a.proof_lag,
                  "In-run proofs after the first success run beside the search; a result enters "
                  "N generations after its proof started (waited for if not done), so a seed "
                  "gives the same run at any speed. 0: a proof stops the search until it is done")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1} << 40))
      ->capture_default_str();
  cmd->add_flag("--first-proof-beside", a.first_proof_beside,
                "Run the proofs before the first success beside the search too (by default "
                "they take the whole machine at once)");
  cmd->add_option("--cost", a.cost,
                  "static (op-cost model during the search) or measured (also re-rank the final "
                  "front by JIT-measured cycles/element)")
      ->check(CLI::IsMember({"static", "measured"}));
  cmd->add_option("--cost-isa", a.cost_isa,
                  "ISA of the static cost model (op costs per instruction set): avx2, avx512 or "
                  "neon; a resumed search keeps its own")
      ->check(CLI::IsMember([] {
        std::vector<std::string> names;
        for (ir::Isa i : ir::kAllIsas) names.emplace_back(ir::isa_name(i));
        return names;
      }()))
      ->capture_default_str();
  cmd->add_option("--mode", a.mode,
                  "f32 (float32 kernels, proven) or real (MPFR programs with real constants on "
                  "--interval; max relative error vs operation count)")
      ->check(CLI::IsMember({"f32", "real"}));
  cmd->add_option("--interval", a.interval, "Real mode: the interval LO,HI")->expected(2)->delimiter(',');
  cmd->add_option("--ops", a.real_ops,
                  "Real mode: the operation set, comma separated, of add, sub, mul, div, fma, neg")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--fma-cost", a.fma_cost, "Real mode: operations an fma counts for (1 or 2)")
      ->check(CLI::Range(1, 2))
      ->capture_default_str();
  cmd->add_option("--max-cost", a.max_cost, "Real mode: the largest cost (operations) kept on the front")
      ->check(CLI::Range(1, 40))
      ->capture_default_str();
  cmd->add_option("--samples", a.samples, "Sample points of the domain")->check(CLI::Range(64, 1 << 26));
  cmd->callback([] {
    if (!(a.max_ulp > 0.0)) throw InputError(fmt::format("--max-ulp must be positive, got {}", a.max_ulp));
    if (!(a.time > 0.0)) throw InputError(fmt::format("--time must be positive, got {}", a.time));
    if (a.mode == "real") {
      run_real_mode(a.target, a.interval, a.time, a.seed, a.out, a.quiet, a.real_ops, a.fma_cost, a.max_cost);
      return;
    }
    const bool resume = a.resume.has_value();
    std::string out = a.out;
    if (resume && !a.resume->empty()) out = *a.resume;
    if (out.empty()) throw InputError("--out DIR is required");
    const targets::Target* t = nullptr;
    if (!a.target_file.empty()) {
      t = &load_user_target(a.target_file);
      if (!a.target.empty() && a.target != t->name) {
        throw InputError(fmt::format("TARGET {} does not match the name '{}' in {}", a.target,
                                     t->name, a.target_file));
      }
    } else if (a.target.empty()) {
      if (!resume) throw InputError("TARGET is required");
      const std::filesystem::path ck = std::filesystem::path(out) / "checkpoint.json";
      if (!std::filesystem::exists(ck)) throw InputError("--resume: no checkpoint in " + out);
      const engine::CheckpointParse r = engine::read_checkpoint_file(ck.string());
      if (!r) throw InputError("--resume: unreadable checkpoint in " + out + ": " + r.error);
      a.target = r.checkpoint->target;
    }
    if (!t) {
      std::optional<std::string> name = a.target;
      t = &resolve_target(name, {});
    }
    check_writable_dir(out);

    engine::SearchOptions o;
    o.max_ulp = a.max_ulp;
    o.time_limit = a.time;
    o.max_generations = a.generations;
    o.seed = a.seed;
    o.threads = a.threads;
    o.population = a.population;
    o.islands = a.islands;
    o.migrate_every = a.migrate_every;
    o.comm = job_comm();
    o.lockstep = a.lockstep;
    o.topology = a.topology == "random" ? engine::Topology::Random : engine::Topology::Ring;
    if (!distributed() && (a.lockstep || a.topology != "ring")) {
      std::cerr << "ulpforge: note: --lockstep and --topology apply to a search under mpirun; this is a single process\n";
    }
    o.selection = a.selection == "nsga2" ? engine::Selection::Nsga2 : engine::Selection::Regularized;
    o.out = out;
    o.quiet = a.quiet;
    o.progress = !a.quiet && isatty(2);
    o.log_json = a.log_json;
    o.checkpoint_every = a.checkpoint_every;
    o.final_verifications = a.final_verifications;
    o.verify_during_run = !a.no_run_proofs;
    o.proof_lag = a.proof_lag;
    o.proof_lag_first = a.first_proof_beside;
    if (a.first_proof_beside && a.proof_lag == 0) {
      throw InputError("--first-proof-beside needs --proof-lag > 0");
    }
    o.sample_points = a.samples;
    o.isa = *ir::parse_isa(a.cost_isa);  // checked by the option's validator
    if (static_cast<std::size_t>(a.islands) * 2 > a.population) {
      throw InputError(fmt::format("--islands {} needs --population >= {}", a.islands, 2 * a.islands));
    }
    if (a.seed_baseline && !a.seed_program.empty()) {
      throw InputError("--seed-program and --seed-baseline are exclusive");
    }
    const bool from_baseline = a.seed_baseline || (t->start_from_baseline && a.seed_program.empty());
    if (from_baseline) {
      if (t->baseline_cores.empty()) throw InputError("target " + t->name + " has no baseline cores");
      o.seed_cores = t->baseline_cores;
    }
    if (!a.seed_program.empty()) {
      ir::Program p = load_core(a.seed_program);
      const std::size_t holes = std::max<std::size_t>(1, ir::hole_count(t->tmpl));
      o.seed_cores.assign(holes, p);
    }
    o.command_line = fmt::format("ulpforge search {} --max-ulp {} --time {} --seed {} --selection {} --islands {} --population {}{}",
                                 t->name, a.max_ulp, a.time, a.seed, a.selection, a.islands, a.population,
                                 from_baseline ? " --seed-baseline" : (a.seed_program.empty() ? "" : " --seed-program " + a.seed_program));

    // Proofs run the host-JIT kernel (bit-exact with the interpreter, tested in jit/);
    // a failed compile falls back to the interpreter.
    o.compile_kernel = [](const ir::Program& k) { return compile_for_host(k); };
    if (a.cost == "measured") {
      o.measure_cost = [](const ir::Program& k) -> std::optional<double> {
        auto m = jit::measure_cycles_per_element(k);
        if (!m) return std::nullopt;
        return *m;
      };
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    engine::SearchResult r;
    try {
      r = engine::run_search(*t, o, resume);
    } catch (const engine::SearchError& e) {
      throw InputError(e.what());
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    exit_code() = (r.best || r.interrupted) ? 0 : 1;
    if (!speaks_for_job()) return;  // rank 0 writes the header and reports
    if (r.best) {
      jit::HeaderInfo hi = header_info_for(t, t->name, "ulpforge search (best.uf)", o.seed);
      hi.max_ulp = r.best->proven_ulp;
      hi.max_ulp_proven = true;
      hi.proof_env = "exhaustive check by this search: " + proof_environment();
      auto h = jit::emit_header(r.best->kernel, hi);
      const auto hpath = std::filesystem::path(out) / ("ulpforge_" + jit::header_identifier(t->name) + ".h");
      if (!h) {
        std::cerr << "ulpforge: warning: no header: " << h.error << "\n";
      } else if (auto e = engine::write_file_atomic(hpath, *h)) {
        std::cerr << "ulpforge: warning: no header: " << *e << "\n";
      }
      std::cout << fmt::format("{}: proven {} ULP kernel, cost {:.4g}, {} ops -> {}/best.uf\n", t->name,
                               ir::format_bound(r.best->proven_ulp), r.best->cost, r.best->ops, out);
    } else {
      std::cout << fmt::format("{}: no kernel proven within {} ULP{}\n", t->name, a.max_ulp,
                               r.interrupted ? " (interrupted; --resume continues)" : "");
    }
  });
}

}  // namespace uf::cli
