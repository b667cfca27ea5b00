"""A line echo server that misbehaves once per connection, for selftest.sh.

usage: faulty_echo.py PORT MODE   (MODE: ok, corrupt, drop, extra, close)
Echoes every line; on each connection's 500th line it instead corrupts its first byte
(corrupt), leaves it out (drop), sends an extra line after it (extra) or closes the connection
(close). Prints "ready" once it listens.
"""
import socket
import sys
import threading


def serve(conn, mode):
    count = 0
    pending = b""
    with conn:
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            pending += data
            out = []
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                count += 1
                if count == 500:
                    if mode == "corrupt":
                        line = b"x" + line[1:]
                    elif mode == "drop":
                        continue
                    elif mode == "close":
                        return
                    elif mode == "extra":
                        out.append(line + b"\n")
                        line = b"unexpected"
                out.append(line + b"\n")
            try:
                conn.sendall(b"".join(out))
            except OSError:
                return


def main():
    port, mode = int(sys.argv[1]), sys.argv[2]
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn, mode), daemon=True).start()


if __name__ == "__main__":
    main()
