#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace paydesk {

/// Open-addressing hash index from a string key (a view the caller keeps alive) to a row
/// number: linear probing over a flat slot array with a 32-bit hash tag, no nodes, no
/// per-key allocation. Built once over a column of keys, probed a million times.
class KeyIndex
{
public:
    static constexpr std::uint32_t npos = 0xffffffffu;

    KeyIndex() = default;
    explicit KeyIndex(std::size_t expected) { reserve(expected); }

    void reserve(std::size_t expected)
    {
        std::size_t capacity = 16;
        while (capacity < expected * 2)
            capacity <<= 1;
        if (capacity > m_slots.size())
            rehash(capacity);
    }

    /// An index of a whole column: key i → row i (a later copy of a key keeps the first row).
    /// The slots are prefetched a few keys ahead, so the misses of a table larger than the
    /// cache overlap instead of queueing one after another.
    static KeyIndex over(const std::vector<std::string_view> &keys)
    {
        KeyIndex index(keys.size());
        const std::size_t n = keys.size();
        for (std::size_t i = 0; i < n; ++i) {
            if (i + kAhead < n)
                index.prefetch(hash(keys[i + kAhead]));
            index.insert(keys[i], std::uint32_t(i));
        }
        return index;
    }

    /// Rows to look ahead when prefetching.
    static constexpr std::size_t kAhead = 12;

    /// Brings the slot a key of hash \a h starts its probe at into the cache.
    void prefetch(std::uint64_t h) const
    {
        if (!m_slots.empty())
            __builtin_prefetch(&m_slots[std::size_t(h) & m_mask]);
    }

    /// Inserts key → row unless the key is already there; returns the row it maps to.
    std::uint32_t insert(std::string_view key, std::uint32_t row)
    {
        return insert(key, row, hash(key));
    }
    std::uint32_t insert(std::string_view key, std::uint32_t row, std::uint64_t h)
    {
        if ((m_size + 1) * 2 > m_slots.size())
            rehash(m_slots.empty() ? 16 : m_slots.size() * 2);
        const std::uint32_t tag = std::uint32_t(h >> 32) | 1u;
        std::size_t i = std::size_t(h) & m_mask;
        for (;;) {
            Slot &s = m_slots[i];
            if (s.tag == 0) {
                s.tag = tag;
                s.row = row;
                if (m_keys.size() <= row)
                    m_keys.resize(std::size_t(row) + 1);
                m_keys[row] = key;
                ++m_size;
                return row;
            }
            if (s.tag == tag && m_keys[s.row] == key)
                return s.row;
            i = (i + 1) & m_mask;
        }
    }

    /// The row of \a key, or npos.
    std::uint32_t find(std::string_view key) const { return find(key, hash(key)); }
    /// The same, with the key's hash() already at hand.
    std::uint32_t find(std::string_view key, std::uint64_t h) const
    {
        if (m_slots.empty())
            return npos;
        const std::uint32_t tag = std::uint32_t(h >> 32) | 1u;
        std::size_t i = std::size_t(h) & m_mask;
        for (;;) {
            const Slot &s = m_slots[i];
            if (s.tag == 0)
                return npos;
            if (s.tag == tag && m_keys[s.row] == key)
                return s.row;
            i = (i + 1) & m_mask;
        }
    }

    bool contains(std::string_view key) const { return find(key) != npos; }
    std::size_t size() const { return m_size; }

    /// 64-bit hash of a short key: 8 bytes at a time, multiply-xorshift mixing.
    static std::uint64_t hash(std::string_view key)
    {
        const char *p = key.data();
        std::size_t n = key.size();
        std::uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
        while (n >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
            h ^= h >> 29;
            p += 8;
            n -= 8;
        }
        if (n) {
            std::uint64_t w = 0;
            std::memcpy(&w, p, n);
            h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
        }
        h ^= h >> 32;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        return h;
    }

private:
    struct Slot
    {
        std::uint32_t tag = 0; ///< 0: empty
        std::uint32_t row = 0;
    };

    void rehash(std::size_t capacity)
    {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(capacity, Slot{});
        m_mask = capacity - 1;
        for (const Slot &s : old) {
            if (s.tag == 0)
                continue;
            std::size_t i = std::size_t(hash(m_keys[s.row])) & m_mask;
            while (m_slots[i].tag != 0)
                i = (i + 1) & m_mask;
            m_slots[i] = s;
        }
        if (m_keys.capacity() < capacity / 2)
            m_keys.reserve(capacity / 2);
    }

    std::vector<Slot> m_slots;
    std::vector<std::string_view> m_keys; ///< by row
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

} // namespace paydesk
