// `ulpforge verify` and `ulpforge search` under mpirun (docs/distributed.md): a check
// split over ranks gives the single-process report; a search over ranks migrates,
// proves a kernel that a single-process verify confirms, repeats itself in lockstep,
// resumes, refuses a checkpoint of another rank count, and stops with a clear error and
// intact checkpoints when a rank is killed. Skipped (with a message) in a build without
// MPI.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/checkpoint.h"
#include "tests/support/files.h"
#include "tests/support/process.h"

namespace uf {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using test::ScratchDir;
using test::slurp;

#if defined(ULPFORGE_HAVE_MPI) && defined(ULPFORGE_MPIEXEC)
constexpr bool kMpi = true;
const std::string kMpiexec = ULPFORGE_MPIEXEC;
#else
constexpr bool kMpi = false;
const std::string kMpiexec;
#endif

#define REQUIRE_MPI() \
  if (!kMpi) GTEST_SKIP() << "built without MPI (install libopenmpi-dev openmpi-bin and reconfigure)"

// `mpirun -np N ulpforge` (as root too; more ranks than cores). The sanitizers'
// settings reach the ranks; in a sanitizer build LeakSanitizer is told of OpenMPI's
// own allocations kept until exit (tests/dist/openmpi.supp, OpenMPI's libraries only).
std::string mpirun_prefix(int n) {
  std::string cmd = kMpiexec + " --allow-run-as-root --oversubscribe -np " + std::to_string(n);
  if (std::getenv("UBSAN_OPTIONS")) cmd += " -x UBSAN_OPTIONS";
#ifdef ULPFORGE_LSAN_SUPP
  const char* asan = std::getenv("ASAN_OPTIONS");
  cmd += std::string(" -x ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") + "fast_unwind_on_malloc=0";
  cmd += " -x LSAN_OPTIONS=suppressions=" ULPFORGE_LSAN_SUPP;
#else
  if (std::getenv("ASAN_OPTIONS")) cmd += " -x ASAN_OPTIONS";
#endif
  return cmd + " " + ULPFORGE_CLI;
}

test::CmdResult mpirun(int n, const std::string& args) { return test::run_shell(mpirun_prefix(n) + " " + args); }

fs::path small_target(const fs::path& dir) {
  const fs::path f = dir / "expsmall.toml";
  std::ofstream(f) << "name = \"expsmall\"\nreference = \"exp(x)\"\ndomain = [1.0, 2.0]\n";
  return f;
}

// A search on a 2^23-float domain: proofs well under a second.
std::string small_search(const fs::path& dir, const fs::path& out, const std::string& more) {
  const auto unless = [&more](const char* flag, const char* dflt) {
    return more.find(flag) == std::string::npos ? std::string(" ") + flag + " " + dflt : std::string();
  };
  return "search --target-file " + small_target(dir).string() + unless("--time", "600") +
         " --max-ulp 4 --population 16 --samples 2048 --seed 3 --threads 1" + unless("--checkpoint-every", "0") +
         " --quiet --out " + out.string() + " " + more;
}

json read_json(const fs::path& p) { return json::parse(slurp(p)); }

// The JSON lines of a log whose "event" is `event`.
std::vector<json> events(const fs::path& jsonl, const std::string& event) {
  std::vector<json> out;
  std::istringstream in(slurp(jsonl));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const json j = json::parse(line);
    if (j.value("event", "") == event) out.push_back(j);
  }
  return out;
}

// The front's members as (program, max_ulp, cost): what two equal runs share.
std::string front_members(const fs::path& front) {
  const json f = read_json(front);
  std::ostringstream os;
  for (const auto& m : f.at("members")) os << m.at("program") << " " << m.at("max_ulp") << " " << m.at("cost") << "\n";
  return os.str();
}

TEST(Dist, VerifyOverTwoAndFourRanksGivesTheSingleProcessReport) {
  REQUIRE_MPI();
  const ScratchDir d;
  const std::string kernel = std::string(ULPFORGE_SOURCE_DIR) + "/results/expf/best.uf";
  const std::string args = "verify " + kernel + " --interval 1,2 --max-ulp 1 --quiet --threads 1 --json ";
  const test::CmdResult one = test::run_cli(args + (d.path() / "one.json").string());
  ASSERT_EQ(one.code, 0) << one.output;
  const json a = read_json(d.path() / "one.json");
  for (int n : {2, 4}) {
    const fs::path out = d.path() / ("n" + std::to_string(n) + ".json");
    const test::CmdResult r = mpirun(n, args + out.string());
    ASSERT_EQ(r.code, 0) << r.output;
    EXPECT_NE(r.output.find("ranks                " + std::to_string(n)), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("PROVEN"), std::string::npos);
    const json b = read_json(out);
    for (const char* k : {"inputs", "max_ulp", "correctly_rounded", "over_bound", "special_mismatches", "worst",
                          "specials", "histogram", "declared_specials", "declared_special_failures", "holds"}) {
      EXPECT_EQ(a.at(k), b.at(k)) << k << " with " << n << " ranks";
    }
    EXPECT_NEAR(a.at("mean_ulp").get<double>(), b.at("mean_ulp").get<double>(), 1e-12);
  }
  // A bound that fails fails on every rank count, with the same exit code.
  const test::CmdResult tight = mpirun(2, "verify " + kernel + " --interval 1,2 --max-ulp 0.5 --quiet --threads 1");
  EXPECT_EQ(tight.code, 1) << tight.output;
  EXPECT_NE(tight.output.find("FAILED"), std::string::npos);
}

TEST(Dist, SearchOverTwoRanksMigratesAndProvesAKernelThatVerifyConfirms) {
  REQUIRE_MPI();
  const ScratchDir d;
  const fs::path out = d.path() / "run";
  const fs::path log = d.path() / "log.jsonl";
  // Asynchronous ranks take in migrants whenever they arrive, so the run depends on
  // timing: at 60 generations about half the trajectories had proven nothing (and
  // one did in the sanitizer build). By 300 generations each of 16 single-process
  // seeds had proven a kernel.
  const test::CmdResult r = mpirun(2, small_search(d.path(), out, "--generations 300 --log-json " + log.string()));
  ASSERT_EQ(r.code, 0) << r.output;
  ASSERT_TRUE(fs::exists(out / "best.uf"));
  EXPECT_TRUE(fs::exists(out / "ulpforge_expsmall.h"));
  EXPECT_TRUE(fs::exists(out / "rank-1" / "checkpoint.json"));
  EXPECT_TRUE(fs::exists(out / "rank-1" / "front.json"));
  EXPECT_FALSE(fs::exists(out / "rank-1" / "best.uf"));  // rank 0 writes the job's files
  const std::vector<json> done = events(log, "done");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].at("ranks"), 2);
  EXPECT_GT(done[0].at("migrants_received").get<int>(), 0);
  EXPECT_GT(done[0].at("migrants_sent").get<int>(), 0);
  // The progress lines carry every rank's figures.
  bool both = false;
  std::istringstream in(slurp(log));
  for (std::string line; std::getline(in, line);) {
    const json j = json::parse(line);
    if (j.contains("ranks") && j["ranks"].is_array() && j["ranks"].size() == 2) both = true;
  }
  EXPECT_TRUE(both);
  // The reference: a single-process exhaustive check of best.uf gives the bound the
  // distributed search recorded.
  const json front = read_json(out / "front.json");
  const double proven = front.at("best_proven_max_ulp").get<double>();
  const fs::path vj = d.path() / "verify.json";
  const test::CmdResult v = test::run_cli("verify " + (out / "best.uf").string() + " --target-file " +
                                          small_target(d.path()).string() + " --max-ulp 4 --quiet --json " +
                                          vj.string());
  ASSERT_EQ(v.code, 0) << v.output;
  EXPECT_EQ(read_json(vj).at("max_ulp").get<double>(), proven);
}

TEST(Dist, LockstepRunsOnTwoAndFourRanksRepeatTheirFront) {
  REQUIRE_MPI();
  const ScratchDir d;
  for (int n : {2, 4}) {
    std::string fronts[2];
    for (int k = 0; k < 2; ++k) {
      const fs::path out = d.path() / ("n" + std::to_string(n) + "_" + std::to_string(k));
      const test::CmdResult r = mpirun(n, small_search(d.path(), out, "--generations 40 --lockstep --migrate-every 5"));
      ASSERT_TRUE(r.code == 0 || r.code == 1) << r.output;  // 1: none proven (still a run)
      fronts[k] = front_members(out / "front.json");
      EXPECT_NE(slurp(out / "search.log").find("migrants out 8, in 8"), std::string::npos) << slurp(out / "search.log");
    }
    EXPECT_FALSE(fronts[0].empty());
    EXPECT_EQ(fronts[0], fronts[1]) << n << " ranks";
  }
}

// Random topology, asynchronous: every migrant a rank sends reaches some rank (the
// drain at the end takes what is still in flight), and none goes to its sender.
TEST(Dist, RandomTopologyDeliversEveryMigrant) {
  REQUIRE_MPI();
  const ScratchDir d;
  const fs::path out = d.path() / "run";
  const test::CmdResult r = mpirun(
      4, small_search(d.path(), out, "--generations 30 --topology random --no-run-proofs --final-proofs 0 --log-json " +
                                         (d.path() / "log.jsonl").string()));
  ASSERT_EQ(r.code, 1) << r.output;  // no proofs asked for: none proven
  int sent = 0, received = 0;
  for (int k = 0; k < 4; ++k) {
    const fs::path log = k == 0 ? d.path() / "log.jsonl" : out / ("rank-" + std::to_string(k)) / "search.jsonl";
    const std::vector<json> done = events(log, "done");
    ASSERT_EQ(done.size(), 1u) << log;
    EXPECT_EQ(done[0].at("migrants_sent").get<int>(), 3);  // 30 generations, a boundary every 10
    sent += done[0].at("migrants_sent").get<int>();
    received += done[0].at("migrants_received").get<int>();
  }
  EXPECT_EQ(sent, 12);
  EXPECT_EQ(received, sent);
}

TEST(Dist, LockstepResumeContinuesAsTheUninterruptedRun) {
  REQUIRE_MPI();
  const ScratchDir d;
  const fs::path whole = d.path() / "whole", parts = d.path() / "parts";
  const std::string opts = "--lockstep --no-run-proofs --final-proofs 0";
  ASSERT_EQ(mpirun(2, small_search(d.path(), whole, "--generations 60 " + opts)).code, 1);  // no proofs: exit 1
  ASSERT_EQ(mpirun(2, small_search(d.path(), parts, "--generations 30 " + opts)).code, 1);
  const test::CmdResult r = mpirun(2, small_search(d.path(), parts, "--generations 60 --resume " + opts));
  ASSERT_EQ(r.code, 1) << r.output;
  EXPECT_NE(slurp(parts / "search.log").find("resuming search"), std::string::npos);
  EXPECT_EQ(front_members(whole / "front.json"), front_members(parts / "front.json"));
  EXPECT_EQ(front_members(whole / "rank-1" / "front.json"), front_members(parts / "rank-1" / "front.json"));
}

TEST(Dist, ResumeWithAnotherRankCountIsAClearError) {
  REQUIRE_MPI();
  const ScratchDir d;
  const fs::path out = d.path() / "run";
  ASSERT_EQ(mpirun(2, small_search(d.path(), out, "--generations 20 --no-run-proofs --final-proofs 0")).code, 1);
  const std::string target = " --target-file " + small_target(d.path()).string();
  const test::CmdResult three = mpirun(3, "search --resume " + out.string() + target + " --quiet");
  EXPECT_NE(three.code, 0);
  EXPECT_NE(three.output.find("was written by a search of 2 rank(s); resume it with mpirun -np 2, not 3"),
            std::string::npos)
      << three.output;
  const test::CmdResult one = test::run_cli("search --resume " + out.string() + target + " --quiet");
  EXPECT_EQ(one.code, 2);
  EXPECT_NE(one.output.find("resume it with mpirun -np 2, not 1"), std::string::npos) << one.output;
}

TEST(Dist, AKilledRankStopsTheJobWithAClearErrorAndIntactCheckpoints) {
  REQUIRE_MPI();
  const ScratchDir d;
  const fs::path out = d.path() / "run";
  const fs::path err = d.path() / "mpirun.txt";
  // A long asynchronous run that checkpoints often, in the background.
  const std::string cmd = mpirun_prefix(2) + " " + small_search(d.path(), out, "--time 120 --checkpoint-every 0.2 --no-run-proofs") +
                          " > " + err.string() + " 2>&1; echo $? > " + (d.path() / "rc").string();
  const pid_t sh = ::fork();
  if (sh == 0) {
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Rank 1 says its pid in its log; wait for it and for both checkpoints.
  const auto t0 = std::chrono::steady_clock::now();
  pid_t victim = 0;
  int status = 0;
  while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60) && ::waitpid(sh, &status, WNOHANG) == 0) {
    const std::string log = slurp(out / "rank-1" / "search.log");
    const auto at = log.find("rank 1 of 2: pid ");
    if (at != std::string::npos && fs::exists(out / "checkpoint.json") && fs::exists(out / "rank-1" / "checkpoint.json")) {
      victim = static_cast<pid_t>(std::stol(log.substr(at + 17)));
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (victim == 0) ::kill(sh, SIGKILL);
  ASSERT_GT(victim, 0) << slurp(err);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(::kill(victim, SIGKILL), 0);
  EXPECT_NE(test::wait_exit_code(sh), -1);
  const std::string rc = slurp(d.path() / "rc");
  EXPECT_NE(std::stoi(rc), 0) << slurp(err);
  const std::string said = slurp(err);
  EXPECT_NE(said.find("rank 1"), std::string::npos) << said;
  EXPECT_NE(said.find("signal 9"), std::string::npos) << said;
  // Every rank's checkpoint is whole (written by rename), and the run resumes.
  for (const fs::path& p : {out / "checkpoint.json", out / "rank-1" / "checkpoint.json"}) {
    const engine::CheckpointParse c = engine::read_checkpoint_file(p.string());
    EXPECT_TRUE(c) << c.error;
  }
  const test::CmdResult again = mpirun(2, "search --resume " + out.string() + " --target-file " +
                                              small_target(d.path()).string() + " --time 1 --quiet --threads 1");
  EXPECT_TRUE(again.code == 0 || again.code == 1) << again.output;
  EXPECT_NE(slurp(out / "search.log").find("resuming search"), std::string::npos);
}

}  // namespace
}  // namespace uf
