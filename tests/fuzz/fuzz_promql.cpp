// libFuzzer entry point for PromQL: clang -fsanitize=fuzzer. Build with -DDW_FUZZ=ON (see scripts/test.sh).
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzzPromqlInput(data, size);
    return 0;
}
