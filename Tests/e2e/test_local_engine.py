"""scripts/run's local engine end to end: espeak-ng speech → scripts/local-whisper → eloquent-server → words back."""
import re
import subprocess
import time

import requests

from conftest import ROOT, Eloquent


def start_engine():
    proc = subprocess.Popen([str(ROOT / "scripts" / "local-whisper"), "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 600  # the first run installs the engine
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"local-whisper ready on (http://\S+)", line)
        if match:
            return proc, match.group(1)
    proc.kill()
    raise RuntimeError("local engine did not start:\n" + "".join(lines[-30:]))


def test_local_engine_transcribes_speech(speech_wav):
    engine, url = start_engine()
    try:
        server = Eloquent({"TRANSCRIPTION_PROVIDER": "local", "LOCAL_WHISPER_URL": url})
        try:
            token = server.token()
            with open(speech_wav, "rb") as f:
                r = requests.post(server.url + "/api/transcribe/audio", headers={"Authorization": f"Bearer {token}"},
                                  files={"audio": ("speech.wav", f, "audio/wav")}, data={"language": "en"}, timeout=120)
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["success"] is True and body["mode"] == "standard" and body["aiProcessed"] is False
            words = set(re.findall(r"[a-z]+", body["text"].lower()))
            assert {"hello", "world"} <= words or len(words & {"hello", "world", "this", "is", "a", "test"}) >= 4, body
            assert isinstance(body["processingTime"], int)
        finally:
            server.close()
    finally:
        engine.terminate()
        engine.wait(timeout=15)
