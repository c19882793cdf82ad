// ByteSlice: a run of immutable bytes that shares its storage, so that a data segment's payload is written
// once (into the send buffer) and then only referenced on its way: the segment slices the send buffer's
// chunk, a fragment slices its datagram's bytes, the segment parsed at the receiver slices the datagram it
// arrived in, and the delivered data slices that segment. Copying a slice copies a pointer and bumps a
// reference count; the bytes stay where they are for as long as any slice of them lives.
//
// The rule that makes this safe: storage that a slice views is never written again. Whoever hands out a
// slice of its own buffer (SendBuffer) writes into that buffer only while it is the buffer's sole holder.
//
// Equality compares the bytes, not the storage: two segments carrying the same data are equal (World and
// TcpEndpoint compare snapshots this way).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tcplab {

class ByteSlice {
public:
    ByteSlice() = default;
    // These copy the bytes into new storage (or adopt a string or vector moved in): for tests, tools and
    // the rare payload made on the spot. Implicit, so that `seg.payload = "hello"` reads as it did.
    ByteSlice(const char* text) : ByteSlice(std::string_view(text)) {}
    ByteSlice(std::string_view bytes);
    ByteSlice(std::string bytes);
    ByteSlice(std::vector<std::uint8_t> bytes);
    static ByteSlice copyOf(std::span<const std::uint8_t> bytes);
    // A view of `size` bytes at `data`, kept alive by `owner`, which must never change them.
    ByteSlice(std::shared_ptr<const void> owner, const std::uint8_t* data, std::size_t size)
        : owner_(std::move(owner)), data_(data), size_(size) {}
    // New storage of `size` bytes for the caller to fill through `out` before handing the slice on.
    static ByteSlice allocate(std::size_t size, std::uint8_t*& out);

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const std::uint8_t* data() const { return data_; }
    const std::uint8_t* begin() const { return data_; }
    const std::uint8_t* end() const { return data_ + size_; }
    std::uint8_t operator[](std::size_t i) const { return data_[i]; }
    std::span<const std::uint8_t> bytes() const { return {data_, size_}; }
    operator std::span<const std::uint8_t>() const { return bytes(); }
    std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }
    std::string str() const { return std::string(view()); }

    // `len` bytes from `offset` on (clamped to what there is), sharing this slice's storage.
    ByteSlice sub(std::size_t offset, std::size_t len = SIZE_MAX) const;
    void removePrefix(std::size_t n); // n is clamped to size()
    void truncate(std::size_t n);     // keeps the first n bytes (no-op when n >= size())
    void clear() { *this = ByteSlice(); }

    // Whether both view the same storage (the tests' way to see that nothing was copied).
    bool sharesStorageWith(const ByteSlice& o) const { return owner_ && owner_ == o.owner_; }

    friend bool operator==(const ByteSlice& a, const ByteSlice& b) {
        return a.size_ == b.size_ && (a.data_ == b.data_ || a.view() == b.view());
    }

private:
    std::shared_ptr<const void> owner_;
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace tcplab
