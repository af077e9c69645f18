// libFuzzer entry point for the file formats (the first byte picks one; see fuzzFileInput). Build with
// -DDW_FUZZ=ON (see scripts/test.sh).
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzzFileInput(data, size);
    return 0;
}
