"""Issue 11 with the official openai Python SDK against the real binary: API keys (created through /api/keys, used as
the SDK's api_key), translations, chat completions (plain and streamed) and srt/vtt subtitles, against a loopback
stand-in provider that speaks OpenAI's API (segments in verbose_json, chat completions as JSON or server-sent events).
"""
import io
import json
import struct
import threading
import time
import urllib.request
import wave
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openai
import pytest

from conftest import Eloquent

KEY = "provider-secret-gateway"
SEGMENTS = [{"id": 0, "start": 0.0, "end": 1.25, "text": " Hello there."},
            {"id": 1, "start": 1.25, "end": 2.5, "text": " General Kenobi."}]


class GatewayProvider:
    """Transcriptions, translations and chat completions on loopback; records what it received."""

    def __init__(self):
        self.requests = []
        self.gate = threading.Event()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                self.reply(200, {"object": "list", "data": []})

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Authorization") != f"Bearer {KEY}":
                    return self.reply(401, {"error": {"message": "bad key"}})
                if self.path.endswith("/chat/completions"):
                    request = json.loads(body)
                    provider.requests.append({"path": self.path, "json": request})
                    if request.get("stream"):
                        return self.stream()
                    return self.reply(200, {"id": "chatcmpl-1", "object": "chat.completion", "created": 1,
                                            "model": request["model"],
                                            "choices": [{"index": 0, "finish_reason": "stop",
                                                         "message": {"role": "assistant", "content": "Polished."}}]})
                msg = BytesParser(policy=HTTP).parsebytes(
                    b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
                fields = {p.get_param("name", header="content-disposition"): p.get_content().strip()
                          for p in msg.iter_parts() if not p.get_filename()}
                provider.requests.append({"path": self.path, "fields": fields})
                translate = self.path.endswith("/audio/translations")
                text = "Hello there. General Kenobi." if translate else "Hola. General Kenobi."
                if fields.get("response_format") == "text":
                    return self.reply_text(text)
                return self.reply(200, {"task": "translate" if translate else "transcribe", "language": "english",
                                        "duration": 2.5, "text": text, "segments": SEGMENTS})

            def stream(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i, word in enumerate(["Hel", "lo", "!"]):
                    if i == 2:
                        provider.gate.wait(10)  # the last chunk waits until the client has read the first ones
                    event = {"id": "chatcmpl-s", "object": "chat.completion.chunk", "created": 1, "model": "m",
                             "choices": [{"index": 0, "delta": {"content": word}, "finish_reason": None}]}
                    self.chunk(f"data: {json.dumps(event)}\n\n".encode())
                self.chunk(b"data: [DONE]\n\n")
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

            def chunk(self, data):
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def reply_text(self, text):
                data = text.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def reply(self, status, obj):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.gate.set()
        self.server.shutdown()
        self.server.server_close()


def silent_wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(struct.pack("<h", 0) * 16000)
    return out.getvalue()


def call(server, method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


@pytest.fixture
def stack():
    provider = GatewayProvider()
    server = Eloquent({"TRANSCRIPTION_PROVIDER": "groq", "GROQ_API_KEY": KEY, "ADMIN_EMAILS": "admin@example.com",
                       "GROQ_BASE_URL": f"http://127.0.0.1:{provider.port}/openai/v1"})
    yield provider, server
    server.close()
    provider.close()


def api_key(server, sub="0b6f1f7e-2f1a-4c55-9b1e-8f1c3d2e4a01") -> str:
    """An unlimited-plan user's new API key, made through the API as a client would."""
    user = server.token(sub=sub, email="sdk@example.com")
    assert call(server, "POST", "/api/auth/validate", user)[0] == 200
    status, refusal = call(server, "POST", "/api/keys", user, {"name": "sdk"})
    assert status == 403 and refusal["plans"] == ["unlimited", "enterprise"]
    admin = server.token(sub="7c0e9a33-0d6f-4d0c-9a7e-5b2f0c1d9e77", email="admin@example.com")
    assert call(server, "PUT", f"/api/admin/users/{sub}/plan", admin, {"plan": "unlimited"})[0] == 200
    status, created = call(server, "POST", "/api/keys", user, {"name": "sdk"})
    assert status == 201 and created["key"].startswith(created["prefix"])
    return created["key"]


def test_api_key_drives_translations_and_subtitles(stack):
    provider, server = stack
    client = openai.OpenAI(base_url=server.url + "/v1", api_key=api_key(server))
    result = client.audio.translations.create(model="whisper-1", file=("speech.wav", silent_wav(), "audio/wav"))
    assert result.text == "Hello there. General Kenobi."
    assert provider.requests[-1]["path"].endswith("/audio/translations")
    assert "language" not in provider.requests[-1]["fields"]

    srt = client.audio.transcriptions.create(model="whisper-1", file=("speech.wav", silent_wav(), "audio/wav"),
                                             response_format="srt")
    assert str(srt) == ("1\n00:00:00,000 --> 00:00:01,250\nHello there.\n\n"
                        "2\n00:00:01,250 --> 00:00:02,500\nGeneral Kenobi.\n")
    assert provider.requests[-1]["fields"]["response_format"] == "verbose_json"
    vtt = client.audio.translations.create(model="whisper-1", file=("speech.wav", silent_wav(), "audio/wav"),
                                           response_format="vtt")
    assert str(vtt).startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.250\nHello there.\n")

    # A revoked key stops at once.
    user = server.token(sub="0b6f1f7e-2f1a-4c55-9b1e-8f1c3d2e4a01", email="sdk@example.com")
    status, listing = call(server, "GET", "/api/keys", user)
    assert status == 200 and listing["keys"][0]["last_used_at"] is not None
    assert call(server, "DELETE", f"/api/keys/{listing['keys'][0]['id']}", user)[0] == 200
    with pytest.raises(openai.AuthenticationError):
        client.models.list()


def test_chat_plain_and_streamed(stack):
    provider, server = stack
    client = openai.OpenAI(base_url=server.url + "/v1", api_key=api_key(server))
    reply = client.chat.completions.create(model="llama-3.3-70b-versatile",
                                           messages=[{"role": "user", "content": "fix: helo"}])
    assert reply.choices[0].message.content == "Polished."
    assert provider.requests[-1]["json"]["messages"][0]["content"] == "fix: helo"

    stream = client.chat.completions.create(model="llama-3.3-70b-versatile", stream=True,
                                            messages=[{"role": "user", "content": "hi"}])
    words = []
    for chunk in stream:
        words.append(chunk.choices[0].delta.content)
        if len(words) == 2:
            # Two events arrived while the provider still holds the third: the relay does not buffer.
            assert not provider.gate.is_set()
            provider.gate.set()
    assert "".join(w for w in words if w) == "Hello!"


def test_chat_needs_ai_rewrite(stack):
    _, server = stack
    client = openai.OpenAI(base_url=server.url + "/v1", api_key=server.token(sub="3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))
    with pytest.raises(openai.PermissionDeniedError) as info:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert "starter" in info.value.message
