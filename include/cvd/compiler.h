/* Compiler-specific attributes, kept in one place so the rest of the tree is plain C11. */
#ifndef CVD_COMPILER_H
#define CVD_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define CVD_MUST_CHECK      __attribute__((warn_unused_result))
#define CVD_PRINTF(fmt, va) __attribute__((format(printf, fmt, va)))
#define CVD_LIKELY(x)       __builtin_expect(!!(x), 1)
#define CVD_UNLIKELY(x)     __builtin_expect(!!(x), 0)
#else
#define CVD_MUST_CHECK
#define CVD_PRINTF(fmt, va)
#define CVD_LIKELY(x)   (x)
#define CVD_UNLIKELY(x) (x)
#endif

#define CVD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
