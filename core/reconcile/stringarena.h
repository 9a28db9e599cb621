#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace paydesk {

/// Bump allocator for the short keys of a reconciliation (out_trade_no, out_request_no): one
/// allocation per megabyte instead of one per string, and views that stay valid for the arena's
/// life (blocks never move).
class StringArena
{
public:
    StringArena() = default;
    StringArena(const StringArena &) = delete;
    StringArena &operator=(const StringArena &) = delete;
    StringArena(StringArena &&) noexcept = default;
    StringArena &operator=(StringArena &&) noexcept = default;

    std::string_view store(const char *data, std::size_t size)
    {
        if (size == 0)
            return {};
        if (m_used + size > m_capacity) {
            m_capacity = size > kBlock ? size : kBlock;
            m_blocks.push_back(std::make_unique<char[]>(m_capacity));
            m_used = 0;
        }
        char *out = m_blocks.back().get() + m_used;
        std::memcpy(out, data, size);
        m_used += size;
        return {out, size};
    }
    std::string_view store(std::string_view text) { return store(text.data(), text.size()); }

private:
    static constexpr std::size_t kBlock = std::size_t(1) << 20;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::size_t m_used = 0;
    std::size_t m_capacity = 0;
};

} // namespace paydesk
