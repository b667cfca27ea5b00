#!/usr/bin/env python3
# Well-behaved client + health sampler, one line per second: probe.py PID [seconds]
import socket, sys, time, urllib.request, os, re
pid = sys.argv[1]; dur = float(sys.argv[2]) if len(sys.argv) > 2 else 1e9
def http(path):
    try:
        with urllib.request.urlopen('http://127.0.0.1:8181' + path, timeout=3) as r: return r.status, r.read().decode()
    except urllib.error.HTTPError as e: return e.code, e.read().decode()
    except Exception as e: return 'ERR', str(e)
def echo(s, n):
    msg = b'probe %d\n' % n; t = time.time(); s.sendall(msg); buf = b''
    while not buf.endswith(b'\n'):
        d = s.recv(100)
        if not d: raise Exception('closed')
        buf += d
    return (time.time() - t) * 1000 if buf == msg else -1
persist = None; t0 = time.time(); n = 0
while time.time() - t0 < dur:
    n += 1; out = []
    try:
        if persist is None: persist = socket.create_connection(('127.0.0.1', 7007), timeout=3)
        out.append('persist=%.0fms' % echo(persist, n))
    except Exception as e: out.append('persist=FAIL(%s)' % e); persist = None
    try:
        s = socket.create_connection(('127.0.0.1', 7007), timeout=3); out.append('fresh=%.0fms' % echo(s, n)); s.close()
    except Exception as e: out.append('fresh=FAIL(%s)' % e)
    lc, lb = http('/health/live'); rc, rb = http('/health/ready'); mc, m = http('/metrics')
    g = lambda k: (re.search(r'^' + re.escape(k) + r' (\S+)', m, re.M) or [None, '?'])[1] if mc == 200 else '?'
    st = re.findall(r'patchbay_transport_memory_state\{state="(\w+)",\} 1', m) if mc == 200 else '?'
    try: fds = len(os.listdir('/proc/%s/fd' % pid)); thr = len(os.listdir('/proc/%s/task' % pid))
    except Exception: fds = thr = 'GONE'
    rm = re.search(r'"messages":\[([^\]]*)\]', rb[rb.find('memory'):] if 'memory' in rb else '')
    print(time.strftime('%H:%M:%S'), ' '.join(out), 'live=%s ready=%s' % (lc, rc),
          'held=%.1fMiB' % (float(g('patchbay_transport_memory_held_bytes')) / 1048576) if g('patchbay_transport_memory_held_bytes') != '?' else 'held=?',
          'state=%s paused=%s refusedMem=%s slowClosed=%s stuck=%s fds=%s thr=%s' % (st, g('patchbay_transport_sessions_paused_for_memory'),
          g('patchbay_transport_connections_refused_memory_total'), g('patchbay_transport_slow_readers_closed_total'),
          g('patchbay_transport_io_threads_stuck'), fds, thr), flush=True)
    if lc != 200: print('   live body:', lb[:300], flush=True)
    time.sleep(max(0, 1 - (time.time() - t0 - (n - 1))))
