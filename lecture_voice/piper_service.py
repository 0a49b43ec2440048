"""One Piper process for a whole build: the scenes' renders ask it for their lines over a local socket.

Each manim render is its own process; left alone, each started Piper and
loaded the voice model again (about 2 s of CPU per scene, and one model in
memory per worker). The build starts a :class:`PiperService` instead and names
its socket in ``SOFTMAX_ANIM_PIPER_SOCKET``; :meth:`PiperEngine.synthesize
<lecture_voice.engine.PiperEngine.synthesize>` in a render then sends its line
there and gets back the path of the WAV Piper wrote. Lines are spoken one at a
time, in the order asked; the speech cache and its normalization stay in the
render, so the audio is the same either way.
"""

from __future__ import annotations

import json
import socketserver
import tempfile
import threading
from pathlib import Path

from .engine import SOCKET_ENV, PiperEngine
from .errors import NarrationError

__all__ = ["SOCKET_ENV", "PiperService"]


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        service: PiperService = self.server.service  # type: ignore[attr-defined]
        request = json.loads(self.rfile.readline() or b"{}")
        try:
            with service.lock:  # one Piper process: one line at a time
                path = service.engine.synthesize_here(str(request["line"]), str(request["where"]))
            reply = {"path": str(path)}
        except NarrationError as e:
            reply = {"error": str(e)}
        except Exception as e:  # always answer: a render must not wait for a reply that never comes
            reply = {"error": f"{request.get('where', 'a line')}: the build's Piper failed ({type(e).__name__}: {e})"}
        self.wfile.write(json.dumps(reply).encode() + b"\n")


class PiperService:
    """A local socket in front of one :class:`PiperEngine`; a context manager that stops it and Piper on exit.

    ``env`` holds the variable that sends a render's lines here.
    """

    def __init__(self, engine: PiperEngine) -> None:
        self.engine = engine
        self.lock = threading.Lock()
        self._folder = tempfile.TemporaryDirectory(prefix="softmax-anim-piper-socket-")
        self.address = str(Path(self._folder.name) / "piper.sock")
        self._server = socketserver.ThreadingUnixStreamServer(self.address, _Handler)
        self._server.daemon_threads = True
        self._server.service = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def env(self) -> dict[str, str]:
        """The environment that makes a render speak through this service."""
        return {SOCKET_ENV: self.address}

    def __enter__(self) -> PiperService:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.engine.close()
        self._folder.cleanup()
