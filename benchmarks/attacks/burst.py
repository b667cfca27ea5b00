#!/usr/bin/env python3
# burst.py PORT LINES: send LINES numbered lines at once on one connection, read them back, check order
import socket, sys, time, threading
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(('127.0.0.1', port)); s.settimeout(60)
data = b''.join(b'%08d\n' % i for i in range(n)); t = time.time()
threading.Thread(target=s.sendall, args=(data,), daemon=True).start()
got = b''
try:
    while len(got) < len(data):
        d = s.recv(65536)
        if not d: print('EOF after', len(got) // 9, 'lines'); break
        got += d
except Exception as e: print('error', e, 'after', len(got) // 9, 'lines')
print('lines back %d/%d in %.1fs, in order and intact: %s' % (len(got) // 9, n, time.time() - t, got == data[:len(got)]))
