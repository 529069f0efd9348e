// A small fuzzing driver for builds without libFuzzer (the default gcc build): runs
// LLVMFuzzerTestOneInput on every file of the seed corpus, then on inputs mutated
// from it (bit flips, byte overwrites, inserted and deleted ranges, duplicated
// ranges, splices of two corpus files) drawn from a seeded generator, until a run or
// time budget is spent. Deterministic for a given seed and corpus (the time budget
// only decides where it stops). An input that crashes, aborts or fails a property
// check is written to `fuzz-crash-<target>` in the working directory first.
//
//   fuzz_<target> [--runs N] [--seconds S] [--seed K] [--max-len L] CORPUS_DIR_OR_FILE...
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;

// The input being run, for the crash handler (written with async-signal-safe calls).
const Bytes* g_current = nullptr;
char g_crash_path[512] = "fuzz-crash";

void save_current() {
  if (!g_current) return;
  const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  std::size_t done = 0;
  while (done < g_current->size()) {
    const ssize_t w = ::write(fd, g_current->data() + done, g_current->size() - done);
    if (w <= 0) break;
    done += static_cast<std::size_t>(w);
  }
  ::close(fd);
  const char msg[] = "replay: crashing input written to ";
  (void)!::write(2, msg, sizeof msg - 1);
  (void)!::write(2, g_crash_path, std::strlen(g_crash_path));
  (void)!::write(2, "\n", 1);
}

void on_signal(int sig) {
  save_current();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// SplitMix64: small, fast, good enough to drive mutations.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

// Bytes that matter to the formats under test (delimiters, signs, digits, hex).
constexpr char kInteresting[] = "%=,.:;#[]{}()\"'\\\n\t 0123456789+-*/^xpe_nulltruefalse";

Bytes mutate(const std::vector<Bytes>& corpus, Rng& rng, std::size_t max_len) {
  Bytes b = corpus[rng.below(corpus.size())];
  const int steps = 1 + static_cast<int>(rng.below(4));
  for (int s = 0; s < steps; ++s) {
    const std::size_t n = b.size();
    switch (rng.below(7)) {
      case 0:  // flip one bit
        if (n) b[rng.below(n)] ^= static_cast<std::uint8_t>(1u << rng.below(8));
        break;
      case 1:  // overwrite a byte with a random or a format-relevant one
        if (n) {
          b[rng.below(n)] = rng.below(2) ? static_cast<std::uint8_t>(rng.next())
                                         : static_cast<std::uint8_t>(kInteresting[rng.below(sizeof kInteresting - 1)]);
        }
        break;
      case 2: {  // insert 1..8 bytes
        const std::size_t at = rng.below(n + 1), k = 1 + rng.below(8);
        Bytes ins(k);
        for (auto& c : ins) c = static_cast<std::uint8_t>(kInteresting[rng.below(sizeof kInteresting - 1)]);
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), ins.begin(), ins.end());
        break;
      }
      case 3:  // delete a range
        if (n) {
          const std::size_t at = rng.below(n), k = 1 + rng.below(std::min<std::size_t>(n - at, 64));
          b.erase(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + k));
        }
        break;
      case 4:  // duplicate a range in place
        if (n) {
          const std::size_t at = rng.below(n), k = 1 + rng.below(std::min<std::size_t>(n - at, 64));
          const Bytes piece(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + k));
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng.below(n + 1)), piece.begin(), piece.end());
        }
        break;
      case 5: {  // splice: a prefix of this input and a suffix of another corpus file
        const Bytes& o = corpus[rng.below(corpus.size())];
        const std::size_t cut = rng.below(n + 1), from = rng.below(o.size() + 1);
        b.resize(cut);
        b.insert(b.end(), o.begin() + static_cast<std::ptrdiff_t>(from), o.end());
        break;
      }
      default:  // truncate
        b.resize(rng.below(n + 1));
        break;
    }
  }
  if (b.size() > max_len) b.resize(max_len);
  return b;
}

bool read_file(const std::filesystem::path& p, Bytes& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

int usage(const char* argv0) {
  std::fprintf(stderr, "usage: %s [--runs N] [--seconds S] [--seed K] [--max-len L] CORPUS...\n", argv0);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t runs = 100000, seed = 1;
  double seconds = 5;
  std::size_t max_len = 1 << 16;
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--runs" && has_value) {
      runs = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--seconds" && has_value) {
      seconds = std::strtod(argv[++i], nullptr);
    } else if (a == "--seed" && has_value) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--max-len" && has_value) {
      max_len = std::strtoull(argv[++i], nullptr, 10);
    } else if (!a.empty() && a[0] == '-') {
      return usage(argv[0]);
    } else {
      inputs.emplace_back(a);
    }
  }
  if (inputs.empty()) return usage(argv[0]);
  const std::string target = std::filesystem::path(argv[0]).filename().string();
  std::snprintf(g_crash_path, sizeof g_crash_path, "fuzz-crash-%s", target.c_str());
  for (int sig : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL}) std::signal(sig, on_signal);
  std::set_terminate([] {
    save_current();
    std::fprintf(stderr, "replay: uncaught exception\n");
    std::abort();
  });

  std::vector<std::filesystem::path> files;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(in, ec)) {
      for (const auto& e : std::filesystem::directory_iterator(in)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else {
      files.push_back(in);
    }
  }
  std::sort(files.begin(), files.end());  // deterministic order
  std::vector<Bytes> corpus;
  for (const auto& f : files) {
    Bytes b;
    if (!read_file(f, b)) {
      std::fprintf(stderr, "replay: cannot read %s\n", f.c_str());
      return 2;
    }
    corpus.push_back(std::move(b));
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "replay: the corpus is empty\n");
    return 2;
  }

  const auto t0 = std::chrono::steady_clock::now();
  for (const Bytes& b : corpus) {
    g_current = &b;
    LLVMFuzzerTestOneInput(b.data(), b.size());
  }
  Rng rng{seed};
  std::uint64_t done = 0;
  while (done < runs) {
    if ((done & 63) == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >= seconds) {
      break;
    }
    const Bytes b = mutate(corpus, rng, max_len);
    g_current = &b;
    LLVMFuzzerTestOneInput(b.data(), b.size());
    ++done;
  }
  g_current = nullptr;
  std::printf("%s: %zu corpus files and %llu mutated inputs in %.1f s, no findings\n", target.c_str(),
              corpus.size(), static_cast<unsigned long long>(done),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return 0;
}
