#!/usr/bin/env python3
# Bad frames against line (7007), length-prefixed (7100) and raw (7101) endpoints: what comes back?
import socket, struct, time
def t(name, port, data, wait=1.5):
    s = socket.create_connection(('127.0.0.1', port)); s.settimeout(wait); s.sendall(data); got = b''; st = 'open'
    try:
        while True:
            d = s.recv(65536)
            if not d: st = 'EOF'; break
            got += d
    except socket.timeout: pass
    except Exception as e: st = type(e).__name__
    print('%-34s -> %d bytes back %r..., then %s' % (name, len(got), got[:40], st))
t('line: invalid utf8', 7007, b'\xff\xfe\xc3(\n')
t('line: lone \\r and NUL', 7007, b'a\rb\x00c\n')
t('line: overlong 8193 bytes', 7007, b'a' * 8193 + b'\n')
t('line: 8192 bytes', 7007, b'a' * 8192 + b'\n')
t('line: 20000 empty lines', 7007, b'\n' * 20000)
t('lp: negative length', 7100, struct.pack('>i', -1) + b'abcd')
t('lp: 0x80000000', 7100, struct.pack('>I', 0x80000000))
t('lp: huge 0x7fffffff', 7100, struct.pack('>I', 0x7fffffff) + b'x' * 1000)
t('lp: 65537 (max+1)', 7100, struct.pack('>I', 65537))
t('lp: 3 zero-length frames', 7100, b'\0\0\0\0' * 3)
t('lp: 100000 zero-length frames', 7100, b'\0\0\0\0' * 100000, 3)
t('lp: half header', 7100, b'\0\0', 1)
t('lp: ok frame', 7100, struct.pack('>I', 5) + b'hello')
t('raw: 1 MiB', 7101, b'r' * 1048576, 3)
t('raw: invalid utf8', 7101, b'\xff\xfe')
