// Deterministic random numbers for the search. Every population slot owns one Rng
// derived from (seed, stream), so a run's trajectory depends only on the seed, never on
// the thread count or scheduling. The generator is xoshiro256** seeded by SplitMix64;
// its state is four words and is saved in checkpoints.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace uf::engine {

inline std::uint64_t splitmix64(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  Rng() : Rng(0, 0) {}
  // Independent stream `stream` of seed `seed`.
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t s = seed ^ (0xd1b54a32d192ed03ull * (stream + 1));
    for (auto& w : s_) w = splitmix64(s);
  }
  explicit Rng(const std::array<std::uint64_t, 4>& state) : s_(state) {}

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias < n / 2^64).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  bool chance(double p) { return uniform() < p; }
  // Standard normal (Box-Muller; one value per call, deterministic).
  double normal() {
    double u1 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  const std::array<std::uint64_t, 4>& state() const { return s_; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace uf::engine
