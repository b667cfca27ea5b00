/*
 * patchbay-load: closed-loop, pipelined load generator for a line echo service (epoll, pthreads).
 *
 * The native counterpart of EchoLoad (benchmarks/src/main/java/.../EchoLoad.java), as cheap per
 * message as the kernel lets it be, so that it out-runs the servers it measures (its CPU share in
 * the output says when it does not): every connection keeps --inflight lines
 * outstanding and sends a new one for every reply; a line is --size bytes including its '\n' and
 * holds the connection's zero-padded sequence number, so every reply is checked byte for byte and
 * in order (a wrong line is "mismatched", bytes when nothing is outstanding are "unexpected", a
 * connection the server closes is a "disconnect", a line still unanswered a second after it was
 * sent when the run ends is "unanswered"). After --warmup seconds, the replies read during the
 * next --duration seconds are counted and their latency (line queued -> its reply read) goes into
 * a log-linear histogram (128 sub-buckets per power of two: values within 0.8%).
 *
 * Cheap per message on purpose: connections are split among --threads threads, each with its own
 * epoll set; all the lines a connection may send go out in one write(), replies are read into one
 * 256 KiB buffer per thread, the clock is read once per read() not per line, sequence numbers
 * are incremented in place (no formatting), and verification is a memcmp against the expected line.
 *
 * Output: a human summary on stdout and one JSON object (--json FILE, or stdout with --json -).
 * CPU figures: getrusage(RUSAGE_SELF) over the measured window / wall time / the cores this
 * process may run on (sched_getaffinity), so "100%" means the generator had no spare cycles.
 * With --server-pid, the same for that process from /proc/PID/stat and its affinity.
 *
 * Build: cc -O2 -pthread -o patchbay-load patchbay-load.c   (loadgen/build.sh, run by run.sh)
 * Run:   taskset -c 1 patchbay-load --port 7007 --connections 50 --inflight 16 --size 64
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define READ_BUFFER (256 * 1024)
#define MAX_EVENTS 256
#define UNANSWERED_AFTER_NS 1000000000ULL
#define SEQ_DIGITS 20 /* a uint64 has at most 20 decimal digits */

#include "cpu_stats.h"
#include "histogram.h"

/* ---- options ------------------------------------------------------------------------------ */

typedef struct {
    const char *host;
    int port;
    int connections;
    int inflight;
    int size;
    double warmup_s;
    double duration_s;
    int threads; /* 0: one per core this process may run on */
    const char *json;
    const char *label;
    long server_pid;
} options;

static void usage(FILE *f) {
    fprintf(f,
            "usage: patchbay-load [--host 127.0.0.1] [--port 7007] [--connections 50] [--inflight 16]\n"
            "         [--size 64] [--warmup 2] [--duration 6] [--threads N] [--json FILE|-] [--label NAME]\n"
            "         [--server-pid PID]\n"
            "  --size counts the trailing \\n (>= 2); --threads defaults to the cores this process may\n"
            "  run on (taskset), at most one per connection; --server-pid also reports that process's CPU.\n"
            "  Exit status: 0 every reply verified, 1 errors counted, 2 bad usage or no connection.\n");
}

static int parse_int(const char *name, const char *v, long lo, long hi) {
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno != 0 || *end != '\0' || end == v || x < lo || x > hi) {
        fprintf(stderr, "patchbay-load: %s=%s is not an integer from %ld to %ld\n", name, v, lo, hi);
        exit(2);
    }
    return (int) x;
}

static double parse_seconds(const char *name, const char *v, double lo) {
    char *end;
    double x = strtod(v, &end);
    if (*end != '\0' || end == v || !(x >= lo) || x > 86400) {
        fprintf(stderr, "patchbay-load: %s=%s is not a number of seconds >= %g\n", name, v, lo);
        exit(2);
    }
    return x;
}

static options parse_options(int argc, char **argv) {
    options o = {"127.0.0.1", 7007, 50, 16, 64, 2, 6, 0, NULL, "target", -1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "patchbay-load: missing value for %s\n", a);
            usage(stderr);
            exit(2);
        }
        const char *v = argv[++i];
        if (strcmp(a, "--host") == 0) o.host = v;
        else if (strcmp(a, "--port") == 0) o.port = parse_int(a, v, 1, 65535);
        else if (strcmp(a, "--connections") == 0) o.connections = parse_int(a, v, 1, 1000000);
        else if (strcmp(a, "--inflight") == 0) o.inflight = parse_int(a, v, 1, 65536);
        else if (strcmp(a, "--size") == 0) o.size = parse_int(a, v, 2, 16 * 1024 * 1024);
        else if (strcmp(a, "--warmup") == 0) o.warmup_s = parse_seconds(a, v, 0);
        else if (strcmp(a, "--duration") == 0) o.duration_s = parse_seconds(a, v, 0.001);
        else if (strcmp(a, "--threads") == 0) o.threads = parse_int(a, v, 1, 1024);
        else if (strcmp(a, "--json") == 0) o.json = v;
        else if (strcmp(a, "--label") == 0) o.label = v;
        else if (strcmp(a, "--server-pid") == 0) o.server_pid = parse_int(a, v, -1, INT_MAX);
        else {
            fprintf(stderr, "patchbay-load: unknown option %s\n", a);
            usage(stderr);
            exit(2);
        }
    }
    if ((long) o.inflight * o.size > 64L * 1024 * 1024) {
        fprintf(stderr, "patchbay-load: inflight x size must be at most 64 MiB per connection\n");
        exit(2);
    }
    return o;
}

/* ---- connections and the threads that drive them -------------------------------------------- */

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000ULL + (uint64_t) t.tv_nsec;
}

/* Adds one to a zero-padded decimal number in place (wrapping to 0...0, as EchoLoad drops the
 * digits that do not fit): cheaper than formatting every line's sequence number anew. */
static inline void increment_digits(char *d, int len) {
    for (int j = len - 1; j >= 0; j--) {
        if (d[j] != '9') {
            d[j]++;
            return;
        }
        d[j] = '0';
    }
}

typedef struct {
    int fd;
    int open;
    int write_interest;
    uint64_t sent;
    uint64_t received;
    int send_slot;
    int receive_slot;
    uint64_t *send_times; /* ring of inflight entries: when each outstanding line was queued */
    char *next_line;      /* the line to send next, size bytes */
    char *out;            /* lines queued, not written yet: [out_off, out_len) */
    size_t out_off;
    size_t out_len;
    char *expected; /* the reply expected next, size bytes */
    int line_pos;   /* bytes of the current reply line seen so far */
    int line_bad;   /* the current reply line already differs from the expected one */
} conn;

typedef struct {
    int id;
    int epfd;
    conn **conns;
    int nconns;
    const options *o;
    int digits;                /* sequence digits at the end of a line: min(size - 1, 20) */
    uint64_t measure_start;
    uint64_t end;
    char *rbuf;
    histogram *hist;
    /* counters, owned by this thread until it is joined */
    uint64_t measured;
    uint64_t completed;
    uint64_t mismatched;
    uint64_t unexpected;
    uint64_t disconnects;
    uint64_t unanswered;
    uint64_t reads;
    uint64_t writes;
    uint64_t last_read; /* clock at the last read(): the send time of the lines it frees */
    int failed_errno;
} __attribute__((aligned(64))) worker; /* own cache lines: each thread writes its counters often */

static void disconnect(worker *w, conn *c) {
    if (!c->open) {
        return;
    }
    c->open = 0;
    w->disconnects++;
    close(c->fd); /* also leaves the epoll set */
}

/* Queues new lines until `inflight` are outstanding (they go out in the next flush, together). */
static void top_up(worker *w, conn *c, uint64_t now) {
    const int size = w->o->size;
    const int inflight = w->o->inflight;
    uint64_t want = (uint64_t) inflight - (c->sent - c->received);
    if (want == 0) {
        return;
    }
    if (c->out_off > 0) {
        size_t pending = c->out_len - c->out_off;
        memmove(c->out, c->out + c->out_off, pending);
        c->out_off = 0;
        c->out_len = pending;
    }
    char *p = c->out + c->out_len;
    for (uint64_t i = 0; i < want; i++) {
        memcpy(p, c->next_line, (size_t) size);
        increment_digits(c->next_line + size - 1 - w->digits, w->digits);
        p += size;
        c->send_times[c->send_slot] = now;
        c->send_slot = c->send_slot + 1 == inflight ? 0 : c->send_slot + 1;
        c->sent++;
    }
    c->out_len = (size_t) (p - c->out);
}

static void set_write_interest(worker *w, conn *c, int on) {
    if (c->write_interest == on) {
        return;
    }
    struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0) {
        c->write_interest = on;
    }
}

static void flush(worker *w, conn *c) {
    while (c->out_off < c->out_len) {
        ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
        if (n > 0) {
            w->writes++;
            c->out_off += (size_t) n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            set_write_interest(w, c, 1);
            return;
        }
        disconnect(w, c);
        return;
    }
    c->out_off = c->out_len = 0;
    set_write_interest(w, c, 0);
}

/* A reply line ended (its '\n' seen): count it, and expect the next sequence number. */
static inline void line_done(worker *w, conn *c, int good, uint64_t now) {
    if (c->received == c->sent) {
        w->unexpected++;
    } else {
        if (good) {
            w->completed++;
            if (now >= w->measure_start && now < w->end) {
                w->measured++;
                hist_record(w->hist, now - c->send_times[c->receive_slot]);
            }
        } else {
            w->mismatched++;
        }
        c->receive_slot = c->receive_slot + 1 == w->o->inflight ? 0 : c->receive_slot + 1;
        c->received++;
        increment_digits(c->expected + w->o->size - 1 - w->digits, w->digits);
    }
    c->line_pos = 0;
    c->line_bad = 0;
}

/* Checks the bytes read against the lines sent, in order: memcmp while they match, then a scan
 * for the '\n' that ends the bad line, so that one wrong reply does not shift every later one. */
static void consume(worker *w, conn *c, const char *buf, size_t len, uint64_t now) {
    const int size = w->o->size;
    size_t i = 0;
    while (i < len) {
        if (!c->line_bad && c->received < c->sent) {
            size_t n = (size_t) (size - c->line_pos);
            if (n > len - i) {
                n = len - i;
            }
            if (memcmp(buf + i, c->expected + c->line_pos, n) == 0) {
                i += n;
                c->line_pos += (int) n;
                if (c->line_pos == size) {
                    line_done(w, c, 1, now);
                }
                continue;
            }
            c->line_bad = 1;
        }
        const char *nl = memchr(buf + i, '\n', len - i);
        if (nl == NULL) {
            c->line_bad = 1;
            i = len;
        } else {
            i = (size_t) (nl - buf) + 1;
            line_done(w, c, 0, now);
        }
    }
}

static void on_readable(worker *w, conn *c) {
    for (;;) {
        ssize_t n = recv(c->fd, w->rbuf, READ_BUFFER, 0);
        if (n > 0) {
            w->reads++;
            uint64_t now = now_ns();
            w->last_read = now;
            consume(w, c, w->rbuf, (size_t) n, now);
            if (n < READ_BUFFER) {
                return;
            }
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        disconnect(w, c); /* 0: the server closed it; < 0: reset */
        return;
    }
}

static void *worker_run(void *arg) {
    worker *w = arg;
    struct epoll_event events[MAX_EVENTS];
    uint64_t now = now_ns();
    for (int i = 0; i < w->nconns; i++) {
        top_up(w, w->conns[i], now);
        flush(w, w->conns[i]);
    }
    for (;;) {
        now = now_ns();
        if (now >= w->end) {
            break;
        }
        uint64_t left_ms = (w->end - now) / 1000000;
        int timeout = left_ms < 1 ? 1 : left_ms > 100 ? 100 : (int) left_ms;
        int n = epoll_wait(w->epfd, events, MAX_EVENTS, timeout);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            w->failed_errno = errno;
            break;
        }
        for (int i = 0; i < n; i++) {
            conn *c = events[i].data.ptr;
            if (!c->open) {
                continue;
            }
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                uint64_t before = c->received;
                on_readable(w, c);
                if (!c->open) {
                    continue;
                }
                if (c->received != before) {
                    top_up(w, c, w->last_read);
                }
            }
            flush(w, c);
        }
    }
    now = now_ns();
    for (int i = 0; i < w->nconns; i++) {
        conn *c = w->conns[i];
        if (c->open && c->sent > c->received && now - c->send_times[c->receive_slot] > UNANSWERED_AFTER_NS) {
            w->unanswered += c->sent - c->received;
        }
    }
    return NULL;
}

static void sleep_until(uint64_t deadline) {
    struct timespec t = {(time_t) (deadline / 1000000000ULL), (long) (deadline % 1000000000ULL)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {
    }
}

static void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n, size);
    if (p == NULL) {
        fprintf(stderr, "patchbay-load: out of memory\n");
        exit(2);
    }
    return p;
}

/* Ends every connection with a FIN, not a reset: stop sending, read what the server still echoes
 * until it closes too (at most 2 s), then close. Closing with unread replies would make the
 * kernel send RST, which servers log as errors. What is read here is past the window: not checked. */
static void close_gracefully(conn *conns, int n, char *buf) {
    struct pollfd *fds = xcalloc((size_t) n, sizeof(struct pollfd));
    int open = 0;
    for (int i = 0; i < n; i++) {
        if (conns[i].open) {
            shutdown(conns[i].fd, SHUT_WR);
            fds[open].fd = conns[i].fd;
            fds[open].events = POLLIN;
            open++;
        }
    }
    uint64_t deadline = now_ns() + 2000000000ULL;
    while (open > 0) {
        uint64_t now = now_ns();
        if (now >= deadline || poll(fds, (nfds_t) open, (int) ((deadline - now) / 1000000) + 1) <= 0) {
            break;
        }
        for (int i = 0; i < open; i++) {
            if (fds[i].revents == 0) {
                continue;
            }
            ssize_t r;
            while ((r = recv(fds[i].fd, buf, READ_BUFFER, 0)) > 0) {
            }
            if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                close(fds[i].fd);
                fds[i--] = fds[--open];
            }
        }
    }
    for (int i = 0; i < open; i++) {
        close(fds[i].fd);
    }
    free(fds);
}

/* ---- setup and report ------------------------------------------------------------------------ */

static void raise_open_file_limit(int needed) {
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < (rlim_t) needed) {
        r.rlim_cur = r.rlim_max < (rlim_t) needed ? r.rlim_max : (rlim_t) needed;
        setrlimit(RLIMIT_NOFILE, &r);
    }
}

static int connect_one(const struct addrinfo *ai) {
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

typedef struct {
    double measured_s;
    uint64_t messages, completed, mismatched, unexpected, disconnects, unanswered, reads, writes;
    histogram *hist;
    int machine_cores, generator_cores, server_cores;
    double generator_cpu, server_cpu, machine_busy; /* in cores (1.0 = one core busy) */
} result;

static double share(double cores_busy, int cores) {
    return cores > 0 && cores_busy >= 0 ? cores_busy / cores : -1;
}

static void json_number(FILE *f, const char *key, double v, int last) {
    if (v < 0 || v != v) {
        fprintf(f, "  \"%s\": null%s\n", key, last ? "" : ",");
    } else {
        fprintf(f, "  \"%s\": %.3f%s\n", key, v, last ? "" : ",");
    }
}

static void json_string(FILE *f, const char *key, const char *v) {
    fprintf(f, "  \"%s\": \"", key);
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\') {
            fputc('\\', f);
        }
        if ((unsigned char) *p >= 0x20) {
            fputc(*p, f);
        }
    }
    fprintf(f, "\",\n");
}

static void write_json(FILE *f, const options *o, int threads, const result *r) {
    uint64_t errors = r->mismatched + r->unexpected + r->disconnects + r->unanswered;
    const histogram *h = r->hist;
    fprintf(f, "{\n");
    json_string(f, "generator", "patchbay-load");
    json_string(f, "target", o->label);
    json_string(f, "host", o->host);
    fprintf(f, "  \"port\": %d,\n  \"connections\": %d,\n  \"inflight\": %d,\n  \"size_bytes\": %d,\n",
            o->port, o->connections, o->inflight, o->size);
    fprintf(f, "  \"threads\": %d,\n", threads);
    json_number(f, "warmup_s", o->warmup_s, 0);
    json_number(f, "duration_s", o->duration_s, 0);
    json_number(f, "measured_s", r->measured_s, 0);
    fprintf(f, "  \"cores\": %d,\n  \"generator_cores\": %d,\n  \"server_cores\": %d,\n", r->machine_cores,
            r->generator_cores, r->server_cores);
    fprintf(f, "  \"messages\": %llu,\n", (unsigned long long) r->messages);
    json_number(f, "msgs_per_s", (double) r->messages / r->measured_s, 0);
    json_number(f, "p50_us", hist_percentile_us(h, 50), 0);
    json_number(f, "p90_us", hist_percentile_us(h, 90), 0);
    json_number(f, "p99_us", hist_percentile_us(h, 99), 0);
    json_number(f, "p999_us", hist_percentile_us(h, 99.9), 0);
    json_number(f, "max_us", h->total ? (double) h->max / 1000.0 : -1, 0);
    json_number(f, "mean_us", h->total ? h->sum / (double) h->total / 1000.0 : -1, 0);
    fprintf(f, "  \"errors\": %llu,\n  \"mismatched\": %llu,\n  \"unexpected\": %llu,\n"
               "  \"disconnects\": %llu,\n  \"unanswered\": %llu,\n  \"completed_total\": %llu,\n"
               "  \"reads\": %llu,\n  \"writes\": %llu,\n",
            (unsigned long long) errors, (unsigned long long) r->mismatched, (unsigned long long) r->unexpected,
            (unsigned long long) r->disconnects, (unsigned long long) r->unanswered,
            (unsigned long long) r->completed, (unsigned long long) r->reads, (unsigned long long) r->writes);
    /* shares of the cores each process may run on; machine_busy_share of all cores */
    json_number(f, "generator_cpu_share", share(r->generator_cpu, r->generator_cores), 0);
    fprintf(f, "  \"server_pid\": %ld,\n", o->server_pid);
    json_number(f, "server_cpu_share", share(r->server_cpu, r->server_cores), 0);
    json_number(f, "machine_busy_share", share(r->machine_busy, r->machine_cores), 0);
    double other = r->machine_busy < 0 ? -1
                 : r->machine_busy - r->generator_cpu - (r->server_cpu < 0 ? 0 : r->server_cpu);
    /* sampling skew can make "other" slightly negative: report it as 0 */
    json_number(f, "other_cpu_share", r->machine_busy < 0 ? -1 : share(other < 0 ? 0 : other, r->machine_cores), 1);
    fprintf(f, "}\n");
}

static void print_pct(char *dst, size_t n, double cores_busy, int cores) {
    double s = share(cores_busy, cores);
    if (s < 0) {
        snprintf(dst, n, "n/a");
    } else {
        snprintf(dst, n, "%.0f%% of %d core%s", s * 100, cores, cores == 1 ? "" : "s");
    }
}

int main(int argc, char **argv) {
    options o = parse_options(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    int generator_cores = affinity_cores(0);
    int threads = o.threads > 0 ? o.threads : (generator_cores > 0 ? generator_cores : 1);
    if (threads > o.connections) {
        threads = o.connections;
    }
    raise_open_file_limit(o.connections + threads + 64);

    char port[16];
    snprintf(port, sizeof port, "%d", o.port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
    int gai = getaddrinfo(o.host, port, &hints, &ai);
    if (gai != 0) {
        fprintf(stderr, "patchbay-load: %s: %s\n", o.host, gai_strerror(gai));
        return 2;
    }

    /* line 0 of every connection: size - 1 zeros and '\n' */
    char *first_line = xcalloc((size_t) o.size, 1);
    memset(first_line, '0', (size_t) o.size - 1);
    first_line[o.size - 1] = '\n';
    int digits = o.size - 1 < SEQ_DIGITS ? o.size - 1 : SEQ_DIGITS;

    worker *workers = aligned_alloc(64, (size_t) threads * sizeof(worker));
    if (workers == NULL) {
        fprintf(stderr, "patchbay-load: out of memory\n");
        return 2;
    }
    memset(workers, 0, (size_t) threads * sizeof(worker));
    for (int t = 0; t < threads; t++) {
        worker *w = &workers[t];
        w->id = t;
        w->o = &o;
        w->digits = digits;
        w->epfd = epoll_create1(EPOLL_CLOEXEC);
        w->conns = xcalloc((size_t) (o.connections / threads + 1), sizeof(conn *));
        w->rbuf = xcalloc(READ_BUFFER, 1);
        w->hist = xcalloc(1, sizeof(histogram));
        if (w->epfd < 0) {
            perror("patchbay-load: epoll_create1");
            return 2;
        }
    }
    conn *conns = xcalloc((size_t) o.connections, sizeof(conn));
    for (int i = 0; i < o.connections; i++) {
        conn *c = &conns[i];
        c->fd = connect_one(ai);
        if (c->fd < 0) {
            fprintf(stderr, "patchbay-load: connection %d of %d to %s:%d: %s\n", i + 1, o.connections, o.host,
                    o.port, strerror(errno));
            return 2;
        }
        c->open = 1;
        c->send_times = xcalloc((size_t) o.inflight, sizeof(uint64_t));
        c->out = xcalloc((size_t) o.inflight, (size_t) o.size);
        c->next_line = xcalloc((size_t) o.size, 1);
        memcpy(c->next_line, first_line, (size_t) o.size);
        c->expected = xcalloc((size_t) o.size, 1);
        memcpy(c->expected, first_line, (size_t) o.size);
        worker *w = &workers[i % threads];
        w->conns[w->nconns++] = c;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
            perror("patchbay-load: epoll_ctl");
            return 2;
        }
    }
    freeaddrinfo(ai);

    uint64_t start = now_ns();
    uint64_t measure_start = start + (uint64_t) (o.warmup_s * 1e9);
    uint64_t end = measure_start + (uint64_t) (o.duration_s * 1e9);
    pthread_t *tids = xcalloc((size_t) threads, sizeof(pthread_t));
    for (int t = 0; t < threads; t++) {
        workers[t].measure_start = measure_start;
        workers[t].end = end;
        if (pthread_create(&tids[t], NULL, worker_run, &workers[t]) != 0) {
            fprintf(stderr, "patchbay-load: cannot start thread %d\n", t);
            return 2;
        }
    }

    sleep_until(measure_start);
    uint64_t wall0 = now_ns(), cpu0 = self_cpu_ns();
    long long server0 = process_ticks(o.server_pid);
    unsigned long long m0[2], m1[2];
    int machine_ok = machine_ticks(m0);
    sleep_until(end);
    uint64_t wall1 = now_ns(), cpu1 = self_cpu_ns();
    long long server1 = process_ticks(o.server_pid);
    machine_ok = machine_ok && machine_ticks(m1);

    result r = {0};
    r.hist = xcalloc(1, sizeof(histogram));
    for (int t = 0; t < threads; t++) {
        pthread_join(tids[t], NULL);
        worker *w = &workers[t];
        if (w->failed_errno != 0) {
            fprintf(stderr, "patchbay-load: thread %d failed: %s\n", t, strerror(w->failed_errno));
            return 2;
        }
        r.messages += w->measured;
        r.completed += w->completed;
        r.mismatched += w->mismatched;
        r.unexpected += w->unexpected;
        r.disconnects += w->disconnects;
        r.unanswered += w->unanswered;
        r.reads += w->reads;
        r.writes += w->writes;
        hist_add(r.hist, w->hist);
    }
    close_gracefully(conns, o.connections, workers[0].rbuf);

    double wall_s = (double) (wall1 - wall0) / 1e9;
    r.measured_s = (double) (end - measure_start) / 1e9;
    r.machine_cores = (int) sysconf(_SC_NPROCESSORS_ONLN);
    r.generator_cores = generator_cores;
    r.server_cores = o.server_pid > 0 ? affinity_cores((pid_t) o.server_pid) : -1;
    r.generator_cpu = (double) (cpu1 - cpu0) / 1e9 / wall_s;
    r.server_cpu = server0 >= 0 && server1 >= 0 ? ticks_to_seconds(server1 - server0) / wall_s : -1;
    r.machine_busy = machine_ok && m1[0] > m0[0]
                     ? (double) (m1[1] - m0[1]) / (double) (m1[0] - m0[0]) * r.machine_cores : -1;

    uint64_t errors = r.mismatched + r.unexpected + r.disconnects + r.unanswered;
    char gen[64], srv[64];
    print_pct(gen, sizeof gen, r.generator_cpu, r.generator_cores);
    print_pct(srv, sizeof srv, r.server_cpu, r.server_cores);
    FILE *human = o.json != NULL && strcmp(o.json, "-") == 0 ? stderr : stdout;
    fprintf(human,
            "patchbay-load %s %s:%d: %dx%dx%dB, %d thread(s): %.0f msg/s, latency us p50 %.0f p99 %.0f p999 %.0f,"
            " errors %llu (mismatched %llu, unexpected %llu, disconnects %llu, unanswered %llu),"
            " %.1f replies/read, CPU generator %s, server %s\n",
            o.label, o.host, o.port, o.connections, o.inflight, o.size, threads, (double) r.messages / r.measured_s,
            hist_percentile_us(r.hist, 50), hist_percentile_us(r.hist, 99), hist_percentile_us(r.hist, 99.9),
            (unsigned long long) errors, (unsigned long long) r.mismatched, (unsigned long long) r.unexpected,
            (unsigned long long) r.disconnects, (unsigned long long) r.unanswered,
            r.reads ? (double) r.completed / (double) r.reads : 0.0, gen, srv);
    if (o.json != NULL) {
        FILE *f = strcmp(o.json, "-") == 0 ? stdout : fopen(o.json, "w");
        if (f == NULL) {
            fprintf(stderr, "patchbay-load: cannot write %s: %s\n", o.json, strerror(errno));
            return 2;
        }
        write_json(f, &o, threads, &r);
        if (f != stdout) {
            fclose(f);
        }
    }
    return errors == 0 ? 0 : 1;
}
