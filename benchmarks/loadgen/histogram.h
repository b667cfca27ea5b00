/* Log-linear latency histogram of patchbay-load (nanoseconds): exact below 256 ns, then 128
 * sub-buckets per power of two, so a recorded value is known within 0.8%. One per thread, merged
 * at the end: recording is an index computation and an increment, no lock, no allocation. */
#ifndef PATCHBAY_LOAD_HISTOGRAM_H
#define PATCHBAY_LOAD_HISTOGRAM_H

#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB (1 << HIST_SUB_BITS)          /* 128 sub-buckets per power of two */
#define HIST_DIRECT (2 * HIST_SUB)             /* values below 256 ns are exact */
#define HIST_BUCKETS (HIST_DIRECT + (64 - HIST_SUB_BITS - 1) * HIST_SUB)

typedef struct {
    uint64_t counts[HIST_BUCKETS];
    uint64_t total;
    uint64_t max;
    double sum;
} histogram;

static inline int hist_index(uint64_t v) {
    if (v < HIST_DIRECT) {
        return (int) v;
    }
    int k = 63 - __builtin_clzll(v); /* v in [2^k, 2^(k+1)), k >= 8 */
    int sub = (int) (v >> (k - HIST_SUB_BITS)) - HIST_SUB;
    return HIST_DIRECT + (k - HIST_SUB_BITS - 1) * HIST_SUB + sub;
}

/* The largest value that falls into bucket i (as HdrHistogram's "highest equivalent value"). */
static uint64_t hist_upper(int i) {
    if (i < HIST_DIRECT) {
        return (uint64_t) i;
    }
    int k = (i - HIST_DIRECT) / HIST_SUB + HIST_SUB_BITS + 1;
    uint64_t sub = (uint64_t) ((i - HIST_DIRECT) % HIST_SUB) + HIST_SUB;
    return ((sub + 1) << (k - HIST_SUB_BITS)) - 1;
}

static inline void hist_record(histogram *h, uint64_t v) {
    h->counts[hist_index(v)]++;
    h->total++;
    h->sum += (double) v;
    if (v > h->max) {
        h->max = v;
    }
}

static void hist_add(histogram *into, const histogram *h) {
    for (int i = 0; i < HIST_BUCKETS; i++) {
        into->counts[i] += h->counts[i];
    }
    into->total += h->total;
    into->sum += h->sum;
    if (h->max > into->max) {
        into->max = h->max;
    }
}

/* Percentile in microseconds, or -1 when nothing was recorded. */
static double hist_percentile_us(const histogram *h, double p) {
    if (h->total == 0) {
        return -1;
    }
    uint64_t rank = (uint64_t) ((p / 100.0) * (double) h->total + 0.5);
    if (rank < 1) {
        rank = 1;
    }
    uint64_t seen = 0;
    for (int i = 0; i < HIST_BUCKETS; i++) {
        seen += h->counts[i];
        if (seen >= rank) {
            uint64_t v = hist_upper(i);
            return (double) (v < h->max ? v : h->max) / 1000.0;
        }
    }
    return (double) h->max / 1000.0;
}

#endif
