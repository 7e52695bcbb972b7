#include "cvd/limits.h"

const struct cvd_limits cvd_limits_default = {
    .input_bytes = CVD_LIMIT_INPUT_BYTES,
    .depth = CVD_LIMIT_DEPTH,
    .string_bytes = CVD_LIMIT_STRING_BYTES,
    .array_items = CVD_LIMIT_ARRAY_ITEMS,
    .object_members = CVD_LIMIT_OBJECT_MEMBERS,
    .total_nodes = CVD_LIMIT_TOTAL_NODES,
    .line_bytes = CVD_LIMIT_LINE_BYTES,
};
