/* CPU accounting of patchbay-load: its own CPU time, a server process's (from /proc), the whole
 * machine's busy time (/proc/stat) and how many CPUs a process may run on (its affinity). */
#ifndef PATCHBAY_LOAD_CPU_STATS_H
#define PATCHBAY_LOAD_CPU_STATS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

static int affinity_cores(pid_t pid) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(pid, sizeof set, &set) != 0) {
        return -1;
    }
    return CPU_COUNT(&set);
}

static uint64_t self_cpu_ns(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (uint64_t) (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1000000000ULL
           + (uint64_t) (r.ru_utime.tv_usec + r.ru_stime.tv_usec) * 1000ULL;
}

/* Clock ticks (the unit of /proc/PID/stat's times) to seconds. */
static double ticks_to_seconds(long long ticks) {
    return (double) ticks / (double) sysconf(_SC_CLK_TCK);
}

/* utime + stime of a process in clock ticks, or -1. */
static long long process_ticks(long pid) {
    if (pid <= 0) {
        return -1;
    }
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return -1;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    if (p == NULL) {
        return -1;
    }
    unsigned long long utime, stime;
    /* after the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) {
        return -1;
    }
    return (long long) (utime + stime);
}

/* {total, busy} jiffies of the whole machine from /proc/stat; 0 on failure. */
static int machine_ticks(unsigned long long out[2]) {
    FILE *f = fopen("/proc/stat", "r");
    if (f == NULL) {
        return 0;
    }
    unsigned long long v[8] = {0};
    int got = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
                     &v[5], &v[6], &v[7]);
    fclose(f);
    if (got < 4) {
        return 0;
    }
    unsigned long long total = 0;
    for (int i = 0; i < 8; i++) {
        total += v[i];
    }
    out[0] = total;
    out[1] = total - v[3] - v[4]; /* minus idle and iowait */
    return 1;
}

#endif
