#include "tcp/byte_slice.h"

#include <algorithm>
#include <cstring>

namespace tcplab {

ByteSlice ByteSlice::allocate(std::size_t size, std::uint8_t*& out) {
    if (size == 0) {
        out = nullptr;
        return {};
    }
    // One allocation for the bytes and the reference count; "for_overwrite": the caller fills them.
    std::shared_ptr<std::uint8_t[]> storage = std::make_shared_for_overwrite<std::uint8_t[]>(size);
    out = storage.get();
    return ByteSlice(std::move(storage), out, size);
}

ByteSlice ByteSlice::copyOf(std::span<const std::uint8_t> bytes) {
    std::uint8_t* out = nullptr;
    ByteSlice s = allocate(bytes.size(), out);
    if (!bytes.empty())
        std::memcpy(out, bytes.data(), bytes.size());
    return s;
}

ByteSlice::ByteSlice(std::string_view bytes)
    : ByteSlice(copyOf({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()})) {}

ByteSlice::ByteSlice(std::string bytes) {
    if (bytes.empty())
        return;
    auto storage = std::make_shared<const std::string>(std::move(bytes));
    data_ = reinterpret_cast<const std::uint8_t*>(storage->data());
    size_ = storage->size();
    owner_ = std::move(storage);
}

ByteSlice::ByteSlice(std::vector<std::uint8_t> bytes) {
    if (bytes.empty())
        return;
    auto storage = std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes));
    data_ = storage->data();
    size_ = storage->size();
    owner_ = std::move(storage);
}

ByteSlice ByteSlice::sub(std::size_t offset, std::size_t len) const {
    ByteSlice s = *this;
    s.removePrefix(offset);
    s.truncate(len);
    return s;
}

void ByteSlice::removePrefix(std::size_t n) {
    n = std::min(n, size_);
    data_ += n;
    size_ -= n;
}

void ByteSlice::truncate(std::size_t n) {
    size_ = std::min(n, size_);
}

} // namespace tcplab
