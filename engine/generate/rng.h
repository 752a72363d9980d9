#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace riverdelta::generate {

// SplitMix64 step: used to expand seeds.
constexpr std::uint64_t splitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// FNV-1a, to derive a generator's stream from its name.
constexpr std::uint64_t hashName(std::string_view s) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

__extension__ using U128 = unsigned __int128;

// xoshiro256** (Blackman & Vigna): fast, 256-bit state, good statistical quality.
class Rng {
  public:
    Rng() : Rng(0) {}
    explicit Rng(std::uint64_t seed) { reseed(seed); }
    // The stream of one generator: depends only on the run seed and the generator's name, so
    // adding a generator does not shift the others.
    static Rng forStream(std::uint64_t runSeed, std::string_view name) {
        std::uint64_t mix = runSeed;
        std::uint64_t a = splitMix64(mix);
        return Rng(a ^ hashName(name));
    }

    void reseed(std::uint64_t seed) {
        std::uint64_t sm = seed;
        for (auto& w : s_)
            w = splitMix64(sm);
    }

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
    // Uniform integer in [0, n) without modulo bias (Lemire); n > 0.
    std::uint64_t below(std::uint64_t n) {
        std::uint64_t x = next();
        U128 m = static_cast<U128>(x) * n;
        std::uint64_t l = static_cast<std::uint64_t>(m);
        if (l < n) {
            const std::uint64_t t = (0 - n) % n;
            while (l < t) {
                x = next();
                m = static_cast<U128>(x) * n;
                l = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }
    // Uniform integer in [lo, hi] (inclusive); lo <= hi.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
        if (span == UINT64_MAX) return static_cast<std::int64_t>(next());
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + below(span + 1));
    }
    // Standard normal deviate (Marsaglia polar method; the spare is kept for the next call).
    double normal() {
        if (hasSpare_) {
            hasSpare_ = false;
            return spare_;
        }
        double u, v, s;
        do {
            u = uniform() * 2.0 - 1.0;
            v = uniform() * 2.0 - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double f = std::sqrt(-2.0 * std::log(s) / s);
        spare_ = v * f;
        hasSpare_ = true;
        return u * f;
    }

  private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t s_[4]{};
    double spare_ = 0.0;
    bool hasSpare_ = false;
};

}  // namespace riverdelta::generate
