"""A TCP proxy the tests control, to cut, reset, stall, delay and restore a desk's link to the
database server while the server itself keeps running for everyone else; it can also cut the
link just after passing on a statement that commits, so the server commits and the reply is
lost."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time

BUFFER = 65536
#: What a statement that commits carries: a COMMIT, or a signpost's INSERT, which the desk sends
#: on its own (it commits by itself, with no COMMIT after it).
COMMITTING = (b"COMMIT", b"INSERT INTO signpost_record")


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.refusing = threading.Event()
        self.closed = threading.Event()
        self.flowing = threading.Event()
        self.flowing.set()
        self.delay_s = 0.0
        self.cut_after_commit = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refusing.is_set() or self.closed.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink, to_server in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(
                    target=self._pump, args=(source, sink, to_server), daemon=True
                ).start()

    def _pump(self, source: socket.socket, sink: socket.socket, to_server: bool) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(BUFFER):
                self.flowing.wait()
                if self.delay_s:
                    time.sleep(self.delay_s)
                sink.sendall(data)
                committing = any(marker in data for marker in COMMITTING)
                if to_server and committing and self.cut_after_commit.is_set():
                    self.cut_after_commit.clear()
                    self.cut()
                    return
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def cut(self) -> None:
        """Drop every open connection and refuse new ones, as a failed network link would."""
        self.refusing.set()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def reset(self) -> None:
        """As ``cut``, but each connection ends with a reset (RST) rather than a close."""
        self.refusing.set()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()

    def delay(self, seconds: float) -> None:
        """Hold every piece of traffic this long before passing it on (a slow link)."""
        self.delay_s = seconds

    def lose_the_next_commit_reply(self) -> None:
        """Pass the next statement that commits to the server, then cut the link before its
        reply comes back."""
        self.cut_after_commit.set()

    def stall(self) -> None:
        """Stop passing anything on without closing a connection: packets vanish, no reset, as
        a link that drops silently."""
        self.flowing.clear()

    def restore(self) -> None:
        """Pass traffic again (what was held is delivered) and accept new connections."""
        self.refusing.clear()
        self.delay_s = 0.0
        self.flowing.set()

    def close(self) -> None:
        self.closed.set()
        self.flowing.set()
        self.cut()
        self.listener.close()
